using Microsoft.Extensions.Logging;

namespace ComplianceMonitor.Application.Reminders.Dispatch;

/// <summary>How an entry's dispatch starts: finished already (<see cref="Done"/>), or goes on with these flags.</summary>
/// <param name="Done">The outcome when nothing more is to be done, else null.</param>
/// <param name="Flags">The flags of its next attempt; <see cref="DeliveryFlags.PossibleDuplicate"/> exactly when an earlier send of it may have reached the provider (<see cref="OutboxEntry.OutcomeUnknown"/>).</param>
internal readonly record struct DispatchStart(EntryOutcome? Done, DeliveryFlags Flags);

/// <summary>Step "recover an expired claim": an entry still <see cref="OutboxStatus.Sending"/> belongs to a dispatcher that died.</summary>
/// <remarks>
/// If its attempt row holds a provider answer, only the entry write was lost: it is completed from the row, nothing is
/// resent. If the row has no outcome the send may have reached the provider: the row is marked
/// <see cref="DeliveryOutcome.Unknown"/> and the resend is flagged <see cref="DeliveryFlags.PossibleDuplicate"/>. No
/// row means the send never started (the row is written before it): resent, flagged recovered only.
/// </remarks>
internal sealed class ClaimRecovery(IDeliveryLog log, OutboxWriter writer, TimeProvider time, ILogger logger)
{
    /// <summary>How the dispatch of <paramref name="entry"/> starts at <paramref name="now"/>.</summary>
    public async Task<DispatchStart> StartAsync(OutboxEntry entry, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var unknown = entry.OutcomeUnknown;
        var flags = DeliveryFlags.None;
        if (entry.Status == OutboxStatus.Sending)
        {
            flags |= DeliveryFlags.Recovered;
            var previous = entry.ClaimToken is { } token ? await log.GetAsync(entry.DistrictCode, entry.Id, token, cancellationToken).ConfigureAwait(false) : null;
            if (previous is { HasProviderAnswer: true })
            {
                return new(await CompleteFromLogAsync(entry, previous, cancellationToken).ConfigureAwait(false), flags);
            }

            if (previous is { Outcome: null })
            {
                var marked = await log.UpdateAsync(
                    previous with { Outcome = DeliveryOutcome.Unknown, FinishedAt = now, Reason = "the dispatcher stopped during the send; the previous attempt's outcome is unknown" },
                    cancellationToken).ConfigureAwait(false);
                if (marked is null)
                {
                    // The owner wrote its outcome just now: the next pass completes the entry from it.
                    return new(EntryOutcome.SkippedAt(now), flags);
                }
            }

            // No attempt row means the send never started (the row is written before it); a claim without a token is unexplained.
            unknown |= previous is null ? entry.ClaimToken is null : previous.Outcome is null or DeliveryOutcome.Unknown;
            DispatchLog.Recovering(logger, entry.Id, entry.ClaimToken, previous?.Outcome);
        }

        if (unknown)
        {
            flags |= DeliveryFlags.PossibleDuplicate;
        }

        return new(null, flags);
    }

    private async Task<EntryOutcome> CompleteFromLogAsync(OutboxEntry entry, DeliveryAttempt previous, CancellationToken cancellationToken)
    {
        var after = OutboxTransitions.Apply(entry, previous);
        if (await writer.TryUpdateAsync(after, cancellationToken).ConfigureAwait(false) is null)
        {
            return EntryOutcome.SkippedAt(time.GetUtcNow());
        }

        DispatchLog.Completed(logger, entry.Id, previous.AttemptId, previous.Outcome);
        return new EntryOutcome(EntryOutcomeKind.Completed, OutboxTransitions.Report(after, previous).NextDue);
    }
}
