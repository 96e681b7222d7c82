using ComplianceMonitor.Domain.Agreements;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Domain.Rules;
using static ComplianceMonitor.Domain.Tests.Agreements.TestAgreements;
using static ComplianceMonitor.Domain.Tests.Rules.RuleRunner;
using static ComplianceMonitor.Domain.Tests.Rules.TestLeases;

namespace ComplianceMonitor.Domain.Tests.Rules;

[Trait("Category", "unit")]
public class MilestoneRuleTests
{
    private static readonly MilestoneRule Sut = new();

    private static LeaseRecord StartOnly(DateOnly? achievedOn = null, AgreementDamages? damages = null) =>
        With(new Agreement { Ref = Ref, Milestones = [new Milestone(MilestoneKind.ConstructionStart, D("2024-09-01"), achievedOn)], Damages = damages });

    [Theory]
    [InlineData("2024-03-01", FindingStatus.Upcoming, 184, Severity.Info)]
    [InlineData("2024-08-02", FindingStatus.Upcoming, 30, Severity.Warning)] // the 30-day notice
    [InlineData("2024-09-01", FindingStatus.Due, 0, Severity.Warning)]
    [InlineData("2024-09-02", FindingStatus.Overdue, -1, Severity.Critical)]
    public void Evaluate_NotAchieved_StatusDaysAndSeverity(string asOf, FindingStatus status, int days, Severity severity)
    {
        var f = Single(Sut, StartOnly(), asOf);

        AssertObligation(f, RuleCode.MILESTONE, status, "2024-09-01", days, severity, Responsible.LandUser, "三（三）", null);
        Assert.Equal("constructionStart:2024-09-01", f.Subject);
    }

    [Fact]
    public void Evaluate_Upcoming_MessageNamesAgreementAndDay()
    {
        Assert.Equal(
            "履约监管协议（房山经信〔2024〕履约12号）约定于2024年9月1日（星期日）开工，尚未记录开工，还剩30天。",
            Single(Sut, StartOnly(), "2024-08-02").Message);
    }

    [Fact]
    public void Evaluate_TwentyDaysLateWithDamagesOnBasePrice_AccruedAmountAndFormula()
    {
        var f = Single(Sut, StartOnly(damages: new AgreementDamages(1.0m, DamagesBase.BasePrice)), "2024-09-21");

        // 30,935,000 × 1‰ × 20 days
        AssertObligation(f, RuleCode.MILESTONE, FindingStatus.Overdue, "2024-09-01", -20, Severity.Critical, Responsible.LandUser, "三（三）", 618_700.00m);
        Assert.Equal(
            "履约监管协议（房山经信〔2024〕履约12号）约定于2024年9月1日（星期日）开工，尚未记录开工，已逾期20天；按协议累计违约金 = 竞得价30,935,000.00元 × 1‰ × 20天 = 618,700.00元；逾期已超过15天，由产业主管部门督办。",
            f.Message);
    }

    [Fact]
    public void Evaluate_DamagesOnLeaseRent_RoundedHalfAwayFromZero()
    {
        // 7,733,750 × 0.5‰ × 7 = 27,068.125 → 27,068.13
        var f = Single(Sut, StartOnly(damages: new AgreementDamages(0.5m, DamagesBase.LeaseRent)), "2024-09-08");

        Assert.Equal(27_068.13m, f.AmountYuan);
        Assert.Contains("租赁期租金7,733,750.00元 × 0.5‰ × 7天 = 27,068.13元", f.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("督办", f.Message, StringComparison.Ordinal); // 7 days: not past the 15-day escalation
    }

    [Fact]
    public void Evaluate_LeaseRentBaseWithoutSchedule_NoAmountAndSaysWhy()
    {
        var lease = StartOnly(damages: new AgreementDamages(1m, DamagesBase.LeaseRent)) with { RentSchedule = [] };

        var f = Single(Sut, lease, "2024-09-08");

        Assert.Null(f.AmountYuan);
        Assert.Contains("未记录租赁期租金计划", f.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_AchievedLate_NoFinding()
    {
        None(Sut, StartOnly(D("2024-10-15")), "2024-10-15");
        None(Sut, StartOnly(D("2024-10-15")), "2026-11-26");
    }

    [Fact]
    public void Evaluate_AchievedAfterAsOf_StillOpenAndLate()
    {
        Assert.Equal(-43, Single(Sut, StartOnly(D("2024-10-15")), "2024-10-14").DaysRemaining);
    }

    [Fact]
    public void Evaluate_CompletionRecordedOnTheRecord_CountsAsAchieved()
    {
        var lease = WithMilestones(new Milestone(MilestoneKind.ConstructionCompletion, D("2026-03-01"), null)) with { ConstructionCompletedOn = D("2026-02-20") };

        None(Sut, lease, "2026-11-26");
    }

    [Fact]
    public void Evaluate_ThreeMilestones_OneFindingEachNotAchieved()
    {
        var lease = With(Example()) with { Agreement = Example() with { Milestones = [.. Example().Milestones.Select((m, i) => i == 0 ? m with { AchievedOn = D("2024-08-30") } : m)] } };

        var findings = Run(Sut, lease, "2026-11-26");

        Assert.Equal(["constructionCompletion:2026-03-01", "production:2026-09-01"], findings.Select(f => f.Subject));
        Assert.Equal([-270, -86], findings.Select(f => f.DaysRemaining!.Value));
        Assert.Equal([270 * 30_935m, 86 * 30_935m], findings.Select(f => f.AmountYuan!.Value));
    }

    [Fact]
    public void Evaluate_NoAgreement_NoFinding() => None(Sut, Standard(), "2026-11-26");
}
