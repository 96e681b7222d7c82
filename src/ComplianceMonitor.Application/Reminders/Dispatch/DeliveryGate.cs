using ComplianceMonitor.Application.Contacts;
using ComplianceMonitor.Application.Leases;
using ComplianceMonitor.Application.Scanning;

namespace ComplianceMonitor.Application.Reminders.Dispatch;

/// <summary>Step "gate": the alert's severity, the enterprise's preferences and the lease's snooze decide whether the entry goes now.</summary>
internal sealed class DeliveryGate(NotificationGate gate)
{
    /// <summary>How <paramref name="entry"/> ends instead of a send (held, suppressed), or null when it may go.</summary>
    public async Task<Closing?> CheckAsync(OutboxEntry entry, StoredLease lease, Alert alert, PassReads reads, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var channel = entry.Channel == OutboxChannel.Email ? NotificationChannel.Email : NotificationChannel.Sms;
        var preferences = await reads.PreferencesAsync(lease.Record.LandUser.CreditCode, cancellationToken).ConfigureAwait(false);
        var snooze = await reads.SnoozeAsync(entry.DistrictCode, entry.LeaseId, entry.Rule, now, cancellationToken).ConfigureAwait(false);
        return gate.Decide(alert.Severity, channel, preferences, snooze, now) switch
        {
            GateDecision.Hold hold => new Closing(OutboxStatus.Held, DeliveryOutcome.Held, hold.Reason, hold.Until),
            GateDecision.Suppress suppress => new Closing(OutboxStatus.Suppressed, DeliveryOutcome.Suppressed, suppress.Reason),
            _ => null,
        };
    }
}
