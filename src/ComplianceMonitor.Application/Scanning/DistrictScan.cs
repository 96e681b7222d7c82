using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Tasks;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Records;
using Microsoft.Extensions.Logging;

namespace ComplianceMonitor.Application.Scanning;

/// <summary>The work and counts of one scan of one district (see <see cref="ScanService"/>). Not thread-safe; one per call.</summary>
internal sealed class DistrictScan
{
    /// <summary>Rounds of re-read and re-plan after write conflicts before giving up (with a warning) until the next scan.</summary>
    private const int MaxRounds = 4;

    /// <summary>Above this many conflicted alerts, re-read the district's open alerts in one query rather than one by one.</summary>
    private const int BulkRereadThreshold = 16;

    /// <summary>Up to this many leases with a changed fingerprint, their open alerts are read lease by lease; above it, the district's open alerts in one paged query.</summary>
    private const int PerLeaseAlertReadLimit = 20;

    private static readonly OutboxStatus[] CancellableStatuses = [OutboxStatus.Pending, OutboxStatus.Held];

    private readonly ScanDependencies _deps;
    private readonly string _district;
    private readonly DateOnly _asOf;
    private readonly DateTimeOffset _now;
    private readonly List<EvaluatedLease> _evaluated = [];

    /// <summary>The ids of every lease read and evaluated (with fingerprints, <see cref="_evaluated"/> keeps only those to compare).</summary>
    private readonly HashSet<string> _evaluatedIds = new(StringComparer.Ordinal);
    private readonly List<QuarantineEntry> _quarantined = [];
    private readonly HashSet<string> _quarantinedIds = new(StringComparer.Ordinal);
    private readonly List<string> _warnings = [];

    /// <summary>Leases (by alert-key prefix) with a write left undone or an unreadable alert: their fingerprint is not stored.</summary>
    private readonly HashSet<string> _unsettled = new(StringComparer.Ordinal);
    private readonly string _runId;

    private int _leases;
    private int _findings;
    private int _alertsRead;
    private int _tasksRead;
    private int _alertsCreated;
    private int _alertsUpdated;
    private int _alertsResolved;
    private int _outboxQueued;
    private int _outboxSuperseded;
    private int _tasksOpened;
    private int _tasksResolved;
    private int _tasksEscalated;
    private int _quarantineReleased;
    private int _leasesCompared;
    private int _scanStatesWritten;

    public DistrictScan(ScanDependencies deps, string district, DateOnly asOf, string runId, DateTimeOffset now)
    {
        _runId = runId;
        _deps = deps;
        _district = district;
        _asOf = asOf;
        _now = now;
    }

    private ILogger Logger => _deps.Logger;

    /// <summary>Copies the counts, quarantined ids and warnings into <paramref name="run"/>.</summary>
    public ScanRun Fill(ScanRun run)
    {
        return run with
        {
            Leases = _leases,
            Findings = _findings,
            AlertsRead = _alertsRead,
            TasksRead = _tasksRead,
            AlertsCreated = _alertsCreated,
            AlertsUpdated = _alertsUpdated,
            AlertsResolved = _alertsResolved,
            OutboxQueued = _outboxQueued,
            OutboxSuperseded = _outboxSuperseded,
            TasksOpened = _tasksOpened,
            TasksResolved = _tasksResolved,
            TasksEscalated = _tasksEscalated,
            QuarantineReleased = _quarantineReleased,
            QuarantinedLeaseIds = [.. _quarantinedIds.Order(StringComparer.Ordinal)],
            Warnings = [.. _warnings],
        };
    }

    /// <summary>How many leases had their alerts compared (all of them without fingerprints).</summary>
    public int LeasesCompared => _leasesCompared;

    /// <summary>How many lease fingerprints this scan stored.</summary>
    public int ScanStatesWritten => _scanStatesWritten;

