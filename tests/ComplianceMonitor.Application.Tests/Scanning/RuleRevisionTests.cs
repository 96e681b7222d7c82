using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Domain.Calendar;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Policy;
using ComplianceMonitor.Domain.Rules;
using static ComplianceMonitor.Application.Tests.Monitoring.MonitoringTestData;

namespace ComplianceMonitor.Application.Tests.Scanning;

[Trait("Category", "unit")]
public class RuleRevisionTests
{
    private static readonly DateOnly Today = new(2026, 3, 6);

    private static readonly IReadOnlySet<RuleCode> AllCodes = RuleRevision.CodesOf(RuleEngine.Default);

    private static Alert SeenUnder(RuleCode rule, int revision) =>
        CreateSut().Plan(null, Lease(), Obligation(rule, new DateOnly(2028, 8, 31), Today), Today, Now, revision).Alert;

    private static AlertReconciler CreateSut() => new(Application.Reminders.ReminderCadence.Default, new Application.Tasks.EnforcementTaskOptions());

    [Theory]
    [InlineData(RuleCode.ASSESSMENT_APPLICATION, 1, 2, AlertResolution.RuleRevised)] // changed in revision 2
    [InlineData(RuleCode.REGISTRATION, 1, 2, AlertResolution.RuleRevised)]
    [InlineData(RuleCode.PROHIBITED_DISPOSITION, 1, 2, AlertResolution.ObligationMet)] // unchanged since revision 1
    [InlineData(RuleCode.RENEWAL_APPLICATION, 1, 2, AlertResolution.ObligationMet)]
    [InlineData(RuleCode.ASSESSMENT_APPLICATION, 2, 2, AlertResolution.ObligationMet)] // seen under the current revision
    [InlineData(RuleCode.ASSESSMENT_APPLICATION, 1, 1, AlertResolution.ObligationMet)]
    public void ResolutionOf_SeenUnderAndScannedUnder_RuleRevisedOnlyWhenTheRuleChangedSince(RuleCode rule, int seen, int scanned, AlertResolution expected)
    {
        Assert.Equal(expected, RuleRevision.ResolutionOf(SeenUnder(rule, seen), scanned, AllCodes));
    }

    [Fact]
    public void ResolutionOf_RuleNoLongerInTheEngine_RuleRevisedEvenIfUnchanged()
    {
        var withoutMortgageRule = new RuleEngine(RuleCatalog.All.Where(r => r.Code != RuleCode.PROHIBITED_DISPOSITION), PolicyCatalog.Default, WorkingDayCalendar.Default);

        var resolution = RuleRevision.ResolutionOf(SeenUnder(RuleCode.PROHIBITED_DISPOSITION, 1), 2, RuleRevision.CodesOf(withoutMortgageRule));

        Assert.Equal(AlertResolution.RuleRevised, resolution);
    }

    [Fact]
    public void Plan_AlertSeenUnderRevision1StillFound_RewrittenOnceWithRevision2AndNoStageAgain()
    {
        var finding = Obligation(RuleCode.ASSESSMENT_APPLICATION, new DateOnly(2026, 3, 13), Today); // D-7
        var v1 = CreateSut().Plan(null, Lease(), finding, Today, Now, 1);
        var stored = v1.Alert with { ETag = "W/\"1\"" };

        var v2 = CreateSut().Plan(stored, Lease(), finding, Today, Now, 2);
        var again = CreateSut().Plan(v2.Alert with { ETag = "W/\"2\"" }, Lease(), finding, Today, Now, 2);

        Assert.Equal(["D-7"], v1.Alert.QueuedStages);
        Assert.Equal(1, v1.Alert.Revision);
        Assert.True(v2.HasWork);
        Assert.Empty(v2.Outbox);
        Assert.Equal(2, v2.Alert.Revision);
        Assert.Equal(["D-7"], v2.Alert.QueuedStages);
        Assert.False(again.HasWork);
    }

    [Fact]
    public void Resolve_RuleRevised_RecordsResolutionAndKeepsTheRevisionSeen()
    {
        var resolved = AlertReconciler.Resolve(SeenUnder(RuleCode.REGISTRATION, 1), Today, AlertResolution.RuleRevised);

        Assert.Equal((AlertState.Resolved, Today, AlertResolution.RuleRevised, 1), (resolved.State, resolved.ResolvedOn, resolved.Resolution, resolved.Revision));
        Assert.Equal(("ruleRevised", "规则修订"), (RuleRevision.Wire(AlertResolution.RuleRevised), RuleRevision.Label(AlertResolution.RuleRevised)));
    }

    [Fact]
    public void Plan_ResolvedAlertReopened_ClearsTheResolution()
    {
        var finding = Obligation(RuleCode.ASSESSMENT_APPLICATION, new DateOnly(2028, 8, 31), Today);
        var resolved = AlertReconciler.Resolve(SeenUnder(RuleCode.ASSESSMENT_APPLICATION, 1), Today, AlertResolution.RuleRevised) with { ETag = "W/\"1\"" };

        var plan = CreateSut().Plan(resolved, Lease(), finding, Today.AddDays(1), Now, 2);

        Assert.True(plan.Reopens);
        Assert.Equal((AlertState.Open, (AlertResolution?)null, 2), (plan.Alert.State, plan.Alert.Resolution, plan.Alert.Revision));
    }
}
