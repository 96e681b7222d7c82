using System.Text.Json;
using ComplianceMonitor.Cli.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace ComplianceMonitor.Cli.Tests.Commands;

/// <summary>The command-line contract of <c>cm check</c> (records.md), run in-process.</summary>
[Trait("Category", "unit")]
public class CheckCommandTests
{
    private static readonly string[] ResultProperties = ["leaseId", "asOf", "ruleSet", "findings", "warnings"];

    private static readonly string[] FindingProperties =
        ["rule", "status", "deadline", "daysRemaining", "severity", "responsible", "basis", "amountYuan", "message"];

    private static readonly string[] ErrorProperties = ["leaseId", "field", "message"];

    [Fact]
    public async Task Check_SingleRecordOnStdin_WritesOneResultObjectInContractShape()
    {
        var run = await Cm.RunAsync(["check", "--lease", "-", "--as-of", "2026-11-26", "--format", "json"], Ledger.RecordText("FS-2024-0001"));

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Equal(string.Empty, run.Stderr);
        var result = run.Json();
        Assert.Equal(JsonValueKind.Object, result.ValueKind);
        Assert.Equal(ResultProperties, result.EnumerateObject().Select(p => p.Name));
        Assert.Equal("FS-2024-0001", result.GetProperty("leaseId").GetString());
        Assert.Equal("2026-11-26", result.GetProperty("asOf").GetString());
        Assert.Equal("beijing-2024", result.GetProperty("ruleSet").GetString());
        Assert.Equal(JsonValueKind.Array, result.GetProperty("warnings").ValueKind);

        var findings = result.GetProperty("findings").EnumerateArray().ToList();
        Assert.All(findings, f => Assert.Equal(FindingProperties, f.EnumerateObject().Select(p => p.Name)));

        var application = Assert.Single(findings, f => f.GetProperty("rule").GetString() == "ASSESSMENT_APPLICATION");
        Assert.Equal("upcoming", application.GetProperty("status").GetString());
        Assert.Equal("2028-08-31", application.GetProperty("deadline").GetString());
        Assert.Equal(644, application.GetProperty("daysRemaining").GetInt32());
        Assert.Equal("info", application.GetProperty("severity").GetString());
        Assert.Equal("landUser", application.GetProperty("responsible").GetString());
        Assert.Equal("三（五）", application.GetProperty("basis").GetString());
        Assert.Equal(JsonValueKind.Null, application.GetProperty("amountYuan").ValueKind);
        Assert.False(string.IsNullOrWhiteSpace(application.GetProperty("message").GetString()));

        var mortgage = Assert.Single(findings, f => f.GetProperty("rule").GetString() == "PROHIBITED_DISPOSITION");
        Assert.Equal("violation", mortgage.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, mortgage.GetProperty("deadline").ValueKind);
        Assert.Equal(JsonValueKind.Null, mortgage.GetProperty("daysRemaining").ValueKind);
        Assert.Equal("critical", mortgage.GetProperty("severity").GetString());
        Assert.Equal("三（六）", mortgage.GetProperty("basis").GetString());
    }

