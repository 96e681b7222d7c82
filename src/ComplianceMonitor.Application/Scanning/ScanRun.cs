using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Tasks;
namespace ComplianceMonitor.Application.Scanning;

/// <summary>How a scan run ended.</summary>
public enum ScanOutcome
{
    /// <summary>Started and not yet finished (or the process died).</summary>
    Running,

    /// <summary>Finished; quarantined records, if any, are listed.</summary>
    Succeeded,

    /// <summary>Stopped by an error; see <see cref="ScanRun.Error"/>.</summary>
    Failed,
}

/// <summary>The record of one scan of one district for one Beijing date.</summary>
public sealed record ScanRun
{
    /// <summary>The run id (shared by the districts of one fan-out).</summary>
    public required string RunId { get; init; }

    /// <summary>The district scanned.</summary>
    public required string DistrictCode { get; init; }

    /// <summary>The Beijing date the leases were evaluated for.</summary>
    public required DateOnly AsOf { get; init; }

    /// <summary>When the scan started (UTC).</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>When the scan finished (UTC), or null while running.</summary>
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>How the scan ended.</summary>
    public required ScanOutcome Outcome { get; init; }

    /// <summary>The error that stopped the scan, or null.</summary>
    public string? Error { get; init; }

    /// <summary>Leases read and evaluated (quarantined ones included).</summary>
    public int Leases { get; init; }

    /// <summary>Open alerts read (one paged query of the district's partition).</summary>
    public int AlertsRead { get; init; }

    /// <summary>Active tasks read (one paged query of the district's partition).</summary>
    public int TasksRead { get; init; }

    /// <summary>Findings produced.</summary>
    public int Findings { get; init; }

    /// <summary>Alerts created (first seen).</summary>
    public int AlertsCreated { get; init; }

    /// <summary>Existing alerts whose content changed (including reopened ones).</summary>
    public int AlertsUpdated { get; init; }

    /// <summary>Alerts resolved because their finding is gone.</summary>
    public int AlertsResolved { get; init; }

    /// <summary>Of <see cref="AlertsResolved"/>, the alerts closed as rule revised: gone because their rule changed (<see cref="RuleRevision"/>), not because the obligation was met.</summary>
    public int AlertsRuleRevised { get; init; }

    /// <summary>Pending or held outbox entries withdrawn because their alert was closed as rule revised (never sent).</summary>
    public int OutboxWithdrawn { get; init; }

    /// <summary>The rule revision the scan evaluated under (<see cref="Domain.Rules.RuleEngine.Revision"/>); 0 on runs recorded before revisions were.</summary>
    public int RuleRevision { get; init; }

    /// <summary>Outbox entries queued (newly inserted).</summary>
    public int OutboxQueued { get; init; }

    /// <summary>Pending or held outbox entries cancelled because their alert was resolved.</summary>
    public int OutboxSuperseded { get; init; }

    /// <summary>Enforcement tasks opened (or reopened).</summary>
    public int TasksOpened { get; init; }

    /// <summary>Enforcement tasks resolved because the obligation was met.</summary>
    public int TasksResolved { get; init; }

    /// <summary>Enforcement tasks escalated to the city.</summary>
    public int TasksEscalated { get; init; }

    /// <summary>Tasks a person resolved that this scan reopened because it still finds the breach (<see cref="TaskRecheck"/>); 0 on runs recorded before these counts were.</summary>
    public int TasksReopened { get; init; }

    /// <summary>Tasks a person resolved whose resolution this scan confirmed because the breach is gone (<see cref="TaskRecheck"/>); 0 on runs recorded before these counts were.</summary>
    public int TasksConfirmed { get; init; }

    /// <summary>Leases quarantined before that read and evaluated again in this run, and were released.</summary>
    public int QuarantineReleased { get; init; }

    /// <summary>The lease ids that could not be read or evaluated and were quarantined.</summary>
    public IReadOnlyList<string> QuarantinedLeaseIds { get; init; } = [];

    /// <summary>Notes on the run (missing holiday data, unreadable alerts, write conflicts given up on).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
