namespace ComplianceMonitor.Application.Scanning;

/// <summary>What one scan of one district did, step by step; copied into the <see cref="ScanRun"/> it records.</summary>
/// <param name="Evaluation">Leases read, findings, quarantined leases (see <see cref="LeaseEvaluation"/>).</param>
/// <param name="Reads">Alerts and tasks read (see <see cref="OpenAlertLoader"/>).</param>
/// <param name="Writes">Alerts created and updated, reminders queued, tasks opened (see <see cref="FindingWriter"/>).</param>
/// <param name="Resolution">Alerts resolved, reminders superseded, tasks resolved (see <see cref="AlertResolver"/>).</param>
/// <param name="TasksEscalated">Tasks escalated to the city body.</param>
/// <param name="Recheck">Tasks a person resolved, reopened or confirmed (see <see cref="TaskRecheck"/>).</param>
/// <param name="QuarantineReleased">Leases that left the quarantine.</param>
/// <param name="Warnings">The warnings, in the order raised.</param>
internal sealed record ScanResult(
    EvaluationCounts Evaluation,
    ReadCounts Reads,
    WriteCounts Writes,
    ResolutionCounts Resolution,
    int TasksEscalated,
    RecheckCounts Recheck,
    int QuarantineReleased,
    IReadOnlyList<string> Warnings)
{
    /// <summary>The run with this result's counts, quarantined leases and warnings.</summary>
    public ScanRun ApplyTo(ScanRun run) => run with
    {
        Leases = Evaluation.Leases,
        Findings = Evaluation.Findings,
        AlertsRead = Reads.AlertsRead,
        TasksRead = Reads.TasksRead,
        AlertsCreated = Writes.AlertsCreated,
        AlertsUpdated = Writes.AlertsUpdated,
        AlertsResolved = Resolution.AlertsResolved,
        OutboxQueued = Writes.OutboxQueued,
        OutboxSuperseded = Resolution.OutboxSuperseded,
        AlertsRuleRevised = Resolution.AlertsRuleRevised,
        OutboxWithdrawn = Resolution.OutboxWithdrawn,
        TasksOpened = Writes.TasksOpened,
        TasksResolved = Resolution.TasksResolved,
        TasksEscalated = TasksEscalated,
        TasksReopened = Recheck.Reopened,
        TasksConfirmed = Recheck.Confirmed,
        QuarantineReleased = QuarantineReleased,
        QuarantinedLeaseIds = Evaluation.QuarantinedLeaseIds,
        Warnings = [.. Warnings],
    };
}

/// <summary>What <see cref="LeaseEvaluation"/> did.</summary>
internal sealed record EvaluationCounts(int Leases, int Findings, IReadOnlyList<string> QuarantinedLeaseIds);

/// <summary>What <see cref="OpenAlertLoader"/> read.</summary>
internal readonly record struct ReadCounts(int AlertsRead, int TasksRead);

/// <summary>What <see cref="FindingWriter"/> wrote.</summary>
internal readonly record struct WriteCounts(int AlertsCreated, int AlertsUpdated, int OutboxQueued, int TasksOpened);

/// <summary>What <see cref="TaskRecheck"/> decided: tasks a person resolved, reopened because the breach is still found, or confirmed because it is gone.</summary>
internal readonly record struct RecheckCounts(int Reopened, int Confirmed);

/// <summary>What <see cref="AlertResolver"/> wrote: alerts resolved (those closed as rule revised among them), reminders superseded, reminders withdrawn, tasks resolved.</summary>
internal readonly record struct ResolutionCounts(int AlertsResolved, int OutboxSuperseded, int TasksResolved)
{
    /// <summary>Of <see cref="AlertsResolved"/>, those closed as <see cref="AlertResolution.RuleRevised"/>.</summary>
    public int AlertsRuleRevised { get; init; }

    /// <summary>Pending or held reminders withdrawn because their alert was closed as rule revised.</summary>
    public int OutboxWithdrawn { get; init; }
}
