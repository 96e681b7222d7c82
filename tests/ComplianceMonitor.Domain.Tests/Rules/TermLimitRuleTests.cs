using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Domain.Rules;
using static ComplianceMonitor.Domain.Tests.Rules.RuleRunner;
using static ComplianceMonitor.Domain.Tests.Rules.TestLeases;

namespace ComplianceMonitor.Domain.Tests.Rules;

[Trait("Category", "unit")]
public class TermLimitRuleTests
{
    private static readonly TermLimitRule Sut = new();

    private static LeaseRecord Terms(int lease, int total, MajorProjectApproval? approval = null) =>
        Standard() with { LeaseYears = lease, TotalYears = total, MajorProjectApproval = approval };

    [Theory]
    [InlineData(5, 20)]
    [InlineData(1, 1)]
    [InlineData(3, 15)]
    public void Evaluate_WithinLimits_NoFinding(int lease, int total) => None(Sut, Terms(lease, total), "2026-03-06");

    [Fact]
    public void Evaluate_LeaseSixYears_WarningViolation()
    {
        var f = Single(Sut, Terms(6, 20), "2026-03-06");

        AssertViolation(f, RuleCode.TERM_LIMIT, Severity.Warning, Responsible.District, "三（三）", null, "term");
        Assert.Equal("年期超限：租赁年期6年超过5年（无市政府重大项目批准）：请区政府核查。", f.Message);
    }

    [Fact]
    public void Evaluate_TotalTwentyOneYears_Violation()
    {
        Assert.Equal("年期超限：租赁和出让总年期21年超过20年（无市政府重大项目批准）：请区政府核查。", Single(Sut, Terms(5, 21), "2026-03-06").Message);
    }

    [Fact]
    public void Evaluate_EveryBreach_OneFindingListingAll()
    {
        Assert.Equal(
            "年期超限：租赁年期8年超过5年；租赁和出让总年期51年超过20年；租赁和出让总年期51年超过工业用地法定最高年限50年（无市政府重大项目批准）：请区政府核查。",
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

        Assert.Equal("年期超限：租赁和出让总年期35年超过市政府批准的30年（市政府重大项目批准京政函〔2024〕1号）：请区政府核查。", f.Message);
    }

    [Fact]
    public void Evaluate_ApprovedButBeyondStatute_Violation()
    {
        var f = Single(Sut, Terms(5, 55, new MajorProjectApproval { Ref = "京政函〔2024〕1号", MaxTotalYears = 60 }), "2026-03-06");

        Assert.Equal("年期超限：租赁和出让总年期55年超过工业用地法定最高年限50年（市政府重大项目批准京政函〔2024〕1号）：请区政府核查。", f.Message);
    }

    [Fact]
    public void Evaluate_ApprovalDatedAfterAsOf_NotYetCounted()
    {
        var lease = Terms(5, 30, new MajorProjectApproval { Ref = "京政函〔2026〕9号", ApprovedOn = D("2026-04-01"), MaxTotalYears = 30 });

        Assert.Contains("超过20年", Single(Sut, lease, "2026-03-31").Message, StringComparison.Ordinal);
        None(Sut, lease, "2026-04-01");
    }

    [Fact]
    public void Evaluate_LongApprovalReference_MessageKeptWhole()
    {
        var reference = new string('文', 600);

        var f = Single(Sut, Terms(5, 55, new MajorProjectApproval { Ref = reference }), "2026-03-06");

        Assert.Equal($"年期超限：租赁和出让总年期55年超过工业用地法定最高年限50年（市政府重大项目批准{reference}）：请区政府核查。", f.Message);
    }
}
