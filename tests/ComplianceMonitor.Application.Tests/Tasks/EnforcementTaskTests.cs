using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Tasks;
using ComplianceMonitor.Application.Tests.Scanning;
using ComplianceMonitor.Application.Tests.Monitoring;
using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Domain.Rules;
using static ComplianceMonitor.Application.Tests.Monitoring.MonitoringTestData;

namespace ComplianceMonitor.Application.Tests.Tasks;

[Trait("Category", "unit")]
public class EnforcementTaskTests
{
    private static readonly DateOnly Opened = new(2026, 3, 6);

    private static EnforcementTask CreateSut()
    {
        var plan = new AlertReconciler(ReminderCadence.Default, new EnforcementTaskOptions()).Plan(
            null, Lease(), Violation(RuleCode.USE_VIOLATION, subject: "event:useChange:2025-06-10"), Opened, Now);
        return plan.TaskToOpen!;
    }

    [Fact]
    public void Acknowledge_OpenTask_MovesToAcknowledgedAndRecordsWhoWhenNote()
    {
        var at = Now.AddHours(2);
        var task = CreateSut().Acknowledge(" 李四 ", at, "已联系企业");

        Assert.Equal(TaskState.Acknowledged, task.State);
        Assert.Equal(2, task.History.Count);
        Assert.Equal(new TaskHistoryEntry("acknowledged", TaskState.Acknowledged, "李四", at, "已联系企业"), task.History[1]);
    }

    [Fact]
    public void Resolve_AcknowledgedTask_MovesToResolved()
    {
        var task = CreateSut().Acknowledge("李四", Now).Resolve("李四", Now.AddDays(3), "已整改");
        Assert.Equal(TaskState.Resolved, task.State);
        Assert.Equal(["opened", "acknowledged", "resolved"], task.History.Select(h => h.Action));
        Assert.False(task.IsActive);
    }

    [Fact]
    public void Dismiss_WithoutReason_ThrowsNamingReason()
    {
        var ex = Assert.Throws<ArgumentException>(() => CreateSut().Dismiss("李四", Now, "  "));
        Assert.Equal("reason", ex.ParamName);
    }

    [Fact]
    public void Dismiss_WithReason_RecordsTheReason()
    {
        var task = CreateSut().Dismiss("王五", Now, "登记有误，已更正");
        Assert.Equal(TaskState.Dismissed, task.State);
        Assert.Equal("登记有误，已更正", task.History[^1].Note);
    }

