using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Records;

namespace ComplianceMonitor.Application.Scanning;

/// <summary>Scan step 1: streams the district's leases with their fingerprints, evaluates each with the rule engine and quarantines what cannot be read or evaluated.</summary>
/// <remarks>
/// A lease whose fingerprint (<see cref="ScanState"/>) is unchanged was fully reconciled by the last scan to the same
/// state: nothing to compare, and its record is not kept. A lease that was quarantined is compared in full whatever
/// its fingerprint says. One bad record never stops the district: it is quarantined and the stream goes on.
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

    /// <summary>The leases whose findings' alert keys are kept in <see cref="WatchedKeys"/> whatever their fingerprint (<see cref="TaskRecheck"/>), or null.</summary>
    public IReadOnlySet<string>? WatchedLeases { get; set; }

    /// <summary>The alert keys of today's findings of the <see cref="WatchedLeases"/>.</summary>
    public HashSet<string> WatchedKeys { get; } = new(StringComparer.Ordinal);

    /// <summary>The leases quarantined today.</summary>
    public IReadOnlyList<QuarantineEntry> Quarantined => _quarantined;

    /// <summary>The ids of the leases quarantined today.</summary>
    public IReadOnlySet<string> QuarantinedIds => _quarantinedIds;

    /// <summary>The counts so far (complete once <see cref="EvaluateAsync"/> has returned).</summary>
    public EvaluationCounts Counts => new(_leases, _findings, [.. _quarantinedIds.Order(StringComparer.Ordinal)]);

    /// <param name="quarantinedBefore">The district's quarantine as stored, read alongside the lease stream.</param>
    /// <param name="cancellationToken">Cancels the stream.</param>
    public async Task EvaluateAsync(Task<List<string>> quarantinedBefore, CancellationToken cancellationToken)
    {
        var deps = _scan.Deps;
        HashSet<string>? wasQuarantined = null;
        var context = deps.Engine.ContextFor(_scan.AsOf);
        var warnings = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var (item, storedState) in deps.Leases.ReadDistrictForScanAsync(_scan.District, cancellationToken).ConfigureAwait(false))
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
                deps.Engine.Evaluate(stored.Record, context, findings);
            }
            catch (Exception ex)
            {
                // A rule that throws on one record must not stop the district: quarantine the record, go on.
                Quarantine(item.LeaseId, $"rule evaluation failed: {ex.GetType().Name}: {ex.Message}");
                continue;
            }

            _findings += findings.Count;
            if (WatchedLeases is { Count: > 0 } watched && watched.Contains(stored.Record.LeaseId))
            {
                foreach (var f in findings)
                {
                    WatchedKeys.Add(AlertKey.For(stored.Record.LeaseId, f.Rule, f.Subject));
                }
            }
            foreach (var f in findings)
            {
                foreach (var w in f.Warnings)
                {
                    if (warnings.Add(w))
                    {
                        _scan.AddWarning(w);
                    }
                }
            }

            var state = ScanState.Compute(deps.ScanStateSeed, deps.Cadence, stored.Record, findings, _scan.AsOf);
            _evaluatedIds.Add(stored.Record.LeaseId);
            if (string.Equals(storedState, state, StringComparison.Ordinal))
            {
                // The quarantine list is one small read, started with the lease stream: wait for it only when needed.
                wasQuarantined ??= (await quarantinedBefore.ConfigureAwait(false)).ToHashSet(StringComparer.Ordinal);
                if (!wasQuarantined.Contains(stored.Record.LeaseId))
                {
                    continue;
                }
            }

            _toCompare.Add(new EvaluatedLease(stored.Record, findings, stored.ETag, storedState, state));
        }
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

/// <summary>A lease evaluated today whose alerts are compared: its record, findings, the lease's ETag as read, and its stored and new fingerprints.</summary>
internal sealed record EvaluatedLease(LeaseRecord Record, List<Finding> Findings, string ETag, string? StoredState, string State);
