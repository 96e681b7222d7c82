using Microsoft.Extensions.Logging;

namespace ComplianceMonitor.Application.Reminders.Dispatch;

/// <summary>An entry claimed for one send, with its attempt row written.</summary>
/// <param name="Entry">The entry as claimed (status sending, with its ETag).</param>
/// <param name="Attempt">The attempt row, no outcome yet.</param>
internal sealed record Claim(OutboxEntry Entry, DeliveryAttempt Attempt);

/// <summary>Step "claim": rewrites the entry to <see cref="OutboxStatus.Sending"/> under its ETag and writes the attempt row, in that order.</summary>
/// <remarks>
/// Of two dispatchers only one claim succeeds; the other sees the conflict and moves on. A send starts only while at
/// least <see cref="DispatchOptions.MinClaimRemaining"/> of the claim is left after the row is written, so a recoverer
/// (which acts only after the claim expired) always finds the row of a send that may have started.
/// </remarks>
internal sealed class EntryClaim(OutboxWriter writer, IDeliveryLog log, DispatchOptions options, TimeProvider time, ILogger logger)
{
    /// <summary>The claim of <paramref name="entry"/>; or no claim, and the outcome to report, when someone changed it first or too little of the claim is left.</summary>
    public async Task<(Claim? Claim, EntryOutcome Skipped)> ClaimAsync(OutboxEntry entry, DeliveryFlags flags, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var attemptId = DeliveryAttempt.NewId(now);
        var claimed = entry with
        {
            Status = OutboxStatus.Sending,
            ClaimToken = attemptId,
            ClaimExpiresAt = now + options.ClaimDuration,
            Attempts = entry.Attempts + 1,
            OutcomeUnknown = flags.HasFlag(DeliveryFlags.PossibleDuplicate),
            StatusReason = null,
        };
        var etag = await writer.TryUpdateAsync(claimed, cancellationToken).ConfigureAwait(false);
        if (etag is null)
        {
            DispatchLog.ClaimConflict(logger, entry.Id);
            return (null, EntryOutcome.SkippedAt(now));
        }

        claimed = claimed with { ETag = etag };
        var attempt = await log.AddAsync(OutboxTransitions.NewAttempt(entry, attemptId, claimed.Attempts, now, flags), cancellationToken).ConfigureAwait(false);

        if (time.GetUtcNow() > claimed.ClaimExpiresAt!.Value - options.MinClaimRemaining)
        {
            // Too little of the claim is left to finish before a recoverer may step in: give it back unsent.
            await log.UpdateAsync(attempt with { ETag = null, Outcome = DeliveryOutcome.Abandoned, FinishedAt = time.GetUtcNow(), Reason = "too little of the claim was left to start the send" }, cancellationToken).ConfigureAwait(false);
            await writer.TryUpdateAsync(claimed with { Status = OutboxStatus.Pending, ClaimToken = null, ClaimExpiresAt = null, Attempts = entry.Attempts }, cancellationToken).ConfigureAwait(false);
            DispatchLog.Abandoned(logger, entry.Id);
            return (null, EntryOutcome.SkippedAt(now));
        }

        if (flags.HasFlag(DeliveryFlags.PossibleDuplicate))
        {
            DispatchLog.PossibleDuplicate(logger, entry.Id, attemptId, entry.MaskedRecipient);
        }

        return (new Claim(claimed, attempt), default);
    }
}
