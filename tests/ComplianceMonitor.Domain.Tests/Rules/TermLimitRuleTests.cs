using ComplianceMonitor.Domain.Deadlines;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Domain.Rules;
using static ComplianceMonitor.Domain.Tests.Rules.RuleRunner;
using static ComplianceMonitor.Domain.Tests.Rules.TestLeases;

namespace ComplianceMonitor.Domain.Tests.Rules;

public class TermLimitRuleTests
{
    private static readonly TermLimitRule Sut = new();

    // The dates agree with the years (AddYears(start, lease) - 1 day), so only the limits are checked.
    private static LeaseRecord Terms(int lease, int total, MajorProjectApproval? approval = null) =>
        Standard() with { LeaseYears = lease, TotalYears = total, LeaseEnd = DeadlineCalculator.LeaseEndFor(Start, lease), MajorProjectApproval = approval };

    [Theory]
    [InlineData(5, 20)]
    [InlineData(1, 1)]
    [InlineData(3, 15)]
    public void Evaluate_WithinLimits_NoFinding(int lease, int total) => None(Sut, Terms(lease, total), "2026-03-06");

    [Fact]
    public void Evaluate_LeaseSixYears_WarningViolationSaying一般()
    {
        var f = Single(Sut, Terms(6, 20), "2026-03-06");

        AssertViolation(f, RuleCode.TERM_LIMIT, Severity.Warning, Responsible.District, "三（三）", null, "term");
        Assert.Equal("年期超限：租赁年期6年，超过租赁年期一般不超过5年的规定（无市政府重大项目批准）：请区政府核查。", f.Message);
    }

    [Fact]
    public void Evaluate_TotalTwentyOneYears_Violation()
    {
        Assert.Equal("年期超限：租赁和出让总年期21年，超过出让年期与租赁年期之和一般不超过20年的规定（无市政府重大项目批准）：请区政府核查。", Single(Sut, Terms(5, 21), "2026-03-06").Message);
    }

    [Fact]
    public void Evaluate_EveryBreach_OneFindingListingAll()
    {
        Assert.Equal(
            "年期超限：租赁年期8年，超过租赁年期一般不超过5年的规定；租赁和出让总年期51年，超过出让年期与租赁年期之和一般不超过20年的规定；租赁和出让总年期51年，超过工业用地法定最高年限50年（不得超过）（无市政府重大项目批准）：请区政府核查。",
            Single(Sut, Terms(8, 51), "2026-03-06").Message);
    }

    [Fact]
    public void Evaluate_MajorProjectApproved_LongerTermAllowed()
    {
        None(Sut, Terms(8, 30, new MajorProjectApproval { Ref = "京政函〔2024〕1号", ApprovedOn = D("2024-01-10"), MaxTotalYears = 30 }), "2026-03-06");
        None(Sut, Terms(8, 50, new MajorProjectApproval { Ref = "京政函〔2024〕1号" }), "2026-03-06");
    }

    [Fact]
    public void Evaluate_BeyondApprovedYears_Violation()
    {
        var f = Single(Sut, Terms(5, 35, new MajorProjectApproval { Ref = "京政函〔2024〕1号", ApprovedOn = D("2024-01-10"), MaxTotalYears = 30 }), "2026-03-06");

        Assert.Equal("年期超限：租赁和出让总年期35年，超过市政府批准的最长总年期30年（市政府重大项目批准京政函〔2024〕1号）：请区政府核查。", f.Message);
    }

    [Fact]
    public void Evaluate_ApprovedButBeyondStatute_Violation()
    {
        var f = Single(Sut, Terms(5, 55, new MajorProjectApproval { Ref = "京政函〔2024〕1号", MaxTotalYears = 60 }), "2026-03-06");

        Assert.Equal("年期超限：租赁和出让总年期55年，超过工业用地法定最高年限50年（不得超过）（市政府重大项目批准京政函〔2024〕1号）：请区政府核查。", f.Message);
    }

    [Fact]
    public void Evaluate_ApprovalDatedAfterAsOf_NotYetCounted()
    {
        var lease = Terms(5, 30, new MajorProjectApproval { Ref = "京政函〔2026〕9号", ApprovedOn = D("2026-04-01"), MaxTotalYears = 30 });

        Assert.Contains("一般不超过20年", Single(Sut, lease, "2026-03-31").Message, StringComparison.Ordinal);
        None(Sut, lease, "2026-04-01");
    }

    [Fact]
    public void Evaluate_LongApprovalReference_MessageKeptWhole()
    {
        var reference = new string('文', 600);

        var f = Single(Sut, Terms(5, 55, new MajorProjectApproval { Ref = reference }), "2026-03-06");

        Assert.Equal($"年期超限：租赁和出让总年期55年，超过工业用地法定最高年限50年（不得超过）（市政府重大项目批准{reference}）：请区政府核查。", f.Message);
    }

    // Revision 2, change 6: the lease's length is read from its dates too.
    [Fact]
    public void Evaluate_SevenYearLeaseDeclaredFive_MismatchAndLeaseLimit()
    {
        var lease = Standard() with { LeaseEnd = D("2031-02-28") };

        var findings = Run(Sut, lease, "2026-11-26");

        Assert.Equal(2, findings.Count);
        AssertViolation(findings[0], RuleCode.TERM_LIMIT, Severity.Warning, Responsible.District, "三（三）", null, "term-dates");
        Assert.Equal("租赁期限与租赁年期不符：租赁期2024年3月1日至2031年2月28日按日期计为7年，登记的租赁年期为5年（5年的租赁期应至2029年2月28日届满）：请区政府核查，年期限制按较长者检查。", findings[0].Message);
        AssertViolation(findings[1], RuleCode.TERM_LIMIT, Severity.Warning, Responsible.District, "三（三）", null, "term");
        Assert.Equal("年期超限：租赁年期7年，超过租赁年期一般不超过5年的规定；租赁和出让总年期22年，超过出让年期与租赁年期之和一般不超过20年的规定（无市政府重大项目批准）：请区政府核查。", findings[1].Message);
    }

    [Fact]
    public void Evaluate_DatesShorterThanYears_MismatchOnlyLimitsOnYears()
    {
        var lease = Standard() with { LeaseEnd = D("2027-02-28") };

        var f = Single(Sut, lease, "2026-11-26");

        Assert.Equal("term-dates", f.Subject);
        Assert.Contains("按日期计为3年，登记的租赁年期为5年", f.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_OneDayPastFiveYears_CountsAsSixYears()
    {
        var lease = Standard() with { LeaseEnd = D("2029-03-01") };

        var findings = Run(Sut, lease, "2026-11-26");

        Assert.Equal(["term-dates", "term"], findings.Select(f => f.Subject));
        Assert.StartsWith("年期超限：租赁年期6年，", findings[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_LeapDayStart_EndFromAddYearsAgrees()
    {
        // 2024-02-29 + 5 years = 2029-02-28 (clamped), minus 1 day: 2029-02-27.
        var lease = Standard() with { LeaseStart = D("2024-02-29"), LeaseEnd = D("2029-02-27") };

        None(Sut, lease, "2026-11-26");
    }
}
