using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Tasks;
using ComplianceMonitor.Application.Tests.Tasks;
using ComplianceMonitor.Application.Tests.Monitoring;
using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Rules;
using static ComplianceMonitor.Application.Tests.Monitoring.MonitoringTestData;

namespace ComplianceMonitor.Application.Tests.Scanning;

[Trait("Category", "unit")]
public class AlertReconcilerTests
{
    private static readonly DateOnly Deadline = new(2028, 8, 31);

    private static AlertReconciler CreateSut(int dueDays = 15) => new(ReminderCadence.Default, new EnforcementTaskOptions { DueDays = dueDays });

    private static Alert Stored(AlertPlan plan, string etag = "W/\"1\"") => plan.Alert with { ETag = etag };

    [Fact]
    public void Plan_NewFindingFarAway_CreatesOpenAlertWithoutReminderOrTask()
    {
        var today = new DateOnly(2026, 3, 6);
        var plan = CreateSut().Plan(null, Lease(), Obligation(RuleCode.ASSESSMENT_APPLICATION, Deadline, today), today, Now);

        Assert.True(plan.IsNew);
        Assert.True(plan.HasWork);
        Assert.Empty(plan.Outbox);
        Assert.Null(plan.TaskToOpen);
        var a = plan.Alert;
        Assert.Equal("FS-2024-0001|ASSESSMENT_APPLICATION|deadline:2028-08-31", a.Key);
        Assert.Equal("110111", a.DistrictCode);
        Assert.Equal(AlertState.Open, a.State);
        Assert.Equal(today, a.FirstSeenOn);
        Assert.Equal(today, a.LastSeenOn);
        Assert.Equal(Deadline, a.Deadline);
        Assert.Equal(FindingStatus.Upcoming, a.Status);
        Assert.Equal(Severity.Info, a.Severity);
        Assert.Equal(Responsible.LandUser, a.Responsible);
        Assert.Equal("北京某某科技有限公司", a.LandUserName);
        Assert.Equal("窦店镇工业地块", a.ParcelName);
        Assert.Empty(a.QueuedStages);
        Assert.Null(a.TaskId);
    }

    [Fact]
    public void Plan_NewFinding30DaysAway_QueuesD30ByEmailOnly()
    {
        var today = Deadline.AddDays(-30);
        var plan = CreateSut().Plan(null, Lease(), Obligation(RuleCode.ASSESSMENT_APPLICATION, Deadline, today), today, Now);

        var entry = Assert.Single(plan.Outbox);
        Assert.Equal("D-30", plan.StageQueued?.Name);
        Assert.Equal(["D-30"], plan.Alert.QueuedStages);
        Assert.Equal(OutboxChannel.Email, entry.Channel);
        Assert.Equal("zhang@example.com", entry.Recipient);
        Assert.Equal("张三", entry.RecipientName);
        Assert.Equal(AlertKey.OutboxId(plan.Alert.Key, "D-30", OutboxChannel.Email, "zhang@example.com"), entry.Id);
        Assert.StartsWith("FS-2024-0001|ASSESSMENT_APPLICATION|deadline:2028-08-31|D-30|email|", entry.Id, StringComparison.Ordinal);
        Assert.Equal(OutboxStatus.Pending, entry.Status);
        Assert.Equal(30, entry.DaysRemaining);
        Assert.Equal(Deadline, entry.Deadline);
        Assert.Equal(today, entry.QueuedOn);
        Assert.Equal(Now, entry.CreatedAt);
        Assert.Equal(0, entry.Attempts);
    }

    [Fact]
    public void Plan_FindingSevenDaysAway_QueuesEmailAndSms()
    {
        var today = Deadline.AddDays(-7);
        var plan = CreateSut().Plan(null, Lease(), Obligation(RuleCode.ASSESSMENT_APPLICATION, Deadline, today), today, Now);

        Assert.Equal([OutboxChannel.Email, OutboxChannel.Sms], plan.Outbox.Select(e => e.Channel));
        Assert.Equal("13800138000", plan.Outbox[1].Recipient);
        Assert.Equal("D-7", plan.Outbox[1].Stage);
    }

    [Fact]
    public void Plan_NoEmailOnRecordAndStageNotForSms_QueuesNothingButRecordsStage()
    {
        var today = Deadline.AddDays(-30);
        var plan = CreateSut().Plan(null, Lease(email: null), Obligation(RuleCode.ASSESSMENT_APPLICATION, Deadline, today), today, Now);

        Assert.Empty(plan.Outbox);
        Assert.Equal(["D-30"], plan.Alert.QueuedStages);
    }

