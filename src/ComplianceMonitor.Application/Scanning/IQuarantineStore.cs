using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Tasks;
namespace ComplianceMonitor.Application.Scanning;

/// <summary>The leases a scan could not read or evaluate, partitioned by district and keyed by lease id.</summary>
public interface IQuarantineStore
{
    /// <summary>Records (creates or replaces) the entries, in batches per district.</summary>
    Task PutManyAsync(string districtCode, IReadOnlyList<QuarantineEntry> entries, CancellationToken cancellationToken = default);

    /// <summary>Removes the entries of <paramref name="leaseIds"/> (leases that read and evaluate again); absent ones are ignored.</summary>
    Task RemoveManyAsync(string districtCode, IReadOnlyList<string> leaseIds, CancellationToken cancellationToken = default);

    /// <summary>Streams a district's quarantined leases.</summary>
    IAsyncEnumerable<QuarantineEntry> ListAsync(string districtCode, CancellationToken cancellationToken = default);
}
