using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Application.Tasks;
using ComplianceMonitor.Domain.Rules;
using Microsoft.Extensions.Logging;

namespace ComplianceMonitor.Application.Scanning;

/// <summary>What one scan needs, shared by the service and its per-district work.</summary>
internal sealed record ScanDependencies(
    ILeaseScanStateStore Leases,
    IAlertStore Alerts,
    ITaskStore Tasks,
    IOutboxStore Outbox,
    IRunStore Runs,
    IQuarantineStore Quarantine,
    RuleEngine Engine,
    AlertReconciler Reconciler,
    EnforcementTaskOptions TaskOptions,
    TimeProvider Time,
    ILogger Logger)
{
    /// <summary>The reminder cadence (enters the fingerprints).</summary>
    public required ReminderCadence Cadence { get; init; }

    /// <summary>The configuration part of every fingerprint.</summary>
    public required string ScanStateSeed { get; init; }

    /// <summary>The digest a stored <see cref="ScanStamp"/> must carry to hold for this scan (<see cref="ScanStamp.Digest"/>).</summary>
    public required string StampSeed { get; init; }

    /// <summary>The lease history, to name who caused a resolution (<see cref="LeaseChangeCause"/>); null: not named.</summary>
    public Leases.ILeaseHistoryStore? History { get; init; }
}
