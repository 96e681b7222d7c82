using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Tasks;
namespace ComplianceMonitor.Application.Scanning;

/// <summary>The alerts, partitioned by district and keyed by <see cref="AlertKey"/>.</summary>
public interface IAlertStore : IPartitionedStore<Alert>
{
    /// <summary>Streams every open alert of a district (one paged query); an unreadable entity is yielded with its error, never thrown.</summary>
    IAsyncEnumerable<StoreReadItem<Alert>> ReadOpenAsync(string districtCode, CancellationToken cancellationToken = default);

    /// <summary>Streams a district's alerts, optionally only those in <paramref name="state"/>.</summary>
    IAsyncEnumerable<StoreReadItem<Alert>> ListAsync(string districtCode, AlertState? state = null, CancellationToken cancellationToken = default);

    /// <summary>Streams the open alerts of one lease (a row-key range of the district); an unreadable entity is yielded with its error, never thrown.</summary>
    /// <remarks>The default reads the district's open alerts and keeps the lease's; stores override it with a range query.</remarks>
    async IAsyncEnumerable<StoreReadItem<Alert>> ReadOpenByLeaseAsync(string districtCode, string leaseId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var prefix = AlertKey.LeaseRangeStart(leaseId);
        await foreach (var item in ReadOpenAsync(districtCode, cancellationToken).ConfigureAwait(false))
        {
            if (item.Key.StartsWith(prefix, StringComparison.Ordinal))
            {
                yield return item;
            }
        }
    }

    /// <summary>Streams the alerts of one lease (a row-key range of the district).</summary>
    IAsyncEnumerable<Alert> ListByLeaseAsync(string districtCode, string leaseId, CancellationToken cancellationToken = default);
}
