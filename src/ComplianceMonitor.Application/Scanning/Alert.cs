using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Tasks;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Rules;

namespace ComplianceMonitor.Application.Scanning;

/// <summary>Whether an alert's finding is still there.</summary>
public enum AlertState
{
    /// <summary>The finding was present on the last scan that wrote the alert.</summary>
    Open,

    /// <summary>The finding is gone: the obligation was met or the record corrected, or the rule changed (<see cref="Alert.Resolution"/>).</summary>
    Resolved,
}

/// <summary>Why a scan resolved an alert.</summary>
public enum AlertResolution
{
    /// <summary>The finding is gone under the rules it was raised under: the obligation was met or the record corrected (履行完毕).</summary>
    ObligationMet,

    /// <summary>
    /// The finding is gone because its rule changed: the alert was last seen under an older rule revision and its rule changed (or
    /// was removed) since, so the first scan under the new revision no longer produces it (规则修订). See <see cref="RuleRevision"/>.
    /// </summary>
    RuleRevised,
}

/// <summary>The stored, day-to-day life of one finding: one per (lease, rule, subject), created once and kept up to date by the scan.</summary>
/// <remarks>
/// <para>The key is <see cref="AlertKey.For"/> of the lease id, rule and finding subject. The alert keeps the
/// latest status, severity, deadline, amount, message, responsible party and basis, the reminder stages already
/// queued (each stage at most once) and the id of its enforcement task.</para>
/// <para>Days remaining are not stored: they change every day and follow from <see cref="Deadline"/> and the
/// day of reading. So that a steady-state scan writes nothing, an unchanged alert is not rewritten; an open
/// alert's <see cref="LastSeenOn"/> is the day of the last scan that wrote it, and the district's latest run
/// (<see cref="IRunStore"/>) tells the last day it was confirmed.</para>
/// </remarks>
public sealed record Alert : IStoredItem
{
    /// <summary>The district the lease belongs to (the partition).</summary>
    public required string DistrictCode { get; init; }

    /// <summary>The alert key: <c>leaseId|RULE|subject</c>.</summary>
    public required string Key { get; init; }

    /// <summary>The lease the finding is about.</summary>
    public required string LeaseId { get; init; }

    /// <summary>The rule that found it.</summary>
    public required RuleCode Rule { get; init; }

    /// <summary>What the finding is about within the lease and rule (<see cref="Finding.Subject"/>).</summary>
    public required string Subject { get; init; }

    /// <summary>Open or resolved.</summary>
    public required AlertState State { get; init; }

    /// <summary>The Beijing date of the scan that first found it.</summary>
    public required DateOnly FirstSeenOn { get; init; }

    /// <summary>The Beijing date of the last scan that wrote the alert (see remarks).</summary>
    public required DateOnly LastSeenOn { get; init; }

    /// <summary>The deadline, inclusive, or null for violations and info.</summary>
    public DateOnly? Deadline { get; init; }

    /// <summary>The latest status.</summary>
    public required FindingStatus Status { get; init; }

    /// <summary>The latest severity.</summary>
    public required Severity Severity { get; init; }

    /// <summary>Money at stake, rounded to the fen, or null.</summary>
    public decimal? AmountYuan { get; init; }

    /// <summary>The latest one-line Chinese message.</summary>
    public required string Message { get; init; }

    /// <summary>Who must act.</summary>
    public required Responsible Responsible { get; init; }

    /// <summary>The guideline clause, e.g. 三（五）.</summary>
    public required string Basis { get; init; }

    /// <summary>The land user's name, for digests built from alerts alone.</summary>
    public string? LandUserName { get; init; }

    /// <summary>The parcel's name, for digests built from alerts alone.</summary>
    public string? ParcelName { get; init; }

    /// <summary>The reminder stages already queued for this alert (e.g. <c>D-30</c>, <c>D0</c>, <c>OD+7</c>), oldest first.</summary>
    public IReadOnlyList<string> QueuedStages { get; init; } = [];

    /// <summary>The enforcement task opened for this alert, or null.</summary>
    public string? TaskId { get; init; }

    /// <summary>The Beijing date of the scan that found the finding gone, while resolved.</summary>
    public DateOnly? ResolvedOn { get; init; }

    /// <summary>Why the alert was resolved, while resolved; null while open.</summary>
    public AlertResolution? Resolution { get; init; }

    /// <summary>The rule revision (<see cref="RuleEngine.Revision"/>) of the last scan that wrote the alert; alerts stored before revisions were recorded read as 1.</summary>
    public int Revision { get; init; } = 1;

    /// <summary>The stored version tag, or null before the alert is stored.</summary>
    public string? ETag { get; init; }

    /// <summary>Whether this alert already states what <paramref name="other"/> states (every stored field except <see cref="ETag"/>).</summary>
    public bool SameContentAs(Alert other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return this with { ETag = null, QueuedStages = [] } == other with { ETag = null, QueuedStages = [] }
            && QueuedStages.SequenceEqual(other.QueuedStages, StringComparer.Ordinal);
    }
}
