using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Storage;
namespace ComplianceMonitor.Application.Tasks;

/// <summary>The enforcement tasks, partitioned by district; a task's id is its alert's key.</summary>
public interface ITaskStore : IPartitionedStore<EnforcementTask>
{
    /// <summary>Streams a district's active tasks (open or acknowledged) in one paged query.</summary>
    IAsyncEnumerable<StoreReadItem<EnforcementTask>> ReadActiveAsync(string districtCode, CancellationToken cancellationToken = default);

    /// <summary>
    /// Streams, in one query, what a scan reads of a district's tasks: the active tasks whose due date is before
    /// <paramref name="today"/> (those that may be due for escalation) and the tasks a person resolved that the next scan has still
    /// to check (<see cref="EnforcementTask.AwaitsScan"/>); an unreadable entity is yielded with its error.
    /// </summary>
    /// <remarks>The default filters <see cref="ListAsync"/>; stores override it with a server-side filter.</remarks>
    async IAsyncEnumerable<StoreReadItem<EnforcementTask>> ReadForScanAsync(string districtCode, DateOnly today, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var item in ListAsync(districtCode, null, cancellationToken).ConfigureAwait(false))
        {
            if (item.Item is not { } task || (task.IsActive && task.DueOn < today) || task is { State: TaskState.Resolved, AwaitsScan: true })
            {
                yield return item;
            }
        }
    }

    /// <summary>Streams a district's tasks, optionally only those in <paramref name="state"/>.</summary>
    IAsyncEnumerable<StoreReadItem<EnforcementTask>> ListAsync(string districtCode, TaskState? state = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Streams the tasks of one lease (every state): a task's key is its alert's key, so they are the key range
    /// <see cref="AlertKey.LeaseRangeStart"/>..<see cref="AlertKey.LeaseRangeEnd"/>; an unreadable entity in it is yielded with its error.
    /// </summary>
    /// <remarks>The default filters <see cref="ListAsync"/>; stores override it with a server-side range query.</remarks>
    async IAsyncEnumerable<StoreReadItem<EnforcementTask>> ListByLeaseAsync(string districtCode, string leaseId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var start = AlertKey.LeaseRangeStart(leaseId);
        var end = AlertKey.LeaseRangeEnd(leaseId);
        await foreach (var item in ListAsync(districtCode, null, cancellationToken).ConfigureAwait(false))
        {
            if (string.CompareOrdinal(item.Key, start) >= 0 && string.CompareOrdinal(item.Key, end) < 0)
            {
                yield return item;
            }
        }
    }

    /// <summary>Finds a task in any district by its short id (<c>T-…</c>, any case) or its key (the alert key), or null.</summary>
    Task<EnforcementTask?> FindAsync(string id, CancellationToken cancellationToken = default);
}
