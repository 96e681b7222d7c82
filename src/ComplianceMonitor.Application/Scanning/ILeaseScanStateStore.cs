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

/// <summary>A lease as read for a scan, with the fingerprint of its last reconciliation (null when none).</summary>
/// <param name="Item">The lease or its read error.</param>
/// <param name="ScanState">The stored <see cref="ScanState"/> fingerprint, or null.</param>
public sealed record ScanLeaseItem(LeaseReadItem Item, string? ScanState);

/// <summary>The fingerprint to store for a lease, under the ETag of the lease as read.</summary>
/// <param name="LeaseId">The lease id.</param>
/// <param name="ETag">The ETag of the lease entity as read by the scan.</param>
/// <param name="State">The fingerprint.</param>
public readonly record struct LeaseScanState(string LeaseId, string ETag, string State);
