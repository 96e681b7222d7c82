using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Application.Tasks;

namespace ComplianceMonitor.Application.Scanning;

/// <summary>Scan step 4: resolves the alerts whose finding is gone: first their reminders not yet sent, then their tasks, then the alerts.</summary>
/// <remarks>Reminders stop before the alert is marked, so a crash in between is retried by the next scan.</remarks>
internal sealed class AlertResolver
{
    private static readonly OutboxStatus[] CancellableStatuses = [OutboxStatus.Pending, OutboxStatus.Held];

    private readonly ScanContext _scan;
    private readonly EtagRetry _retry;
    private int _alertsResolved;
    private int _outboxSuperseded;
    private int _tasksResolved;

    public AlertResolver(ScanContext scan, EtagRetry retry)
    {
        _scan = scan;
        _retry = retry;
    }

    /// <summary>The writes so far.</summary>
    public ResolutionCounts Counts => new(_alertsResolved, _outboxSuperseded, _tasksResolved);

    private ScanDependencies Deps => _scan.Deps;

    /// <summary>Resolves <paramref name="gone"/>; <paramref name="activeTasks"/> holds their tasks.</summary>
    /// <returns>The ids of the tasks resolved.</returns>
    public async Task<HashSet<string>> ResolveAsync(List<Alert> gone, Dictionary<string, EnforcementTask> activeTasks, CancellationToken cancellationToken)
    {
        var resolvedTasks = new HashSet<string>(StringComparer.Ordinal);
        if (gone.Count == 0)
        {
            return resolvedTasks;
        }

        // 1. Reminders not yet sent stop.
        if (gone.Any(a => a.QueuedStages.Count > 0))
        {
            var keys = gone.Select(a => a.Key).ToHashSet(StringComparer.Ordinal);
            var cancel = new List<OutboxEntry>();
            await foreach (var item in Deps.Outbox.ListAsync(_scan.District, CancellableStatuses, cancellationToken).ConfigureAwait(false))
            {
                if (item.Item is { } entry && keys.Contains(entry.AlertKey))
                {
                    cancel.Add(Supersede(entry));
                }
            }

            if (cancel.Count > 0)
            {
                _outboxSuperseded += await _retry.UpdateAsync(
                    Deps.Outbox,
                    cancel,
                    e => e.Status is OutboxStatus.Pending or OutboxStatus.Held ? Supersede(e) : null,
                    e => e.LeaseId,
                    "reminder cancellation",
                    cancellationToken).ConfigureAwait(false);
            }
        }

        // 2. The breach's task is resolved automatically.
        var tasks = gone
            .Where(a => a.TaskId is not null && activeTasks.ContainsKey(a.TaskId))
            .Select(a => ResolveTask(activeTasks[a.TaskId!]))
            .ToList();
        if (tasks.Count > 0)
        {
            _tasksResolved += await _retry.UpdateAsync(
                Deps.Tasks,
                tasks,
                t => t.IsActive ? ResolveTask(t) : null,
                t => t.LeaseId,
                "task resolution",
                cancellationToken).ConfigureAwait(false);
            resolvedTasks.UnionWith(tasks.Select(t => t.Id));
        }

        // 3. The alerts.
        _alertsResolved += await _retry.UpdateAsync(
            Deps.Alerts,
            [.. gone.Select(a => AlertReconciler.Resolve(a, _scan.AsOf))],
            a => a.State == AlertState.Open ? AlertReconciler.Resolve(a, _scan.AsOf) : null,
            a => a.LeaseId,
            "alert resolution",
            cancellationToken).ConfigureAwait(false);
        foreach (var a in gone)
        {
            ScanLog.AlertResolved(_scan.Logger, a.Key);
        }

        return resolvedTasks;
    }

    private static OutboxEntry Supersede(OutboxEntry entry) => entry with { Status = OutboxStatus.Superseded, NextAttemptAt = null };

    private EnforcementTask ResolveTask(EnforcementTask task) => task.Resolve(EnforcementTask.SystemActor, _scan.Now, _scan.ResolutionNotes.GetValueOrDefault(task.Id, EnforcementTask.ObligationMetNote));
}
