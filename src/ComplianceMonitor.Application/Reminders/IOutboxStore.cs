using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Tasks;

namespace ComplianceMonitor.Application.Reminders;

/// <summary>The queued reminders, partitioned by district.</summary>
public interface IOutboxStore : IPartitionedStore<OutboxEntry>
{
    /// <summary>Streams a district's entries, optionally only those in one of <paramref name="statuses"/>.</summary>
    IAsyncEnumerable<StoreReadItem<OutboxEntry>> ListAsync(string districtCode, IReadOnlyCollection<OutboxStatus>? statuses = null, CancellationToken cancellationToken = default);
}
