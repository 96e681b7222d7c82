using System.Collections.Concurrent;
using ComplianceMonitor.Application.Contacts;
using ComplianceMonitor.Application.Leases;
using ComplianceMonitor.Application.Reminders.Content;
using ComplianceMonitor.Application.Reminders.Dispatch;
using ComplianceMonitor.Application.Reminders.Sms;
using ComplianceMonitor.Application.Scanning;
using Microsoft.Extensions.Logging;

namespace ComplianceMonitor.Application.Reminders;

/// <summary>Sends the queued reminders (Flow 2): each outbox entry once, retrying transient failures, recording every attempt.</summary>
/// <remarks>
/// <para>The use case: <see cref="DueEntries"/> selects the entries due now; each goes through <see cref="EntryDispatch"/>
/// (recover an expired claim, withdraw, gate, compose for the sending day, claim, send, record; a provider-wide refusal
/// pauses the channel); the pass's <see cref="DispatchSummary"/> is folded from the per-entry outcomes
/// (<see cref="DispatchTally"/>). The steps live in <c>Reminders/Dispatch</c>, each with its own few ports.</para>
/// <para><b>Claims.</b> An entry is sent only after it is <i>claimed</i>: rewritten under its ETag from pending/held to
/// <see cref="OutboxStatus.Sending"/> with a claim token (the attempt id) and an expiry. Of two dispatchers (two
/// instances, a timer firing twice) only one claim succeeds; the other sees the conflict and moves on.</para>
/// <para><b>Order of writes.</b> claim the entry → add the attempt row (no outcome) → send → write the outcome on the
/// attempt row → write the entry (sent, pending with a retry time, or dead). A crash anywhere leaves enough to recover
/// (<see cref="ClaimRecovery"/>): an entry still <i>sending</i> after its claim expired is completed from its attempt
/// row when the row holds a provider answer, else resent with <see cref="DeliveryFlags.PossibleDuplicate"/> when the
/// send may have started (<see cref="OutboxEntry.OutcomeUnknown"/>). No other case resends.</para>
/// <para><b>Safety margin.</b> A send starts only while at least <see cref="DispatchOptions.MinClaimRemaining"/> of the
/// claim is left, after the attempt row is written.</para>
/// <para><b>Gate.</b> <see cref="NotificationGate"/> decides with the alert's severity, the enterprise's preferences and
/// the lease's snooze: held entries wait (SMS quiet hours, snoozes) and suppressed ones are closed; both are recorded in
/// the delivery log. An entry whose alert was resolved is superseded.</para>
/// <para><b>Retries.</b> Transient failures wait by <see cref="BackoffPolicy"/> and become dead after
/// <see cref="DispatchOptions.MaxAttempts"/>; permanent failures become dead at once with the provider's reason in
/// <see cref="OutboxEntry.LastError"/>; a refusal of our account (<see cref="SendResult.ChannelRefused"/>) pauses the
/// channel (<see cref="ChannelPause"/>) and keeps its entries pending. Entries are per channel, so a failure on one
/// channel never touches another.</para>
/// </remarks>
public sealed class DispatchService
{
    private readonly DispatchOptions _options;
    private readonly DueEntries _due;
    private readonly EntryDispatch _entries;
    private readonly Func<DispatchPass> _newPass;
    private readonly TimeProvider _time;
    private readonly ILogger<DispatchService> _logger;

