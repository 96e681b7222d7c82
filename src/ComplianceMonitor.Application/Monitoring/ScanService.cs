using ComplianceMonitor.Application.Leases;
using ComplianceMonitor.Domain.Jurisdictions;
using ComplianceMonitor.Domain.Rules;
using Microsoft.Extensions.Logging;

namespace ComplianceMonitor.Application.Monitoring;

/// <summary>The daily scan of one district for one Beijing date (Flow 1): findings become alerts, reminders and tasks.</summary>
/// <remarks>
/// <para>One call scans one district, the fan-out unit. The district's leases are streamed page by page and
/// evaluated with the rule engine; the district's open alerts and active tasks are read once, by partition,
/// alongside. Each finding is reconciled with its alert (<see cref="AlertReconciler"/>); alerts whose finding is
/// gone are resolved, their pending reminders superseded and their tasks resolved ("obligation met"); active
/// tasks past due are escalated. A lease that cannot be read or evaluated is quarantined and the rest goes on.</para>
/// <para>Writes go in batches of at most 100 per table and district, so the storage requests of a scan grow with
/// pages of leases and alerts plus a small constant; an unchanged lease costs no write. Order makes a crash or a
/// second concurrent scan safe: reminders and tasks are inserted first (deterministic ids, conditional inserts),
/// then the alert records them under its ETag; a conflict re-reads the alert and plans again.</para>
/// <para>Thread-safe: concurrent scans share nothing but the stores.</para>
/// </remarks>
public sealed class ScanService
{
    private readonly ScanDependencies _deps;

    /// <summary>Creates the service over its stores, the rule engine, the cadence and the clock.</summary>
    public ScanService(
        ILeaseStore leases,
        IAlertStore alerts,
        ITaskStore tasks,
        IOutboxStore outbox,
        IRunStore runs,
        IQuarantineStore quarantine,
        RuleEngine engine,
        ReminderCadence cadence,
        EnforcementTaskOptions taskOptions,
        TimeProvider timeProvider,
        ILogger<ScanService> logger)
    {
        ArgumentNullException.ThrowIfNull(leases);
        ArgumentNullException.ThrowIfNull(alerts);
        ArgumentNullException.ThrowIfNull(tasks);
        ArgumentNullException.ThrowIfNull(outbox);
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(quarantine);
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(cadence);
        ArgumentNullException.ThrowIfNull(taskOptions);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _deps = new ScanDependencies(leases, alerts, tasks, outbox, runs, quarantine, engine, new AlertReconciler(cadence, taskOptions), taskOptions, timeProvider, logger);
    }

    /// <summary>Scans <paramref name="districtCode"/> for the Beijing date <paramref name="asOf"/> and records the run.</summary>
    /// <param name="districtCode">A configured jurisdiction code.</param>
    /// <param name="asOf">The Beijing date the leases are evaluated for.</param>
    /// <param name="runId">The run id (1-64 letters, digits, <c>-</c> or <c>_</c>), shared by the districts of one fan-out.</param>
    /// <param name="cancellationToken">Cancels the scan.</param>
    /// <returns>The run record with its counts, quarantined leases and warnings.</returns>
    public async Task<ScanRun> ScanDistrictAsync(string districtCode, DateOnly asOf, string runId, CancellationToken cancellationToken = default)
    {
        if (!Jurisdiction.IsKnown(districtCode))
        {
            throw new ArgumentException($"districtCode: '{districtCode}' is not a configured jurisdiction.", nameof(districtCode));
        }

        if (string.IsNullOrEmpty(runId) || runId.Length > 64 || !runId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw new ArgumentException($"runId: '{runId}' must be 1-64 letters, digits, '-' or '_'.", nameof(runId));
        }

        var logger = _deps.Logger;
        var started = _deps.Time.GetUtcNow();
        var run = new ScanRun { RunId = runId, DistrictCode = districtCode, AsOf = asOf, StartedAt = started, Outcome = ScanOutcome.Running };
        await _deps.Runs.PutAsync(run, cancellationToken).ConfigureAwait(false);
        ScanLog.Started(logger, runId, districtCode, asOf);

        var scan = new DistrictScan(_deps, districtCode, asOf, runId, started);
        try
        {
            await scan.ExecuteAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            var failed = scan.Fill(run) with { FinishedAt = _deps.Time.GetUtcNow(), Outcome = ScanOutcome.Failed, Error = $"{ex.GetType().Name}: {ex.Message}" };
            ScanLog.Failed(logger, ex, runId, districtCode, asOf);
            await _deps.Runs.PutAsync(failed, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        run = scan.Fill(run) with { FinishedAt = _deps.Time.GetUtcNow(), Outcome = ScanOutcome.Succeeded };
        await _deps.Runs.PutAsync(run, cancellationToken).ConfigureAwait(false);
        ScanLog.Finished(
            logger, runId, districtCode, asOf, run.Leases, run.Findings, run.AlertsCreated, run.AlertsUpdated, run.AlertsResolved, run.OutboxQueued,
            run.OutboxSuperseded, run.TasksOpened, run.TasksResolved, run.TasksEscalated, run.QuarantinedLeaseIds.Count);
        return run;
    }
}

/// <summary>What one scan needs, shared by the service and its per-district work.</summary>
internal sealed record ScanDependencies(
    ILeaseStore Leases,
    IAlertStore Alerts,
    ITaskStore Tasks,
    IOutboxStore Outbox,
    IRunStore Runs,
    IQuarantineStore Quarantine,
    RuleEngine Engine,
    AlertReconciler Reconciler,
    EnforcementTaskOptions TaskOptions,
    TimeProvider Time,
    ILogger Logger);
