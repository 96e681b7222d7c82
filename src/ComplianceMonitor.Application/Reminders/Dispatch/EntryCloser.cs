using Microsoft.Extensions.Logging;

namespace ComplianceMonitor.Application.Reminders.Dispatch;

/// <summary>Step "close without a send": writes the entry held, suppressed, superseded, withdrawn or dead, and logs the decision as a delivery-log row.</summary>
internal sealed class EntryCloser(OutboxWriter writer, IDeliveryLog log, ILogger logger)
{
    /// <summary>Ends <paramref name="entry"/> as <paramref name="closing"/> says; skipped when someone changed the entry first.</summary>
    public async Task<EntryOutcome> CloseAsync(OutboxEntry entry, Closing closing, DeliveryFlags flags, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (status, until) = (closing.Status, closing.Until);
        var reason = ContactMask.ContactsIn(closing.Reason);
        var after = entry with
        {
            Status = status,
            NextAttemptAt = until,
            ClaimToken = null,
            ClaimExpiresAt = null,
            OutcomeUnknown = flags.HasFlag(DeliveryFlags.PossibleDuplicate),
            StatusReason = status == OutboxStatus.Dead ? null : reason,
            LastError = status == OutboxStatus.Dead ? reason : entry.LastError,
        };
        if (await writer.TryUpdateAsync(after, cancellationToken).ConfigureAwait(false) is null)
        {
            return EntryOutcome.SkippedAt(now);
        }

        await log.AddAsync(
            OutboxTransitions.NewAttempt(entry, DeliveryAttempt.NewId(now), 0, now, flags) with { FinishedAt = now, Outcome = closing.Outcome, Reason = reason, RetryAt = until },
            cancellationToken).ConfigureAwait(false);

        switch (status)
        {
            case OutboxStatus.Held:
                DispatchLog.Held(logger, entry.Id, entry.Channel, entry.MaskedRecipient, until!.Value, reason);
                return new(EntryOutcomeKind.Held);
            case OutboxStatus.Suppressed:
                DispatchLog.Suppressed(logger, entry.Id, entry.Channel, entry.MaskedRecipient, reason);
                return new(EntryOutcomeKind.Suppressed);
            case OutboxStatus.Superseded or OutboxStatus.Withdrawn:
                DispatchLog.Superseded(logger, entry.Id, reason);
                return new(EntryOutcomeKind.Superseded);
            default:
                DispatchLog.Dead(logger, entry.Id, entry.Channel, entry.MaskedRecipient, reason);
                return new(EntryOutcomeKind.Dead);
        }
    }
}
