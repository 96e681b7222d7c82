using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Tasks;
using ComplianceMonitor.Application.Leases;

namespace ComplianceMonitor.Application.Scanning;

/// <summary>
/// The scan's port to the leases (implemented by the lease store beside <see cref="ILeaseStore"/>): the district's
/// leases, each with the <see cref="ScanState"/> fingerprint written by the last scan that reconciled its alerts.
/// </summary>
/// <remarks>
/// <para>A scan reads the fingerprints with the leases and reads the stored alerts only of the leases whose
/// fingerprint changed (see <see cref="ScanState"/>); a lease without a fingerprint is compared in full.</para>
/// <para>The fingerprint is derived data: losing it (an import replacing the record, a failed write) only makes the
/// next scan compare that lease's alerts in full.</para>
/// </remarks>
public interface ILeaseScanStateStore
{
    /// <summary>Streams every lease of a district like <see cref="ILeaseStore.ReadDistrictAsync"/>, each with its stored fingerprint (or null).</summary>
    IAsyncEnumerable<ScanLeaseItem> ReadDistrictForScanAsync(string districtCode, CancellationToken cancellationToken = default);

    /// <summary>Writes fingerprints, each only if the lease is still the version read (its ETag); a lease changed since is skipped.</summary>
    /// <returns>How many fingerprints were written.</returns>
    Task<int> WriteScanStatesAsync(string districtCode, IReadOnlyList<LeaseScanState> states, CancellationToken cancellationToken = default);
}

/// <summary>A lease as read for a scan, with the stamp of its last reconciliation (null when none); the record is parsed only when asked for.</summary>
/// <remarks>A scan that finds the stamp still holds for its day (<see cref="ScanStamp"/>) never asks for <see cref="Item"/>: the lease is neither parsed nor evaluated.</remarks>
public sealed class ScanLeaseItem
{
    private Func<LeaseReadItem>? _read;
    private LeaseReadItem? _item;

    /// <summary>A lease already read.</summary>
    /// <param name="item">The lease or its read error.</param>
    /// <param name="scanState">The stored stamp (<see cref="ScanStamp"/>), or null.</param>
    public ScanLeaseItem(LeaseReadItem item, string? scanState)
    {
        _item = item ?? throw new ArgumentNullException(nameof(item));
        LeaseId = item.LeaseId;
        ScanState = scanState;
    }

    /// <summary>A lease parsed on first use of <see cref="Item"/>.</summary>
    /// <param name="leaseId">The lease id (the row key).</param>
    /// <param name="scanState">The stored stamp (<see cref="ScanStamp"/>), or null.</param>
    /// <param name="read">Parses the stored lease (or reports its read error); called at most once.</param>
    public ScanLeaseItem(string leaseId, string? scanState, Func<LeaseReadItem> read)
    {
        LeaseId = leaseId ?? throw new ArgumentNullException(nameof(leaseId));
        ScanState = scanState;
        _read = read ?? throw new ArgumentNullException(nameof(read));
    }

    /// <summary>The lease id.</summary>
    public string LeaseId { get; }

    /// <summary>The stored <see cref="ScanStamp"/> (or a bare fingerprint written before stamps), or null.</summary>
    public string? ScanState { get; }

    /// <summary>The lease or its read error (parsed now if not yet).</summary>
    public LeaseReadItem Item
    {
        get
        {
            if (_item is null)
            {
                _item = _read!();
                _read = null;
            }

            return _item;
        }
    }
}

/// <summary>The fingerprint to store for a lease, under the ETag of the lease as read.</summary>
/// <param name="LeaseId">The lease id.</param>
/// <param name="ETag">The ETag of the lease entity as read by the scan.</param>
/// <param name="State">The stamp (<see cref="ScanStamp.Format"/>) or a bare fingerprint.</param>
public readonly record struct LeaseScanState(string LeaseId, string ETag, string State);
