using Microsoft.Extensions.Logging;

namespace ComplianceMonitor.Application.Reminders.Dispatch;

/// <summary>What a recorded send did to its entry.</summary>
/// <param name="Entry">The entry as written.</param>
/// <param name="Attempt">The attempt row with its outcome.</param>
/// <param name="Outcome">The entry's outcome in the pass.</param>
internal sealed record Delivery(OutboxEntry Entry, DeliveryAttempt Attempt, EntryOutcome Outcome);

/// <summary>Step "record": writes the provider's answer on the attempt row, then the entry (sent, pending with a retry time, paused, or dead), and logs it.</summary>
/// <remarks>
/// Transient failures wait by <see cref="BackoffPolicy"/> and become dead after <see cref="DispatchOptions.MaxAttempts"/>;
/// permanent failures become dead at once; a channel refusal keeps the entry pending for the channel's pause. Both
/// writes ignore cancellation: the owner's outcome always wins on its own row.
/// </remarks>
internal sealed class DeliveryRecorder(IDeliveryLog log, OutboxWriter writer, DispatchOptions options, TimeProvider time, IRandomSource random, ILogger logger)
{
    private readonly BackoffPolicy _backoff = options.Backoff();

    /// <summary>Records <paramref name="result"/> of the send under <paramref name="claim"/>.</summary>
    public async Task<Delivery> RecordAsync(Claim claim, SendResult result)
    {
        var finishedAt = time.GetUtcNow();
        var (claimed, attempt) = (claim.Entry, claim.Attempt);
        var done = result switch
        {
            SendResult.Accepted a => attempt with { Outcome = DeliveryOutcome.Accepted, ProviderMessageId = a.ProviderMessageId },
            SendResult.Transient t => attempt with
            {
                Outcome = DeliveryOutcome.Transient,
                ProviderStatus = t.ProviderStatus,
                Reason = ContactMask.ContactsIn(t.Reason),
                RetryAt = claimed.Attempts >= options.MaxAttempts ? null : finishedAt + _backoff.Delay(claimed.Attempts, t.RetryAfter, random.NextDouble()),
            },
            SendResult.Permanent p => attempt with { Outcome = DeliveryOutcome.Permanent, ProviderStatus = p.ProviderStatus, Reason = ContactMask.ContactsIn(p.Reason) },
            SendResult.ChannelRefused r => attempt with { Outcome = DeliveryOutcome.Paused, ProviderStatus = r.ProviderStatus, Reason = ContactMask.ContactsIn(r.Reason), RetryAt = finishedAt + options.ChannelPause },
            _ => throw new InvalidOperationException("unknown send result"),
        };
        done = done with { FinishedAt = finishedAt, ETag = null };

        // The owner's outcome always wins on its own row (a recoverer may have marked it unknown meanwhile).
        await log.UpdateAsync(done, CancellationToken.None).ConfigureAwait(false);
        var after = OutboxTransitions.Apply(claimed, done);
        if (await writer.TryUpdateAsync(after, CancellationToken.None).ConfigureAwait(false) is null)
        {
            DispatchLog.ClaimLost(logger, claimed.Id, attempt.AttemptId, done.Outcome);
            return new Delivery(after, done, EntryOutcome.SkippedAt(finishedAt));
        }

        var outcome = OutboxTransitions.Report(after, done);
        switch (outcome.Kind)
        {
            case EntryOutcomeKind.Paused:
                break;
            case EntryOutcomeKind.Retrying:
                DispatchLog.Retrying(logger, after.Id, after.Channel, done.Attempt, after.NextAttemptAt!.Value, done.Reason ?? string.Empty);
                break;
            case EntryOutcomeKind.Dead:
                DispatchLog.Dead(logger, after.Id, after.Channel, after.MaskedRecipient, after.LastError ?? string.Empty);
                break;
            default:
                DispatchLog.Sent(logger, after.Id, after.Channel, after.MaskedRecipient, done.ProviderMessageId ?? "(none)", done.Attempt, done.Flags);
                break;
        }

        return new Delivery(after, done, outcome);
    }
}
