using ComplianceMonitor.Application.Tasks;

namespace ComplianceMonitor.Application.Scanning;

/// <summary>One scan of one district for one day (see <see cref="ScanService"/>): the named steps in their order. Not thread-safe; one per call.</summary>
/// <remarks>
/// <list type="number">
/// <item><see cref="LeaseEvaluation"/> streams and evaluates the leases, while the quarantine and the tasks (past due, or resolved and awaiting the scan) are read alongside;</item>
/// <item><see cref="OpenAlertLoader"/> reads the open alerts of the leases whose fingerprint changed;</item>
/// <item><see cref="FindingWriter"/> plans each finding against its alert and writes reminders, tasks, then alerts;</item>
/// <item><see cref="AlertResolver"/> resolves the alerts whose finding is gone;</item>
/// <item><see cref="TaskEscalation"/> escalates the tasks past due;</item>
/// <item><see cref="TaskRecheck"/> reopens the tasks a person resolved whose breach is still found, and confirms the others;</item>
/// <item>the quarantine is updated, and last, the fingerprints of the leases reconciled are stored.</item>
/// </list>
/// Every ETag conflict goes through the one loop of <see cref="EtagRetry"/>.
/// </remarks>
internal sealed class DistrictScan
{
    private readonly ScanContext _scan;
    private readonly LeaseEvaluation _evaluation;
    private readonly OpenAlertLoader _loader;
    private readonly FindingWriter _writer;
    private readonly AlertResolver _resolver;
    private readonly TaskEscalation _escalation;
    private readonly TaskRecheck _recheck;
    private int _quarantineReleased;

    public DistrictScan(ScanDependencies deps, string district, DateOnly asOf, string runId, DateTimeOffset now)
    {
        _scan = new ScanContext(deps, district, asOf, runId, now);
        var retry = new EtagRetry(_scan);
        _evaluation = new LeaseEvaluation(_scan);
        _loader = new OpenAlertLoader(_scan);
        _writer = new FindingWriter(_scan, _loader, retry);
        _resolver = new AlertResolver(_scan, retry);
        _escalation = new TaskEscalation(_scan, retry);
        _recheck = new TaskRecheck(_scan, retry);
    }

    /// <summary>What the scan has done so far (all of it once <see cref="ExecuteAsync"/> has returned).</summary>
    public ScanResult Result => new(
        _evaluation.Counts, _loader.Counts, _writer.Counts, _resolver.Counts, _escalation.Escalated, _recheck.Counts, _quarantineReleased, _scan.Warnings);

    public async Task ExecuteAsync(CancellationToken cancellationToken)
    {
        var deps = _scan.Deps;

        // 1. Leases, with the quarantine and, in one query, the tasks past due (for escalation) and those a person resolved since
        //    the last scan (for step 6: their leases' findings are kept) read alongside.
        var tasksTask = _loader.LoadScanTasksAsync(cancellationToken);
        var quarantineTask = _loader.LoadQuarantinedAsync(cancellationToken);
        try
        {
            await _evaluation.EvaluateAsync(quarantineTask, tasksTask, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Observe every read even when the lease stream failed, so no fault goes unobserved.
            Task[] reads = [tasksTask, quarantineTask];
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

        // 2. The open alerts of the leases to compare.
        var toCompare = _evaluation.ToCompare;
        var alerts = await _loader.LoadOpenAlertsOfAsync(toCompare, cancellationToken).ConfigureAwait(false);
        var scanTasks = await tasksTask.ConfigureAwait(false);
        var activeTasks = scanTasks.PastDue;
        _recheck.Take(scanTasks.AwaitingScan);
        foreach (var w in alerts.Warnings.Concat(scanTasks.Warnings))
        {
            _scan.Warn(w);
        }

        foreach (var key in alerts.Unreadable)
        {
            _scan.UnsettleAlertKey(key);
        }

        // 3. Every finding against its stored alert.
        var (work, seen) = _writer.Plan(toCompare, alerts);
        await _writer.WriteAsync(work, cancellationToken).ConfigureAwait(false);

        // 4. Alerts whose finding is gone, except those of leases that could not be evaluated today, and those seen on a
        //    later day than this scan's (a deliberate back-dated run never resolves what a newer scan saw: issue 9).
        var gone = alerts.ByKey.Values
            .Where(a => !seen.Contains(a.Key) && !_evaluation.QuarantinedIds.Contains(a.LeaseId))
            .ToList();
        foreach (var later in gone.Where(a => a.LastSeenOn > _scan.AsOf).ToList())
        {
            // Kept open, and the lease's stored stamp is cleared (step 7), so that today's scan compares the lease in full again.
            gone.Remove(later);
            _scan.Unsettle(later.LeaseId);
        }

        await _loader.AddTasksOfAsync(gone, activeTasks, cancellationToken).ConfigureAwait(false);
        await LeaseChangeCause.NoteAllAsync(_scan, gone, activeTasks, cancellationToken).ConfigureAwait(false);
        var resolvedTaskIds = await _resolver.ResolveAsync(gone, activeTasks, cancellationToken).ConfigureAwait(false);

        // 5. Tasks past due.
        await _escalation.EscalateAsync(activeTasks.Values.Where(t => !resolvedTaskIds.Contains(t.Id)), cancellationToken).ConfigureAwait(false);

        // 6. Tasks a person resolved: reopened when the breach is still found, else confirmed.
        await _recheck.RunAsync(_evaluation.WatchedKeys, _evaluation.EvaluatedIds, _evaluation.QuarantinedIds, cancellationToken).ConfigureAwait(false);

        // 7. The quarantine, then the fingerprints.
        await UpdateQuarantineAsync(quarantinedBefore, cancellationToken).ConfigureAwait(false);

        // A lease left unsettled gets an empty state, not the one it had: that one may hold for a later day (a back-dated run
        // after the day's scan) although this scan changed the lease's alerts, and the next scan must compare it in full.
        var states = toCompare
            .Select(e => (e.StoredState, Write: new LeaseScanState(e.Record.LeaseId, e.ETag, _scan.IsSettled(e.Record.LeaseId) ? e.State : string.Empty)))
            .Where(x => !string.Equals(x.StoredState ?? string.Empty, x.Write.State, StringComparison.Ordinal))
            .Select(x => x.Write)
            .Concat(_evaluation.Renewed.Where(r => _scan.IsSettled(r.LeaseId)))
            .ToList();
        if (states.Count > 0)
        {
            // Last, once every write of the compared leases is done: the stamps of what they were reconciled to, an empty state for
            // those left unsettled (and the renewed stamps of unchanged leases whose window had ended).
            await deps.Leases.WriteScanStatesAsync(_scan.District, states, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task UpdateQuarantineAsync(List<string> quarantinedBefore, CancellationToken cancellationToken)
    {
        var quarantine = _scan.Deps.Quarantine;
        if (_evaluation.Quarantined.Count > 0)
        {
            await quarantine.PutManyAsync(_scan.District, [.. _evaluation.Quarantined], cancellationToken).ConfigureAwait(false);
        }

        // Leases quarantined before that read and evaluated today leave the quarantine.
        var released = quarantinedBefore.Where(id => _evaluation.EvaluatedIds.Contains(id) && !_evaluation.QuarantinedIds.Contains(id)).ToList();
        if (released.Count > 0)
        {
            await quarantine.RemoveManyAsync(_scan.District, released, cancellationToken).ConfigureAwait(false);
            _quarantineReleased = released.Count;
        }
    }
}
