using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Domain.Rules;
using static ComplianceMonitor.Domain.Tests.Rules.RuleRunner;
using static ComplianceMonitor.Domain.Tests.Rules.TestLeases;

namespace ComplianceMonitor.Domain.Tests.Rules;

[Trait("Category", "unit")]
public class RenewalApplicationRuleTests
{
    private static readonly RenewalApplicationRule Sut = new();

    private static LeaseRecord AppliedOn(string day) => Standard() with { Renewal = new Renewal { AppliedOn = D(day) } };

    [Theory]
    [InlineData("2028-08-30")]
    [InlineData("2028-08-31")] // the last day on which six full months remain
    public void Evaluate_AppliedByDeadline_NoFinding(string appliedOn) => None(Sut, AppliedOn(appliedOn), "2029-03-01");

    [Fact]
    public void Evaluate_AppliedDayAfterDeadline_WarningViolationNamingBothDays()
    {
        var f = Single(Sut, AppliedOn("2028-09-01"), "2028-09-01");

        AssertViolation(f, RuleCode.RENEWAL_APPLICATION, Severity.Warning, Responsible.District, "三（五）", null, "renewal:2028-09-01");
        Assert.Equal(
            "续租申请于2028年9月1日（星期五）提出，晚于租赁期2029年2月28日届满前6个月的最后期限2028年8月31日（星期四）（迟1天）：请区政府依规审查处理。",
            f.Message);
    }

    [Fact]
    public void Evaluate_ApplicationAfterAsOf_NoFinding() => None(Sut, AppliedOn("2028-09-01"), "2028-08-31");

    [Fact]
    public void Evaluate_NoApplication_NoFinding() => None(Sut, Standard(), "2029-03-01");

    [Fact]
    public void Evaluate_RenewalApproved_DeadlineStillOnOriginalLeaseEnd()
    {
        var lease = Standard() with { Renewal = new Renewal { AppliedOn = D("2028-09-01"), ApprovedOn = D("2028-09-20"), ApprovedYears = 2, NewLeaseEnd = D("2031-02-28") } };

        Assert.Single(Run(Sut, lease, "2028-10-01"));
    }
}
