using ComplianceMonitor.Domain.Agreements;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Domain.Rules;
using static ComplianceMonitor.Domain.Tests.Agreements.TestAgreements;
using static ComplianceMonitor.Domain.Tests.Rules.RuleRunner;
using static ComplianceMonitor.Domain.Tests.Rules.TestLeases;

namespace ComplianceMonitor.Domain.Tests.Rules;

[Trait("Category", "unit")]
public class ReturnRefundRuleTests
{
    private static readonly ReturnRefundRule Sut = new();

    private static LeaseRecord Returned(DateOnly? refundPaidOn = null) => With(Example()) with
    {
        VoluntaryReturn = new VoluntaryReturn { AppliedOn = D("2026-09-15"), AcceptedOn = D("2026-10-01"), RefundPaidOn = refundPaidOn },
    };

    [Theory]
    [InlineData("2026-10-01", FindingStatus.Upcoming, 30, Severity.Warning)]
    [InlineData("2026-10-31", FindingStatus.Due, 0, Severity.Warning)]
    [InlineData("2026-11-26", FindingStatus.Overdue, -26, Severity.Warning)] // a follow-up target: warning at most
    public void Evaluate_AcceptedRefundUnpaid_FollowUpTargetWarningAtMost(string asOf, FindingStatus status, int days, Severity severity)
    {
        var f = Single(Sut, Returned(), asOf);

        AssertObligation(f, RuleCode.RETURN_REFUND, status, "2026-10-31", days, severity, Responsible.District, "三（七）", null);
        Assert.Equal("return:2026-10-01", f.Subject);
    }

    [Fact]
    public void Evaluate_PastTarget_MessageCallsItAFollowUpTargetNotALegalDeadline()
    {
        var message = Single(Sut, Returned(), "2026-11-26").Message;

        Assert.Equal(
            "土地使用权人自愿退还土地已于2026年10月1日受理，退还剩余年期租金（扣除约定违约金）尚未记录支付：区政府督促办理的跟进目标为2026年10月31日（星期六）（非法定期限），已超过跟进目标26天。",
            message);
        Assert.DoesNotContain("最迟", message, StringComparison.Ordinal);
        Assert.DoesNotContain("逾期", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_RefundPaid_NoFinding() => None(Sut, Returned(D("2026-11-20")), "2026-11-26");

    [Fact]
    public void Evaluate_AppliedNotAccepted_NoFinding()
    {
        var lease = Returned() with { VoluntaryReturn = new VoluntaryReturn { AppliedOn = D("2026-09-15") } };

        None(Sut, lease, "2026-11-26");
        None(Sut, Returned(), "2026-09-30");
    }

    [Fact]
    public void Engine_ReturnAccepted_EveryOtherRuleStopsFromAcceptance()
    {
        var lease = Returned();

        var before = RuleEngine.Default.Check(lease, D("2026-09-30"));
        var after = RuleEngine.Default.Check(lease, D("2026-10-01"));

        Assert.Contains(before.Findings, f => f.Rule == RuleCode.MILESTONE);
        Assert.Contains(before.Findings, f => f.Rule == RuleCode.ASSESSMENT_APPLICATION);
        Assert.NotNull(before.Readiness);
        Assert.Equal([RuleCode.RETURN_REFUND], after.Findings.Select(f => f.Rule));
        Assert.Null(after.Readiness);
    }
}
