using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Tasks;

namespace ComplianceMonitor.Application.Scanning;

/// <summary>What a scan must write for one finding: the alert as it should be stored, the reminders to queue and the task to open.</summary>
public sealed record AlertPlan
{
    /// <summary>The alert as stored before the scan, or null when the finding is new.</summary>
    public Alert? Stored { get; init; }

    /// <summary>The alert as it should be stored after the scan (carrying the stored ETag when it exists).</summary>
    public required Alert Alert { get; init; }

    /// <summary>The reminder stage queued by this plan, or null.</summary>
    public ReminderStage? StageQueued { get; init; }

    /// <summary>The outbox entries to insert (before the alert records the stage).</summary>
    public IReadOnlyList<OutboxEntry> Outbox { get; init; } = [];

    /// <summary>The enforcement task to open (before the alert records its id), or null.</summary>
    public EnforcementTask? TaskToOpen { get; init; }

    /// <summary>Whether a resolved alert is opened again.</summary>
    public bool Reopens { get; init; }

    /// <summary>Whether the finding is new (no stored alert).</summary>
    public bool IsNew => Stored is null;

    /// <summary>Whether anything must be written; false for an unchanged alert.</summary>
    public bool HasWork => Stored is null || !Alert.SameContentAs(Stored) || Outbox.Count > 0 || TaskToOpen is not null;
}
