using ComplianceMonitor.Domain.Agreements;
using ComplianceMonitor.Domain.Records;
using static ComplianceMonitor.Domain.Tests.Agreements.TestAgreements;
using static ComplianceMonitor.Domain.Tests.Rules.RuleRunner;
using static ComplianceMonitor.Domain.Tests.Rules.TestLeases;

namespace ComplianceMonitor.Domain.Tests.Agreements;

[Trait("Category", "unit")]
public class ReadinessAssessorTests
{
    private static readonly Milestone StartOnTime = new(MilestoneKind.ConstructionStart, D("2024-09-01"), D("2024-08-28"));

    private static Readiness Assess(LeaseRecord lease, string asOf) => ReadinessAssessor.Assess(lease, Context(D(asOf)))!;

    private static LeaseRecord Lease(Milestone[] milestones, params Indicator[] indicators) =>
        With(new Agreement { Ref = Ref, Milestones = milestones, Indicators = indicators });

    [Fact]
    public void Assess_MilestonesOnTimeAndIndicatorsMet_OnTrack()
    {
        var r = Assess(Lease([StartOnTime], Investment(Actual(2025, 812m, "2026-01-20")), Energy(Actual(2025, 0.48m, "2026-01-20"))), "2026-11-26");

        Assert.Equal(ReadinessWord.OnTrack, r.Overall);
        Assert.Empty(r.Reasons);
        Assert.Equal(D("2028-08-31"), r.AssessmentApplicationDeadline);
        Assert.Equal(new MilestoneReadiness(MilestoneKind.ConstructionStart, D("2024-09-01"), D("2024-08-28"), 0), Assert.Single(r.Milestones));
        Assert.Equal([1.015m, 1.0417m], r.Indicators.Select(i => i.Ratio!.Value));
    }

    [Fact]
    public void Assess_IndicatorsWithoutAnyActual_NotReported()
    {
        var r = Assess(Lease([StartOnTime], Investment(), Energy()), "2026-11-26");

        Assert.Equal(ReadinessWord.NotReported, r.Overall);
        Assert.Equal("协议指标均未报送实际值", r.Reasons[0]);
    }

    [Fact]
    public void Assess_IndicatorAtEightyFivePercent_AtRisk()
    {
        var r = Assess(Lease([StartOnTime], Investment(Actual(2025, 680m, "2026-01-20"))), "2026-11-26");

        Assert.Equal(ReadinessWord.AtRisk, r.Overall);
        Assert.Equal(["投资强度达标率85%（2025年度）"], r.Reasons);
        Assert.Equal(0.85m, r.Indicators[0].Ratio);
        Assert.False(r.Indicators[0].Meets);
    }

    [Fact]
    public void Assess_IndicatorBelowTheAtRiskRatio_OffTrack()
    {
        var r = Assess(Lease([StartOnTime], Investment(Actual(2025, 620m, "2026-01-20"))), "2026-11-26");

        Assert.Equal(ReadinessWord.OffTrack, r.Overall);
        Assert.Equal(["投资强度达标率77.5%（2025年度），低于80%"], r.Reasons);
    }

    [Fact]
    public void Assess_AtMostIndicatorAbove_RatioIsTargetOverActual()
    {
        // 0.5 ÷ 0.62 = 0.8065: at risk (≥ 0.8), worsening from 0.55
        var r = Assess(Lease([StartOnTime], Energy(Actual(2024, 0.55m, "2025-02-01"), Actual(2025, 0.62m, "2026-02-01"))), "2026-11-26");

        Assert.Equal(ReadinessWord.AtRisk, r.Overall);
        Assert.Equal(0.8065m, r.Indicators[0].Ratio);
        Assert.Equal(IndicatorTrend.Worsening, r.Indicators[0].Trend);
    }

    [Fact]
    public void Assess_Trend_FollowsTheDirection()
    {
        var up = Assess(Lease([], Investment(Actual(2024, 600m, "2025-01-20"), Actual(2025, 700m, "2026-01-20"))), "2026-11-26");
        var same = Assess(Lease([], Investment(Actual(2024, 700m, "2025-01-20"), Actual(2025, 700m, "2026-01-20"))), "2026-11-26");
        var one = Assess(Lease([], Investment(Actual(2025, 700m, "2026-01-20"))), "2026-11-26");

        Assert.Equal(IndicatorTrend.Improving, up.Indicators[0].Trend);
        Assert.Equal(IndicatorTrend.Steady, same.Indicators[0].Trend);
        Assert.Null(one.Indicators[0].Trend);
    }

    [Fact]
    public void Assess_MilestoneAchievedLate_AtRiskWithDaysLate()
    {
        var r = Assess(Lease([new Milestone(MilestoneKind.ConstructionStart, D("2024-09-01"), D("2024-10-15"))]), "2026-11-26");

        Assert.Equal(ReadinessWord.AtRisk, r.Overall);
        Assert.Equal(44, r.Milestones[0].DaysLate);
        Assert.Equal(["开工晚于约定44天完成"], r.Reasons);
    }

    [Theory]
    [InlineData("2024-09-01", ReadinessWord.OnTrack, 0)] // due today, not late yet
    [InlineData("2024-09-02", ReadinessWord.AtRisk, 1)]
    [InlineData("2024-11-30", ReadinessWord.AtRisk, 90)]
    [InlineData("2024-12-01", ReadinessWord.OffTrack, 91)]
    public void Assess_MilestoneNotAchieved_OffTrackPastNinetyDays(string asOf, ReadinessWord word, int daysLate)
    {
        var r = Assess(Lease([new Milestone(MilestoneKind.ConstructionStart, D("2024-09-01"), null)]), asOf);

        Assert.Equal(word, r.Overall);
        Assert.Equal(daysLate, r.Milestones[0].DaysLate);
    }

    [Fact]
    public void Assess_OneOfTwoIndicatorsUnreported_AtRisk()
    {
        var r = Assess(Lease([], Investment(Actual(2025, 900m, "2026-01-20")), Energy()), "2026-11-26");

        Assert.Equal(ReadinessWord.AtRisk, r.Overall);
        Assert.Equal(["单位能耗增加值未报送实际值"], r.Reasons);
    }

    [Fact]
    public void Assess_ThresholdsAreParameters()
    {
        var context = Context(D("2026-11-26"));
        var strict = new Domain.Rules.RuleContext(context.AsOf, context.Parameters with { Agreement = new AgreementParameters { ReadinessAtRiskRatio = 0.9m } }, context.Calendar);

        Assert.Equal(ReadinessWord.OffTrack, ReadinessAssessor.Assess(Lease([], Investment(Actual(2025, 680m, "2026-01-20"))), strict)!.Overall);
    }

    [Fact]
    public void Assess_NoAgreement_Null() => Assert.Null(ReadinessAssessor.Assess(Standard(), Context(D("2026-11-26"))));
}
