using System.Text.Json;
using ComplianceMonitor.Cli.Tests.Support;
using ComplianceMonitor.Domain.Rules;

namespace ComplianceMonitor.Cli.Tests.Commands;

/// <summary>samples/ledger.json checked as of 2026-11-26: every rule fires somewhere, and the key records give the days the specs give.</summary>
public class SampleLedgerTests
{
    public static TheoryData<RuleCode> AllRuleCodes()
    {
        var data = new TheoryData<RuleCode>();
        foreach (var code in Enum.GetValues<RuleCode>())
        {
            data.Add(code);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AllRuleCodes))]
    public async Task Ledger_AsOf20261126_EveryRuleCodeFiresOnSomeRecord(RuleCode code)
    {
        var results = await Ledger.ResultsAsync();

        var firing = results.EnumerateArray()
            .Where(r => r.GetProperty("findings").EnumerateArray().Any(f => f.GetProperty("rule").GetString() == code.ToString()))
            .Select(r => r.GetProperty("leaseId").GetString())
            .ToList();

        Assert.True(firing.Count > 0, $"{code} fires on no record of samples/ledger.json as of 2026-11-26.");
    }

    [Theory]
    // leaseId, rule, status, deadline, daysRemaining, severity
    [InlineData("SY-2024-0001", "ASSESSMENT_APPLICATION", "overdue", "2026-09-30", -57, "critical")]
    [InlineData("CP-2024-0001", "ASSESSMENT_APPLICATION", "due", "2026-11-26", 0, "warning")]
    [InlineData("DX-2024-0001", "ASSESSMENT_APPLICATION", "upcoming", "2026-12-15", 19, "warning")]
    [InlineData("FS-2024-0001", "ASSESSMENT_APPLICATION", "upcoming", "2028-08-31", 644, "info")]
    [InlineData("SY-2024-0003", "ASSESSMENT_APPLICATION", "upcoming", "2027-09-30", 308, "info")]
    [InlineData("YZ-2024-0001", "ASSESSMENT_DECISION", "upcoming", "2027-03-14", 108, "info")]
    [InlineData("LK-2024-0001", "ASSESSMENT_DECISION", "overdue", "2026-02-28", -271, "critical")]
    [InlineData("DX-2024-0002", "TRANSFER_CONTRACT_AND_PAYMENT", "upcoming", "2026-12-07", 11, "warning")]
    [InlineData("TZ-2024-0003", "TRANSFER_CONTRACT_AND_PAYMENT", "overdue", "2026-10-29", -28, "critical")]
    [InlineData("SY-2024-0002", "LAND_PRICE_AMOUNT", "overdue", "2026-09-18", -69, "critical")]
    [InlineData("TZ-2024-0004", "EXIT_AFTER_FAILED_ASSESSMENT", "upcoming", "2027-04-14", 139, "info")]
    [InlineData("TZ-2024-0001", "RENT_ARREARS", "overdue", "2026-05-01", -209, "critical")]
    [InlineData("CP-2024-0002", "REGISTRATION", "overdue", "2026-03-30", -241, "warning")] // follow-up target: lease end 2026-02-28 + 30 days; never critical (revision 2)
    [InlineData("YZ-2024-0002", "REGISTRATION", "upcoming", "2026-12-15", 19, "warning")] // lease end 2026-11-15 + 30 days
    [InlineData("YZ-2024-0003", "RENEWAL_DECISION", "upcoming", "2027-05-31", 186, "info")] // renewal applied in time, awaiting the district's decision
    public async Task Ledger_KeyObligation_HasTheDeadlineOfTheSpecs(string leaseId, string rule, string status, string deadline, int days, string severity)
    {
        var finding = Assert.Single(await Ledger.FindingsAsync(leaseId, rule));

        Assert.Equal(status, finding.GetProperty("status").GetString());
        Assert.Equal(deadline, finding.GetProperty("deadline").GetString());
        Assert.Equal(days, finding.GetProperty("daysRemaining").GetInt32());
        Assert.Equal(severity, finding.GetProperty("severity").GetString());
    }

    [Fact]
    public async Task Ledger_ShortLandPricePayment_CarriesTheAmountStillOwed()
    {
        // 28,000,000 − 3/20 × 28,000,000 = 23,800,000 owed; 20,000,000 paid.
        var finding = Assert.Single(await Ledger.FindingsAsync("SY-2024-0002", "LAND_PRICE_AMOUNT"));

        Assert.Equal(3_800_000m, finding.GetProperty("amountYuan").GetDecimal());
        Assert.Empty(await Ledger.FindingsAsync("SY-2024-0002", "TRANSFER_CONTRACT_AND_PAYMENT"));
    }

    [Theory]
    [InlineData("DX-2024-0002", "27200000")] // 32,000,000 − 3/20 × 32,000,000; nothing paid, no contract
    [InlineData("TZ-2024-0003", "19040000")] // 22,400,000 − 3/20 × 22,400,000; contract signed, nothing paid
    public async Task Ledger_PassedButUnpaid_CarriesTheWholeLandPrice(string leaseId, string owed)
    {
        var finding = Assert.Single(await Ledger.FindingsAsync(leaseId, "TRANSFER_CONTRACT_AND_PAYMENT"));

        Assert.Equal(decimal.Parse(owed, System.Globalization.CultureInfo.InvariantCulture), finding.GetProperty("amountYuan").GetDecimal());
    }

    [Fact]
    public async Task Ledger_RentArrears_OneFindingPerUnpaidInstalmentAfterAllocatingOldestFirst()
    {
        // 600,000 due 2024-09-01, 2025-09-01, 2026-09-01; paid 600,000 then 350,000.
        var findings = (await Ledger.FindingsAsync("TZ-2024-0002", "RENT_ARREARS"))
            .OrderBy(f => f.GetProperty("deadline").GetString(), StringComparer.Ordinal)
            .ToList();

        Assert.Equal(2, findings.Count);
        Assert.Equal("2025-09-01", findings[0].GetProperty("deadline").GetString());
        Assert.Equal(250_000m, findings[0].GetProperty("amountYuan").GetDecimal());
        Assert.Equal("2026-09-01", findings[1].GetProperty("deadline").GetString());
        Assert.Equal(600_000m, findings[1].GetProperty("amountYuan").GetDecimal());
        Assert.All(findings, f => Assert.Equal("overdue", f.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task Ledger_UnpaidInstalment_CarriesTheWholeInstalment()
    {
        var finding = Assert.Single(await Ledger.FindingsAsync("TZ-2024-0001", "RENT_ARREARS"));

        Assert.Equal(800_000m, finding.GetProperty("amountYuan").GetDecimal());
    }

    [Theory]
    [InlineData("CP-2024-0002", "overdue")]
    [InlineData("YZ-2024-0002", "upcoming")]
    public async Task Ledger_TransferredButUnregistered_RegistrationIsOpen(string leaseId, string status)
    {
        var finding = Assert.Single(await Ledger.FindingsAsync(leaseId, "REGISTRATION"));

        Assert.Equal(status, finding.GetProperty("status").GetString());
        Assert.Equal("landUser", finding.GetProperty("responsible").GetString());
    }

    [Theory]
    [InlineData("FS-2024-0001", "PROHIBITED_DISPOSITION", "critical")]
    [InlineData("TZ-2025-0005", "PROHIBITED_DISPOSITION", "critical")]
    [InlineData("DX-2025-0004", "USE_VIOLATION", "critical")]
    [InlineData("CP-2025-0004", "USE_VIOLATION", "critical")]
    [InlineData("SY-2024-0004", "TERM_LIMIT", "warning")]
    [InlineData("CP-2024-0004", "LEASE_RENT_AMOUNT", "warning")]
    [InlineData("CP-2024-0003", "RENEWAL_TERM", "warning")]
    [InlineData("LK-2024-0002", "RENEWAL_RENT", "warning")]
    public async Task Ledger_BrokenRule_IsAViolationWithoutDeadline(string leaseId, string rule, string severity)
    {
        var finding = Assert.Single(await Ledger.FindingsAsync(leaseId, rule));

        Assert.Equal("violation", finding.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, finding.GetProperty("deadline").ValueKind);
        Assert.Equal(JsonValueKind.Null, finding.GetProperty("daysRemaining").ValueKind);
        Assert.Equal(severity, finding.GetProperty("severity").GetString());
    }

    [Theory]
    [InlineData("SY-2024-0003", "RENEWAL_APPLICATION")]
    [InlineData("CP-2024-0003", "RENEWAL_TERM")]
    [InlineData("LK-2024-0002", "RENEWAL_RENT")]
    public async Task Ledger_RenewalProblem_IsTheDistrictsToAnswer(string leaseId, string rule)
    {
        var finding = Assert.Single(await Ledger.FindingsAsync(leaseId, rule));

        Assert.Equal("district", finding.GetProperty("responsible").GetString());
        Assert.Equal("三（五）", finding.GetProperty("basis").GetString());
    }

    [Fact]
    public async Task Ledger_MisScheduledLeaseRent_CarriesTheDifference()
    {
        // 24,000,000 ÷ 20 × 5 = 6,000,000 due; 5,000,000 scheduled.
        var finding = Assert.Single(await Ledger.FindingsAsync("CP-2024-0004", "LEASE_RENT_AMOUNT"));

        Assert.Equal(1_000_000m, finding.GetProperty("amountYuan").GetDecimal());
    }

    [Fact]
    public async Task Ledger_RenewalRentBelowTheEarlierAverage_CarriesTheYearlyDifference()
    {
        // Earlier term 960,000 over 2 years = 480,000 a year; renewal 400,000 a year.
        var finding = Assert.Single(await Ledger.FindingsAsync("LK-2024-0002", "RENEWAL_RENT"));

        Assert.Equal(80_000m, finding.GetProperty("amountYuan").GetDecimal());
    }

    [Fact]
    public async Task Ledger_LeaseStartingAfterTheGuideline_IsInfoForTheCity()
    {
        var finding = Assert.Single(await Ledger.FindingsAsync("LK-2026-0003", "POLICY_VALIDITY"));

        Assert.Equal("info", finding.GetProperty("status").GetString());
        Assert.Equal("info", finding.GetProperty("severity").GetString());
        Assert.Equal("city", finding.GetProperty("responsible").GetString());
        Assert.Equal(JsonValueKind.Null, finding.GetProperty("deadline").ValueKind);
    }

    [Theory]
    [InlineData("FS-2024-0004")] // applied, passed, signed, paid, registered
    [InlineData("DX-2024-0003")] // failed and exited in time
    public async Task Ledger_CompletedOrWaitingRecord_HasNoFindings(string leaseId)
    {
        var result = await Ledger.ResultAsync(leaseId);

        Assert.Empty(result.GetProperty("findings").EnumerateArray());
    }

    [Theory]
    [InlineData("FS-2024-0002", "2028-11-30")] // mortgaged after completion: allowed
    [InlineData("YZ-2025-0004", "2029-10-31")] // 30 years in all, approved as a major project
    [InlineData("HR-2025-0001", "2029-12-31")]
    [InlineData("TZ-2026-0006", "2030-07-14")]
    public async Task Ledger_CleanLease_HasOnlyItsFarAssessmentApplicationDeadline(string leaseId, string deadline)
    {
        var result = await Ledger.ResultAsync(leaseId);

        var finding = Assert.Single(result.GetProperty("findings").EnumerateArray());
        Assert.Equal("ASSESSMENT_APPLICATION", finding.GetProperty("rule").GetString());
        Assert.Equal("upcoming", finding.GetProperty("status").GetString());
        Assert.Equal(deadline, finding.GetProperty("deadline").GetString());
        Assert.Equal("info", finding.GetProperty("severity").GetString());
    }
}
