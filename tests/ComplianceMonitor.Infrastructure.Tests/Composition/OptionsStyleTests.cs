using System.Text.RegularExpressions;

namespace ComplianceMonitor.Infrastructure.Tests.Composition;

/// <summary>
/// One options style across <c>src</c>: every options class is registered as
/// <c>AddOptions&lt;T&gt;().BindConfiguration(T.SectionName).ValidateOnStart()</c> with an <c>IValidateOptions&lt;T&gt;</c>
/// beside it, so it binds from the container's configuration; no <c>.Bind(</c> of a section or a configuration comes back.
/// </summary>
[Trait("Category", "unit")]
public sealed class OptionsStyleTests
{
    private static readonly Regex AddOptions = new(@"AddOptions<(?<type>\w+)>\(\)(?<tail>[^;]*);", RegexOptions.CultureInvariant);

    private static string SourceFolder
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ComplianceMonitor.sln")))
            {
                dir = dir.Parent;
            }

            Assert.NotNull(dir);
            return Path.Combine(dir.FullName, "src");
        }
    }

    /// <summary>Every code line of <c>src</c> (comments and generated folders left out), with its file and number.</summary>
    private static List<(string File, int Line, string Text)> CodeLines()
    {
        var root = SourceFolder;
        var lines = Directory.GetFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .SelectMany(f => File.ReadLines(f).Select((text, i) => (File: Path.GetRelativePath(root, f), Line: i + 1, Text: text)))
            .Where(l => !l.Text.TrimStart().StartsWith("//", StringComparison.Ordinal))
            .ToList();
        Assert.True(lines.Count > 10_000, $"only {lines.Count} code lines found under {root}");
        return lines;
    }

    [Fact]
    public void Source_HasNoBindOfASectionOrConfiguration()
    {
        var offenders = CodeLines()
            .Where(l => l.Text.Contains(".Bind(", StringComparison.Ordinal) || Regex.IsMatch(l.Text, @"\.Configure<\w+>\([^)]*(GetSection|[Cc]onfiguration\b)"))
            .Select(l => $"{l.File}:{l.Line}: {l.Text.Trim()}")
            .ToList();

        Assert.Empty(offenders);
    }

    [Fact]
    public void EveryOptionsClass_IsBoundFromTheContainersConfigurationValidatedAndCheckedOnStart()
    {
        var lines = CodeLines();
        var registrations = lines
            .SelectMany(l => AddOptions.Matches(l.Text).Select(m => (l.File, l.Line, Type: m.Groups["type"].Value, Tail: m.Groups["tail"].Value)))
            .ToList();

        // The ten options classes of the product; a new one joins this list (and the rule).
        Assert.Equal(
            ["ConsoleOptions", "DigestSettings", "DispatchSettings", "DistrictContactsSettings", "EmailOptions", "EnforcementTaskOptions", "ReminderOptions", "SmsOptions", "TableStorageOptions", "TimerScheduleOptions"],
            registrations.Select(r => r.Type).Order(StringComparer.Ordinal));
        var offenders = registrations
            .Where(r => r.Tail != $".BindConfiguration({r.Type}.SectionName).ValidateOnStart()")
            .Select(r => $"{r.File}:{r.Line}: AddOptions<{r.Type}>(){r.Tail}")
            .ToList();
        Assert.Empty(offenders);

        var validated = lines.SelectMany(l => Regex.Matches(l.Text, @"IValidateOptions<(\w+)>").Select(m => m.Groups[1].Value)).ToHashSet(StringComparer.Ordinal);
        var unvalidated = registrations.Select(r => r.Type).Where(t => !validated.Contains(t)).ToList();
        Assert.True(unvalidated.Count == 0, "no IValidateOptions<T> registered for: " + string.Join(", ", unvalidated));
    }
}
