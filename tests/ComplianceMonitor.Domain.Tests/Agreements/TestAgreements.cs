using ComplianceMonitor.Domain.Agreements;
using ComplianceMonitor.Domain.Records;
using static ComplianceMonitor.Domain.Tests.Rules.TestLeases;

namespace ComplianceMonitor.Domain.Tests.Agreements;

/// <summary>The agreement of agreement.md's example on the standard lease, varied with <c>with</c>.</summary>
internal static class TestAgreements
{
    public const string Ref = "房山经信〔2024〕履约12号";

    /// <summary>Investment intensity, at least 800 万元/亩.</summary>
    public static Indicator Investment(params IndicatorActual[] actuals) => new()
    {
        Code = "investmentIntensity", Name = "投资强度", Unit = "万元/亩", Direction = IndicatorDirection.AtLeast, Target = 800m, Actuals = actuals,
    };

    /// <summary>Energy per unit of value added, at most 0.5 吨标煤/万元.</summary>
    public static Indicator Energy(params IndicatorActual[] actuals) => new()
    {
        Code = "energyPerValue", Name = "单位能耗增加值", Unit = "吨标煤/万元", Direction = IndicatorDirection.AtMost, Target = 0.5m, Actuals = actuals,
    };

    public static IndicatorActual Actual(int year, decimal value, string reportedOn) => new(year, value, D(reportedOn));

    /// <summary>The agreement.md example: start 2024-09-01, completion 2026-03-01, production 2026-09-01, none achieved; 1‰ a day of the base price.</summary>
    public static Agreement Example(params Indicator[] indicators) => new()
    {
        Ref = Ref,
        SignedOn = D("2024-02-20"),
        Milestones =
        [
            new Milestone(MilestoneKind.ConstructionStart, D("2024-09-01"), null),
            new Milestone(MilestoneKind.ConstructionCompletion, D("2026-03-01"), null),
            new Milestone(MilestoneKind.Production, D("2026-09-01"), null),
        ],
        Indicators = indicators,
        Damages = new AgreementDamages(1.0m, DamagesBase.BasePrice),
    };

    /// <summary>The standard lease with <paramref name="agreement"/>.</summary>
    public static LeaseRecord With(Agreement agreement) => Standard() with { Agreement = agreement };

    /// <summary>The standard lease with only the given milestones (no indicators, no damages).</summary>
    public static LeaseRecord WithMilestones(params Milestone[] milestones) => With(new Agreement { Ref = Ref, Milestones = milestones });
}
