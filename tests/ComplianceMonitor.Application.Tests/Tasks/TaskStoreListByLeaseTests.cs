using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Tasks;
using ComplianceMonitor.Domain.Rules;
using ComplianceMonitor.Testing.InMemory;
using static ComplianceMonitor.Application.Tests.Monitoring.MonitoringTestData;

namespace ComplianceMonitor.Application.Tests.Tasks;

/// <summary><see cref="ITaskStore.ListByLeaseAsync"/>'s default (a store without a range query): the lease's key range only.</summary>
[Trait("Category", "unit")]
public class TaskStoreListByLeaseTests
{
    private static EnforcementTask Open(string leaseId, string subject) =>
        new AlertReconciler(ReminderCadence.Default, new EnforcementTaskOptions()).Plan(
            null, Lease(leaseId), Violation(RuleCode.USE_VIOLATION, subject: subject), new DateOnly(2026, 3, 6), Now).TaskToOpen!;

    [Fact]
    public async Task ListByLease_Default_OnlyThatLeasesTasks_NotALeaseWhoseIdItPrefixes()
    {
        var storage = new InMemoryStorage();
        var mine = Open("FS-7", "event:useChange:2025-06-10");
        var mineToo = Open("FS-7", "event:useChange:2025-08-01");
        var longer = Open("FS-70", "event:useChange:2025-06-10");
        await storage.Tasks.CreateManyAsync(mine.DistrictCode, [longer, mineToo, mine]);
        ITaskStore store = storage.Tasks;

        var found = new List<string>();
        await foreach (var item in store.ListByLeaseAsync(mine.DistrictCode, "FS-7"))
        {
            found.Add(item.Item!.Id);
        }

        Assert.Equal([mine.Id, mineToo.Id], found);
        Assert.All([mine, mineToo], t => Assert.Equal("FS-7", t.LeaseId));
    }
}