    [Fact]
    public void Plan_SameFindingNextDayWithNewWording_HasNoWork()
    {
        var sut = CreateSut();
        var day1 = new DateOnly(2026, 3, 6);
        var stored = Stored(sut.Plan(null, Lease(), Obligation(RuleCode.ASSESSMENT_APPLICATION, Deadline, day1), day1, Now));

        // The next day the message says one day less; nothing stored changes.
        var day2 = day1.AddDays(1);
        var plan = sut.Plan(stored, Lease(), Obligation(RuleCode.ASSESSMENT_APPLICATION, Deadline, day2), day2, Now);

        Assert.False(plan.HasWork);
        Assert.Same(stored, plan.Alert);
    }

    [Fact]
    public void Plan_SeverityChanges_UpdatesAlertUnderItsETagWithTodaysMessage()
    {
        var sut = CreateSut();
        var day1 = Deadline.AddDays(-31);
        var stored = Stored(sut.Plan(null, Lease(email: null, mobile: "13800138000"), Obligation(RuleCode.ASSESSMENT_APPLICATION, Deadline, day1), day1, Now));

        var day2 = Deadline.AddDays(-29); // severity becomes warning within 30 days
        var finding = Obligation(RuleCode.ASSESSMENT_APPLICATION, Deadline, day2);
        var plan = sut.Plan(stored, Lease(email: null, mobile: "13800138000"), finding, day2, Now);

        Assert.True(plan.HasWork);
        Assert.False(plan.IsNew);
        Assert.Equal("W/\"1\"", plan.Alert.ETag);
        Assert.Equal(Severity.Warning, plan.Alert.Severity);
        Assert.Equal(finding.Message, plan.Alert.Message);
        Assert.Equal(day1, plan.Alert.FirstSeenOn);
        Assert.Equal(day2, plan.Alert.LastSeenOn);
    }

    [Fact]
    public void Plan_StageAlreadyQueued_QueuesNothingAgain()
    {
        var sut = CreateSut();
        var today = Deadline.AddDays(-3);
        var stored = Stored(sut.Plan(null, Lease(), Obligation(RuleCode.ASSESSMENT_APPLICATION, Deadline, today), today, Now));
        Assert.Equal(["D-3"], stored.QueuedStages);

        var plan = sut.Plan(stored, Lease(), Obligation(RuleCode.ASSESSMENT_APPLICATION, Deadline, today.AddDays(1)), today.AddDays(1), Now);
        Assert.Empty(plan.Outbox);
        Assert.False(plan.HasWork);
    }

    [Fact]
    public void Plan_NextStageComesDue_QueuesItAndAppendsToStages()
    {
        var sut = CreateSut();
        var today = Deadline.AddDays(-3);
        var stored = Stored(sut.Plan(null, Lease(), Obligation(RuleCode.ASSESSMENT_APPLICATION, Deadline, today), today, Now));

        var dayBefore = Deadline.AddDays(-1);
        var plan = sut.Plan(stored, Lease(), Obligation(RuleCode.ASSESSMENT_APPLICATION, Deadline, dayBefore), dayBefore, Now);
        Assert.Equal(["D-3", "D-1"], plan.Alert.QueuedStages);
        Assert.Equal(2, plan.Outbox.Count);
        Assert.All(plan.Outbox, e => Assert.Equal("D-1", e.Stage));
    }

    [Fact]
    public void Plan_OverdueLandUserObligation_OpensTaskForIndustryAuthorityDue15DaysLater()
    {
        var today = Deadline.AddDays(1);
        var plan = CreateSut().Plan(null, Lease(), Obligation(RuleCode.ASSESSMENT_APPLICATION, Deadline, today), today, Now);

        var task = Assert.IsType<EnforcementTask>(plan.TaskToOpen);
        Assert.Equal(plan.Alert.Key, task.Id);
        Assert.Equal(task.Id, plan.Alert.TaskId);
        Assert.Equal(Department.IndustryAuthority, task.Department);
        Assert.Equal(today, task.OpenedOn);
        Assert.Equal(new DateOnly(2028, 9, 16), task.DueOn);
        Assert.Equal(TaskState.Open, task.State);
        var opened = Assert.Single(task.History);
        Assert.Equal(("opened", TaskState.Open, EnforcementTask.SystemActor, Now), (opened.Action, opened.State, opened.By, opened.At));

        // Overdue by one day: the on-the-day stage, by email and SMS.
        Assert.Equal(["D0"], plan.Alert.QueuedStages);
        Assert.Equal([OutboxChannel.Email, OutboxChannel.Sms], plan.Outbox.Select(e => e.Channel));
    }

