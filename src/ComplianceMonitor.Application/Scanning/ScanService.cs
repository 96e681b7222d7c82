using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Tasks;
using ComplianceMonitor.Application.Leases;
using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Domain.Jurisdictions;
using ComplianceMonitor.Domain.Rules;
using Microsoft.Extensions.Logging;

namespace ComplianceMonitor.Application.Scanning;

/// <summary>The daily scan of one district for one Beijing date (Flow 1): findings become alerts, reminders and tasks.</summary>
/// <remarks>
/// <para>One call scans one district, the fan-out unit (the steps are named in <see cref="DistrictScan"/>). The
/// district's leases are streamed page by page with their fingerprints (<see cref="ScanState"/>) and evaluated with
/// the rule engine; only the alerts of leases whose fingerprint changed are read. Each finding is reconciled with its alert (<see cref="AlertReconciler"/>); alerts whose finding is
/// gone are resolved, their pending reminders superseded and their tasks resolved ("obligation met"), or, when they
/// are gone because their rule changed since they were last seen, closed as rule revised (<see cref="RuleRevision"/>); active
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

    /// <summary>Creates the service over its stores, the rule engine, the cadence, the clock and (optionally) the lease history.</summary>
    public ScanService(
        ILeaseScanStateStore leases,
        IAlertStore alerts,
        ITaskStore tasks,
        IOutboxStore outbox,
        IRunStore runs,
        IQuarantineStore quarantine,
        RuleEngine engine,
        ReminderCadence cadence,
        EnforcementTaskOptions taskOptions,
        TimeProvider timeProvider,
        ILogger<ScanService> logger,
        ILeaseHistoryStore? history = null)
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
        var seed = ScanState.Seed(cadence, engine.Revision);
        _deps = new ScanDependencies(leases, alerts, tasks, outbox, runs, quarantine, engine, new AlertReconciler(cadence, taskOptions), taskOptions, timeProvider, logger)
        {
            Cadence = cadence,
            ScanStateSeed = seed,
            StampSeed = ScanStamp.Digest(seed, engine),
        };

        // Who caused a resolution is read from the lease history when there is one (issue 9).
        _deps = _deps with { History = history };
    }

    /// <summary>Scans <paramref name="districtCode"/> for the Beijing date <paramref name="asOf"/> and records the run.</summary>
    /// <param name="districtCode">A configured jurisdiction code.</param>
    /// <param name="asOf">The Beijing date the leases are evaluated for.</param>
    /// <param name="runId">The run id (1-64 letters, digits, <c>-</c> or <c>_</c>), shared by the districts of one fan-out.</param>
    /// <param name="cancellationToken">Cancels the scan.</param>
    /// <returns>The run record with its counts, quarantined leases and warnings.</returns>
    /// <exception cref="ScanFailedException">The scan stopped on an error; the failed run was recorded.</exception>
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
        var run = new ScanRun { RunId = runId, DistrictCode = districtCode, AsOf = asOf, StartedAt = started, Outcome = ScanOutcome.Running, RuleRevision = _deps.Engine.Revision };
        ScanLog.Started(logger, runId, districtCode, asOf);

        // The "running" record goes out alongside the reads (it only matters if the process dies), not before them.
        var startRecord = _deps.Runs.PutAsync(run, cancellationToken);
        var scan = new DistrictScan(_deps, districtCode, asOf, runId, started);
        try
        {
            try
            {
                await scan.ExecuteAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                // Never let the final record race the start record.
                await startRecord.ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            var failed = scan.Result.ApplyTo(run) with { FinishedAt = _deps.Time.GetUtcNow(), Outcome = ScanOutcome.Failed, Error = $"{ex.GetType().Name}: {ex.Message}" };
            ScanLog.Failed(logger, ex, runId, districtCode, asOf);
            await _deps.Runs.PutAsync(failed, CancellationToken.None).ConfigureAwait(false);
            if (ex is OperationCanceledException)
            {
                throw;
            }

            throw new ScanFailedException(failed, ex);
        }

        run = scan.Result.ApplyTo(run) with { FinishedAt = _deps.Time.GetUtcNow(), Outcome = ScanOutcome.Succeeded };
        await _deps.Runs.PutAsync(run, cancellationToken).ConfigureAwait(false);
        ScanLog.Finished(
            logger, runId, districtCode, asOf, run.Leases, run.Findings, run.AlertsCreated, run.AlertsUpdated, run.AlertsResolved, run.AlertsRuleRevised, run.OutboxQueued,
            run.OutboxSuperseded, run.OutboxWithdrawn, run.TasksOpened, run.TasksResolved, run.TasksEscalated, run.TasksReopened,
            run.TasksConfirmed, run.QuarantinedLeaseIds.Count, run.RuleRevision);
        return run;
    }

    /// <summary>Scans the districts for <paramref name="asOf"/> under one run id, at most <paramref name="maxConcurrency"/> at a time; a district that fails is recorded and the rest go on.</summary>
    /// <remarks>
    /// Production fans out one queue message per district and the host runs several at once; this is the console
    /// runner's "all districts". Concurrent districts overlap one district's storage reads with another's rule
    /// evaluation. Results come back in the order of <paramref name="districtCodes"/>.
    /// </remarks>
    public async Task<IReadOnlyList<ScanRun>> ScanDistrictsAsync(IEnumerable<string> districtCodes, DateOnly asOf, string runId, int maxConcurrency = 1, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(districtCodes);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrency, 1);
        var districts = districtCodes.ToArray();
        var runs = new ScanRun[districts.Length];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, districts.Length),
            new ParallelOptions { MaxDegreeOfParallelism = maxConcurrency, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                try
                {
                    runs[i] = await ScanDistrictAsync(districts[i], asOf, runId, ct).ConfigureAwait(false);
                }
                catch (ScanFailedException ex)
                {
                    runs[i] = ex.Run;
                }
            }).ConfigureAwait(false);
        return runs;
    }
}

/// <summary>A scan stopped on an error; <see cref="Run"/> is the failed run as recorded.</summary>
public sealed class ScanFailedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ScanFailedException(ScanRun run, Exception inner)
        : base($"The scan of district {run?.DistrictCode} for {run?.AsOf:yyyy-MM-dd} failed: {inner?.Message}", inner)
    {
        ArgumentNullException.ThrowIfNull(run);
        Run = run;
    }

    /// <summary>The failed run.</summary>
    public ScanRun Run { get; }
}
