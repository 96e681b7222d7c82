using System.CommandLine;
using ComplianceMonitor.Cli.Tests.Support;

namespace ComplianceMonitor.Cli.Tests;

/// <summary>
/// One name per concept across every <c>cm</c> command, former spellings still working, and <c>--help</c> of every command
/// naming that command (issue 11 part 6).
/// </summary>
[Trait("Category", "unit")]
public class CommandLineConventionsTests
{
    /// <summary>Every command path with an action, e.g. <c>alerts list</c>, and its command.</summary>
    public static TheoryData<string> CommandPaths()
    {
        var data = new TheoryData<string>();
        foreach (var (path, _) in Leaves())
        {
            data.Add(path);
        }

        return data;
    }

    private static List<(string Path, Command Command)> Leaves()
    {
        var context = new CliContext(TextReader.Null, TextWriter.Null, TextWriter.Null, TimeProvider.System);
        var list = new List<(string, Command)>();
        void Walk(string prefix, Command command)
        {
            var path = prefix.Length == 0 ? command.Name : prefix + " " + command.Name;
            if (command.Subcommands.Count == 0)
            {
                list.Add((path, command));
            }

            foreach (var sub in command.Subcommands)
            {
                Walk(path, sub);
            }
        }

        foreach (var command in CliApp.CreateRootCommand(context).Subcommands)
        {
            Walk(string.Empty, command);
        }

        return list;
    }

