using ComplianceMonitor.Infrastructure.Leases;
using ComplianceMonitor.Infrastructure.Tests.Scanning;
using ComplianceMonitor.Testing.Storage;

namespace ComplianceMonitor.Infrastructure.Tests.Tasks;

/// <summary>Issue 11 part 5 end to end over Azurite (the table stores, short-id index included): <see cref="TaskResolutionWorld"/>.</summary>
[Trait("Category", "azurite")]
[Collection("azurite")]
public sealed class TaskResolutionTableTests(AzuriteFixture azurite)
{
    private TaskResolutionWorld CreateSut()
    {
        var host = new ScanHost(azurite);
        return new TaskResolutionWorld(host.Leases, host.Leases, host.Alerts, host.Tasks, host.Outbox, host.Runs, host.Quarantine, new TableLeaseHistoryStore(host.Factory));
    }

    [Fact]
    public Task ResolveUnchanged_WhileRentUnpaid_NextScanReopensTheSameTaskWithANote_AndRemindersGoOn() =>
        CreateSut().RecordUnchanged_NextScanReopensTheSameTask_AndTheRemindersGoOnAsync();

    [Fact]
    public Task ResolveWithPayment_RecordsItOnTheLease_NextScanResolvesTheAlert_NoFurtherReminder() =>
        CreateSut().PaymentRecorded_NextScanResolvesTheAlert_NoFurtherReminder_ResolutionConfirmedAsync();
}
