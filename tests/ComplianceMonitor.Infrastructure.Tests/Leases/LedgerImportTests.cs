using ComplianceMonitor.Application.Leases;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Infrastructure.Leases;
using ComplianceMonitor.Testing.Records;
using ComplianceMonitor.Testing.Storage;
using Microsoft.Extensions.Time.Testing;

namespace ComplianceMonitor.Infrastructure.Tests.Leases;

/// <summary>The ledger import use case (cm import, cm run, cm serve, the console) over the table stores.</summary>
[Trait("Category", "azurite")]
public sealed class LedgerImportTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTimeOffset Now = new(2026, 3, 5, 2, 0, 0, TimeSpan.Zero);

    private (LedgerImport Import, TableLeaseStore Store, TableLeaseHistoryStore History) CreateSut()
    {
        var factory = azurite.CreateFactory();
        var store = new TableLeaseStore(factory);
        var history = new TableLeaseHistoryStore(factory);
        var writer = new LeaseWriter(store, new LeaseEventService(store), history, new FakeTimeProvider(Now));
        return (new LedgerImport(store, writer), store, history);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    public async Task PlanAsync_NewUpdatedUnchangedOtherDistrict_EachClassifiedInLedgerOrder(int parallelism)
    {
        var (import, store, _) = CreateSut();
        await store.UpsertAsync(SampleLeases.Create("FS-LI-1"));
        await store.UpsertAsync(SampleLeases.Create("FS-LI-2"));
        await store.UpsertAsync(SampleLeases.Create("FS-LI-3", districtCode: "110112"));
        LeaseRecord[] ledger =
        [
            SampleLeases.Create("FS-LI-2", landUserName: "北京另一家科技有限公司"),
            SampleLeases.Create("FS-LI-1"),
            SampleLeases.Create("FS-LI-4"),
            SampleLeases.Create("FS-LI-3"),
        ];

        var plan = await import.PlanAsync(ledger, parallelism);

        Assert.Equal(
            [
                (0, "FS-LI-2", LedgerImportChange.Updated, (string?)null),
                (1, "FS-LI-1", LedgerImportChange.Unchanged, null),
                (2, "FS-LI-4", LedgerImportChange.New, null),
                (3, "FS-LI-3", LedgerImportChange.OtherDistrict, "110112"),
            ],
            plan.Select(p => (p.Index, p.Record.LeaseId, p.Change, p.StoredDistrict)));
        Assert.Equal([false, false, false, true], plan.Select(p => p.IsRefused));
    }

    [Fact]
    public async Task WriteAsync_NewChangedAndSame_CountsEachAndRecordsActorAndChannel()
    {
        var (import, store, history) = CreateSut();
        await store.UpsertAsync(SampleLeases.Create("FS-LI-5"));
        await store.UpsertAsync(SampleLeases.Create("FS-LI-6"));
        LeaseRecord[] ledger =
        [
            SampleLeases.Create("FS-LI-5"),
            SampleLeases.Create("FS-LI-6", landUserName: "北京另一家科技有限公司"),
            SampleLeases.Create("FS-LI-7"),
        ];
        var written = 0;

        var counts = await import.WriteAsync(ledger, "cli:ops@host", "cli import", parallelism: 8, onWritten: () => Interlocked.Increment(ref written));
        var again = await import.PlanAsync(ledger);

        Assert.Equal(new LedgerImportCounts(Created: 1, Updated: 1, Unchanged: 1), counts);
        Assert.Equal(3, written);
        Assert.All(again, p => Assert.Equal(LedgerImportChange.Unchanged, p.Change));
        var entries = new List<LeaseHistoryEntry>();
        await foreach (var e in history.ReadAsync("110111", "FS-LI-7"))
        {
            entries.Add(e);
        }

        var entry = Assert.Single(entries);
        Assert.Equal(("created", "cli:ops@host", "cli import", Now), (entry.Action, entry.Actor, entry.Channel, entry.At));
    }

    [Fact]
    public async Task WriteAsync_IdStoredUnderAnotherDistrict_StopsWithWrittenCountAndLeavesItThere()
    {
        var (import, store, _) = CreateSut();
        await store.UpsertAsync(SampleLeases.Create("FS-LI-9", districtCode: "110112"));
        LeaseRecord[] ledger = [SampleLeases.Create("FS-LI-8"), SampleLeases.Create("FS-LI-9")];

        var error = await Assert.ThrowsAsync<LedgerImportWriteException>(() => import.WriteAsync(ledger, "cli:ops@host", "cli import"));

        Assert.Equal(1, error.Written);
        var conflict = Assert.IsType<LeaseDistrictConflictException>(error.InnerException);
        Assert.Equal(("FS-LI-9", "110112"), (conflict.LeaseId, conflict.StoredDistrict));
        Assert.Equal("110112", (await store.FindAsync("FS-LI-9"))!.Record.DistrictCode);
        Assert.NotNull(await store.GetAsync("110111", "FS-LI-8"));
    }
}
