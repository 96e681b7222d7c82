using System.Globalization;
using System.Text.Json;
using ComplianceMonitor.Cli.Tests.Support;

namespace ComplianceMonitor.Cli.Tests.Commands;

/// <summary>
/// The leases samples/ledger.json gained for revision 2 (samples/README.md, "Leases added for revision 2"), checked by
/// <c>cm check</c> as of 2026-11-26: each new or changed rule fires, or no longer fires, with the days and amounts of the specs.
/// </summary>
[Trait("Category", "unit")]
public class SampleLedgerRevision2Tests
{
    /// <summary>Every finding of each revision-2 lease, in output order: rule, status, deadline, days, severity, amount.</summary>
    public static TheoryData<string, string> AllFindings() => new()
    {
        // 1: a late renewal shields nothing; the district must still decide it before the lease ends.
        { "LK-2024-0301", "ASSESSMENT_APPLICATION overdue 2026-09-30 -57 critical -|RENEWAL_APPLICATION violation - - warning -|RENEWAL_DECISION upcoming 2027-03-31 125 info -" },
        // 1: applied in time, never decided, lease ended: the shield ends with the lease.
        { "LK-2024-0302", "ASSESSMENT_APPLICATION overdue 2026-02-28 -271 critical -|RENEWAL_DECISION overdue 2026-08-31 -87 critical -" },
        // 1: refused (renewal.refusedOn): the assessment application is due again; 2026-12-19 = AddMonths(2027-06-20, -6) - 1.
        { "LK-2024-0303", "ASSESSMENT_APPLICATION upcoming 2026-12-19 23 warning -" },
        // 2 and 7: approvedYears 2 without newLeaseEnd moves the end to 2028-02-29; the next renewal instalment before its day.
        { "LK-2024-0304", "ASSESSMENT_APPLICATION upcoming 2027-08-31 278 info -|RENT_DUE upcoming 2027-03-01 95 info 1000000" },
        // 4: 2026-02-28 renewed to 2028-02-29 is exactly two years: no RENEWAL_TERM.
        { "LK-2024-0305", "ASSESSMENT_APPLICATION upcoming 2027-08-31 278 info -" },
        // 3: passed, no written notice: the assessment is not finished; no 15-day window without a notice.
        { "LK-2024-0306", "ASSESSMENT_DECISION overdue 2026-06-30 -149 critical -" },
        // 7: no rentSchedule: no LEASE_RENT_AMOUNT (a warning instead, below).
        { "LK-2025-0307", "ASSESSMENT_APPLICATION upcoming 2029-11-30 1100 info -" },
        // 7: RENT_DUE 14 days before the 2026 instalment.
        { "LK-2024-0308", "ASSESSMENT_APPLICATION upcoming 2029-06-09 926 info -|RENT_DUE upcoming 2026-12-10 14 warning 500000" },
        // 8: 25,500,000 owed (30,000,000 − 4,500,000), 10,000,000 paid, no contract: the shortfall on LAND_PRICE_AMOUNT only.
        { "LK-2024-0309", "TRANSFER_CONTRACT_AND_PAYMENT upcoming 2026-12-01 5 warning -|LAND_PRICE_AMOUNT upcoming 2026-12-01 5 warning 15500000" },
        // 6: 7 years by its dates, declared 5.
        { "LK-2025-0310", "ASSESSMENT_APPLICATION upcoming 2031-08-31 1739 info -|TERM_LIMIT violation - - warning -|TERM_LIMIT violation - - warning -" },
        // 9: starts on the last valid day 2029-02-18: no POLICY_VALIDITY.
        { "LK-2026-0311", "ASSESSMENT_APPLICATION upcoming 2033-08-17 2456 info -" },
    };