    [Fact]
    public void Acknowledge_ResolvedTask_ThrowsTransitionError()
    {
        var resolved = CreateSut().Resolve("李四", Now);
        var ex = Assert.Throws<TaskTransitionException>(() => resolved.Acknowledge("李四", Now));
        Assert.Contains("resolved", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_DismissedTask_Throws() =>
        Assert.Throws<TaskTransitionException>(() => CreateSut().Dismiss("王五", Now, "重复").Resolve("王五", Now));

    [Fact]
    public void Acknowledge_NoActor_ThrowsNamingBy()
    {
        var ex = Assert.Throws<ArgumentException>(() => CreateSut().Acknowledge("", Now));
        Assert.Equal("by", ex.ParamName);
    }

    [Fact]
    public void IsDueForEscalation_OnDueDate_IsFalse_DayAfter_IsTrue()
    {
        var task = CreateSut();
        Assert.Equal(new DateOnly(2026, 3, 21), task.DueOn);
        Assert.False(task.IsDueForEscalation(new DateOnly(2026, 3, 21)));
        Assert.True(task.IsDueForEscalation(new DateOnly(2026, 3, 22)));
        Assert.True(task.Acknowledge("李四", Now).IsDueForEscalation(new DateOnly(2026, 3, 22)));
        Assert.False(task.Resolve("李四", Now).IsDueForEscalation(new DateOnly(2026, 3, 22)));
    }

    [Fact]
    public void Escalate_ActiveTask_FlagsItKeepsStateAndRecordsCity()
    {
        var escalated = CreateSut().Escalate(new DateOnly(2026, 3, 22), Now);
        Assert.True(escalated.Escalated);
        Assert.Equal(new DateOnly(2026, 3, 22), escalated.EscalatedOn);
        Assert.Equal(TaskState.Open, escalated.State);
        Assert.Equal("escalated", escalated.History[^1].Action);
        Assert.Contains("市规划自然资源委", escalated.History[^1].Note, StringComparison.Ordinal);
        Assert.False(escalated.IsDueForEscalation(new DateOnly(2026, 3, 23)));
    }

    [Fact]
    public void Reopen_ResolvedTask_OpensWithNewDueDateAndClearsEscalation()
    {
        var task = CreateSut().Escalate(new DateOnly(2026, 3, 22), Now).Resolve(EnforcementTask.SystemActor, Now, EnforcementTask.ObligationMetNote);
        var reopened = task.Reopen(new DateOnly(2026, 4, 1), 15, Now, "breach found again");
        Assert.Equal(TaskState.Open, reopened.State);
        Assert.Equal(new DateOnly(2026, 4, 16), reopened.DueOn);
        Assert.False(reopened.Escalated);
        Assert.Null(reopened.EscalatedOn);
        Assert.Equal(["opened", "escalated", "resolved", "reopened"], reopened.History.Select(h => h.Action));
    }

    [Fact]
    public void Reopen_DismissedTask_Throws() =>
        Assert.Throws<TaskTransitionException>(() => CreateSut().Dismiss("王五", Now, "重复").Reopen(Opened, 15, Now, "x"));

    [Theory]
    [InlineData(RuleCode.ASSESSMENT_APPLICATION, Department.IndustryAuthority)]
    [InlineData(RuleCode.ASSESSMENT_DECISION, Department.IndustryAuthority)]
    [InlineData(RuleCode.RENEWAL_APPLICATION, Department.IndustryAuthority)]
    [InlineData(RuleCode.RENEWAL_TERM, Department.IndustryAuthority)]
    [InlineData(RuleCode.RENEWAL_RENT, Department.IndustryAuthority)]
    [InlineData(RuleCode.USE_VIOLATION, Department.IndustryAuthority)]
    [InlineData(RuleCode.TRANSFER_CONTRACT_AND_PAYMENT, Department.PlanningAndNaturalResources)]
    [InlineData(RuleCode.LAND_PRICE_AMOUNT, Department.PlanningAndNaturalResources)]
    [InlineData(RuleCode.REGISTRATION, Department.PlanningAndNaturalResources)]
    [InlineData(RuleCode.EXIT_AFTER_FAILED_ASSESSMENT, Department.PlanningAndNaturalResources)]
    [InlineData(RuleCode.RENT_ARREARS, Department.PlanningAndNaturalResources)]
    [InlineData(RuleCode.PROHIBITED_DISPOSITION, Department.PlanningAndNaturalResources)]
    [InlineData(RuleCode.TERM_LIMIT, Department.PlanningAndNaturalResources)]
    [InlineData(RuleCode.LEASE_RENT_AMOUNT, Department.PlanningAndNaturalResources)]
    public void DepartmentsFor_Rule_IsThePolicysDepartment(RuleCode rule, Department expected) =>
        Assert.Equal(expected, Departments.For(rule));

    [Fact]
    public void DepartmentsFor_PolicyValidity_IsNone() => Assert.Null(Departments.For(RuleCode.POLICY_VALIDITY));

    [Fact]
    public void DepartmentsNameOf_ChineseNames()
    {
        Assert.Equal("产业主管部门", Departments.NameOf(Department.IndustryAuthority));
        Assert.Equal("规划自然资源主管部门", Departments.NameOf(Department.PlanningAndNaturalResources));
    }
}
