using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using ComplianceMonitor.Application.Digest;
using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Tasks;

namespace ComplianceMonitor.Testing.InMemory;

/// <summary>In-memory <see cref="IAlertStore"/>.</summary>
public sealed class InMemoryAlertStore(InMemoryStorage storage) : InMemoryPartitionedStore<Alert>(storage, "alerts"), IAlertStore
{
    public IAsyncEnumerable<StoreReadItem<Alert>> ReadOpenAsync(string districtCode, CancellationToken cancellationToken = default) =>
        StreamAsync("ReadOpen", districtCode, a => a.State == AlertState.Open, cancellationToken);

    public IAsyncEnumerable<StoreReadItem<Alert>> ListAsync(string districtCode, AlertState? state = null, CancellationToken cancellationToken = default) =>
        StreamAsync("List", districtCode, a => state is null || a.State == state, cancellationToken);

    public IAsyncEnumerable<StoreReadItem<Alert>> ReadOpenByLeaseAsync(string districtCode, string leaseId, CancellationToken cancellationToken = default)
    {
        var start = AlertKey.LeaseRangeStart(leaseId);
        return StreamAsync("ReadOpenByLease", districtCode, a => a.State == AlertState.Open && a.Key.StartsWith(start, StringComparison.Ordinal), cancellationToken);
    }

    public async IAsyncEnumerable<Alert> ListByLeaseAsync(string districtCode, string leaseId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var start = AlertKey.LeaseRangeStart(leaseId);
        await foreach (var item in StreamAsync("ListByLease", districtCode, a => a.Key.StartsWith(start, StringComparison.Ordinal), cancellationToken).ConfigureAwait(false))
        {
            yield return item.Item!;
        }
    }

    protected override Alert WithETag(Alert item, string etag) => item with { ETag = etag };
}

/// <summary>In-memory <see cref="ITaskStore"/>.</summary>
public sealed class InMemoryTaskStore(InMemoryStorage storage) : InMemoryPartitionedStore<EnforcementTask>(storage, "tasks"), ITaskStore
{
    public IAsyncEnumerable<StoreReadItem<EnforcementTask>> ReadActiveAsync(string districtCode, CancellationToken cancellationToken = default) =>
        StreamAsync("ReadActive", districtCode, t => t.IsActive, cancellationToken);

    public IAsyncEnumerable<StoreReadItem<EnforcementTask>> ReadForScanAsync(string districtCode, DateOnly today, CancellationToken cancellationToken = default) =>
        StreamAsync("ReadForScan", districtCode, t => (t.IsActive && t.DueOn < today) || t is { State: TaskState.Resolved, AwaitsScan: true }, cancellationToken);

    public IAsyncEnumerable<StoreReadItem<EnforcementTask>> ListAsync(string districtCode, TaskState? state = null, CancellationToken cancellationToken = default) =>
        StreamAsync("List", districtCode, t => state is null || t.State == state, cancellationToken);

    public Task<EnforcementTask?> FindAsync(string id, CancellationToken cancellationToken = default) =>
        TaskShortId.TryNormalize(id, out var shortId) ? FindAnyWhereAsync(t => t.ShortId == shortId) : FindAnyAsync(id);

    // As the table store: a task written without a short id (stored before short ids) gets one.
    protected override EnforcementTask WithETag(EnforcementTask item, string etag) =>
        item with { ETag = etag, ShortId = item.ShortId ?? TaskShortId.Derive(item.DistrictCode, item.Id) };
}

/// <summary>In-memory <see cref="IOutboxStore"/>.</summary>
public sealed class InMemoryOutboxStore(InMemoryStorage storage) : InMemoryPartitionedStore<OutboxEntry>(storage, "outbox"), IOutboxStore
{
    public IAsyncEnumerable<StoreReadItem<OutboxEntry>> ListAsync(string districtCode, IReadOnlyCollection<OutboxStatus>? statuses = null, CancellationToken cancellationToken = default) =>
        StreamAsync("List", districtCode, o => statuses is null || statuses.Contains(o.Status), cancellationToken);

