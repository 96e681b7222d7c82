using ComplianceMonitor.Application.Scanning;

namespace ComplianceMonitor.Application.Reminders.Dispatch;

/// <summary>Step "withdraw": a reminder whose alert was resolved, closed as rule revised or is gone is never sent.</summary>
/// <remarks>
/// A scan inserts a reminder before the alert that records it, so a young pending reminder whose alert does not record
/// its stage yet is left pending rather than superseded (<see cref="UnrecordedReminderGrace"/>).
/// </remarks>
internal static class Withdrawal
{
    /// <summary>
    /// How long a reminder whose alert does not record its stage yet (missing, or resolved before a reopen) is left
    /// pending rather than superseded: longer than a day, so that the next daily scan records it after a scan that
    /// stopped between the two writes. The default value is 26 hours.
    /// </summary>
    internal static readonly TimeSpan UnrecordedReminderGrace = TimeSpan.FromHours(26);

    /// <summary>Whether <paramref name="alert"/> no longer wants a reminder (gone or resolved).</summary>
    public static bool IsClosed(Alert? alert) => alert is null || alert.State == AlertState.Resolved;

    /// <summary>Whether <paramref name="entry"/> is younger than <see cref="UnrecordedReminderGrace"/> and its alert does not record its stage yet.</summary>
    public static bool AwaitsItsAlert(OutboxEntry entry, Alert? alert, DateTimeOffset now) =>
        entry.Status == OutboxStatus.Pending
        && (alert is null || !alert.QueuedStages.Contains(entry.Stage, StringComparer.Ordinal))
        && now - entry.CreatedAt < UnrecordedReminderGrace;

    /// <summary>How a reminder of the closed <paramref name="alert"/> ends: withdrawn after a rule revision, else superseded.</summary>
    public static Closing For(Alert? alert)
    {
        if (alert is { Resolution: AlertResolution.RuleRevised })
        {
            // The scan withdraws these itself; one it could not reach yet (a crash between its steps) is withdrawn here, never sent.
            return new(OutboxStatus.Withdrawn, DeliveryOutcome.Superseded, RuleRevision.WithdrawnReason(Domain.Rules.RuleCatalog.Revision));
        }

        return new(OutboxStatus.Superseded, DeliveryOutcome.Superseded, alert is null ? "the alert is gone" : "the alert was resolved: the obligation was met");
    }
}