    [Theory]
    [MemberData(nameof(CommandPaths))]
    public async Task Help_EveryCommand_NamesTheCommandAndHidesFormerSpellings(string path)
    {
        var run = await Cm.RunAsync([.. path.Split(' '), "--help"]);

        Assert.Equal((ExitCodes.Ok, string.Empty), (run.ExitCode, run.Stderr));
        // In-process the program name is the test host's; the built cm says "cm" (CliAppTests.Main_BuiltCliHelp_NamesCm).
        var program = CliApp.CreateRootCommand(new CliContext(TextReader.Null, TextWriter.Null, TextWriter.Null, TimeProvider.System)).Name;
        Assert.Contains($"Usage:\n  {program} {path} [options]", run.Stdout.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.DoesNotContain("--date ", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("--lease <ID>", run.Stdout, StringComparison.Ordinal); // a stored lease is --lease-id ID
    }

    [Fact]
    public void Options_EveryCommand_OneNamePerConcept()
    {
        var problems = new List<string>();
        foreach (var (path, command) in Leaves())
        {
            foreach (var option in command.Options.Where(o => !o.Hidden))
            {
                var where = $"cm {path} {option.Name}";
                switch (option.Name)
                {
                    case "--date":
                        problems.Add($"{where}: the day is --as-of");
                        break;
                    case "--lease" when option.HelpName != "FILE":
                        problems.Add($"{where}: --lease is a record FILE; a stored lease is --lease-id ID");
                        break;
                    case "--lease-id" when option.HelpName != "ID":
                    case "--ledger" when option.HelpName != "FILE":
                    case "--by" when option.HelpName != "NAME":
                    case "--district" when option.HelpName != "CODE":
                    case "--as-of" when option.HelpName != "yyyy-MM-dd":
                        problems.Add($"{where}: help name {option.HelpName}");
                        break;
                }

                if (option.HelpName is "ID" && option.Name.Contains("lease", StringComparison.Ordinal) && option.Name != "--lease-id")
                {
                    problems.Add($"{where}: a lease id is --lease-id");
                }
            }

            if (path.EndsWith(" list", StringComparison.Ordinal) || path.EndsWith(" history", StringComparison.Ordinal))
            {
                var format = command.Options.SingleOrDefault(o => o.Name == "--format");
                if (format?.HelpName != "text|json|csv")
                {
                    problems.Add($"cm {path}: a listing takes --format text|json|csv (has {format?.HelpName ?? "none"})");
                }

                if (!command.Options.Any(o => o.Name == "--xlsx"))
                {
                    problems.Add($"cm {path}: a listing takes --xlsx FILE");
                }
            }
        }

        Assert.Empty(problems);
    }

    [Fact]
    public async Task Check_FormerDateSpelling_SameOutputAsAsOf()
    {
        var asOf = await Cm.RunAsync(["check", "--lease", RepoPaths.Ledger, "--as-of", "2026-11-26", "--format", "json"]);
        var date = await Cm.RunAsync(["check", "--lease", RepoPaths.Ledger, "--date", "2026-11-26", "--format", "json"]);

        Assert.Equal(ExitCodes.Ok, asOf.ExitCode);
        Assert.Equal((asOf.ExitCode, asOf.Stdout), (date.ExitCode, date.Stdout));
    }

    [Fact]
    public async Task Check_BadFormerDateSpelling_ErrorNamesTheOptionAsTyped()
    {
        var run = await Cm.RunAsync(["check", "--lease", RepoPaths.Ledger, "--date", "26/11/2026"]);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains("error: --date must be a calendar date in the form yyyy-MM-dd (e.g. 2026-11-26), not '26/11/2026'.", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--return-day", "2026/10/20", new[] { "return-quote", "--lease", "samples/ledger.json", "--lease-id", "FS-2024-0001" })]
    [InlineData("--day", "26-11-2026", new[] { "outbox", "requeue" })]
    [InlineData("--reported-on", "yesterday", new[] { "indicators", "report", "--lease-id", "FS-2024-0001", "--indicator", "investmentIntensity", "--period", "2025", "--value", "1" })]
    [InlineData("--on", "2026-02-30", new[] { "return", "apply", "--lease-id", "FS-2024-0001" })]
    public async Task EveryDayOption_BadValue_OneMessageNamingTheOption(string option, string value, string[] command)
    {
        var run = await Cm.RunAsync([.. command, option, value]);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains($"{option} must be a calendar date in the form yyyy-MM-dd (e.g. 2026-11-26), not '{value}'.", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LeaseId_BothSpellings_Exit2NamingBoth()
    {
        var run = await Cm.RunAsync(["snooze", "add", "--lease-id", "FS-1", "--lease", "FS-2", "--until", "2026-12-01", "--reason", "r", "--by", "zhao"]);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains("error: --lease-id: give it once (--lease-id and --lease are the same option).", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("Run 'cm snooze add --help' for usage.", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("snooze", "add", "--until", "2026-12-01", "--reason", "r", "--by", "zhao")]
    [InlineData("prefs", "stop-sms", "--by", "zhao")]
    [InlineData("leases", "history")]
    [InlineData("return", "apply", "--on", "2026-03-01")]
    public async Task LeaseId_Missing_Exit2NamingTheOneName(params string[] args)
    {
        var run = await Cm.RunAsync(args);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains("error: Option '--lease-id' is required.", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RemindersHistory_NeitherEnterpriseNorLease_Exit2()
    {
        var neither = await Cm.RunAsync(["reminders", "history"]);
        var both = await Cm.RunAsync(["reminders", "history", "--enterprise", "京南", "--lease-id", "FS-1"]);
        var backwards = await Cm.RunAsync(["reminders", "history", "--lease-id", "FS-1", "--from", "2026-07-01", "--to", "2026-06-01"]);

        Assert.Equal((ExitCodes.InvalidInput, ExitCodes.InvalidInput, ExitCodes.InvalidInput), (neither.ExitCode, both.ExitCode, backwards.ExitCode));
        Assert.Contains("error: --enterprise: give either --enterprise NAME or --lease-id ID (one of them).", neither.Stderr, StringComparison.Ordinal);
        Assert.Contains("error: --enterprise: give either --enterprise NAME or --lease-id ID (one of them).", both.Stderr, StringComparison.Ordinal);
        Assert.Contains("error: --from: 2026-07-01 is after --to 2026-06-01.", backwards.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_LedgerOptionAndFormerPositional_BothNameTheFileAsLedger()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"cm-missing-{Guid.NewGuid():N}.xlsx");

        var option = await Cm.RunAsync(["import", "--ledger", missing]);
        var positional = await Cm.RunAsync(["import", missing]);
        var both = await Cm.RunAsync(["import", missing, "--ledger", missing]);

        Assert.Equal(ExitCodes.InvalidInput, option.ExitCode);
        Assert.Contains($"error: --ledger '{missing}' was not found", option.Stderr, StringComparison.Ordinal);
        Assert.Equal((option.ExitCode, option.Stderr), (positional.ExitCode, positional.Stderr));
        Assert.Contains("error: --ledger: give the file once", both.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_LedgerOfUnsupportedType_Exit2BeforeStorage()
    {
        var file = Path.Combine(Path.GetTempPath(), $"cm-ledger-{Guid.NewGuid():N}.xls");
        await File.WriteAllTextAsync(file, "not a workbook");
        try
        {
            var run = await Cm.RunAsync(["run", "--ledger", file]);

            Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
            Assert.Contains("不支持的文件类型「.xls」，应为 .json、.csv 或 .xlsx；旧版 .xls 请在 Excel 中另存为 .xlsx", run.Stderr, StringComparison.Ordinal);
            Assert.Contains($"error: --ledger '{file}' holds 1 error(s); nothing was imported.", run.Stderr, StringComparison.Ordinal);
            Assert.Equal(string.Empty, run.Stdout);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
