using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Tasks;
using ComplianceMonitor.Domain.Rules;
using ComplianceMonitor.Testing.InMemory;
using Microsoft.Extensions.Time.Testing;
using static ComplianceMonitor.Application.Tests.Monitoring.MonitoringTestData;

namespace ComplianceMonitor.Application.Tests.Tasks;

/// <summary>A person's move of a task that a scan changed meanwhile: re-read by district and key, re-applied, both changes kept.</summary>
[Trait("Category", "unit")]
public class TaskServiceMoveTests
{
    private static async Task<(InMemoryStorage Storage, EnforcementTask Stored, List<string> Steps)> CreateSut()
    {
        var plan = new AlertReconciler(ReminderCadence.Default, new EnforcementTaskOptions()).Plan(
            null, Lease(), Violation(RuleCode.USE_VIOLATION, subject: "event:useChange:2025-06-10"), new DateOnly(2026, 3, 6), Now);
        var storage = new InMemoryStorage();
        var task = plan.TaskToOpen!;
        await storage.Tasks.CreateManyAsync(task.DistrictCode, [task]);
        var stored = (await storage.Tasks.GetAsync(task.DistrictCode, task.Id))!;
        var steps = new List<string>();
        var escalated = false;
        storage.OnStep = async step =>
        {
            steps.Add(step);
            if (step == "tasks.UpdateMany" && !escalated)
            {
                // A scan escalates the task between the person's read and write.
                escalated = true;
                await storage.Tasks.UpdateAsync(stored.Escalate(new DateOnly(2026, 3, 7), Now.AddHours(1)));
            }
        };
        return (storage, stored, steps);
    }

    [Fact]
    public async Task Acknowledge_TaskAsRead_EscalatedMeanwhile_ReReadByKeyOnce_BothChangesKept()
    {
        var (storage, stored, steps) = await CreateSut();
        var service = new TaskService(storage.Tasks, new FakeTimeProvider(Now.AddHours(2)));

        var moved = await service.AcknowledgeAsync(stored, "李四", "已联系企业");

        Assert.Equal((TaskState.Acknowledged, true, new DateOnly(2026, 3, 7)), (moved.State, moved.Escalated, moved.EscalatedOn));
        Assert.Equal(["opened", "escalated", "acknowledged"], moved.History.Select(h => h.Action));
        Assert.Equal(["tasks.UpdateMany", "tasks.Get", "tasks.UpdateMany"], steps);
        Assert.Equal(moved.State, (await storage.Tasks.GetAsync(stored.DistrictCode, stored.Id))!.State);
    }

    [Fact]
    public async Task Dismiss_ById_EscalatedMeanwhile_FoundOnce_ReReadByKey()
    {
        var (storage, stored, steps) = await CreateSut();
        var service = new TaskService(storage.Tasks, new FakeTimeProvider(Now.AddHours(2)));

        var moved = await service.DismissAsync(stored.PublicId, "李四", "已核实无违规");

        Assert.Equal((TaskState.Dismissed, true), (moved.State, moved.Escalated));
        Assert.Equal(["tasks.Find", "tasks.UpdateMany", "tasks.Get", "tasks.UpdateMany"], steps);
    }
}
