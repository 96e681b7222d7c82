using Microsoft.Extensions.Logging;

namespace ComplianceMonitor.Application.Scanning;

/// <summary>What every step of one scan of one district shares: the district, the day, the clock reading, the dependencies, the warnings and the leases left unsettled.</summary>
/// <remarks>Not thread-safe; one per scan. Steps run one after the other (reads may overlap, writes to the context never do).</remarks>
internal sealed class ScanContext
{
    private readonly List<string> _warnings = [];

    /// <summary>Leases (by alert-key prefix) with a write left undone or an unreadable alert: their stored fingerprint is cleared.</summary>
    private readonly HashSet<string> _unsettled = new(StringComparer.Ordinal);

    public ScanContext(ScanDependencies deps, string district, DateOnly asOf, string runId, DateTimeOffset now)
    {
        Deps = deps;
        District = district;
        AsOf = asOf;
        RunId = runId;
        Now = now;
    }

    public ScanDependencies Deps { get; }

    public string District { get; }

    /// <summary>The Beijing date the leases are evaluated for.</summary>
    public DateOnly AsOf { get; }

    public string RunId { get; }

    /// <summary>The clock reading at the start of the scan (stamped on everything the scan writes).</summary>
    public DateTimeOffset Now { get; }

    public ILogger Logger => Deps.Logger;

    /// <summary>The note of each task this scan resolves because its finding is gone, by task id (<see cref="LeaseChangeCause"/>).</summary>
    public Dictionary<string, string> ResolutionNotes { get; } = new(StringComparer.Ordinal);

    /// <summary>The warnings so far, in the order they were raised.</summary>
    public IReadOnlyList<string> Warnings => _warnings;

    public void Warn(string warning)
    {
        _warnings.Add(warning);
        ScanLog.Warning(Logger, District, warning);
    }

    /// <summary>Adds a warning that was already logged (or is logged elsewhere).</summary>
    public void AddWarning(string warning) => _warnings.Add(warning);

    /// <summary>Marks a lease whose writes were left undone: its stored fingerprint is cleared (an empty state), so the next scan compares it in full.</summary>
    public void Unsettle(string leaseId) => _unsettled.Add(AlertKey.LeaseRangeStart(leaseId));

    /// <summary>Marks the lease of an alert key that could not be read.</summary>
    public void UnsettleAlertKey(string key)
    {
        var cut = key.IndexOf(AlertKey.Separator, StringComparison.Ordinal);
        _unsettled.Add(cut < 0 ? key : key[..(cut + 1)]);
    }

    public bool IsSettled(string leaseId) => !_unsettled.Contains(AlertKey.LeaseRangeStart(leaseId));
}
