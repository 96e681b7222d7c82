using System.Runtime.CompilerServices;
using ComplianceMonitor.Application.Leases;
using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Infrastructure.Leases;

namespace ComplianceMonitor.Testing.InMemory;

/// <summary>In-memory <see cref="ILeaseStore"/> and <see cref="ILeaseScanStateStore"/>, with the table store's semantics.</summary>
/// <remarks>
/// A lease id belongs to one district (<see cref="LeaseDistrictConflictException"/>); unchanged content writes
/// nothing and keeps the fingerprint; a replace drops the fingerprint; a fingerprint is written only under the
/// lease's ETag as read, and writing it changes the ETag (a merge is a write).
/// </remarks>
public sealed class InMemoryLeaseStore(InMemoryStorage storage) : ILeaseStore, ILeaseScanStateStore
{
    private readonly SortedDictionary<(string District, string LeaseId), Row> _rows = new(PartitionKeyComparer.Instance);
    private readonly Dictionary<string, string> _index = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Stores lease <paramref name="leaseId"/> of the district as an unreadable row (a record the reader refuses), for tests of quarantine.</summary>
    public void PutUnreadable(string districtCode, string leaseId, string error)
    {
        lock (_gate)
        {
            _rows[(districtCode, leaseId)] = new Row(null, storage.NextETag(), null, error);
        }
    }

    public async Task<StoredLease?> GetAsync(string districtCode, string leaseId, CancellationToken cancellationToken = default)
    {
        await storage.StepAsync("leases.Get").ConfigureAwait(false);
        lock (_gate)
        {
            return _rows.TryGetValue((districtCode, leaseId), out var row) && row.Record is { } r ? new StoredLease(r, row.ETag) : null;
        }
    }

    public async Task<StoredLease?> FindAsync(string leaseId, CancellationToken cancellationToken = default)
    {
        await storage.StepAsync("leases.Find").ConfigureAwait(false);
        lock (_gate)
        {
            return _index.TryGetValue(leaseId, out var district) && _rows.TryGetValue((district, leaseId), out var row) && row.Record is { } r
                ? new StoredLease(r, row.ETag)
                : null;
        }
    }

    public async Task<UpsertOutcome> UpsertAsync(LeaseRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        await storage.StepAsync("leases.Upsert").ConfigureAwait(false);
        var json = LeaseRecordJson.Serialize(record);
        lock (_gate)
        {
            if (_index.TryGetValue(record.LeaseId, out var district) && district != record.DistrictCode)
            {
                throw new LeaseDistrictConflictException(record.LeaseId, district, record.DistrictCode);
            }

            _index[record.LeaseId] = record.DistrictCode;
            if (_rows.TryGetValue((record.DistrictCode, record.LeaseId), out var row) && row.Record is not null)
            {
                if (row.Json == json)
                {
                    return UpsertOutcome.Unchanged;
                }

                _rows[(record.DistrictCode, record.LeaseId)] = new Row(record, storage.NextETag(), json, null);
                return UpsertOutcome.Updated;
            }

            _rows[(record.DistrictCode, record.LeaseId)] = new Row(record, storage.NextETag(), json, null);
            return row is null ? UpsertOutcome.Created : UpsertOutcome.Updated;
        }
    }

    public async Task<string> ReplaceAsync(LeaseRecord record, string expectedETag, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentException.ThrowIfNullOrEmpty(expectedETag);
        await storage.StepAsync("leases.Replace").ConfigureAwait(false);
        lock (_gate)
        {
            if (!_rows.TryGetValue((record.DistrictCode, record.LeaseId), out var row) || row.ETag != expectedETag)
            {
                throw new LeaseVersionMismatchException(record.DistrictCode, record.LeaseId, expectedETag);
            }

            var etag = storage.NextETag();
            _rows[(record.DistrictCode, record.LeaseId)] = new Row(record, etag, LeaseRecordJson.Serialize(record), null);
            return etag;
        }
    }

    public async IAsyncEnumerable<LeaseReadItem> ReadDistrictAsync(string districtCode, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var item in ReadDistrictForScanAsync(districtCode, cancellationToken).ConfigureAwait(false))
        {
            yield return item.Item;
        }
    }

    public async IAsyncEnumerable<ScanLeaseItem> ReadDistrictForScanAsync(string districtCode, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(districtCode);
        await storage.StepAsync("leases.ReadDistrict").ConfigureAwait(false);
        List<(string LeaseId, Row Row)> rows;
        lock (_gate)
        {
            rows = [.. _rows.Where(kv => kv.Key.District == districtCode).Select(kv => (kv.Key.LeaseId, kv.Value))];
        }

        foreach (var (leaseId, row) in rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var item = row.Record is { } r ? new LeaseReadItem(new StoredLease(r, row.ETag), leaseId, null) : new LeaseReadItem(null, leaseId, row.Error);
            yield return new ScanLeaseItem(item, row.ScanState);
        }
    }

    public async Task<int> WriteScanStatesAsync(string districtCode, IReadOnlyList<LeaseScanState> states, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(states);
        await storage.StepAsync("leases.WriteScanStates").ConfigureAwait(false);
        var written = 0;
        lock (_gate)
        {
            foreach (var s in states)
            {
                if (_rows.TryGetValue((districtCode, s.LeaseId), out var row) && row.ETag == s.ETag)
                {
                    _rows[(districtCode, s.LeaseId)] = row with { ETag = storage.NextETag(), ScanState = s.State };
                    written++;
                }
            }
        }

        return written;
    }

    /// <summary>The stored fingerprint of a lease (no step: for assertions).</summary>
    public string? ScanStateOf(string districtCode, string leaseId)
    {
        lock (_gate)
        {
            return _rows.TryGetValue((districtCode, leaseId), out var row) ? row.ScanState : null;
        }
    }

    private sealed record Row(LeaseRecord? Record, string ETag, string? Json, string? Error)
    {
        public string? ScanState { get; init; }
    }
}