    protected override OutboxEntry WithETag(OutboxEntry item, string etag) => item with { ETag = etag };
}

/// <summary>In-memory <see cref="IRunStore"/> (create or replace, like the table's upsert).</summary>
public sealed class InMemoryRunStore(InMemoryStorage storage) : IRunStore
{
    private readonly ConcurrentDictionary<(string District, string RunId), ScanRun> _runs = new();

    public async Task PutAsync(ScanRun run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        await storage.StepAsync("runs.Put").ConfigureAwait(false);
        _runs[(run.DistrictCode, run.RunId)] = run;
    }

    public async Task<ScanRun?> GetAsync(string districtCode, string runId, CancellationToken cancellationToken = default)
    {
        await storage.StepAsync("runs.Get").ConfigureAwait(false);
        return _runs.GetValueOrDefault((districtCode, runId));
    }

    public async IAsyncEnumerable<ScanRun> ListAsync(string districtCode, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await storage.StepAsync("runs.List").ConfigureAwait(false);
        foreach (var run in _runs.Where(kv => kv.Key.District == districtCode).OrderBy(kv => kv.Key.RunId, StringComparer.Ordinal).Select(kv => kv.Value).ToList())
        {
            yield return run;
        }
    }
}

/// <summary>In-memory <see cref="IQuarantineStore"/>.</summary>
public sealed class InMemoryQuarantineStore(InMemoryStorage storage) : IQuarantineStore
{
    private readonly ConcurrentDictionary<(string District, string LeaseId), QuarantineEntry> _entries = new();

    public async Task PutManyAsync(string districtCode, IReadOnlyList<QuarantineEntry> entries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        await storage.StepAsync("quarantine.PutMany").ConfigureAwait(false);
        foreach (var e in entries)
        {
            _entries[(districtCode, e.LeaseId)] = e;
        }
    }

    public async Task RemoveManyAsync(string districtCode, IReadOnlyList<string> leaseIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(leaseIds);
        await storage.StepAsync("quarantine.RemoveMany").ConfigureAwait(false);
        foreach (var id in leaseIds)
        {
            _entries.TryRemove((districtCode, id), out _);
        }
    }

    public async IAsyncEnumerable<QuarantineEntry> ListAsync(string districtCode, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await storage.StepAsync("quarantine.List").ConfigureAwait(false);
        foreach (var e in _entries.Where(kv => kv.Key.District == districtCode).OrderBy(kv => kv.Key.LeaseId, StringComparer.Ordinal).Select(kv => kv.Value).ToList())
        {
            yield return e;
        }
    }
}

/// <summary>In-memory <see cref="IDigestRecordStore"/>: keyed by occurrence, so key order is occurrence order.</summary>
public sealed class InMemoryDigestRecordStore(InMemoryStorage storage) : InMemoryPartitionedStore<DigestRecord>(storage, "digests"), IDigestRecordStore
{
    public async Task<DigestRecord?> FindLatestSentBeforeAsync(string districtCode, DateTimeOffset before, TimeSpan lookBack, CancellationToken cancellationToken = default)
    {
        // The table store's query: row key in [key(before − lookBack), key(before)), status sent; the last in key order.
        var from = DigestRecord.KeyFor(before - lookBack);
        var to = DigestRecord.KeyFor(before);
        DigestRecord? latest = null;
        await foreach (var item in StreamAsync(
            "FindLatestSentBefore",
            districtCode,
            r => string.CompareOrdinal(r.Key, from) >= 0 && string.CompareOrdinal(r.Key, to) < 0 && r.Status == DigestRecordStatus.Sent,
            cancellationToken).ConfigureAwait(false))
        {
            latest = item.Item;
        }

        return latest;
    }

    public async IAsyncEnumerable<DigestRecord> ListAsync(string districtCode, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var item in StreamAsync("List", districtCode, _ => true, cancellationToken).ConfigureAwait(false))
        {
            yield return item.Item!;
        }
    }

    protected override DigestRecord WithETag(DigestRecord item, string etag) => item with { ETag = etag };
}
