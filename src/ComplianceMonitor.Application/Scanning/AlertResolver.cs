using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Application.Tasks;
using ComplianceMonitor.Domain.Rules;

namespace ComplianceMonitor.Application.Scanning;

/// <summary>Scan step 4: resolves the alerts whose finding is gone: first their reminders not yet sent, then their tasks, then the alerts.</summary>
/// <remarks>
/// Reminders stop before the alert is marked, so a crash in between is retried by the next scan. An alert gone because its
/// rule changed (<see cref="RuleRevision"/>) is closed as rule revised: its reminders are withdrawn rather than superseded
/// and its task is resolved with <see cref="RuleRevision.TaskNote"/>.
/// </remarks>
internal sealed class AlertResolver
{
    private static readonly OutboxStatus[] CancellableStatuses = [OutboxStatus.Pending, OutboxStatus.Held];

    private readonly ScanContext _scan;
    private readonly EtagRetry _retry;
    private int _alertsResolved;
    private int _outboxSuperseded;
    private int _tasksResolved;
    private int _alertsRuleRevised;
    private int _outboxWithdrawn;
    private IReadOnlySet<RuleCode>? _codes;

    public AlertResolver(ScanContext scan, EtagRetry retry)
    {
        _scan = scan;
        _retry = retry;
    }

    /// <summary>The writes so far.</summary>
    public ResolutionCounts Counts => new(_alertsResolved, _outboxSuperseded, _tasksResolved) { AlertsRuleRevised = _alertsRuleRevised, OutboxWithdrawn = _outboxWithdrawn };

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

        // Why each is gone: the obligation was met, or its rule changed since it was last seen (rule revised).
        _codes ??= RuleRevision.CodesOf(Deps.Engine);
        var revised = gone.Where(a => ResolutionOf(a) == AlertResolution.RuleRevised).Select(a => a.Key).ToHashSet(StringComparer.Ordinal);

        // 1. Reminders not yet sent stop: superseded (met) or withdrawn (rule revised).
        if (gone.Any(a => a.QueuedStages.Count > 0))
        {
            var keys = gone.Select(a => a.Key).ToHashSet(StringComparer.Ordinal);
            var cancel = new List<OutboxEntry>();
            await foreach (var item in Deps.Outbox.ListAsync(_scan.District, CancellableStatuses, cancellationToken).ConfigureAwait(false))
            {
                if (item.Item is { } entry && keys.Contains(entry.AlertKey))
                {
                    cancel.Add(Cancel(entry, revised));
                }
            }

            // One round per outcome, so that each count is what was written.
            foreach (var group in cancel.GroupBy(e => e.Status).ToList())
            {
                var updated = await _retry.UpdateAsync(
                    Deps.Outbox,
                    group.ToList(),
                    e => e.Status is OutboxStatus.Pending or OutboxStatus.Held ? Cancel(e, revised) : null,
                    e => e.LeaseId,
                    "reminder cancellation",
                    cancellationToken).ConfigureAwait(false);
                if (group.Key == OutboxStatus.Withdrawn)
                {
                    _outboxWithdrawn += updated;
                }
                else
                {
                    _outboxSuperseded += updated;
                }
            }
        }

        // 2. The breach's task is resolved automatically.
        var tasks = gone
            .Where(a => a.TaskId is not null && activeTasks.ContainsKey(a.TaskId))
            .Select(a => ResolveTask(activeTasks[a.TaskId!], revised.Contains(a.Key)))
            .ToList();
        if (tasks.Count > 0)
        {
            var revisedTasks = gone.Where(a => a.TaskId is not null && revised.Contains(a.Key)).Select(a => a.TaskId!).ToHashSet(StringComparer.Ordinal);
            _tasksResolved += await _retry.UpdateAsync(
                Deps.Tasks,
                tasks,
                t => t.IsActive ? ResolveTask(t, revisedTasks.Contains(t.Id)) : null,
                t => t.LeaseId,
                "task resolution",
                cancellationToken).ConfigureAwait(false);
            resolvedTasks.UnionWith(tasks.Select(t => t.Id));
        }

        // 3. The alerts, one round per resolution, so that the count of those closed as rule revised is what was written.
        foreach (var group in gone.GroupBy(ResolutionOf).ToList())
        {
            var updated = await _retry.UpdateAsync(
                Deps.Alerts,
                [.. group.Select(a => AlertReconciler.Resolve(a, _scan.AsOf, group.Key))],
                a => a.State == AlertState.Open ? AlertReconciler.Resolve(a, _scan.AsOf, ResolutionOf(a)) : null,
                a => a.LeaseId,
                "alert resolution",
                cancellationToken).ConfigureAwait(false);
            _alertsResolved += updated;
            if (group.Key == AlertResolution.RuleRevised)
            {
                _alertsRuleRevised += updated;
            }
        }

        foreach (var a in gone)
        {
            if (revised.Contains(a.Key))
            {
                ScanLog.AlertRuleRevised(_scan.Logger, a.Key, a.Revision, Deps.Engine.Revision);
            }
            else
            {
                ScanLog.AlertResolved(_scan.Logger, a.Key);
            }
        }

        return resolvedTasks;
    }

    private AlertResolution ResolutionOf(Alert alert) => RuleRevision.ResolutionOf(alert, Deps.Engine.Revision, _codes ??= RuleRevision.CodesOf(Deps.Engine));

    private OutboxEntry Cancel(OutboxEntry entry, HashSet<string> revised) => revised.Contains(entry.AlertKey)
        ? entry with { Status = OutboxStatus.Withdrawn, NextAttemptAt = null, StatusReason = RuleRevision.WithdrawnReason(Deps.Engine.Revision) }
        : entry with { Status = OutboxStatus.Superseded, NextAttemptAt = null };

    // A rule-revised task says so; otherwise the note names the lease change that caused it, if any (LeaseChangeCause).
    private EnforcementTask ResolveTask(EnforcementTask task, bool ruleRevised) =>
        task.Resolve(EnforcementTask.SystemActor, _scan.Now, ruleRevised ? RuleRevision.TaskNote : _scan.ResolutionNotes.GetValueOrDefault(task.Id, EnforcementTask.ObligationMetNote));
}
