using ComplianceMonitor.Domain.Agreements;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Domain.Rules;
using static ComplianceMonitor.Domain.Tests.Agreements.TestAgreements;
using static ComplianceMonitor.Domain.Tests.Rules.RuleRunner;
using static ComplianceMonitor.Domain.Tests.Rules.TestLeases;

namespace ComplianceMonitor.Domain.Tests.Rules;

[Trait("Category", "unit")]
public class IdleLandRuleTests
{
    private static readonly IdleLandRule Sut = new();

    /// <summary>Agreed start on the leap day 2024-02-29: the one-year day is 2025-02-28, the two-year day 2026-02-28.</summary>
    private static LeaseRecord LeapStart(DateOnly? achievedOn = null) =>
        WithMilestones(new Milestone(MilestoneKind.ConstructionStart, D("2024-02-29"), achievedOn));

    [Fact]
    public void OneAndTwoYearDays_LeapDayStart_ClampToFebruary28()
    {
        Assert.Equal(D("2025-02-28"), IdleLandRule.OneYearDay(D("2024-02-29")));
        Assert.Equal(D("2026-02-28"), IdleLandRule.TwoYearDay(D("2024-02-29")));
        Assert.Equal(D("2029-02-28"), IdleLandRule.OneYearDay(D("2028-02-29")));
    }

    [Fact]
    public void Evaluate_OnAgreedStartDay_NoFindingYet() => None(Sut, LeapStart(), "2024-02-29");

    [Theory]
    [InlineData("2024-03-01", FindingStatus.Upcoming, 364, Severity.Info)]
    [InlineData("2025-01-29", FindingStatus.Upcoming, 30, Severity.Warning)]
    [InlineData("2025-02-28", FindingStatus.Due, 0, Severity.Warning)]
    public void Evaluate_BeforeOneYear_UpcomingToTheOneYearDay(string asOf, FindingStatus status, int days, Severity severity)
    {
        var f = Single(Sut, LeapStart(), asOf);

        AssertObligation(f, RuleCode.IDLE_LAND, status, "2025-02-28", days, severity, Responsible.LandUser, "一（二）", null);
        Assert.Equal("idle:2024-02-29", f.Subject);
    }

    [Fact]
    public void Evaluate_BeforeOneYear_MessageNamesTheOneYearDayAndTheFee()
    {
        Assert.Equal(
            "约定开工日2024年2月29日已过，尚未记录开工：满一年（2025年2月28日（星期五））仍未动工即构成闲置土地，可按土地价款20%以下征缴土地闲置费（《闲置土地处置办法》第二条、第十四条），还剩364天。",
            Single(Sut, LeapStart(), "2024-03-01").Message);
    }

    [Fact]
    public void Evaluate_DayAfterOneYear_CriticalViolationNamingTheTwoYearDay()
    {
        var f = Single(Sut, LeapStart(), "2025-03-01");

        AssertViolation(f, RuleCode.IDLE_LAND, Severity.Critical, Responsible.LandUser, "一（二）", null, "idle:2024-02-29");
        Assert.Equal(
            "约定开工日2024年2月29日起满一年（2025年2月28日）仍未开工，已构成闲置土地，可按土地价款20%以下征缴土地闲置费；满两年（2026年2月28日）仍未开工的，可无偿收回土地使用权（《闲置土地处置办法》第十四条），距满两年还剩364天。",
            f.Message);
    }

    [Fact]
    public void Evaluate_PastTwoYears_SaysTheLandMayBeTakenBack()
    {
        var f = Single(Sut, LeapStart(), "2026-03-01");

        Assert.Equal(FindingStatus.Violation, f.Status);
        Assert.Equal("约定开工日2024年2月29日起已满两年（2026年2月28日）仍未开工，已构成闲置土地，可无偿收回土地使用权（《闲置土地处置办法》第十四条）。", f.Message);
    }

    [Fact]
    public void Evaluate_Started_NoFinding()
    {
        None(Sut, LeapStart(D("2025-03-10")), "2025-03-10");
        None(Sut, LeapStart(D("2025-03-10")), "2026-11-26");
        Assert.Single(Run(Sut, LeapStart(D("2025-03-10")), "2025-03-09")); // not yet known that day
    }

    [Fact]
    public void Evaluate_CompletionRecorded_ConstructionStarted()
    {
        var lease = LeapStart() with { ConstructionCompletedOn = D("2025-12-01") };

        None(Sut, lease, "2026-11-26");
    }

    [Fact]
    public void Evaluate_NoStartMilestone_NoFinding()
    {
        None(Sut, WithMilestones(new Milestone(MilestoneKind.Production, D("2024-02-29"), null)), "2026-11-26");
        None(Sut, Standard(), "2026-11-26");
    }
}
