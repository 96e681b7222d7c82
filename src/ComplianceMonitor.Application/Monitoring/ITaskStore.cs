namespace ComplianceMonitor.Application.Monitoring;

/// <summary>The enforcement tasks, partitioned by district; a task's id is its alert's key.</summary>
public interface ITaskStore : IPartitionedStore<EnforcementTask>
{
    /// <summary>Streams a district's active tasks (open or acknowledged) in one paged query.</summary>
    IAsyncEnumerable<StoreReadItem<EnforcementTask>> ReadActiveAsync(string districtCode, CancellationToken cancellationToken = default);

    /// <summary>Streams a district's tasks, optionally only those in <paramref name="state"/>.</summary>
    IAsyncEnumerable<StoreReadItem<EnforcementTask>> ListAsync(string districtCode, TaskState? state = null, CancellationToken cancellationToken = default);

    /// <summary>Finds a task by id in any district, or null.</summary>
    Task<EnforcementTask?> FindAsync(string id, CancellationToken cancellationToken = default);
}