    [Fact]
    public void Plan_DistrictResponsibleOverdue_OpensTaskWithoutReminders()
    {
        var today = new DateOnly(2029, 3, 1);
        var plan = CreateSut().Plan(null, Lease(), Obligation(RuleCode.ASSESSMENT_DECISION, new DateOnly(2029, 2, 28), today, Responsible.District), today, Now);

        Assert.Empty(plan.Outbox);
        Assert.Empty(plan.Alert.QueuedStages);
        Assert.Equal(Department.IndustryAuthority, plan.TaskToOpen?.Department);
    }

    [Fact]
    public void Plan_Violation_OpensPlanningTaskAndQueuesViolationReminder()
    {
        var today = new DateOnly(2026, 3, 6);
        var plan = CreateSut(dueDays: 10).Plan(null, Lease(), Violation(RuleCode.PROHIBITED_DISPOSITION), today, Now);

        Assert.Equal(Department.PlanningAndNaturalResources, plan.TaskToOpen?.Department);
        Assert.Equal(new DateOnly(2026, 3, 16), plan.TaskToOpen?.DueOn);
        Assert.Equal(["violation"], plan.Alert.QueuedStages);
        Assert.Equal(2, plan.Outbox.Count);
    }

    [Fact]
    public void Plan_OverdueAlertWithTask_OpensNoSecondTask()
    {
        var sut = CreateSut();
        var today = Deadline.AddDays(1);
        var stored = Stored(sut.Plan(null, Lease(), Obligation(RuleCode.ASSESSMENT_APPLICATION, Deadline, today), today, Now));

        var plan = sut.Plan(stored, Lease(), Obligation(RuleCode.ASSESSMENT_APPLICATION, Deadline, today.AddDays(1)), today.AddDays(1), Now);
        Assert.Null(plan.TaskToOpen);
        Assert.False(plan.HasWork);
    }

    [Fact]
    public void Plan_InfoFinding_NoReminderNoTask()
    {
        var today = new DateOnly(2029, 3, 1);
        var plan = CreateSut().Plan(null, Lease(), Info(), today, Now);

        Assert.True(plan.IsNew);
        Assert.Empty(plan.Outbox);
        Assert.Null(plan.TaskToOpen);
    }

    [Fact]
    public void Plan_ResolvedAlertFindingBack_ReopensAndClearsResolution()
    {
        var sut = CreateSut();
        var today = Deadline.AddDays(2);
        var first = Stored(sut.Plan(null, Lease(), Obligation(RuleCode.ASSESSMENT_APPLICATION, Deadline, today), today, Now));
        var resolved = AlertReconciler.Resolve(first, today.AddDays(1)) with { ETag = "W/\"2\"" };
        Assert.Equal(AlertState.Resolved, resolved.State);
        Assert.Equal(today.AddDays(1), resolved.ResolvedOn);

        var later = today.AddDays(3);
        var plan = sut.Plan(resolved, Lease(), Obligation(RuleCode.ASSESSMENT_APPLICATION, Deadline, later), later, Now);
        Assert.True(plan.Reopens);
        Assert.Equal(AlertState.Open, plan.Alert.State);
        Assert.Null(plan.Alert.ResolvedOn);
        Assert.Equal(first.FirstSeenOn, plan.Alert.FirstSeenOn);

        // Its earlier task was closed with it: the breach needs its task again (same id).
        Assert.Equal(first.TaskId, plan.TaskToOpen?.Id);

        // Stage D0 was queued before; OD+7 is not due yet (5 days overdue): nothing is re-sent.
        Assert.Empty(plan.Outbox);
    }

    [Fact]
    public void Plan_StoredAlertOfAnotherKey_Throws()
    {
        var sut = CreateSut();
        var today = new DateOnly(2026, 3, 6);
        var stored = Stored(sut.Plan(null, Lease(), Obligation(RuleCode.ASSESSMENT_APPLICATION, Deadline, today), today, Now));
        Assert.Throws<ArgumentException>(() => sut.Plan(stored, Lease("OTHER-1"), Obligation(RuleCode.ASSESSMENT_APPLICATION, Deadline, today), today, Now));
    }
}