    public async Task ExecuteAsync(CancellationToken cancellationToken)
    {
        // Without fingerprints, the district's open alerts are read once, by partition, while the leases stream.
        // With them, only the alerts of leases whose fingerprint changed are read, once the leases are evaluated.
        var fingerprints = _deps.ScanStates is not null;
        var alertsTask = fingerprints ? null : LoadOpenAlertsAsync(cancellationToken);
        // With fingerprints, tasks are read for escalation only when past due; those of resolved alerts are fetched later.
        var tasksTask = LoadActiveTasksAsync(pastDueOnly: fingerprints, cancellationToken);
        var quarantineTask = LoadQuarantinedAsync(cancellationToken);
        OpenAlerts alerts;
        Dictionary<string, EnforcementTask> activeTasks;
        try
        {
            await EvaluateLeasesAsync(quarantineTask, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Observe every read even when the lease stream failed, so no fault goes unobserved.
            Task[] reads = alertsTask is null ? [tasksTask, quarantineTask] : [alertsTask, tasksTask, quarantineTask];
            try
            {
                await Task.WhenAll(reads).ConfigureAwait(false);
            }
            catch (Exception) when (reads.All(t => t.IsCompleted))
            {
                // Rethrown below through the awaits (or superseded by the lease stream's own exception).
            }
        }

        var quarantinedBefore = await quarantineTask.ConfigureAwait(false);
        List<EvaluatedLease> toCompare;
        if (alertsTask is not null)
        {
            alerts = await alertsTask.ConfigureAwait(false);
            toCompare = _evaluated;
        }
        else
        {
            // Only the leases to compare were kept (see EvaluateLeasesAsync).
            toCompare = _evaluated;
            alerts = await LoadOpenAlertsOfAsync(toCompare, cancellationToken).ConfigureAwait(false);
        }

        _leasesCompared = toCompare.Count;
        (activeTasks, var taskWarnings) = await tasksTask.ConfigureAwait(false);
        foreach (var w in alerts.Warnings.Concat(taskWarnings))
        {
            Warn(w);
        }

        foreach (var key in alerts.Unreadable)
        {
            var cut = key.IndexOf(AlertKey.Separator, StringComparison.Ordinal);
            _unsettled.Add(cut < 0 ? key : key[..(cut + 1)]);
        }

        // Plan every finding against its stored alert.
        var work = new List<FindingWork>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var lease in toCompare)
        {
            foreach (var finding in lease.Findings)
            {
                var key = AlertKey.For(lease.Record.LeaseId, finding.Rule, finding.Subject);
                if (!seen.Add(key))
                {
                    Warn($"lease {lease.Record.LeaseId}: two findings share the alert key {key}; the second was ignored");
                    continue;
                }

                if (alerts.Unreadable.Contains(key))
                {
                    continue;
                }

                alerts.ByKey.TryGetValue(key, out var stored);
                var plan = _deps.Reconciler.Plan(stored, lease.Record, finding, _asOf, _now);
                if (plan.HasWork)
                {
                    work.Add(new FindingWork(lease.Record, finding, plan));
                }
            }
        }

        await ApplyFindingsAsync(work, cancellationToken).ConfigureAwait(false);

        // Alerts whose finding is gone, except those of leases that could not be evaluated today.
        var gone = alerts.ByKey.Values
            .Where(a => !seen.Contains(a.Key) && !_quarantinedIds.Contains(a.LeaseId))
            .ToList();
        if (fingerprints)
        {
            await AddTasksOfAsync(gone, activeTasks, cancellationToken).ConfigureAwait(false);
        }

        var resolvedTaskIds = await ResolveAsync(gone, activeTasks, cancellationToken).ConfigureAwait(false);

        await EscalateAsync(activeTasks.Values.Where(t => !resolvedTaskIds.Contains(t.Id)), cancellationToken).ConfigureAwait(false);

        if (_quarantined.Count > 0)
        {
            await _deps.Quarantine.PutManyAsync(_district, _quarantined, cancellationToken).ConfigureAwait(false);
        }

        // Leases quarantined before that read and evaluated today leave the quarantine.
        var released = quarantinedBefore.Where(id => _evaluatedIds.Contains(id) && !_quarantinedIds.Contains(id)).ToList();
        if (released.Count > 0)
        {
            await _deps.Quarantine.RemoveManyAsync(_district, released, cancellationToken).ConfigureAwait(false);
            _quarantineReleased = released.Count;
        }

        // Last, once every write of the compared leases is done: the fingerprints of what they were reconciled to.
        if (_deps.ScanStates is { } scanStates)
        {
            var states = toCompare
                .Where(e => !string.Equals(e.StoredState, e.State, StringComparison.Ordinal) && !_unsettled.Contains(AlertKey.LeaseRangeStart(e.Record.LeaseId)))
                .Select(e => new LeaseScanState(e.Record.LeaseId, e.ETag, e.State!))
                .ToList();
            if (states.Count > 0)
            {
                _scanStatesWritten = await scanStates.WriteScanStatesAsync(_district, states, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Adds to <paramref name="activeTasks"/> the active tasks of <paramref name="gone"/> alerts not read yet: one by one when few, else all active tasks in one paged query.</summary>
    private async Task AddTasksOfAsync(List<Alert> gone, Dictionary<string, EnforcementTask> activeTasks, CancellationToken cancellationToken)
    {
        var missing = gone.Where(a => a.TaskId is not null && !activeTasks.ContainsKey(a.TaskId)).Select(a => a.TaskId!).Distinct(StringComparer.Ordinal).ToList();
        if (missing.Count == 0)
        {
            return;
        }

        if (missing.Count > PerLeaseAlertReadLimit)
        {
            var (all, warnings) = await LoadActiveTasksAsync(pastDueOnly: false, cancellationToken).ConfigureAwait(false);
            foreach (var w in warnings)
            {
                Warn(w);
            }

            foreach (var (id, task) in all)
            {
                activeTasks.TryAdd(id, task);
            }

            return;
        }

        var reads = missing.Select(id => _deps.Tasks.GetAsync(_district, id, cancellationToken)).ToList();
        foreach (var task in await Task.WhenAll(reads).ConfigureAwait(false))
        {
            if (task is { IsActive: true })
            {
                _tasksRead++;
                activeTasks.TryAdd(task.Id, task);
            }
        }
    }

    /// <summary>The open alerts of <paramref name="leases"/> only: lease by lease when few, else the district's in one paged query, filtered.</summary>
    private async Task<OpenAlerts> LoadOpenAlertsOfAsync(List<EvaluatedLease> leases, CancellationToken cancellationToken)
    {
        var result = new OpenAlerts();
        if (leases.Count == 0)
        {
            return result;
        }

        if (leases.Count > PerLeaseAlertReadLimit)
        {
            var prefixes = leases.Select(e => AlertKey.LeaseRangeStart(e.Record.LeaseId)).ToHashSet(StringComparer.Ordinal);
            var all = await LoadOpenAlertsAsync(cancellationToken).ConfigureAwait(false);
            foreach (var (key, alert) in all.ByKey)
            {
                if (prefixes.Contains(AlertKey.LeaseRangeStart(alert.LeaseId)))
                {
                    result.ByKey[key] = alert;
                }
            }

            for (var i = 0; i < all.Unreadable.Count; i++)
            {
                var key = all.Unreadable[i];
                var cut = key.IndexOf(AlertKey.Separator, StringComparison.Ordinal);
                if (cut >= 0 && prefixes.Contains(key[..(cut + 1)]))
                {
                    result.Unreadable.Add(key);
                    result.Warnings.Add(all.Warnings[i]);
                }
            }

            return result;
        }

        var reads = leases.Select(async e =>
        {
            var items = new List<StoreReadItem<Alert>>();
            await foreach (var item in _deps.Alerts.ReadOpenByLeaseAsync(_district, e.Record.LeaseId, cancellationToken).ConfigureAwait(false))
            {
                items.Add(item);
            }

            return items;
        }).ToList();
        foreach (var items in await Task.WhenAll(reads).ConfigureAwait(false))
        {
            foreach (var item in items)
            {
                Add(result, item);
            }
        }

        return result;
    }

    private void Add(OpenAlerts result, StoreReadItem<Alert> item)
    {
        _alertsRead++;
        if (item.Item is { } alert)
        {
            result.ByKey[alert.Key] = alert;
        }
        else
        {
            result.Unreadable.Add(item.Key);
            result.Warnings.Add($"alert {item.Key} could not be read and was left as it is: {item.Error}");
        }
    }

    private async Task<List<string>> LoadQuarantinedAsync(CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        await foreach (var entry in _deps.Quarantine.ListAsync(_district, cancellationToken).ConfigureAwait(false))
        {
            ids.Add(entry.LeaseId);
        }

        return ids;
    }

    private async Task EvaluateLeasesAsync(Task<List<string>> quarantineTask, CancellationToken cancellationToken)
    {
        // With fingerprints, a lease whose fingerprint is unchanged was fully reconciled by the last scan to the same
        // state: nothing to compare, and its record is not kept. A lease that was quarantined is compared in full
        // whatever its fingerprint says (the quarantine list is one small read, started with the lease stream).
        HashSet<string>? wasQuarantined = null;
        var context = _deps.Engine.ContextFor(_asOf);
        var warnings = new HashSet<string>(StringComparer.Ordinal);
        var scanStates = _deps.ScanStates;
        var items = scanStates is null
            ? _deps.Leases.ReadDistrictAsync(_district, cancellationToken).Select(i => new ScanLeaseItem(i, null))
            : scanStates.ReadDistrictForScanAsync(_district, cancellationToken);
        await foreach (var (item, storedState) in items.ConfigureAwait(false))
        {
            _leases++;
            if (item.Lease is not { } stored)
            {
                Quarantine(item.LeaseId, item.Error ?? "the stored lease could not be read");
                continue;
            }

            var findings = new List<Finding>(4);
            try
            {
                _deps.Engine.Evaluate(stored.Record, context, findings);
            }
            catch (Exception ex)
            {
                // A rule that throws on one record must not stop the district: quarantine the record, go on.
                Quarantine(item.LeaseId, $"rule evaluation failed: {ex.GetType().Name}: {ex.Message}");
                continue;
            }

            _findings += findings.Count;
            foreach (var f in findings)
            {
                foreach (var w in f.Warnings)
                {
                    if (warnings.Add(w))
                    {
                        _warnings.Add(w);
                    }
                }
            }

            var state = scanStates is null ? null : ScanState.Compute(_deps.ScanStateSeed, _deps.Cadence, stored.Record, findings, _asOf);
            _evaluatedIds.Add(stored.Record.LeaseId);
            if (state is not null && string.Equals(storedState, state, StringComparison.Ordinal))
            {
                wasQuarantined ??= (await quarantineTask.ConfigureAwait(false)).ToHashSet(StringComparer.Ordinal);
                if (!wasQuarantined.Contains(stored.Record.LeaseId))
                {
                    continue;
                }
            }

            _evaluated.Add(new EvaluatedLease(stored.Record, findings, stored.ETag, storedState, state));
        }
    }

    private void Quarantine(string leaseId, string reason)
    {
        if (_quarantinedIds.Add(leaseId))
        {
            _quarantined.Add(new QuarantineEntry(_district, leaseId, _runId, _asOf, reason, _now));
            ScanLog.Quarantined(Logger, leaseId, _district, reason);
        }
    }

    private async Task<OpenAlerts> LoadOpenAlertsAsync(CancellationToken cancellationToken)
    {
        var result = new OpenAlerts();
        await foreach (var item in _deps.Alerts.ReadOpenAsync(_district, cancellationToken).ConfigureAwait(false))
        {
            // May run alongside the lease stream: warnings are collected here and reported after both finish.
            Add(result, item);
        }

        return result;
    }

    private async Task<(Dictionary<string, EnforcementTask> Tasks, List<string> Warnings)> LoadActiveTasksAsync(bool pastDueOnly, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, EnforcementTask>(StringComparer.Ordinal);
        var warnings = new List<string>();
        var items = pastDueOnly ? _deps.Tasks.ReadActivePastDueAsync(_district, _asOf, cancellationToken) : _deps.Tasks.ReadActiveAsync(_district, cancellationToken);
        await foreach (var item in items.ConfigureAwait(false))
        {
            _tasksRead++;
            if (item.Item is { } task)
            {
                result[task.Id] = task;
            }
            else
            {
                warnings.Add($"task {item.Key} could not be read and was left as it is: {item.Error}");
            }
        }

        return (result, warnings);
    }

    /// <summary>Writes the plans: reminders, then tasks, then the alerts that record them; conflicts are re-read and planned again.</summary>
    private async Task ApplyFindingsAsync(List<FindingWork> work, CancellationToken cancellationToken)
    {
        for (var round = 0; work.Count > 0; round++)
        {
            if (round == MaxRounds)
            {
                Warn($"{work.Count} alert(s) still conflicted after {MaxRounds} rounds; the next scan retries them (first: {work[0].Plan.Alert.Key})");
                foreach (var w in work)
                {
                    Unsettle(w.Lease.LeaseId);
                }

                return;
            }

            await QueueRemindersAsync(work, cancellationToken).ConfigureAwait(false);
            await OpenTasksAsync(work, cancellationToken).ConfigureAwait(false);

            var retry = new List<FindingWork>();
            var creates = work.Where(w => w.Plan.IsNew).ToList();
            if (creates.Count > 0)
            {
                var results = await _deps.Alerts.CreateManyAsync(_district, [.. creates.Select(w => w.Plan.Alert)], cancellationToken).ConfigureAwait(false);
                for (var i = 0; i < results.Count; i++)
                {
                    if (results[i].Outcome == WriteOutcome.Created)
                    {
                        _alertsCreated++;
                        ScanLog.AlertOpened(Logger, creates[i].Plan.Alert.Key, creates[i].Finding.Rule, creates[i].Finding.Status);
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
                var results = await _deps.Alerts.UpdateManyAsync(_district, [.. updates.Select(w => w.Plan.Alert)], cancellationToken).ConfigureAwait(false);
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
                return;
            }

            // Someone else wrote these alerts (a concurrent scan, a crash before this one): read them again and re-plan.
            ScanLog.Conflicts(Logger, _district, retry.Count);
            var fresh = await RereadAlertsAsync([.. retry.Select(w => w.Plan.Alert.Key)], cancellationToken).ConfigureAwait(false);
            work = [];
            foreach (var w in retry)
            {
                fresh.TryGetValue(w.Plan.Alert.Key, out var stored);
                var plan = _deps.Reconciler.Plan(stored, w.Lease, w.Finding, _asOf, _now);
                if (plan.HasWork)
                {
                    work.Add(w with { Plan = plan });
                }
            }
        }
    }

    private async Task QueueRemindersAsync(List<FindingWork> work, CancellationToken cancellationToken)
    {
        var entries = work.SelectMany(w => w.Plan.Outbox).ToList();
        if (entries.Count == 0)
        {
            return;
        }

        var results = await _deps.Outbox.CreateManyAsync(_district, entries, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < results.Count; i++)
        {
            if (results[i].Outcome == WriteOutcome.Created)
            {
                _outboxQueued++;
                ScanLog.ReminderQueued(Logger, entries[i].Stage, entries[i].AlertKey, entries[i].Channel, entries[i].MaskedRecipient);
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

        var results = await _deps.Tasks.CreateManyAsync(_district, tasks, cancellationToken).ConfigureAwait(false);
        var reopen = new List<EnforcementTask>();
        for (var i = 0; i < results.Count; i++)
        {
            if (results[i].Outcome == WriteOutcome.Created)
            {
                _tasksOpened++;
                ScanLog.TaskOpened(Logger, tasks[i].Id, tasks[i].Department, tasks[i].DueOn);
                continue;
            }

            // The task exists: opened by a concurrent scan (nothing to do), or resolved with an earlier life of the alert.
            var existing = await _deps.Tasks.GetAsync(_district, tasks[i].Id, cancellationToken).ConfigureAwait(false);
            if (existing is { State: TaskState.Resolved })
            {
                reopen.Add(ReopenTask(existing));
            }
        }

        if (reopen.Count > 0)
        {
            _tasksOpened += await UpdateWithRetryAsync(
                _deps.Tasks,
                reopen,
                t => t.State == TaskState.Resolved ? ReopenTask(t) : null,
                t => t.LeaseId,
                "task reopen",
                cancellationToken).ConfigureAwait(false);
        }
    }

    private EnforcementTask ReopenTask(EnforcementTask task) =>
        task.Reopen(_asOf, _deps.TaskOptions.DueDays, _now, "breach found again");

    /// <summary>Resolves alerts whose finding is gone: first their pending reminders and tasks, then the alerts themselves.</summary>
    /// <returns>The ids of the tasks resolved.</returns>
    private async Task<HashSet<string>> ResolveAsync(List<Alert> gone, Dictionary<string, EnforcementTask> activeTasks, CancellationToken cancellationToken)
    {
        var resolvedTasks = new HashSet<string>(StringComparer.Ordinal);
        if (gone.Count == 0)
        {
            return resolvedTasks;
        }

        // 1. Reminders not yet sent stop (before the alert is marked, so a crash in between is retried tomorrow).
        if (gone.Any(a => a.QueuedStages.Count > 0))
        {
            var keys = gone.Select(a => a.Key).ToHashSet(StringComparer.Ordinal);
            var cancel = new List<OutboxEntry>();
            await foreach (var item in _deps.Outbox.ListAsync(_district, CancellableStatuses, cancellationToken).ConfigureAwait(false))
            {
                if (item.Item is { } entry && keys.Contains(entry.AlertKey))
                {
                    cancel.Add(Supersede(entry));
                }
            }

            if (cancel.Count > 0)
            {
                _outboxSuperseded += await UpdateWithRetryAsync(
                    _deps.Outbox,
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
            _tasksResolved += await UpdateWithRetryAsync(
                _deps.Tasks,
                tasks,
                t => t.IsActive ? ResolveTask(t) : null,
                t => t.LeaseId,
                "task resolution",
                cancellationToken).ConfigureAwait(false);
            resolvedTasks.UnionWith(tasks.Select(t => t.Id));
        }

        // 3. The alerts.
        _alertsResolved += await UpdateWithRetryAsync(
            _deps.Alerts,
            [.. gone.Select(a => AlertReconciler.Resolve(a, _asOf))],
            a => a.State == AlertState.Open ? AlertReconciler.Resolve(a, _asOf) : null,
            a => a.LeaseId,
            "alert resolution",
            cancellationToken).ConfigureAwait(false);
        foreach (var a in gone)
        {
            ScanLog.AlertResolved(Logger, a.Key);
        }

        return resolvedTasks;
    }

    private static OutboxEntry Supersede(OutboxEntry entry) => entry with { Status = OutboxStatus.Superseded, NextAttemptAt = null };

    private EnforcementTask ResolveTask(EnforcementTask task) => task.Resolve(EnforcementTask.SystemActor, _now, EnforcementTask.ObligationMetNote);

    private async Task EscalateAsync(IEnumerable<EnforcementTask> activeTasks, CancellationToken cancellationToken)
    {
        var escalate = activeTasks.Where(t => t.IsDueForEscalation(_asOf)).Select(t => t.Escalate(_asOf, _now)).ToList();
        if (escalate.Count == 0)
        {
            return;
        }

        _tasksEscalated += await UpdateWithRetryAsync(
            _deps.Tasks,
            escalate,
            t => t.IsDueForEscalation(_asOf) ? t.Escalate(_asOf, _now) : null,
            t => t.LeaseId,
                "task escalation",
            cancellationToken).ConfigureAwait(false);
        foreach (var t in escalate)
        {
            ScanLog.TaskEscalated(Logger, t.Id, Departments.CityEscalationBody, t.DueOn);
        }
    }

    /// <summary>Updates items under their ETags; a conflicted item is re-read and <paramref name="reapply"/> decides whether it still needs the change.</summary>
    /// <returns>How many items were updated.</returns>
    private async Task<int> UpdateWithRetryAsync<T>(IPartitionedStore<T> store, List<T> items, Func<T, T?> reapply, Func<T, string> leaseOf, string what, CancellationToken cancellationToken)
        where T : class, IStoredItem
    {
        var updated = 0;
        for (var round = 0; items.Count > 0; round++)
        {
            if (round == MaxRounds)
            {
                Warn($"{what}: {items.Count} item(s) still conflicted after {MaxRounds} rounds; the next scan retries them (first: {items[0].Key})");
                foreach (var item in items)
                {
                    Unsettle(leaseOf(item));
                }

                break;
            }

            var results = await store.UpdateManyAsync(_district, items, cancellationToken).ConfigureAwait(false);
            var next = new List<T>();
            for (var i = 0; i < results.Count; i++)
            {
                if (results[i].Outcome == WriteOutcome.Updated)
                {
                    updated++;
                    continue;
                }

                var fresh = await store.GetAsync(_district, items[i].Key, cancellationToken).ConfigureAwait(false);
                if (fresh is not null && reapply(fresh) is { } again)
                {
                    next.Add(again);
                }
            }

            items = next;
        }

        return updated;
    }

    private async Task<Dictionary<string, Alert>> RereadAlertsAsync(List<string> keys, CancellationToken cancellationToken)
    {
        var fresh = new Dictionary<string, Alert>(StringComparer.Ordinal);
        var missing = keys;
        if (keys.Count > BulkRereadThreshold)
        {
            var wanted = keys.ToHashSet(StringComparer.Ordinal);
            await foreach (var item in _deps.Alerts.ReadOpenAsync(_district, cancellationToken).ConfigureAwait(false))
            {
                if (item.Item is { } a && wanted.Contains(a.Key))
                {
                    fresh[a.Key] = a;
                }
            }

            missing = [.. keys.Where(k => !fresh.ContainsKey(k))];
        }

        foreach (var key in missing)
        {
            if (await _deps.Alerts.GetAsync(_district, key, cancellationToken).ConfigureAwait(false) is { } a)
            {
                fresh[key] = a;
            }
        }

        return fresh;
    }

    private void Unsettle(string leaseId) => _unsettled.Add(AlertKey.LeaseRangeStart(leaseId));

    private void Warn(string warning)
    {
        _warnings.Add(warning);
        ScanLog.Warning(Logger, _district, warning);
    }

    private sealed record EvaluatedLease(LeaseRecord Record, List<Finding> Findings, string ETag, string? StoredState, string? State);

    private sealed record FindingWork(LeaseRecord Lease, Finding Finding, AlertPlan Plan);

    private sealed class OpenAlerts
    {
        public Dictionary<string, Alert> ByKey { get; } = new(StringComparer.Ordinal);

        public List<string> Unreadable { get; } = [];

        public List<string> Warnings { get; } = [];
    }
}
