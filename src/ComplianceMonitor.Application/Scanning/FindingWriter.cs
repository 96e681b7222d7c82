using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Tasks;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Records;

namespace ComplianceMonitor.Application.Scanning;

/// <summary>Scan step 3: plans every finding against its stored alert and writes the plans; conflicts are re-read and planned again.</summary>
/// <remarks>
/// Order makes a crash or a second concurrent scan safe: reminders and tasks are inserted first (deterministic ids,
/// conditional inserts, an existing one is left as it is), then the alert records them under its ETag. A dispatch
/// pass that meets a reminder before its alert records it leaves it waiting (see the dispatcher).
/// </remarks>
internal sealed class FindingWriter
{
    private readonly ScanContext _scan;
    private readonly OpenAlertLoader _loader;
    private readonly EtagRetry _retry;
    private int _alertsCreated;
    private int _alertsUpdated;
    private int _outboxQueued;
    private int _tasksOpened;

    public FindingWriter(ScanContext scan, OpenAlertLoader loader, EtagRetry retry)
    {
        _scan = scan;
        _loader = loader;
        _retry = retry;
    }

    /// <summary>The writes so far.</summary>
    public WriteCounts Counts => new(_alertsCreated, _alertsUpdated, _outboxQueued, _tasksOpened);

    private ScanDependencies Deps => _scan.Deps;

    /// <summary>Plans each finding of <paramref name="leases"/> against its stored alert; returns the plans with work and the keys of every finding seen.</summary>
    /// <remarks>A finding whose stored alert could not be read is left alone (it is seen, so its alert is not resolved either).</remarks>
    public (List<FindingWork> Work, HashSet<string> Seen) Plan(List<EvaluatedLease> leases, OpenAlerts alerts)
    {
        var work = new List<FindingWork>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var lease in leases)
        {
            foreach (var finding in lease.Findings)
            {
                var key = AlertKey.For(lease.Record.LeaseId, finding.Rule, finding.Subject);
                if (!seen.Add(key))
                {
                    _scan.Warn($"lease {lease.Record.LeaseId}: two findings share the alert key {key}; the second was ignored");
                    continue;
                }

                if (alerts.Unreadable.Contains(key))
                {
                    continue;
                }

                alerts.ByKey.TryGetValue(key, out var stored);
                var plan = Deps.Reconciler.Plan(stored, lease.Record, finding, _scan.AsOf, _scan.Now, Deps.Engine.Revision);
                if (plan.HasWork)
                {
                    work.Add(new FindingWork(lease.Record, finding, plan));
                }
            }
        }

