namespace ComplianceMonitor.Application.Reminders.Dispatch;

/// <summary>The pure rules of an entry's life around an attempt: its delivery-log row, the entry it becomes and the outcome it reports.</summary>
internal static class OutboxTransitions
{
    /// <summary>The entry after <paramref name="attempt"/> ended with a provider answer.</summary>
    public static OutboxEntry Apply(OutboxEntry entry, DeliveryAttempt attempt)
    {
        // A transient failure without a provider status (a timeout, a dropped connection) may have reached the provider.
        var unknown = entry.OutcomeUnknown || (attempt.Outcome == DeliveryOutcome.Transient && attempt.ProviderStatus is null);
        var cleared = entry with { ClaimToken = null, ClaimExpiresAt = null, StatusReason = null, OutcomeUnknown = unknown };
        return attempt.Outcome switch
        {
            DeliveryOutcome.Accepted => cleared with { Status = OutboxStatus.Sent, SentAt = attempt.FinishedAt, ProviderMessageId = attempt.ProviderMessageId, NextAttemptAt = null },
            DeliveryOutcome.Transient when attempt.RetryAt is { } retryAt => cleared with { Status = OutboxStatus.Pending, NextAttemptAt = retryAt, LastError = attempt.Reason },
            DeliveryOutcome.Transient => cleared with { Status = OutboxStatus.Dead, NextAttemptAt = null, LastError = $"gave up after {attempt.Attempt} attempts; the last: {attempt.Reason}" },
            DeliveryOutcome.Permanent => cleared with { Status = OutboxStatus.Dead, NextAttemptAt = null, LastError = attempt.Reason },
            DeliveryOutcome.Paused => cleared with
            {
                // Not the message's fault: the attempt is not counted and the entry waits for the channel (the pause,
                // not the entry, says until when: a pass skips every entry of a paused channel).
                Status = OutboxStatus.Pending,
                NextAttemptAt = null,
                Attempts = Math.Max(0, entry.Attempts - 1),
                LastError = attempt.Reason,
                StatusReason = "channel paused: " + attempt.Reason,
            },
            _ => throw new InvalidOperationException($"attempt {attempt.AttemptId} has no provider answer"),
        };
    }

    /// <summary>The outcome an entry that became <paramref name="after"/> through <paramref name="done"/> reports.</summary>
    public static EntryOutcome Report(OutboxEntry after, DeliveryAttempt done)
    {
        if (done.Outcome == DeliveryOutcome.Paused)
        {
            return new(EntryOutcomeKind.Paused);
        }

        return after.Status switch
        {
            OutboxStatus.Sent => new(done.Flags.HasFlag(DeliveryFlags.PossibleDuplicate) ? EntryOutcomeKind.SentPossibleDuplicate : EntryOutcomeKind.Sent),
            OutboxStatus.Pending => new(EntryOutcomeKind.Retrying, after.NextAttemptAt),
            _ => new(EntryOutcomeKind.Dead),
        };
    }

    /// <summary>A delivery-log row of <paramref name="entry"/> (its district, ids, stage, channel and masked recipient) started at <paramref name="at"/>, no outcome yet.</summary>
    /// <param name="entry">The entry.</param>
    /// <param name="attemptId">The row's id.</param>
    /// <param name="attempt">The attempt's number (0 for a decision without a send).</param>
    /// <param name="at">When it started.</param>
    /// <param name="flags">Its flags.</param>
    public static DeliveryAttempt NewAttempt(OutboxEntry entry, string attemptId, int attempt, DateTimeOffset at, DeliveryFlags flags) => new()
    {
        AttemptId = attemptId,
        DistrictCode = entry.DistrictCode,
        OutboxId = entry.Id,
        LeaseId = entry.LeaseId,
        Stage = entry.Stage,
        Channel = entry.Channel,
        MaskedRecipient = entry.MaskedRecipient,
        Attempt = attempt,
        StartedAt = at,
        Flags = flags,
    };
}
