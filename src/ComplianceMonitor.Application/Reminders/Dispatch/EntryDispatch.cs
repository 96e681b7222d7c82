namespace ComplianceMonitor.Application.Reminders.Dispatch;

/// <summary>The state one pass shares between its entries: the reads made once, and the channels paused.</summary>
/// <param name="Reads">The pass's reads.</param>
/// <param name="Pauses">The pass's channel pauses.</param>
internal sealed record DispatchPass(PassReads Reads, PassPauses Pauses);

/// <summary>One entry's way through the steps: recover → withdraw → gate → compose → (paused?) → claim → send → record.</summary>
internal sealed class EntryDispatch(
    ClaimRecovery recovery,
    EntryCloser closer,
    DeliveryGate gate,
    MessageComposer composer,
    EntryClaim claim,
    ChannelSender sender,
    DeliveryRecorder recorder,
    TimeProvider time)
{
    /// <summary>Sends, holds, suppresses, withdraws or leaves <paramref name="entry"/>, and says which.</summary>
    public async Task<EntryOutcome> DispatchAsync(OutboxEntry entry, DispatchPass pass, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var start = await recovery.StartAsync(entry, now, cancellationToken).ConfigureAwait(false);
        if (start.Done is { } done)
        {
            return done;
        }

        var flags = start.Flags;
        var lease = await pass.Reads.LeaseAsync(entry.DistrictCode, entry.LeaseId, cancellationToken).ConfigureAwait(false);
        var alert = await pass.Reads.AlertAsync(entry.DistrictCode, entry.AlertKey, cancellationToken).ConfigureAwait(false);
        if (Withdrawal.IsClosed(alert))
        {
            // A scan inserts a reminder before the alert that records it: this one's scan may still be writing.
            // Left pending (not waited for): the next pass sends it once its alert records the stage.
            return Withdrawal.AwaitsItsAlert(entry, alert, now)
                ? new EntryOutcome(EntryOutcomeKind.Skipped)
                : await closer.CloseAsync(entry, Withdrawal.For(alert), flags, now, cancellationToken).ConfigureAwait(false);
        }

        if (lease is null)
        {
            return await closer.CloseAsync(entry, Closing.Dead($"lease {entry.LeaseId} is not stored in district {entry.DistrictCode}"), flags, now, cancellationToken).ConfigureAwait(false);
        }

        if (await gate.CheckAsync(entry, lease, alert!, pass.Reads, now, cancellationToken).ConfigureAwait(false) is { } gated)
        {
            return await closer.CloseAsync(entry, gated, flags, now, cancellationToken).ConfigureAwait(false);
        }

        ReminderMessage message;
        try
        {
            message = composer.Compose(entry, lease.Record, alert!, now);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidOperationException)
        {
            return await closer.CloseAsync(entry, Closing.Dead("the message cannot be written: " + ex.Message), flags, now, cancellationToken).ConfigureAwait(false);
        }

        if (await pass.Pauses.IsPausedAsync(entry.Channel, now, cancellationToken).ConfigureAwait(false))
        {
            // The provider refuses our account on this channel: the entry stays pending, untouched, until the pause ends.
            return new EntryOutcome(EntryOutcomeKind.Paused);
        }

        var (claimed, skipped) = await claim.ClaimAsync(entry, flags, cancellationToken).ConfigureAwait(false);
        if (claimed is null)
        {
            return skipped;
        }

        var result = await sender.SendAsync(message, cancellationToken).ConfigureAwait(false);
        var delivery = await recorder.RecordAsync(claimed, result).ConfigureAwait(false);
        switch (delivery.Outcome.Kind)
        {
            case EntryOutcomeKind.Paused:
                var attempt = delivery.Attempt;
                await pass.Pauses.PauseAsync(new ChannelPause(entry.Channel, attempt.Reason ?? string.Empty, attempt.ProviderStatus, attempt.FinishedAt!.Value, attempt.RetryAt!.Value), entry.Id).ConfigureAwait(false);
                break;
            case EntryOutcomeKind.Sent or EntryOutcomeKind.SentPossibleDuplicate:
                await pass.Pauses.ResumeAsync(entry.Channel, CancellationToken.None).ConfigureAwait(false);
                break;
        }

        return delivery.Outcome;
    }
}
