using ComplianceMonitor.Domain.Agreements;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Domain.Rules;
using static ComplianceMonitor.Domain.Tests.Agreements.TestAgreements;
using static ComplianceMonitor.Domain.Tests.Rules.RuleRunner;
using static ComplianceMonitor.Domain.Tests.Rules.TestLeases;

namespace ComplianceMonitor.Domain.Tests.Rules;

[Trait("Category", "unit")]
public class IndicatorShortfallRuleTests
{
    private static readonly IndicatorShortfallRule Sut = new();

    private static LeaseRecord WithIndicators(params Indicator[] indicators) => With(new Agreement { Ref = Ref, Indicators = indicators });

    [Fact]
    public void Evaluate_AtLeastBelowTarget_DeadlineIsAssessmentApplication()
    {
        var f = Single(Sut, WithIndicators(Investment(Actual(2025, 620m, "2026-01-20"))), "2026-11-26");

        AssertObligation(f, RuleCode.INDICATOR_SHORTFALL, FindingStatus.Upcoming, "2028-08-31", 644, Severity.Info, Responsible.LandUser, "三（二）、三（五）", null);
        Assert.Equal("indicator:investmentIntensity", f.Subject);
        Assert.Equal(
            "投资强度2025年度实际620万元/亩，未达到履约监管协议约定的不低于800万元/亩（达标率77.5%）：请在考核申请截止日2028年8月31日（星期四）前达标，还剩644天。",
            f.Message);
    }

    [Fact]
    public void Evaluate_AtMostAboveTarget_Shortfall()
    {
        // energy per unit of value added: 0.62 against at most 0.5 → 0.5 ÷ 0.62 = 80.6%
        var f = Single(Sut, WithIndicators(Energy(Actual(2025, 0.62m, "2026-03-10"))), "2026-11-26");

        Assert.Equal(
            "单位能耗增加值2025年度实际0.62吨标煤/万元，未达到履约监管协议约定的不高于0.5吨标煤/万元（达标率80.6%）：请在考核申请截止日2028年8月31日（星期四）前达标，还剩644天。",
            f.Message);
    }

    [Theory]
    [InlineData("0.45")]
    [InlineData("0.5")]
    [InlineData("0")]
    public void Evaluate_AtMostAtOrBelowTarget_NoFinding(string value)
    {
        None(Sut, WithIndicators(Energy(Actual(2025, decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture), "2026-03-10"))), "2026-11-26");
    }

    [Fact]
    public void Evaluate_LatestPeriodMeets_NoFindingEvenIfAnEarlierMissed()
    {
        None(Sut, WithIndicators(Investment(Actual(2025, 820m, "2026-01-20"), Actual(2024, 500m, "2025-01-20"))), "2026-11-26");
    }

    [Fact]
    public void Evaluate_LatestReportedAfterAsOf_JudgesTheEarlierOne()
    {
        var lease = WithIndicators(Investment(Actual(2024, 500m, "2025-01-20"), Actual(2025, 820m, "2026-01-20")));

        Assert.Contains("2024年度实际500万元/亩", Single(Sut, lease, "2026-01-19").Message, StringComparison.Ordinal);
        None(Sut, lease, "2026-01-20");
    }

    [Fact]
    public void Evaluate_AssessmentResultKnown_NoFinding()
    {
        var lease = WithIndicators(Investment(Actual(2025, 620m, "2026-01-20"))) with
        {
            Assessment = new Assessment { AppliedOn = D("2028-06-01"), Result = AssessmentResult.Failed, DecidedOn = D("2028-10-01") },
        };

        Assert.Single(Run(Sut, lease, "2028-09-30"));
        None(Sut, lease, "2028-10-01");
    }

    [Fact]
    public void Evaluate_NoActual_NoShortfall() => None(Sut, WithIndicators(Investment()), "2026-11-26");
}
