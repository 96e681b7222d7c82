using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Tasks;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Rules;
using static ComplianceMonitor.Application.Tests.Monitoring.MonitoringTestData;

namespace ComplianceMonitor.Application.Tests.Scanning;

[Trait("Category", "unit")]
public class AgreementEscalationTests
{
    private static readonly DateOnly AgreedStart = new(2024, 9, 1);

    private static AlertReconciler CreateSut() => new(ReminderCadence.Default, new EnforcementTaskOptions { DueDays = 15 });

    [Theory]
    [InlineData("2024-09-16", false)] // 15 days late: no task yet
    [InlineData("2024-09-17", true)] // 16 days late: more than 15
    public void Plan_MilestoneLate_TaskToIndustryOnlyPastFifteenDays(string day, bool opens)
    {
        var today = DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture);
        var plan = CreateSut().Plan(null, Lease(), Obligation(RuleCode.MILESTONE, AgreedStart, today, subject: "constructionStart:2024-09-01"), today, Now);

        Assert.Equal(opens ? Department.IndustryAuthority : null, plan.TaskToOpen?.Department);
    }

    [Fact]
    public void Plan_IdleLandViolation_TaskToPlanning()
    {
        var today = new DateOnly(2025, 9, 2);
        var plan = CreateSut().Plan(null, Lease(), Violation(RuleCode.IDLE_LAND, subject: "idle:2024-09-01"), today, Now);

        Assert.Equal(Department.PlanningAndNaturalResources, plan.TaskToOpen?.Department);
    }

    [Theory]
    [InlineData(31, null)] // a milestone is not reminded 90 or 60 days ahead
    [InlineData(30, "D-30")]
    [InlineData(14, "D-14")]
    [InlineData(0, "D0")]
    public void CurrentStage_Milestone_StartsThirtyDaysBefore(int daysBefore, string? stage)
    {
        var today = AgreedStart.AddDays(-daysBefore);

        Assert.Equal(stage, ReminderCadence.Default.CurrentStage(Obligation(RuleCode.MILESTONE, AgreedStart, today), today)?.Name);
    }

    [Fact]
    public void CurrentStage_OtherRule_KeepsNinetyDays()
    {
        var today = AgreedStart.AddDays(-90);

        Assert.Equal("D-90", ReminderCadence.Default.CurrentStage(Obligation(RuleCode.INDICATOR_NOT_REPORTED, AgreedStart, today), today)?.Name);
    }
}
