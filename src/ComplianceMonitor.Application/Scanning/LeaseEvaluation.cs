using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Domain.Rules;

namespace ComplianceMonitor.Application.Scanning;

/// <summary>Scan step 1: streams the district's leases with their stamps, evaluates each with the rule engine and quarantines what cannot be read or evaluated.</summary>
/// <remarks>
/// A lease whose stored stamp (<see cref="ScanStamp"/>) holds for the scan's day under the same seed is neither parsed nor
/// evaluated: it was reconciled to the fingerprint it has today. Any other lease is evaluated; if its fingerprint
/// (<see cref="ScanState"/>) is unchanged, nothing is compared and only its stamp is renewed when its window ended. A lease that
/// was quarantined is compared in full whatever its stamp says. One bad record never stops the district: it is quarantined and
/// the stream goes on.
/// </remarks>
internal sealed class LeaseEvaluation
{
    private readonly ScanContext _scan;
    private readonly List<EvaluatedLease> _toCompare = [];
    private readonly HashSet<string> _evaluatedIds = new(StringComparer.Ordinal);
    private readonly List<QuarantineEntry> _quarantined = [];
    private readonly HashSet<string> _quarantinedIds = new(StringComparer.Ordinal);
    private int _leases;
    private int _findings;

    public LeaseEvaluation(ScanContext scan) => _scan = scan;

    /// <summary>The leases whose fingerprint changed (or that were quarantined before), with their findings.</summary>
    public List<EvaluatedLease> ToCompare => _toCompare;

    /// <summary>The ids of every lease read and evaluated today.</summary>
    public IReadOnlySet<string> EvaluatedIds => _evaluatedIds;

    /// <summary>The alert keys of today's findings of the leases of the tasks awaiting the scan (<see cref="TaskRecheck"/>), whatever their fingerprint.</summary>
    public HashSet<string> WatchedKeys { get; } = new(StringComparer.Ordinal);

    /// <summary>The leases quarantined today.</summary>
    public IReadOnlyList<QuarantineEntry> Quarantined => _quarantined;

    /// <summary>The ids of the leases quarantined today.</summary>
    public IReadOnlySet<string> QuarantinedIds => _quarantinedIds;

    /// <summary>The counts so far (complete once <see cref="EvaluateAsync"/> has returned).</summary>
    public EvaluationCounts Counts => new(_leases, _findings, [.. _quarantinedIds.Order(StringComparer.Ordinal)]);

    /// <summary>The leases whose fingerprint is unchanged but whose stored stamp is renewed (a new window, or a stamp replacing a bare fingerprint).</summary>
    public List<LeaseScanState> Renewed { get; } = [];

    /// <param name="quarantinedBefore">The district's quarantine as stored, read alongside the lease stream.</param>
    /// <param name="tasks">The district's tasks read for the scan, alongside the lease stream: the leases of those awaiting the scan are watched.</param>
    /// <param name="cancellationToken">Cancels the stream.</param>
    public async Task EvaluateAsync(Task<List<string>> quarantinedBefore, Task<ScanTasks> tasks, CancellationToken cancellationToken)
    {
        var deps = _scan.Deps;
        var watch = new WatchList(tasks, WatchedKeys);
        HashSet<string>? wasQuarantined = null;

        // The quarantine list is one small read, started with the lease stream: wait for it only when needed.
        async ValueTask<bool> WasQuarantinedAsync(string leaseId) =>
            (wasQuarantined ??= (await quarantinedBefore.ConfigureAwait(false)).ToHashSet(StringComparer.Ordinal)).Contains(leaseId);

        var context = deps.Engine.ContextFor(_scan.AsOf);
        var seedDigest = deps.StampSeed;
        var window = new StampWindow(deps, _scan.AsOf);
        var warnings = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var lease in deps.Leases.ReadDistrictForScanAsync(_scan.District, cancellationToken).ConfigureAwait(false))
        {
            _leases++;
            if (ScanStamp.Parse(lease.ScanState) is { } stamp && stamp.Covers(_scan.AsOf, seedDigest))
            {
                if (!await WasQuarantinedAsync(lease.LeaseId).ConfigureAwait(false))
                {
                    // Reconciled to the same fingerprint for this very day: nothing to parse, evaluate or compare.
                    _findings += stamp.Findings;
                    _evaluatedIds.Add(lease.LeaseId);
                    watch.Note(lease.LeaseId, () => FindingsOf(lease, context));
                    continue;
                }
            }

            var item = lease.Item;
            if (item.Lease is not { } stored)
            {
                Quarantine(item.LeaseId, item.Error ?? "the stored lease could not be read");
                continue;
            }

            var findings = new List<Finding>(4);
            try
            {
                deps.Engine.Evaluate(stored.Record, context, findings);
            }
            catch (Exception ex)
            {
                // A rule that throws on one record must not stop the district: quarantine the record, go on.
                Quarantine(item.LeaseId, $"rule evaluation failed: {ex.GetType().Name}: {ex.Message}");
                continue;
            }

            _findings += findings.Count;
            watch.Note(stored.Record.LeaseId, findings);
            var warned = false;
            foreach (var f in findings)
            {
                foreach (var w in f.Warnings)
                {
                    warned = true;
                    if (warnings.Add(w))
                    {
                        _scan.AddWarning(w);
                    }
                }
            }

            var fingerprint = ScanState.Compute(deps.ScanStateSeed, deps.Cadence, stored.Record, findings, _scan.AsOf);
            var state = warned
                ? fingerprint
                : new ScanStamp(fingerprint, seedDigest, _scan.AsOf, window.Through(stored.Record, fingerprint), findings.Count).Format();
            _evaluatedIds.Add(stored.Record.LeaseId);
            if (string.Equals(ScanStamp.FingerprintOf(lease.ScanState), fingerprint, StringComparison.Ordinal))
            {
                if (!await WasQuarantinedAsync(stored.Record.LeaseId).ConfigureAwait(false))
                {
                    if (!string.Equals(lease.ScanState, state, StringComparison.Ordinal))
                    {
                        Renewed.Add(new LeaseScanState(stored.Record.LeaseId, stored.ETag, state));
                    }

                    continue;
                }
            }

            _toCompare.Add(new EvaluatedLease(stored.Record, findings, stored.ETag, lease.ScanState, state));
        }

        await watch.CompleteAsync().ConfigureAwait(false);
    }

    /// <summary>Today's findings of a lease left unparsed because its stamp holds (wanted only when a task of the lease awaits the scan).</summary>
    private List<Finding> FindingsOf(ScanLeaseItem lease, RuleContext context)
    {
        var findings = new List<Finding>(4);
        if (lease.Item.Lease is { } stored)
        {
            _scan.Deps.Engine.Evaluate(stored.Record, context, findings);
        }

        return findings;
    }

    private void Quarantine(string leaseId, string reason)
    {
        if (_quarantinedIds.Add(leaseId))
        {
            _quarantined.Add(new QuarantineEntry(_scan.District, leaseId, _scan.RunId, _scan.AsOf, reason, _scan.Now));
            ScanLog.Quarantined(_scan.Logger, leaseId, _scan.District, reason);
        }
    }
}

/// <summary>A lease evaluated today whose alerts are compared: its record, findings, the lease's ETag as read, and its stored and new stamps (<see cref="ScanStamp"/>, or bare fingerprints).</summary>
internal sealed record EvaluatedLease(LeaseRecord Record, List<Finding> Findings, string ETag, string? StoredState, string State);
