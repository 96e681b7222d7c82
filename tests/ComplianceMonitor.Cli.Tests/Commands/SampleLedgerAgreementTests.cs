using System.Text.Json;
using ComplianceMonitor.Cli.Tests.Support;

namespace ComplianceMonitor.Cli.Tests.Commands;

/// <summary>The leases of samples/ledger.json with a performance agreement (agreement.md), checked as of 2026-11-26 through <c>cm check</c>.</summary>
[Trait("Category", "unit")]
public class SampleLedgerAgreementTests
{
    [Theory]
    [InlineData("HR-2025-0201", "notReported")] // two indicators, no actual reported
    [InlineData("SY-2024-0203", "offTrack")] // investment intensity at 77.5% of its target
    [InlineData("CP-2025-0204", "atRisk")] // started 49 days late; output at 86%
    [InlineData("PG-2024-0205", "onTrack")] // every node on time, both indicators met
    public async Task Ledger_AgreementLease_ReadinessWord(string leaseId, string word)
    {
        var result = await Ledger.ResultAsync(leaseId);

        Assert.Equal(word, result.GetProperty("readiness").GetProperty("overall").GetString());
    }

    [Theory]
    [InlineData("FS-2024-0001")]
    [InlineData("YZ-2024-0206")] // returned: no readiness from the acceptance day
    public async Task Ledger_LeaseWithoutAgreementOrReturned_NoReadinessProperty(string leaseId)
    {
        var result = await Ledger.ResultAsync(leaseId);

        Assert.False(result.TryGetProperty("readiness", out _));
    }

    [Theory]
    // leaseId, rule, subject deadline, status, daysRemaining, severity, amount
    [InlineData("HR-2025-0201", "INDICATOR_NOT_REPORTED", "2026-04-01", "overdue", -239, "critical", null)]
    [InlineData("SY-2024-0203", "INDICATOR_SHORTFALL", "2027-02-28", "upcoming", 94, "info", null)]
    [InlineData("CP-2025-0204", "INDICATOR_SHORTFALL", "2029-06-30", "upcoming", 947, "info", null)]
    [InlineData("YZ-2024-0206", "RETURN_REFUND", "2026-11-19", "overdue", -7, "warning", null)]
    public async Task Ledger_AgreementObligation_DayStatusAndSeverity(string leaseId, string rule, string deadline, string status, int days, string severity, string? amount)
    {
        var finding = Assert.Single(await Ledger.FindingsAsync(leaseId, rule));

        Assert.Equal(
            (deadline, status, days, severity, amount is null ? JsonValueKind.Null : JsonValueKind.Number),
            (finding.GetProperty("deadline").GetString(), finding.GetProperty("status").GetString(), finding.GetProperty("daysRemaining").GetInt32(),
             finding.GetProperty("severity").GetString(), finding.GetProperty("amountYuan").ValueKind));
    }

    [Fact]
    public async Task Ledger_IdleLease_MilestoneDamagesAndIdleLandViolation()
    {
        var milestones = (await Ledger.FindingsAsync("HR-2025-0201", "MILESTONE")).OrderBy(f => f.GetProperty("deadline").GetString(), StringComparer.Ordinal).ToList();

        // Agreed start 2025-06-30, 514 days late: 24,000,000 × 1‰ × 514 = 12,336,000.00
        Assert.Equal(["2025-06-30", "2027-06-30", "2028-03-01"], milestones.Select(f => f.GetProperty("deadline").GetString()));
        Assert.Equal(12_336_000.00m, milestones[0].GetProperty("amountYuan").GetDecimal());
        Assert.Equal(-514, milestones[0].GetProperty("daysRemaining").GetInt32());
        var idle = Assert.Single(await Ledger.FindingsAsync("HR-2025-0201", "IDLE_LAND"));
        Assert.Equal(("violation", "critical", "一（二）"), (idle.GetProperty("status").GetString(), idle.GetProperty("severity").GetString(), idle.GetProperty("basis").GetString()));
        Assert.Contains("满两年（2027年6月30日）", idle.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ledger_MilestoneDueWithinThirtyDays_WarningUpcoming()
    {
        var finding = Assert.Single(await Ledger.FindingsAsync("CP-2025-0204", "MILESTONE"), f => f.GetProperty("deadline").GetString() == "2026-12-20");

        Assert.Equal(("upcoming", 24, "warning"), (finding.GetProperty("status").GetString(), finding.GetProperty("daysRemaining").GetInt32(), finding.GetProperty("severity").GetString()));
    }

    [Fact]
    public async Task Ledger_ReturnAccepted_OnlyTheRefundFollowUpRemains()
    {
        // The 2026 instalment is half paid, but rent rules stop from the acceptance of the return on 2026-10-20.
        var result = await Ledger.ResultAsync("YZ-2024-0206");

        Assert.Equal(["RETURN_REFUND"], result.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("rule").GetString()));
    }
}
