using ComplianceMonitor.Testing.InMemory;

namespace ComplianceMonitor.Infrastructure.Tests.Tasks;

/// <summary>Issue 11 part 5 end to end on the in-memory stores: a resolved task and the reminders agree (<see cref="TaskResolutionWorld"/>).</summary>
[Trait("Category", "unit")]
public sealed class TaskResolutionTests
{
    private static TaskResolutionWorld CreateSut()
    {
        var storage = new InMemoryStorage();
        return new TaskResolutionWorld(storage.Leases, storage.Leases, storage.Alerts, storage.Tasks, storage.Outbox, storage.Runs, storage.Quarantine, storage.LeaseHistory);
    }

    [Fact]
    public Task ResolveUnchanged_WhileRentUnpaid_NextScanReopensTheSameTaskWithANote_AndRemindersGoOn() =>
        CreateSut().RecordUnchanged_NextScanReopensTheSameTask_AndTheRemindersGoOnAsync();

    [Fact]
    public Task ResolveWithPayment_RecordsItOnTheLease_NextScanResolvesTheAlert_NoFurtherReminder() =>
        CreateSut().PaymentRecorded_NextScanResolvesTheAlert_NoFurtherReminder_ResolutionConfirmedAsync();
}