    [Theory]
    [MemberData(nameof(AllFindings))]
    public async Task Ledger_Revision2Lease_HasExactlyTheFindingsOfSamplesReadme(string leaseId, string expected)
    {
        var result = await Ledger.ResultAsync(leaseId);

        var actual = result.GetProperty("findings").EnumerateArray().Select(Line);

        Assert.Equal(expected.Split('|'), actual);
        Assert.Equal("110192", Ledger.Records().EnumerateArray().Single(r => r.GetProperty("leaseId").GetString() == leaseId).GetProperty("districtCode").GetString());
    }

    [Fact]
    public async Task Ledger_PassedWithoutNotice_MessageNamesTheMissingNoticeAndTheDistrict()
    {
        var finding = Assert.Single(await Ledger.FindingsAsync("LK-2024-0306", "ASSESSMENT_DECISION"));

        Assert.Equal("district", finding.GetProperty("responsible").GetString());
        Assert.Equal(
            "考核结果（通过）已于2026年6月20日作出，但尚未记录书面通知土地使用权人（收到通知日期）：区政府应及时将考核结果书面通知土地使用权人，考核应在2026年6月30日（星期二）（租赁期届满日）前完成，已逾期149天。",
            finding.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Ledger_RentScheduleAbsent_WarnsInsteadOfALeaseRentViolation()
    {
        var result = await Ledger.ResultAsync("LK-2025-0307");

        Assert.False(Ledger.Records().EnumerateArray().Single(r => r.GetProperty("leaseId").GetString() == "LK-2025-0307").TryGetProperty("rentSchedule", out _));
        Assert.Equal(
            ["rentSchedule not recorded: rent checks skipped (LEASE_RENT_AMOUNT, RENT_DUE, RENT_ARREARS) (未记录租金计划，未检查租金)"],
            result.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()));
    }

    [Fact]
    public async Task Ledger_LateUndecidedRenewal_TheDistrictDecidesByTheLeaseEnd()
    {
        var finding = Assert.Single(await Ledger.FindingsAsync("LK-2024-0301", "RENEWAL_DECISION"));

        Assert.Equal(("district", "三（五）"), (finding.GetProperty("responsible").GetString(), finding.GetProperty("basis").GetString()));
        Assert.Equal(
            "土地使用权人已于2026年10月20日提出续租申请，尚未决定：区政府应在租赁期届满日2027年3月31日（星期三）前作出准予或不予续租的决定并告知土地使用权人，还剩125天。",
            finding.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Ledger_SevenYearsByDates_TermLimitNamesBothLengthsAndSaysYiban()
    {
        var messages = (await Ledger.FindingsAsync("LK-2025-0310", "TERM_LIMIT")).Select(f => f.GetProperty("message").GetString()!).ToList();

        Assert.Equal(2, messages.Count);
        Assert.Contains(messages, m => m.Contains("按日期计为7年，登记的租赁年期为5年（5年的租赁期应至2030年2月28日届满）", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("租赁年期7年，超过租赁年期一般不超过5年的规定", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Ledger_PartialLandPriceWithoutContract_TheShortfallIsCountedOnce()
    {
        var results = await Ledger.ResultAsync("LK-2024-0309");

        var amounts = results.GetProperty("findings").EnumerateArray()
            .Where(f => f.GetProperty("amountYuan").ValueKind == JsonValueKind.Number)
            .Select(f => (f.GetProperty("rule").GetString(), f.GetProperty("amountYuan").GetDecimal()))
            .ToList();

        Assert.Equal([("LAND_PRICE_AMOUNT", 15_500_000m)], amounts);
    }

    private static string Line(JsonElement f)
    {
        static string Or(JsonElement e) => e.ValueKind == JsonValueKind.Null ? "-" : e.ValueKind == JsonValueKind.Number ? e.GetDecimal().ToString(CultureInfo.InvariantCulture) : e.GetString()!;
        return string.Join(
            ' ',
            f.GetProperty("rule").GetString(),
            f.GetProperty("status").GetString(),
            Or(f.GetProperty("deadline")),
            Or(f.GetProperty("daysRemaining")),
            f.GetProperty("severity").GetString(),
            Or(f.GetProperty("amountYuan")));
    }
}