    [Fact]
    public async Task Check_SingleRecord_WritesChineseTextUnescaped()
    {
        var run = await Cm.RunAsync(["check", "--lease", "-", "--as-of", "2026-11-26"], Ledger.RecordText("FS-2024-0001"));

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Contains("\"basis\": \"三（五）\"", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_ArrayFile_WritesArrayOfResultsInInputOrder()
    {
        var run = await Cm.CheckLedgerAsync(RepoPaths.Ledger);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var results = run.Json();
        Assert.Equal(JsonValueKind.Array, results.ValueKind);
        var expected = Ledger.Records().EnumerateArray().Select(r => r.GetProperty("leaseId").GetString()).ToList();
        Assert.Equal(53, expected.Count);
        Assert.Equal(expected, results.EnumerateArray().Select(r => r.GetProperty("leaseId").GetString()));
        Assert.All(results.EnumerateArray(), r =>
        {
            // records.md's fields exactly, then the additive readiness object for a lease with an agreement (agreement.md).
            string[] expectedNames = Ledger.Records().EnumerateArray().Single(x => x.GetProperty("leaseId").GetString() == r.GetProperty("leaseId").GetString())
                .TryGetProperty("agreement", out _) && r.GetProperty("findings").EnumerateArray().All(f => f.GetProperty("rule").GetString() != "RETURN_REFUND")
                ? [.. ResultProperties, "readiness"]
                : ResultProperties;
            Assert.Equal(expectedNames, r.EnumerateObject().Select(p => p.Name));
            Assert.Equal("2026-11-26", r.GetProperty("asOf").GetString());
        });
    }

    [Fact]
    public async Task Check_ArrayOnStdin_GivesTheSameOutputAsTheFile()
    {
        var fromFile = await Cm.CheckLedgerAsync(RepoPaths.Ledger);
        var fromStdin = await Cm.RunAsync(["check", "--lease", "-", "--as-of", "2026-11-26"], File.ReadAllText(RepoPaths.Ledger));

        Assert.Equal(ExitCodes.Ok, fromStdin.ExitCode);
        Assert.Equal(fromFile.Stdout, fromStdin.Stdout);
    }

    [Fact]
    public async Task Check_ArrayOfOneRecord_WritesArrayOfOneResult()
    {
        var run = await Cm.RunAsync(["check", "--lease", "-", "--as-of", "2026-11-26"], "[" + Ledger.RecordText("FS-2024-0004") + "]");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var result = Assert.Single(run.Json().EnumerateArray());
        Assert.Equal("FS-2024-0004", result.GetProperty("leaseId").GetString());
        Assert.Empty(result.GetProperty("findings").EnumerateArray());
    }

    [Fact]
    public async Task Check_InvalidLeaseSample_Exits2WithErrorsNamingEachFieldAndChecksNothing()
    {
        var run = await Cm.CheckLedgerAsync(RepoPaths.InvalidLease);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        var output = run.Json();
        Assert.Equal(["errors"], output.EnumerateObject().Select(p => p.Name));
        var errors = output.GetProperty("errors").EnumerateArray().ToList();
        Assert.All(errors, e =>
        {
            Assert.Equal(ErrorProperties, e.EnumerateObject().Select(p => p.Name));
            Assert.Equal("FS-2024-9001", e.GetProperty("leaseId").GetString());
            Assert.False(string.IsNullOrWhiteSpace(e.GetProperty("message").GetString()));
        });
        string[] expected =
        [
            "assessment.decidedOn", "districtCode", "events[0].type", "landUser.creditCode", "landUser.mobile",
            "leaseEnd", "leaseEndd", "rentSchedule[0].amountYuan", "supplyMode", "totalYears",
        ];
        Assert.Equal(expected, errors.Select(e => e.GetProperty("field").GetString()).Order(StringComparer.Ordinal));
        var creditCode = errors.Single(e => e.GetProperty("field").GetString() == "landUser.creditCode");
        Assert.Contains("'Q'", creditCode.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("findings", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("nothing was checked", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_OneInvalidRecordInAnArray_Exits2AndChecksNoneOfThem()
    {
        var ledger = File.ReadAllText(RepoPaths.Ledger).TrimEnd();
        var batch = ledger[..ledger.LastIndexOf(']')] + "," + File.ReadAllText(RepoPaths.InvalidLease) + "]";

        var run = await Cm.RunAsync(["check", "--lease", "-", "--as-of", "2026-11-26"], batch);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        var errors = run.Json().GetProperty("errors").EnumerateArray().ToList();
        Assert.NotEmpty(errors);
        Assert.All(errors, e => Assert.Equal("FS-2024-9001", e.GetProperty("leaseId").GetString()));
        Assert.DoesNotContain("findings", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_MalformedJson_Exits2WithAnErrorOnTheDocument()
    {
        var run = await Cm.RunAsync(["check", "--lease", "-", "--as-of", "2026-11-26"], "{ \"leaseId\": ");

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        var error = Assert.Single(run.Json().GetProperty("errors").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, error.GetProperty("leaseId").ValueKind);
        Assert.Equal("$", error.GetProperty("field").GetString());
    }

    [Fact]
    public async Task Check_InvalidLeaseAsText_WritesOneLinePerErrorWithLeaseIdAndField()
    {
        var json = await Cm.CheckLedgerAsync(RepoPaths.InvalidLease);
        var text = await Cm.CheckLedgerAsync(RepoPaths.InvalidLease, format: "text");

        Assert.Equal(ExitCodes.InvalidInput, text.ExitCode);
        var expected = json.Json().GetProperty("errors").EnumerateArray()
            .Select(e => $"FS-2024-9001 {e.GetProperty("field").GetString()}: {e.GetProperty("message").GetString()}");
        Assert.Equal(expected, text.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')));
    }

    [Fact]
    public async Task Check_WithoutAsOf_UsesTheBeijingDateOfTheClock()
    {
        // 23:30 UTC on 2026-11-25 is 07:30 on 2026-11-26 in Beijing.
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 23, 30, 0, TimeSpan.Zero));

        var run = await Cm.RunAsync(["check", "--lease", RepoPaths.Ledger], time: time);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.All(run.Json().EnumerateArray(), r => Assert.Equal("2026-11-26", r.GetProperty("asOf").GetString()));
        var dueToday = run.Json().EnumerateArray().Single(r => r.GetProperty("leaseId").GetString() == "CP-2024-0001")
            .GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("rule").GetString() == "ASSESSMENT_APPLICATION");
        Assert.Equal("due", dueToday.GetProperty("status").GetString());
        Assert.Equal(0, dueToday.GetProperty("daysRemaining").GetInt32());
    }

    [Fact]
    public async Task Check_WithoutAsOfBeforeBeijingMidnight_UsesTheSameUtcDate()
    {
        // 15:59 UTC is 23:59 in Beijing: still 2026-11-25 there.
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 15, 59, 0, TimeSpan.Zero));

        var run = await Cm.RunAsync(["check", "--lease", "-"], Ledger.RecordText("CP-2024-0001"), time);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var result = run.Json();
        Assert.Equal("2026-11-25", result.GetProperty("asOf").GetString());
        var application = result.GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("rule").GetString() == "ASSESSMENT_APPLICATION");
        Assert.Equal(1, application.GetProperty("daysRemaining").GetInt32());
    }

    [Fact]
    public async Task Check_FormatDefaultsToJson()
    {
        var explicitJson = await Cm.RunAsync(["check", "--lease", RepoPaths.Ledger, "--as-of", "2026-11-26", "--format", "json"]);
        var defaulted = await Cm.RunAsync(["check", "--lease", RepoPaths.Ledger, "--as-of", "2026-11-26"]);

        Assert.Equal(explicitJson.Stdout, defaulted.Stdout);
    }

    [Theory]
    [InlineData("2026-13-01")]
    [InlineData("2026-02-30")]
    [InlineData("26-11-2026")]
    [InlineData("2026/11/26")]
    [InlineData("today")]
    public async Task Check_BadAsOf_Exits2NamingAsOf(string asOf)
    {
        var run = await Cm.RunAsync(["check", "--lease", RepoPaths.Ledger, "--as-of", asOf]);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Equal(string.Empty, run.Stdout);
        Assert.Contains("--as-of", run.Stderr, StringComparison.Ordinal);
        Assert.Contains($"'{asOf}'", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_MissingFile_Exits2NamingLease()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"cm-missing-{Guid.NewGuid():N}.json");

        var run = await Cm.RunAsync(["check", "--lease", missing, "--as-of", "2026-11-26"]);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Equal(string.Empty, run.Stdout);
        Assert.Contains("--lease", run.Stderr, StringComparison.Ordinal);
        Assert.Contains(missing, run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_DirectoryAsLease_Exits2NamingLease()
    {
        var run = await Cm.RunAsync(["check", "--lease", RepoPaths.Root, "--as-of", "2026-11-26"]);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains("--lease", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("directory", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_NoLeaseOption_Exits2NamingLease()
    {
        var run = await Cm.RunAsync(["check", "--as-of", "2026-11-26"]);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains("--lease", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_UnknownFormat_Exits2NamingFormat()
    {
        var run = await Cm.RunAsync(["check", "--lease", RepoPaths.Ledger, "--format", "xml"]);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains("--format", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("xml", run.Stderr, StringComparison.Ordinal);
    }
}
