using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Domain.Rules;
using static ComplianceMonitor.Domain.Tests.Rules.RuleRunner;
using static ComplianceMonitor.Domain.Tests.Rules.TestLeases;

namespace ComplianceMonitor.Domain.Tests.Rules;

[Trait("Category", "unit")]
public class ProhibitedDispositionRuleTests
{
    private const string MortgageRef = "京(2025)房山区不动产证明第0001234号";
    private static readonly ProhibitedDispositionRule Sut = new();

    private static LeaseRecord With(params LeaseEvent[] events) => Standard() with { Events = events };

    [Fact]
    public void Evaluate_MortgageBeforeCompletion_CriticalViolation()
    {
        var f = Single(Sut, With(new LeaseEvent(LeaseEventType.Mortgage, D("2025-06-10"), MortgageRef)), "2026-03-06");

        AssertViolation(f, RuleCode.PROHIBITED_DISPOSITION, Severity.Critical, Responsible.LandUser, "三（六）", null, "mortgage:2025-06-10");
        Assert.Equal(
            "租赁期内、完成开发建设前于2025年6月10日抵押土地使用权（京(2025)房山区不动产证明第0001234号），违反不得转让、转租、抵押的规定：由区政府组织相关部门依法依约处置。",
            f.Message);
    }

    [Theory]
    [InlineData(LeaseEventType.Transfer, "transfer:2025-06-10")]
    [InlineData(LeaseEventType.Sublease, "sublease:2025-06-10")]
    [InlineData(LeaseEventType.Mortgage, "mortgage:2025-06-10")]
    public void Evaluate_EachDispositionType_Fires(LeaseEventType type, string subject)
    {
        Assert.Equal(subject, Single(Sut, With(new LeaseEvent(type, D("2025-06-10"), null)), "2025-06-10").Subject);
    }

    [Theory]
    [InlineData(LeaseEventType.UseChange)]
    [InlineData(LeaseEventType.IndustryChange)]
    [InlineData(LeaseEventType.RealEstateDevelopment)]
    public void Evaluate_UseEvents_NotThisRule(LeaseEventType type) => None(Sut, With(new LeaseEvent(type, D("2025-06-10"), null)), "2026-03-06");

    [Fact]
    public void Evaluate_EventAfterAsOf_NotYetKnown() => None(Sut, With(new LeaseEvent(LeaseEventType.Mortgage, D("2025-06-10"), null)), "2025-06-09");

    [Theory]
    [InlineData("2025-06-01", false)]
    [InlineData("2025-06-10", false)] // completed that very day: the event is no longer "before completion"
    [InlineData("2025-06-11", true)]
    public void Evaluate_AgainstConstructionCompletion_FiresOnlyBefore(string completedOn, bool fires)
    {
        var lease = With(new LeaseEvent(LeaseEventType.Mortgage, D("2025-06-10"), null)) with { ConstructionCompletedOn = D(completedOn) };

        Assert.Equal(fires ? 1 : 0, Run(Sut, lease, "2026-03-06").Count);
    }

    [Theory]
    [InlineData("2024-02-29", false)] // before the lease started
    [InlineData("2024-03-01", true)]
    [InlineData("2029-02-28", true)]
    [InlineData("2029-03-01", false)] // after the lease ended (transferred land may be mortgaged)
    public void Evaluate_AgainstLeaseTerm_FiresOnlyWithin(string on, bool fires)
    {
        Assert.Equal(fires ? 1 : 0, Run(Sut, With(new LeaseEvent(LeaseEventType.Mortgage, D(on), null)), "2029-06-01").Count);
    }

    [Fact]
    public void Evaluate_ApprovedRenewal_TermExtendsToRenewalEnd()
    {
        var lease = With(new LeaseEvent(LeaseEventType.Sublease, D("2030-01-10"), null)) with
        {
            Renewal = new Renewal { AppliedOn = D("2028-08-01"), ApprovedOn = D("2028-08-20"), ApprovedYears = 2, NewLeaseEnd = D("2031-02-28") },
        };

        Assert.Single(Run(Sut, lease, "2030-02-01"));
    }

    [Fact]
    public void Evaluate_SeveralEvents_OneFindingEachWithDistinctSubjects()
    {
        var lease = With(
            new LeaseEvent(LeaseEventType.Mortgage, D("2025-06-10"), "a"),
            new LeaseEvent(LeaseEventType.UseChange, D("2025-06-10"), "b"),
            new LeaseEvent(LeaseEventType.Mortgage, D("2025-06-10"), "c"),
            new LeaseEvent(LeaseEventType.Transfer, D("2025-07-01"), "d"));

        Assert.Equal(["mortgage:2025-06-10", "mortgage:2025-06-10#2", "transfer:2025-07-01"], Run(Sut, lease, "2026-03-06").Select(f => f.Subject));
    }

    [Fact]
    public void Evaluate_NoEvents_NoFinding() => None(Sut, Standard(), "2026-03-06");

    [Fact]
    public void Evaluate_LongEventReference_MessageKeptWhole()
    {
        var reference = new string('证', 500);

        var f = Single(Sut, With(new LeaseEvent(LeaseEventType.Mortgage, D("2025-06-10"), reference)), "2026-03-06");

        Assert.Contains("抵押土地使用权（" + reference + "），违反", f.Message, StringComparison.Ordinal);
        Assert.EndsWith("依法依约处置。", f.Message, StringComparison.Ordinal);
    }
}
