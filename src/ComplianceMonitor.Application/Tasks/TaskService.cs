using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Storage;
namespace ComplianceMonitor.Application.Tasks;

/// <summary>Thrown when no enforcement task has the given id.</summary>
public sealed class TaskNotFoundException : KeyNotFoundException
{
    /// <summary>Creates the exception for task <paramref name="id"/>.</summary>
    public TaskNotFoundException(string id)
        : base($"id: no enforcement task has the id '{id}'.")
    {
        Id = id;
    }

    /// <summary>The id looked for.</summary>
    public string Id { get; }
}

/// <summary>Moves enforcement tasks through their life on behalf of a person (Flow 5): acknowledge, resolve, dismiss.</summary>
/// <remarks>Each move is an ETag-guarded update; when the task changed meanwhile (a scan escalated it) the move is re-read and re-applied.</remarks>
public sealed class TaskService
{
    private const int MaxAttempts = 4;
    private readonly ITaskStore _tasks;
    private readonly TimeProvider _time;

    /// <summary>Creates the service.</summary>
    public TaskService(ITaskStore tasks, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _tasks = tasks;
        _time = timeProvider;
    }

    /// <summary>Acknowledges an open task.</summary>
    public Task<EnforcementTask> AcknowledgeAsync(string id, string by, string? note = null, CancellationToken cancellationToken = default) =>
        MoveAsync(id, t => t.Acknowledge(by, _time.GetUtcNow(), note), cancellationToken);

    /// <summary>Resolves an open or acknowledged task.</summary>
    public Task<EnforcementTask> ResolveAsync(string id, string by, string? note = null, CancellationToken cancellationToken = default) =>
        MoveAsync(id, t => t.Resolve(by, _time.GetUtcNow(), note), cancellationToken);

    /// <summary>Dismisses an open or acknowledged task; <paramref name="reason"/> is required.</summary>
    public Task<EnforcementTask> DismissAsync(string id, string by, string reason, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new ArgumentException("reason: a reason is required to dismiss a task.", nameof(reason));
        }

        return MoveAsync(id, t => t.Dismiss(by, _time.GetUtcNow(), reason), cancellationToken);
    }

    private async Task<EnforcementTask> MoveAsync(string id, Func<EnforcementTask, EnforcementTask> move, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            throw new ArgumentException("id: a task id is required.", nameof(id));
        }

        for (var attempt = 1; ; attempt++)
        {
            var task = await _tasks.FindAsync(id, cancellationToken).ConfigureAwait(false) ?? throw new TaskNotFoundException(id);
            var moved = move(task);
            try
            {
                var etag = await _tasks.UpdateAsync(moved, cancellationToken).ConfigureAwait(false);
                return moved with { ETag = etag };
            }
            catch (ConcurrencyConflictException) when (attempt < MaxAttempts)
            {
                // Changed meanwhile (e.g. escalated by a scan): read it again and re-apply the move.
            }
        }
    }
}
