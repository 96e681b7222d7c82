using System.Text.Json;
using ComplianceMonitor.Application.Leases;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Infrastructure.Leases;
using ComplianceMonitor.Testing.Records;
using ComplianceMonitor.Testing.Storage;
using Microsoft.Extensions.Time.Testing;

namespace ComplianceMonitor.Infrastructure.Tests.Leases;

/// <summary>Every lease write records who and when; the history row is written before the lease and never lost.</summary>
[Trait("Category", "azurite")]
public sealed class LeaseWriterTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTimeOffset Now = new(2026, 3, 5, 2, 0, 0, TimeSpan.Zero);

    private static async Task<List<LeaseHistoryEntry>> HistoryAsync(ILeaseHistoryStore history, string district, string leaseId)
    {
        var list = new List<LeaseHistoryEntry>();
        await foreach (var e in history.ReadAsync(district, leaseId))
        {
            list.Add(e);
        }

        return list;
    }

    [Fact]
    public async Task Upsert_CreateChangeSameAgain_TwoAppliedEntriesWithActorChannelAndTime()
    {
        var factory = azurite.CreateFactory();
        var store = new TableLeaseStore(factory);
        var history = new TableLeaseHistoryStore(factory);
        var time = new FakeTimeProvider(Now);
        var writer = new LeaseWriter(store, new LeaseEventService(store), history, time);

        var created = await writer.UpsertAsync(SampleLeases.Create("FS-H-1"), "王芳", "api");
        time.Advance(TimeSpan.FromMinutes(5));
        var updated = await writer.UpsertAsync(SampleLeases.Create("FS-H-1", landUserName: "北京另一家科技有限公司"), "cli:ops@host", "cli import");
        var unchanged = await writer.UpsertAsync(SampleLeases.Create("FS-H-1", landUserName: "北京另一家科技有限公司"), "cli:ops@host", "cli import");
        var entries = await HistoryAsync(history, "110111", "FS-H-1");

        Assert.Equal((UpsertOutcome.Created, UpsertOutcome.Updated, UpsertOutcome.Unchanged), (created, updated, unchanged));
        Assert.Equal(2, entries.Count);
        Assert.Equal(("created", "王芳", "api", Now, LeaseHistoryState.Applied), (entries[0].Action, entries[0].Actor, entries[0].Channel, entries[0].At, entries[0].State));
        Assert.Equal(("updated", "cli:ops@host", "cli import", Now.AddMinutes(5), LeaseHistoryState.Applied), (entries[1].Action, entries[1].Actor, entries[1].Channel, entries[1].At, entries[1].State));
        Assert.StartsWith("sha256:", entries[1].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upsert_HistoryRowIsWrittenBeforeTheLease()
    {
        var factory = azurite.CreateFactory();
        var history = new TableLeaseHistoryStore(factory);
        var seen = new List<LeaseHistoryEntry>();
        var store = new ProbeStore(new TableLeaseStore(factory), async () => seen.AddRange(await HistoryAsync(history, "110111", "FS-H-2")));
        var writer = new LeaseWriter(store, new LeaseEventService(store), history, new FakeTimeProvider(Now));

        await writer.UpsertAsync(SampleLeases.Create("FS-H-2"), "王芳", "api");

        var pending = Assert.Single(seen);
        Assert.Equal(LeaseHistoryState.Pending, pending.State);
        Assert.Equal(LeaseHistoryState.Applied, Assert.Single(await HistoryAsync(history, "110111", "FS-H-2")).State);
    }

    [Fact]
    public async Task Upsert_WriteRefused_NoEntryLeftAndNothingStored()
    {
        var factory = azurite.CreateFactory();
        var store = new TableLeaseStore(factory);
        var history = new TableLeaseHistoryStore(factory);
        var writer = new LeaseWriter(store, new LeaseEventService(store), history, new FakeTimeProvider(Now));
        await writer.UpsertAsync(SampleLeases.Create("FS-H-3", "110111"), "王芳", "api");

        await Assert.ThrowsAsync<LeaseDistrictConflictException>(() => writer.UpsertAsync(SampleLeases.Create("FS-H-3", "110115"), "李雷", "api"));

        Assert.Empty(await HistoryAsync(history, "110115", "FS-H-3"));
        Assert.Null(await store.GetAsync("110115", "FS-H-3"));
        Assert.Single(await HistoryAsync(history, "110111", "FS-H-3"));
    }

    [Fact]
    public async Task AppendEvent_AppendedThenRepeated_OneEventEntryWithTypeAndDay()
    {
        var factory = azurite.CreateFactory();
        var store = new TableLeaseStore(factory);
        var history = new TableLeaseHistoryStore(factory);
        var time = new FakeTimeProvider(Now);
        var writer = new LeaseWriter(store, new LeaseEventService(store), history, time);
        await writer.UpsertAsync(SampleLeases.Create("FS-H-4"), "王芳", "api");
        time.Advance(TimeSpan.FromSeconds(1));
        using var doc = JsonDocument.Parse("""{ "type": "mortgage", "on": "2026-03-01", "ref": "京(2026)房山区不动产证明第0000001号" }""");

        var first = await writer.AppendEventAsync((await store.GetAsync("110111", "FS-H-4"))!, doc.RootElement, null, "王芳", "api");
        var again = await writer.AppendEventAsync((await store.GetAsync("110111", "FS-H-4"))!, doc.RootElement, null, "王芳", "api");
        var entries = await HistoryAsync(history, "110111", "FS-H-4");

        Assert.Equal(EventAppendOutcome.Appended, first.Outcome);
        Assert.NotEqual(EventAppendOutcome.Appended, again.Outcome);
        Assert.Equal(["created", "event"], entries.Select(e => e.Action));
        Assert.Equal("mortgage on 2026-03-01", entries[1].Detail);
    }

    /// <summary>Runs <c>probe</c> just before each upsert reaches the real store.</summary>
    private sealed class ProbeStore(ILeaseStore inner, Func<Task> probe) : ILeaseStore
    {
        public Task<StoredLease?> GetAsync(string districtCode, string leaseId, CancellationToken cancellationToken = default) => inner.GetAsync(districtCode, leaseId, cancellationToken);

        public Task<StoredLease?> FindAsync(string leaseId, CancellationToken cancellationToken = default) => inner.FindAsync(leaseId, cancellationToken);

        public async Task<UpsertOutcome> UpsertAsync(LeaseRecord record, CancellationToken cancellationToken = default)
        {
            await probe();
            return await inner.UpsertAsync(record, cancellationToken);
        }

        public Task<string> ReplaceAsync(LeaseRecord record, string expectedETag, CancellationToken cancellationToken = default) => inner.ReplaceAsync(record, expectedETag, cancellationToken);

        public IAsyncEnumerable<LeaseReadItem> ReadDistrictAsync(string districtCode, CancellationToken cancellationToken = default) => inner.ReadDistrictAsync(districtCode, cancellationToken);
    }
}
