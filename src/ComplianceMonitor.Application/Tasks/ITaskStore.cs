using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Storage;
namespace ComplianceMonitor.Application.Tasks;

/// <summary>The enforcement tasks, partitioned by district; a task's id is its alert's key.</summary>
public interface ITaskStore : IPartitionedStore<EnforcementTask>
{
    /// <summary>Streams a district's active tasks (open or acknowledged) in one paged query.</summary>
    IAsyncEnumerable<StoreReadItem<EnforcementTask>> ReadActiveAsync(string districtCode, CancellationToken cancellationToken = default);

    /// <summary>Streams a district's active tasks whose due date is before <paramref name="today"/> (those that may be due for escalation); an unreadable entity is yielded with its error.</summary>
    /// <remarks>The default filters <see cref="ReadActiveAsync"/>; stores override it with a server-side filter.</remarks>
    async IAsyncEnumerable<StoreReadItem<EnforcementTask>> ReadActivePastDueAsync(string districtCode, DateOnly today, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var item in ReadActiveAsync(districtCode, cancellationToken).ConfigureAwait(false))
        {
            if (item.Item is not { } task || task.DueOn < today)
            {
                yield return item;
            }
        }
    }

    /// <summary>Streams a district's tasks, optionally only those in <paramref name="state"/>.</summary>
    IAsyncEnumerable<StoreReadItem<EnforcementTask>> ListAsync(string districtCode, TaskState? state = null, CancellationToken cancellationToken = default);

    /// <summary>Finds a task by id in any district, or null.</summary>
    Task<EnforcementTask?> FindAsync(string id, CancellationToken cancellationToken = default);
}
