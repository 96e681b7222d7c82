using System.CommandLine;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using ComplianceMonitor.Cli.Commands;
using ComplianceMonitor.Cli.Hosting;
using ComplianceMonitor.Cli.Tests.Support;
using ComplianceMonitor.Infrastructure.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;

namespace ComplianceMonitor.Cli.Tests.Hosting;

/// <summary>
/// Configuration is built in one place (<see cref="CliConfiguration"/>, read through <see cref="CliContext.Configuration"/>)
/// and storage opened through one path (<c>MonitoringCliServices</c>): no command file builds either itself, and no command
/// takes settings any other way than from its <see cref="CliContext"/>.
/// </summary>
[Trait("Category", "unit")]
public sealed class CliConfigurationTests
{
    private static readonly string CommandsFolder = Path.Combine(RepoPaths.Root, "src", "ComplianceMonitor.Cli", "Commands");

    // The one shared storage path: it alone turns the opened session into table clients.
    private const string StoragePath = "MonitoringCliServices.cs";

    public static TheoryData<string> Forbidden => new()
    {
        "new ConfigurationBuilder",
        "new TableClientFactory",
        "StorageSession.OpenAsync",
        "AddEnvironmentVariables",
    };

    [Theory]
    [MemberData(nameof(Forbidden))]
    public void CommandFiles_NeverBuildConfigurationOrStorage(string construct)
    {
        var files = Directory.GetFiles(CommandsFolder, "*.cs", SearchOption.AllDirectories);
        Assert.True(files.Length > 20, $"only {files.Length} command files found under {CommandsFolder}");
        var allowed = construct is "new TableClientFactory" or "StorageSession.OpenAsync" ? StoragePath : null;

        var offenders = files
            .Where(f => Path.GetFileName(f) != allowed)
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: Path.GetFileName(f), Line: i + 1, Text: line)))
            .Where(l => l.Text.Contains(construct, StringComparison.Ordinal))
            .Select(l => $"{l.File}:{l.Line}: {l.Text.Trim()}")
            .ToList();

        Assert.Empty(offenders);
    }

    [Fact]
    public void CommandFiles_NeverNewUpATableStore()
    {
        var store = new Regex(@"new Table[A-Z][A-Za-z]*Store\b");
        var offenders = Directory.GetFiles(CommandsFolder, "*.cs", SearchOption.AllDirectories)
            .SelectMany(f => File.ReadLines(f).Where(l => store.IsMatch(l)).Select(l => $"{Path.GetFileName(f)}: {l.Trim()}"))
            .ToList();

        Assert.Empty(offenders);
    }

    [Fact]
    public void SharedStoragePath_IsTheOnlyPlaceInCommandsThatOpensTheSession()
    {
        // Guards the exclusion above: if the shared path moved, this names where.
        var text = File.ReadAllText(Path.Combine(CommandsFolder, StoragePath));
        Assert.Contains("StorageSession.OpenAsync", text, StringComparison.Ordinal);
        Assert.Single(Regex.Matches(text, "new TableClientFactory"));
    }

    [Fact]
    public void Commands_TakeSettingsOnlyFromTheContext_NoConfigurationConstructorFieldOrParameter()
    {
        // One way in: CliContext.Configuration. A command (or the shared storage path) that takes an IConfiguration in a
        // constructor, keeps one in a field or property, or accepts one as a method parameter opens a second way.
        var commands = typeof(CliApp).Assembly.GetTypes()
            .Where(t => t.Namespace == typeof(MonitoringCliServices).Namespace && !t.IsDefined(typeof(CompilerGeneratedAttribute), inherit: false))
            .ToList();
        Assert.True(commands.Count > 20, $"only {commands.Count} types found in {typeof(MonitoringCliServices).Namespace}");
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

        var offenders = commands.SelectMany(t =>
                t.GetConstructors(all).SelectMany(c => c.GetParameters().Where(p => MentionsConfiguration(p.ParameterType)).Select(p => $"{t.Name}({p.Name})"))
                    .Concat(t.GetFields(all).Where(f => MentionsConfiguration(f.FieldType)).Select(f => $"{t.Name}.{f.Name} (field)"))
                    .Concat(t.GetProperties(all).Where(p => MentionsConfiguration(p.PropertyType)).Select(p => $"{t.Name}.{p.Name} (property)"))
                    .Concat(t.GetMethods(all).Where(m => !m.IsDefined(typeof(CompilerGeneratedAttribute), inherit: false))
                        .SelectMany(m => m.GetParameters().Where(p => MentionsConfiguration(p.ParameterType)).Select(p => $"{t.Name}.{m.Name}({p.Name})"))))
            .ToList();

        Assert.Empty(offenders);
    }

    private static bool MentionsConfiguration(Type type) =>
        typeof(IConfiguration).IsAssignableFrom(type)
        || (type.HasElementType && MentionsConfiguration(type.GetElementType()!))
        || (type.IsGenericType && type.GetGenericArguments().Any(MentionsConfiguration));

    [Fact]
    public async Task Digest_ReadsTheContextsConfiguration_NotTheEnvironment()
    {
        // The setting reaches the command only through CliContext.Configuration; it fails before storage is opened.
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var context = new CliContext(TextReader.Null, stdout, stderr, new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 2, 0, 0, TimeSpan.Zero)))
        {
            Configuration = new ConfigurationBuilder().AddInMemoryCollection([new("Console:BaseUrl", "not a url")]).Build(),
        };

        var exit = await CliApp.CreateRootCommand(context).Parse(["digest", "--district", "110111", "--out", "-"]).InvokeAsync();

        Assert.Equal(ExitCodes.InvalidInput, exit);
        Assert.Equal("error: Console__BaseUrl: 'not a url' is not an absolute http(s) URL without a query or fragment (e.g. https://host/api/console/)" + Environment.NewLine, stderr.ToString());
        Assert.Equal(string.Empty, stdout.ToString());
    }

    [Fact]
    public void Context_WithoutInjectedSettings_ReadsTheEnvironmentOnce()
    {
        var context = new CliContext(TextReader.Null, TextWriter.Null, TextWriter.Null, TimeProvider.System);

        Assert.Same(context.Configuration, context.Configuration);
        Assert.Equal(Environment.GetEnvironmentVariable("PATH"), context.Configuration["PATH"]);
    }

    [Fact]
    public void WithStorage_ReplacesTheStorageSectionAndKeepsTheRest()
    {
        var settings = new ConfigurationBuilder().AddInMemoryCollection(
        [
            new("Tasks:DueDays", "10"),
            new("ComplianceStorage:ConnectionString", "UseDevelopmentStorage=true"),
            new("ComplianceStorage:TablePrefix", "other"),
        ]).Build();
        var opened = new TableStorageOptions { TableServiceUri = new Uri("https://acct.table.core.windows.net/"), TablePrefix = "cm" };

        var merged = CliConfiguration.WithStorage(settings, opened);

        Assert.Equal("10", merged["Tasks:DueDays"]);
        Assert.Equal("https://acct.table.core.windows.net/", merged["ComplianceStorage:TableServiceUri"]);
        Assert.Equal("cm", merged["ComplianceStorage:TablePrefix"]);
        Assert.True(string.IsNullOrEmpty(merged["ComplianceStorage:ConnectionString"]));
    }
}