        return (work, seen);
    }

    /// <summary>Writes the plans: reminders, then tasks, then the alerts that record them; conflicts are re-read and planned again.</summary>
    public Task WriteAsync(List<FindingWork> work, CancellationToken cancellationToken) =>
        _retry.RunAsync(
            work,
            round => WriteRoundAsync(round, cancellationToken),
            w => w.Lease.LeaseId,
            left => $"{left.Count} alert(s) still conflicted after {EtagRetry.MaxRounds} rounds; the next scan retries them (first: {left[0].Plan.Alert.Key})");

    private async Task<List<FindingWork>> WriteRoundAsync(List<FindingWork> work, CancellationToken cancellationToken)
    {
        await QueueRemindersAsync(work, cancellationToken).ConfigureAwait(false);
        await OpenTasksAsync(work, cancellationToken).ConfigureAwait(false);

        var retry = new List<FindingWork>();
        var creates = work.Where(w => w.Plan.IsNew).ToList();
        if (creates.Count > 0)
        {
            var results = await Deps.Alerts.CreateManyAsync(_scan.District, [.. creates.Select(w => w.Plan.Alert)], cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < results.Count; i++)
            {
                if (results[i].Outcome == WriteOutcome.Created)
                {
                    _alertsCreated++;
                    ScanLog.AlertOpened(_scan.Logger, creates[i].Plan.Alert.Key, creates[i].Finding.Rule, creates[i].Finding.Status);
                }
                else
                {
                    retry.Add(creates[i]);
                }
            }
        }

        var updates = work.Where(w => !w.Plan.IsNew).ToList();
        if (updates.Count > 0)
        {
            var results = await Deps.Alerts.UpdateManyAsync(_scan.District, [.. updates.Select(w => w.Plan.Alert)], cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < results.Count; i++)
            {
                if (results[i].Outcome == WriteOutcome.Updated)
                {
                    _alertsUpdated++;
                }
                else
                {
                    retry.Add(updates[i]);
                }
            }
        }

        if (retry.Count == 0)
        {
            return retry;
        }

        // Someone else wrote these alerts (a concurrent scan, a crash before this one): read them again and re-plan.
        ScanLog.Conflicts(_scan.Logger, _scan.District, retry.Count);
        var fresh = await _loader.RereadAsync([.. retry.Select(w => w.Plan.Alert.Key)], cancellationToken).ConfigureAwait(false);
        var next = new List<FindingWork>();
        foreach (var w in retry)
        {
            fresh.TryGetValue(w.Plan.Alert.Key, out var stored);
            var plan = Deps.Reconciler.Plan(stored, w.Lease, w.Finding, _scan.AsOf, _scan.Now, Deps.Engine.Revision);
            if (plan.HasWork)
            {
                next.Add(w with { Plan = plan });
            }
        }

        return next;
    }

    private async Task QueueRemindersAsync(List<FindingWork> work, CancellationToken cancellationToken)
    {
        var entries = work.SelectMany(w => w.Plan.Outbox).ToList();
        if (entries.Count == 0)
        {
            return;
        }

        var results = await Deps.Outbox.CreateManyAsync(_scan.District, entries, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < results.Count; i++)
        {
            if (results[i].Outcome == WriteOutcome.Created)
            {
                _outboxQueued++;
                ScanLog.ReminderQueued(_scan.Logger, entries[i].Stage, entries[i].AlertKey, entries[i].Channel, entries[i].MaskedRecipient);
            }
        }
    }

    private async Task OpenTasksAsync(List<FindingWork> work, CancellationToken cancellationToken)
    {
        var tasks = work.Where(w => w.Plan.TaskToOpen is not null).Select(w => w.Plan.TaskToOpen!).ToList();
        if (tasks.Count == 0)
        {
            return;
        }

        var results = await Deps.Tasks.CreateManyAsync(_scan.District, tasks, cancellationToken).ConfigureAwait(false);
        var reopen = new List<EnforcementTask>();
        var dueOn = new Dictionary<string, DateOnly>(StringComparer.Ordinal);
        for (var i = 0; i < results.Count; i++)
        {
            if (results[i].Outcome == WriteOutcome.Created)
            {
                _tasksOpened++;
                ScanLog.TaskOpened(_scan.Logger, tasks[i].Id, tasks[i].Department, tasks[i].DueOn);
                continue;
            }

            // The task exists: opened by a concurrent scan (nothing to do), or resolved with an earlier life of the alert.
            var existing = await Deps.Tasks.GetAsync(_scan.District, tasks[i].Id, cancellationToken).ConfigureAwait(false);
            if (existing is { State: TaskState.Resolved })
            {
                dueOn[existing.Id] = tasks[i].DueOn;
                reopen.Add(Reopen(existing, tasks[i].DueOn));
            }
        }

        if (reopen.Count > 0)
        {
            _tasksOpened += await _retry.UpdateAsync(
                Deps.Tasks,
                reopen,
                t => t.State == TaskState.Resolved ? Reopen(t, dueOn[t.Id]) : null,
                t => t.LeaseId,
                "task reopen",
                cancellationToken).ConfigureAwait(false);
        }
    }

    // Due as the task would be opened today (TaskOpening: a RENEWAL_DECISION not yet late is due on its deadline).
    private EnforcementTask Reopen(EnforcementTask task, DateOnly dueOn) =>
        task.Reopen(_scan.AsOf, Deps.TaskOptions.DueDays, _scan.Now, "breach found again") with { DueOn = dueOn };
}

/// <summary>One finding's plan with the lease and finding it was planned from (to plan again after a conflict).</summary>
internal sealed record FindingWork(LeaseRecord Lease, Finding Finding, AlertPlan Plan);