    /// <summary>Creates the dispatcher over its ports; the steps are built here, each given only the ports it uses.</summary>
    public DispatchService(
        IOutboxStore outbox,
        IAlertStore alerts,
        ILeaseStore leases,
        IDeliveryLog log,
        IContactPreferencesStore preferences,
        ISnoozeStore snoozes,
        IChannelPauseStore pauses,
        IReminderRenderer renderer,
        Domain.Rules.RuleEngine engine,
        SmsComposer composer,
        NotificationGate gate,
        IEmailSender email,
        ISmsSender sms,
        DispatchOptions options,
        TimeProvider time,
        IRandomSource random,
        ILogger<DispatchService> logger)
    {
        ArgumentNullException.ThrowIfNull(outbox);
        ArgumentNullException.ThrowIfNull(alerts);
        ArgumentNullException.ThrowIfNull(leases);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(preferences);
        ArgumentNullException.ThrowIfNull(snoozes);
        ArgumentNullException.ThrowIfNull(pauses);
        ArgumentNullException.ThrowIfNull(renderer);
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(composer);
        ArgumentNullException.ThrowIfNull(gate);
        ArgumentNullException.ThrowIfNull(email);
        ArgumentNullException.ThrowIfNull(sms);
        _options = (options ?? throw new ArgumentNullException(nameof(options))).Validate();
        _time = time ?? throw new ArgumentNullException(nameof(time));
        ArgumentNullException.ThrowIfNull(random);
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));

        var writer = new OutboxWriter(outbox);
        _due = new DueEntries(outbox, _options.Districts, logger);
        _entries = new EntryDispatch(
            new ClaimRecovery(log, writer, time, logger),
            new EntryCloser(writer, log, logger),
            new DeliveryGate(gate),
            new MessageComposer(renderer, engine, composer),
            new EntryClaim(writer, log, _options, time, logger),
            new ChannelSender(email, sms),
            new DeliveryRecorder(log, writer, _options, time, random, logger),
            time);
        _newPass = () => new DispatchPass(new PassReads(leases, alerts, snoozes, preferences), new PassPauses(pauses, logger));
    }

    /// <summary>The options in force.</summary>
    public DispatchOptions Options => _options;

    /// <summary>One pass: every entry due now, in every configured district, is sent, held, suppressed or superseded.</summary>
    /// <remarks>Safe to run twice at once or in a row (see the type's remarks). Entries not yet due are counted in <see cref="DispatchSummary.Waiting"/>.</remarks>
    public async Task<DispatchSummary> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        var pass = _newPass();
        var outcomes = new ConcurrentQueue<EntryOutcome>();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.Parallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(_due.ReadAsync(now, cancellationToken), parallel, async (item, token) =>
            outcomes.Enqueue(item.Entry is { } entry ? await DispatchAsync(entry, pass, token).ConfigureAwait(false) : item.Noted)).ConfigureAwait(false);

        var summary = DispatchTally.Summarize(outcomes, _options.Districts, pass.Pauses.ActiveAt(now));
        foreach (var pause in summary.PausedChannels)
        {
            var waiting = outcomes.Count(o => o.Kind == EntryOutcomeKind.Paused && o.Channel == pause.Channel);
            DispatchLog.ChannelStillPaused(_logger, pause.Channel, pause.PausedAt, pause.Until, pause.Status?.ToString() ?? "(not called)", pause.Reason, waiting);
        }

        DispatchLog.PassFinished(_logger, summary.Examined, summary.Sent, summary.Retrying, summary.Dead, summary.Held, summary.Suppressed, summary.Superseded, summary.Recovered, summary.PossibleDuplicates, summary.Skipped, summary.Failed, summary.Waiting);
        return summary;
    }

    /// <summary>
    /// Runs passes until no entry is pending or in flight (held entries wait for their hour), sleeping on the
    /// <see cref="TimeProvider"/> until the next one comes due; returns the passes' sum.
    /// </summary>
    public async Task<DispatchSummary> RunUntilIdleAsync(CancellationToken cancellationToken = default)
    {
        var total = await RunOnceAsync(cancellationToken).ConfigureAwait(false);
        while (total.Waiting > 0)
        {
            var wait = (total.NextDueAt ?? _time.GetUtcNow()) - _time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
            }

            total = total.Then(await RunOnceAsync(cancellationToken).ConfigureAwait(false));
        }

        return total;
    }

    /// <summary>One entry's outcome; a storage fault on it never stops the others.</summary>
    private async Task<EntryOutcome> DispatchAsync(OutboxEntry entry, DispatchPass pass, CancellationToken cancellationToken)
    {
        var recovered = entry.Status == OutboxStatus.Sending;
        try
        {
            return await _entries.DispatchAsync(entry, pass, cancellationToken).ConfigureAwait(false) with { Recovered = recovered, Channel = entry.Channel };
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // The entry is left as stored: a pending one comes round on the next run (not waited for here: the fault may
            // last), a claimed one is recovered when its claim expires.
            DispatchLog.EntryFailed(_logger, ex, entry.Id);
            return new EntryOutcome(EntryOutcomeKind.Failed, Recovered: recovered, Channel: entry.Channel);
        }
    }
}
