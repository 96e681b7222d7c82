using ComplianceMonitor.Cli.Tests.Support;

namespace ComplianceMonitor.Cli.Tests.Output;

/// <summary><c>cm check --format text</c>: a table per lease that a person can read at a terminal.</summary>
[Trait("Category", "unit")]
public class CheckTextOutputTests
{
    private const string FirstHeader =
        "FS-2024-0001 · 房山区 110111 · 北京京南精工智能装备有限公司 · 窦店镇工业地块 FS00-0105-0012 · lease 2024-03-01 → 2029-02-28";

    private static async Task<string[]> LedgerLinesAsync()
    {
        var run = await Cm.CheckLedgerAsync(RepoPaths.Ledger, format: "text");
        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        return run.Stdout.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
    }

    [Fact]
    public async Task Check_TextFormat_StartsWithTheRunAndEndsWithASummary()
    {
        var lines = await LedgerLinesAsync();

        Assert.Equal("Compliance check as of 2026-11-26 (Beijing) · rule set beijing-2024 · 53 leases", lines[0]);
        Assert.StartsWith("53 leases checked: ", lines.Last(l => l.Length > 0), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_TextFormat_WritesAHeaderThenARowPerFinding()
    {
        var lines = await LedgerLinesAsync();

        var header = Array.IndexOf(lines, FirstHeader);
        Assert.True(header > 0, "the first lease's header line is missing");
        Assert.Matches(@"^  RULE\s+STATUS\s+DEADLINE\s+DAYS\s+SEVERITY\s+AMOUNT \(YUAN\)\s+MESSAGE$", lines[header + 1]);
        var rows = lines.Skip(header + 2).TakeWhile(l => l.StartsWith("  ", StringComparison.Ordinal) && !l.StartsWith("  warning:", StringComparison.Ordinal)).ToList();
        Assert.Contains(rows, r => System.Text.RegularExpressions.Regex.IsMatch(r, @"^  ASSESSMENT_APPLICATION\s+upcoming\s+2028-08-31\s+644\s+info\s+-\s+\S"));
        Assert.Contains(rows, r => System.Text.RegularExpressions.Regex.IsMatch(r, @"^  PROHIBITED_DISPOSITION\s+violation\s+-\s+-\s+critical\s+-\s+\S"));
    }

    [Fact]
    public async Task Check_TextFormat_AlignsEveryColumnAcrossAllLeases()
    {
        var lines = await LedgerLinesAsync();

        var heading = lines.First(l => l.StartsWith("  RULE", StringComparison.Ordinal));
        var severityAt = heading.IndexOf("SEVERITY", StringComparison.Ordinal);
        var deadlineAt = heading.IndexOf("DEADLINE", StringComparison.Ordinal);
        var amountEnd = heading.IndexOf("AMOUNT (YUAN)", StringComparison.Ordinal) + "AMOUNT (YUAN)".Length;
        var messageAt = heading.IndexOf("MESSAGE", StringComparison.Ordinal);
        var rows = lines.Where(l => System.Text.RegularExpressions.Regex.IsMatch(l, "^  [A-Z_]{5,} ")).ToList();
        Assert.True(rows.Count > 37, $"only {rows.Count} finding rows");
        Assert.All(lines.Where(l => l.StartsWith("  RULE", StringComparison.Ordinal)), h => Assert.Equal(heading, h));
        Assert.All(rows, row =>
        {
            Assert.Matches("^(info|warning|critical) ", row[severityAt..]);
            Assert.Matches(@"^(\d{4}-\d{2}-\d{2}|-) ", row[deadlineAt..]);
            Assert.Matches(@"[\d-]$", row[..amountEnd]);
            Assert.Equal(' ', row[amountEnd]);
            Assert.NotEqual(' ', row[messageAt]);
        });
    }

    [Fact]
    public async Task Check_TextFormat_SaysWhenALeaseHasNothingOpen()
    {
        var lines = await LedgerLinesAsync();

        var header = Array.FindIndex(lines, l => l.StartsWith("FS-2024-0004 · ", StringComparison.Ordinal));
        Assert.True(header > 0);
        Assert.Equal("  no open findings (无待办事项)", lines[header + 1]);
    }

    [Fact]
    public async Task Check_TextFormat_ShowsTheRenewedEndInTheHeader()
    {
        var lines = await LedgerLinesAsync();

        Assert.Contains(lines, l => l.StartsWith("SY-2024-0003 · ", StringComparison.Ordinal)
            && l.EndsWith("lease 2024-04-01 → 2026-03-31, renewed to 2028-03-31", StringComparison.Ordinal));
    }
}
