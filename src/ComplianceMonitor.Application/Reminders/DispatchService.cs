using ComplianceMonitor.Application.Contacts;
using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Tasks;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using ComplianceMonitor.Application.Leases;
using ComplianceMonitor.Application.Reminders.Content;
using ComplianceMonitor.Application.Reminders.Sms;
using ComplianceMonitor.Domain.Calendar;
using ComplianceMonitor.Domain.Findings;
using Microsoft.Extensions.Logging;

namespace ComplianceMonitor.Application.Reminders;

/// <summary>Sends the queued reminders (Flow 2): each outbox entry once, retrying transient failures, recording every attempt.</summary>
/// <remarks>
/// <para><b>Claims.</b> A pass lists the due entries of each district (pending or held whose next-attempt time has come,
/// and sending entries whose claim expired). An entry is sent only after it is <i>claimed</i>: rewritten under its ETag
/// from pending/held to <see cref="OutboxStatus.Sending"/> with a claim token (the attempt id) and an expiry. Of two
/// dispatchers (two instances, a timer firing twice) only one claim succeeds; the other sees the conflict and moves on.</para>
/// <para><b>Order of writes.</b> claim the entry → add the attempt row (no outcome) → send → write the outcome on the
/// attempt row → write the entry (sent, pending with a retry time, or dead). A crash anywhere leaves enough to recover:
/// an entry still <i>sending</i> after its claim expired is recovered by the next pass. If its attempt row holds a provider
/// answer, only the entry was lost: it is completed from the row, nothing is resent. If the row has no outcome the send
/// may or may not have reached the provider: the row is marked <see cref="DeliveryOutcome.Unknown"/> and the entry is
/// resent with <see cref="DeliveryFlags.PossibleDuplicate"/> on every later attempt (<see cref="OutboxEntry.OutcomeUnknown"/>).
/// If there is no row, nothing was sent and the resend is not flagged as a possible duplicate. No other case resends.</para>
/// <para><b>Safety margin.</b> A send starts only while at least <see cref="DispatchOptions.MinClaimRemaining"/> of the
/// claim is left, after the attempt row is written: so a recoverer, which acts only after the claim expired, always
/// finds the row of a send that may have started.</para>
/// <para><b>Gate.</b> Before claiming, <see cref="NotificationGate"/> decides with the alert's severity, the enterprise's
/// preferences and the lease's snooze: held entries wait (SMS quiet hours, snoozes) and suppressed ones are closed;
/// both are recorded in the delivery log. An entry whose alert was resolved is superseded.</para>
/// <para><b>Retries.</b> Transient failures (429 with Retry-After, 5xx, timeouts) wait by <see cref="BackoffPolicy"/>
/// and become dead after <see cref="DispatchOptions.MaxAttempts"/>; permanent failures become dead at once with the
/// provider's reason in <see cref="OutboxEntry.LastError"/>. Entries are per channel, so a failure on one channel never
/// touches another. A transient failure without a provider status (a timeout, a dropped connection) may have reached the
/// provider: like a crash, it makes the entry's later sends possible duplicates, and they are flagged.</para>
/// </remarks>
public sealed partial class DispatchService
{
    private readonly IOutboxStore _outbox;
    private readonly IAlertStore _alerts;
    private readonly ILeaseStore _leases;
    private readonly IDeliveryLog _log;
    private readonly IContactPreferencesStore _preferences;
    private readonly ISnoozeStore _snoozes;
    private readonly IChannelPauseStore _pauses;
    private readonly IReminderRenderer _renderer;
    private readonly Domain.Rules.RuleEngine _engine;
    private readonly SmsComposer _composer;
    private readonly NotificationGate _gate;
    private readonly IEmailSender _email;
    private readonly ISmsSender _sms;
    private readonly DispatchOptions _options;
    private readonly BackoffPolicy _backoff;
    private readonly TimeProvider _time;
    private readonly IRandomSource _random;
    private readonly ILogger<DispatchService> _logger;

    /// <summary>Creates the dispatcher.</summary>
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
        _outbox = outbox ?? throw new ArgumentNullException(nameof(outbox));
        _alerts = alerts ?? throw new ArgumentNullException(nameof(alerts));
        _leases = leases ?? throw new ArgumentNullException(nameof(leases));
        _log = log ?? throw new ArgumentNullException(nameof(log));
        _preferences = preferences ?? throw new ArgumentNullException(nameof(preferences));
        _snoozes = snoozes ?? throw new ArgumentNullException(nameof(snoozes));
        _pauses = pauses ?? throw new ArgumentNullException(nameof(pauses));
        _renderer = renderer ?? throw new ArgumentNullException(nameof(renderer));
        _engine = engine ?? throw new ArgumentNullException(nameof(engine));
        _composer = composer ?? throw new ArgumentNullException(nameof(composer));
        _gate = gate ?? throw new ArgumentNullException(nameof(gate));
        _email = email ?? throw new ArgumentNullException(nameof(email));
        _sms = sms ?? throw new ArgumentNullException(nameof(sms));
        _options = (options ?? throw new ArgumentNullException(nameof(options))).Validate();
        _backoff = options.Backoff();
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _random = random ?? throw new ArgumentNullException(nameof(random));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>The options in force.</summary>
    public DispatchOptions Options => _options;

    /// <summary>One pass: every entry due now, in every configured district, is sent, held, suppressed or superseded.</summary>
    /// <remarks>Safe to run twice at once or in a row (see the type's remarks). Entries not yet due are counted in <see cref="DispatchSummary.Waiting"/>.</remarks>
    public async Task<DispatchSummary> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        var run = new Run(this, _time.GetUtcNow());
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.Parallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(DueAsync(run, cancellationToken), parallel, async (entry, token) =>
        {
            Result result;
            try
            {
                result = await ProcessAsync(entry, run, token).ConfigureAwait(false);
            }
            catch (Exception ex) when (!token.IsCancellationRequested)
            {
                // A storage fault on one entry must not stop the others. The entry is left as stored: a pending one comes
                // round on the next run (not waited for here: the fault may last), a claimed one is recovered when its
                // claim expires.
                DispatchLog.EntryFailed(_logger, ex, entry.Id);
                result = new Result(Outcome.Failed);
            }

            run.Count(result);
        }).ConfigureAwait(false);

        var summary = run.Summary();
        foreach (var pause in summary.PausedChannels)
        {
            DispatchLog.ChannelStillPaused(_logger, pause.Channel, pause.Until, pause.Status?.ToString() ?? "(not called)", pause.Reason);
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

    /// <summary>
    /// The entries due now, district by district. A district whose listing fails (a storage fault) is logged and
    /// skipped: its entries wait for the next pass, and the fault never reaches the pass's other districts or the sends
    /// in flight for them (an exception here would cancel the whole pass).
    /// </summary>
    private async IAsyncEnumerable<OutboxEntry> DueAsync(Run run, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        OutboxStatus[] statuses = [OutboxStatus.Pending, OutboxStatus.Held, OutboxStatus.Sending];
        foreach (var district in _options.Districts)
        {
            var items = _outbox.ListAsync(district, statuses, cancellationToken).GetAsyncEnumerator(cancellationToken);
            try
            {
                while (true)
                {
                    StoreReadItem<OutboxEntry> item;
                    try
                    {
                        if (!await items.MoveNextAsync().ConfigureAwait(false))
                        {
                            break;
                        }

                        item = items.Current;
                    }
                    catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                    {
                        DispatchLog.DistrictUnreadable(_logger, ex, district);
                        run.Unread(district);
                        break;
                    }

                    if (item.Item is not { } entry)
                    {
                        DispatchLog.Unreadable(_logger, district, item.Key, item.Error ?? "unreadable");
                        continue;
                    }

                    var dueAt = entry.Status == OutboxStatus.Sending ? entry.ClaimExpiresAt : entry.NextAttemptAt;
                    if (dueAt is null || dueAt <= run.Now)
                    {
                        yield return entry;
                    }
                    else if (entry.Status != OutboxStatus.Held)
                    {
                        run.Waits(dueAt.Value);
                    }
                }
            }
            finally
            {
                await items.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task<Result> ProcessAsync(OutboxEntry entry, Run run, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var unknown = entry.OutcomeUnknown;
        var flags = DeliveryFlags.None;
        if (entry.Status == OutboxStatus.Sending)
        {
            flags |= DeliveryFlags.Recovered;
            run.Recovering();
            var previous = entry.ClaimToken is { } token ? await _log.GetAsync(entry.DistrictCode, entry.Id, token, cancellationToken).ConfigureAwait(false) : null;
            if (previous is { HasProviderAnswer: true })
            {
                return await CompleteFromLogAsync(entry, previous, cancellationToken).ConfigureAwait(false);
            }

            if (previous is { Outcome: null })
            {
                var marked = await _log.UpdateAsync(
                    previous with { Outcome = DeliveryOutcome.Unknown, FinishedAt = now, Reason = "the dispatcher stopped during the send; the previous attempt's outcome is unknown" },
                    cancellationToken).ConfigureAwait(false);
                if (marked is null)
                {
                    // The owner wrote its outcome just now: the next pass completes the entry from it.
                    return Skipped(now);
                }
            }

            // No attempt row means the send never started (the row is written before it); a claim without a token is unexplained.
            unknown |= previous is null ? entry.ClaimToken is null : previous.Outcome is null or DeliveryOutcome.Unknown;
            DispatchLog.Recovering(_logger, entry.Id, entry.ClaimToken, previous?.Outcome);
        }

        if (unknown)
        {
            flags |= DeliveryFlags.PossibleDuplicate;
        }

        var lease = await run.LeaseAsync(entry.DistrictCode, entry.LeaseId, cancellationToken).ConfigureAwait(false);
        var alert = await run.AlertAsync(entry.DistrictCode, entry.AlertKey, cancellationToken).ConfigureAwait(false);
        if (alert is null || alert.State == AlertState.Resolved)
        {
            if (AwaitsItsAlert(entry, alert, now))
            {
                // A scan inserts a reminder before the alert that records it: this one's scan may still be writing.
                // Left pending (not waited for): the next pass sends it once its alert records the stage.
                return new Result(Outcome.Skipped);
            }

            if (alert is { Resolution: AlertResolution.RuleRevised })
            {
                // The scan withdraws these itself; one it could not reach yet (a crash between its steps) is withdrawn here, never sent.
                return await CloseAsync(entry, OutboxStatus.Withdrawn, DeliveryOutcome.Superseded, RuleRevision.WithdrawnReason(Domain.Rules.RuleCatalog.Revision), null, flags, unknown, now, cancellationToken).ConfigureAwait(false);
            }

            var why = alert is null ? "the alert is gone" : "the alert was resolved: the obligation was met";
            return await CloseAsync(entry, OutboxStatus.Superseded, DeliveryOutcome.Superseded, why, null, flags, unknown, now, cancellationToken).ConfigureAwait(false);
        }

        if (lease is null)
        {
            return await CloseAsync(entry, OutboxStatus.Dead, DeliveryOutcome.Permanent, $"lease {entry.LeaseId} is not stored in district {entry.DistrictCode}", null, flags, unknown, now, cancellationToken).ConfigureAwait(false);
        }

        var channel = entry.Channel == OutboxChannel.Email ? NotificationChannel.Email : NotificationChannel.Sms;
        var preferences = await run.PreferencesAsync(lease.Record.LandUser.CreditCode, cancellationToken).ConfigureAwait(false);
        var snooze = (await run.SnoozesAsync(entry.DistrictCode, cancellationToken).ConfigureAwait(false))
            .Where(s => s.Covers(entry.LeaseId, entry.Rule) && s.IsActive(now))
            .OrderByDescending(s => s.Until)
            .FirstOrDefault();
        switch (_gate.Decide(alert.Severity, channel, preferences, snooze, now))
        {
            case GateDecision.Hold hold:
                return await CloseAsync(entry, OutboxStatus.Held, DeliveryOutcome.Held, hold.Reason, hold.Until, flags, unknown, now, cancellationToken).ConfigureAwait(false);
            case GateDecision.Suppress suppress:
                return await CloseAsync(entry, OutboxStatus.Suppressed, DeliveryOutcome.Suppressed, suppress.Reason, null, flags, unknown, now, cancellationToken).ConfigureAwait(false);
        }

        object message;
        try
        {
            message = Compose(entry, lease.Record, alert, now);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidOperationException)
        {
            return await CloseAsync(entry, OutboxStatus.Dead, DeliveryOutcome.Permanent, "the message cannot be written: " + ex.Message, null, flags, unknown, now, cancellationToken).ConfigureAwait(false);
        }

        if (await run.PausedAsync(entry.Channel, now, cancellationToken).ConfigureAwait(false))
        {
            // The provider refuses our account on this channel: the entry stays pending, untouched, until the pause ends.
            return new Result(Outcome.Paused);
        }

        return await ClaimAndSendAsync(entry, message, flags, unknown, run, cancellationToken).ConfigureAwait(false);
    }

    private async Task<Result> ClaimAndSendAsync(OutboxEntry entry, object message, DeliveryFlags flags, bool unknown, Run run, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var attemptId = DeliveryAttempt.NewId(now);
        var claimed = entry with
        {
            Status = OutboxStatus.Sending,
            ClaimToken = attemptId,
            ClaimExpiresAt = now + _options.ClaimDuration,
            Attempts = entry.Attempts + 1,
            OutcomeUnknown = unknown,
            StatusReason = null,
        };
        var etag = await TryUpdateAsync(claimed, cancellationToken).ConfigureAwait(false);
        if (etag is null)
        {
            DispatchLog.ClaimConflict(_logger, entry.Id);
            return Skipped(now);
        }

        claimed = claimed with { ETag = etag };
        var attempt = await _log.AddAsync(
            new DeliveryAttempt
            {
                AttemptId = attemptId,
                DistrictCode = entry.DistrictCode,
                OutboxId = entry.Id,
                LeaseId = entry.LeaseId,
                Stage = entry.Stage,
                Channel = entry.Channel,
                MaskedRecipient = entry.MaskedRecipient,
                Attempt = claimed.Attempts,
                StartedAt = now,
                Flags = flags,
            },
            cancellationToken).ConfigureAwait(false);

        if (_time.GetUtcNow() > claimed.ClaimExpiresAt!.Value - _options.MinClaimRemaining)
        {
            // Too little of the claim is left to finish before a recoverer may step in: give it back unsent.
            await _log.UpdateAsync(attempt with { ETag = null, Outcome = DeliveryOutcome.Abandoned, FinishedAt = _time.GetUtcNow(), Reason = "too little of the claim was left to start the send" }, cancellationToken).ConfigureAwait(false);
            await TryUpdateAsync(claimed with { Status = OutboxStatus.Pending, ClaimToken = null, ClaimExpiresAt = null, Attempts = entry.Attempts }, cancellationToken).ConfigureAwait(false);
            DispatchLog.Abandoned(_logger, entry.Id);
            return Skipped(now);
        }

        if (flags.HasFlag(DeliveryFlags.PossibleDuplicate))
        {
            DispatchLog.PossibleDuplicate(_logger, entry.Id, attemptId, entry.MaskedRecipient);
        }

        SendResult result;
        try
        {
            result = message switch
            {
                EmailMessage email => await _email.SendAsync(email, cancellationToken).ConfigureAwait(false),
                SmsMessage sms => await _sms.SendAsync(sms, cancellationToken).ConfigureAwait(false),
                _ => throw new InvalidOperationException("unknown message type"),
            };
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is not ArgumentException)
        {
            // Senders classify provider answers themselves; anything else (a bug, a socket fault) is worth a retry.
            result = SendResult.Retry($"{ex.GetType().Name}: {ex.Message}");
        }
        catch (ArgumentException ex)
        {
            result = SendResult.Fail("the message was refused before sending: " + ex.Message);
        }

        var finishedAt = _time.GetUtcNow();
        var done = result switch
        {
            SendResult.Accepted a => attempt with { Outcome = DeliveryOutcome.Accepted, ProviderMessageId = a.ProviderMessageId },
            SendResult.Transient t => attempt with
            {
                Outcome = DeliveryOutcome.Transient,
                ProviderStatus = t.ProviderStatus,
                Reason = Mask(t.Reason),
                RetryAt = claimed.Attempts >= _options.MaxAttempts ? null : finishedAt + _backoff.Delay(claimed.Attempts, t.RetryAfter, _random.NextDouble()),
            },
            SendResult.Permanent p => attempt with { Outcome = DeliveryOutcome.Permanent, ProviderStatus = p.ProviderStatus, Reason = Mask(p.Reason) },
            SendResult.ChannelRefused r => attempt with { Outcome = DeliveryOutcome.Paused, ProviderStatus = r.ProviderStatus, Reason = Mask(r.Reason), RetryAt = finishedAt + _options.ChannelPause },
            _ => throw new InvalidOperationException("unknown send result"),
        };
        done = done with { FinishedAt = finishedAt, ETag = null };

        // The owner's outcome always wins on its own row (a recoverer may have marked it unknown meanwhile).
        await _log.UpdateAsync(done, CancellationToken.None).ConfigureAwait(false);
        var after = Apply(claimed, done);
        if (await TryUpdateAsync(after, CancellationToken.None).ConfigureAwait(false) is null)
        {
            DispatchLog.ClaimLost(_logger, entry.Id, attemptId, done.Outcome);
            return Skipped(finishedAt);
        }

        var reported = Report(after, done);
        switch (reported.Outcome)
        {
            case Outcome.Paused:
                var pause = new ChannelPause(entry.Channel, done.Reason ?? string.Empty, done.ProviderStatus, finishedAt, done.RetryAt!.Value);
                await _pauses.PauseAsync(pause, CancellationToken.None).ConfigureAwait(false);
                run.Pause(pause);
                DispatchLog.ChannelPaused(_logger, entry.Channel, pause.Until, pause.Status?.ToString() ?? "(not called)", pause.Reason, entry.Id);
                break;
            case Outcome.Retrying:
                DispatchLog.Retrying(_logger, after.Id, after.Channel, done.Attempt, after.NextAttemptAt!.Value, done.Reason ?? string.Empty);
                break;
            case Outcome.Dead:
                DispatchLog.Dead(_logger, after.Id, after.Channel, after.MaskedRecipient, after.LastError ?? string.Empty);
                break;
            default:
                DispatchLog.Sent(_logger, after.Id, after.Channel, after.MaskedRecipient, done.ProviderMessageId ?? "(none)", done.Attempt, done.Flags);
                await run.ResumeAsync(after.Channel, CancellationToken.None).ConfigureAwait(false);
                break;
        }

        return reported;
    }

    /// <summary>An entry someone else changed first: look again shortly (it may still be in flight).</summary>
    /// <summary>
    /// How long a reminder whose alert does not record its stage yet (missing, or resolved before a reopen) is left
    /// pending rather than superseded: longer than a day, so that the next daily scan records it after a scan that
    /// stopped between the two writes. The default value is 26 hours.
    /// </summary>
    internal static readonly TimeSpan UnrecordedReminderGrace = TimeSpan.FromHours(26);

    /// <summary>Whether <paramref name="entry"/> is younger than <see cref="UnrecordedReminderGrace"/> and its alert does not record its stage yet.</summary>
    private static bool AwaitsItsAlert(OutboxEntry entry, Alert? alert, DateTimeOffset now) =>
        entry.Status == OutboxStatus.Pending
        && (alert is null || !alert.QueuedStages.Contains(entry.Stage, StringComparer.Ordinal))
        && now - entry.CreatedAt < UnrecordedReminderGrace;

    private static Result Skipped(DateTimeOffset now) => new(Outcome.Skipped, now + TimeSpan.FromSeconds(1));

    private async Task<Result> CompleteFromLogAsync(OutboxEntry entry, DeliveryAttempt previous, CancellationToken cancellationToken)
    {
        var after = Apply(entry, previous);
        if (await TryUpdateAsync(after, cancellationToken).ConfigureAwait(false) is null)
        {
            return Skipped(_time.GetUtcNow());
        }

        DispatchLog.Completed(_logger, entry.Id, previous.AttemptId, previous.Outcome);
        var reported = Report(after, previous);
        return new Result(Outcome.Completed, reported.NextDue);
    }

    /// <summary>Ends an entry without a send (held, suppressed, superseded, dead before sending) and logs the decision.</summary>
    private async Task<Result> CloseAsync(OutboxEntry entry, OutboxStatus status, DeliveryOutcome outcome, string reason, DateTimeOffset? until, DeliveryFlags flags, bool unknown, DateTimeOffset now, CancellationToken cancellationToken)
    {
        reason = Mask(reason);
        var after = entry with
        {
            Status = status,
            NextAttemptAt = until,
            ClaimToken = null,
            ClaimExpiresAt = null,
            OutcomeUnknown = unknown,
            StatusReason = status == OutboxStatus.Dead ? null : reason,
            LastError = status == OutboxStatus.Dead ? reason : entry.LastError,
        };
        if (await TryUpdateAsync(after, cancellationToken).ConfigureAwait(false) is null)
        {
            return Skipped(now);
        }

        await _log.AddAsync(
            new DeliveryAttempt
            {
                AttemptId = DeliveryAttempt.NewId(now),
                DistrictCode = entry.DistrictCode,
                OutboxId = entry.Id,
                LeaseId = entry.LeaseId,
                Stage = entry.Stage,
                Channel = entry.Channel,
                MaskedRecipient = entry.MaskedRecipient,
                Attempt = 0,
                StartedAt = now,
                FinishedAt = now,
                Outcome = outcome,
                Reason = reason,
                RetryAt = until,
                Flags = flags,
            },
            cancellationToken).ConfigureAwait(false);

        switch (status)
        {
            case OutboxStatus.Held:
                DispatchLog.Held(_logger, entry.Id, entry.Channel, entry.MaskedRecipient, until!.Value, reason);
                return new(Outcome.Held);
            case OutboxStatus.Suppressed:
                DispatchLog.Suppressed(_logger, entry.Id, entry.Channel, entry.MaskedRecipient, reason);
                return new(Outcome.Suppressed);
            case OutboxStatus.Superseded or OutboxStatus.Withdrawn:
                DispatchLog.Superseded(_logger, entry.Id, reason);
                return new(Outcome.Superseded);
            default:
                DispatchLog.Dead(_logger, entry.Id, entry.Channel, entry.MaskedRecipient, reason);
                return new(Outcome.Dead);
        }
    }

    /// <summary>The entry after <paramref name="attempt"/> ended with a provider answer.</summary>
    private static OutboxEntry Apply(OutboxEntry entry, DeliveryAttempt attempt)
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

    private static Result Report(OutboxEntry after, DeliveryAttempt done)
    {
        if (done.Outcome == DeliveryOutcome.Paused)
        {
            return new(Outcome.Paused);
        }

        switch (after.Status)
        {
            case OutboxStatus.Sent:
                return new(done.Flags.HasFlag(DeliveryFlags.PossibleDuplicate) ? Outcome.SentPossibleDuplicate : Outcome.Sent);
            case OutboxStatus.Pending:
                return new(Outcome.Retrying, after.NextAttemptAt);
            default:
                return new(Outcome.Dead);
        }
    }

    private object Compose(OutboxEntry entry, Domain.Records.LeaseRecord lease, Alert alert, DateTimeOffset now)
    {
        // One day for every count and date of the message (SendDayFinding): the sending day, or the day last seen.
        var (finding, day) = SendDayFinding.For(_engine, lease, alert, BeijingClock.DateOf(now));
        var content = _renderer.Render(new ReminderRequest(lease, finding, day, entry.Stage, now));
        if (entry.Channel == OutboxChannel.Email)
        {
            var email = content.ToEmail([new EmailAddress(entry.Recipient, entry.RecipientName)], entry.Id) with
            {
                CustomArgs = new Dictionary<string, string> { ["leaseId"] = entry.LeaseId, ["stage"] = entry.Stage },
            };
            email.Validate();
            return email;
        }

        var to = PhoneNumbers.ToE164(entry.Recipient)
            ?? throw new ArgumentException($"Recipient: '{entry.MaskedRecipient}' is not a mobile number", nameof(entry));
        var sms = new SmsMessage(to, _composer.Compose(content.Facts).Text, entry.Id);
        sms.Validate();
        return sms;
    }

    private async Task<string?> TryUpdateAsync(OutboxEntry entry, CancellationToken cancellationToken)
    {
        var results = await _outbox.UpdateManyAsync(entry.DistrictCode, [entry], cancellationToken).ConfigureAwait(false);
        return results[0].Outcome == WriteOutcome.Updated ? results[0].ETag ?? string.Empty : null;
    }

    /// <summary>Masks phone numbers and email addresses a provider may quote in its error text.</summary>
    private static string Mask(string reason) =>
        EmailPattern().Replace(ContactMask.DigitsIn(reason), m => ContactMask.Email(m.Value));

    [GeneratedRegex(@"[^\s@<>""'(),;:]+@[^\s@<>""'(),;:]+\.[A-Za-z]{2,}")]
    private static partial Regex EmailPattern();

    /// <summary>What became of one entry, and when it comes due again if it still waits.</summary>
    private readonly record struct Result(Outcome Outcome, DateTimeOffset? NextDue = null);

    private enum Outcome
    {
        Sent,
        SentPossibleDuplicate,
        Retrying,
        Dead,
        Held,
        Suppressed,
        Superseded,
        Completed,
        Skipped,
        Failed,
        Paused,
    }

    /// <summary>The state of one pass: counters and the reads shared by its entries.</summary>
    private sealed class Run(DispatchService owner, DateTimeOffset now)
    {
        private readonly ConcurrentDictionary<string, Lazy<Task<StoredLease?>>> _leases = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, Lazy<Task<Alert?>>> _alerts = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, Lazy<Task<IReadOnlyList<Snooze>>>> _snoozes = new(StringComparer.Ordinal);
        private readonly Lock _gate = new();
        private Lazy<Task<Dictionary<string, ContactPreferences>>>? _stopped;
        private Lazy<Task<IReadOnlyList<ChannelPause>>>? _recordedPauses;
        private readonly Dictionary<OutboxChannel, ChannelPause> _pausedNow = [];
        private readonly HashSet<OutboxChannel> _resumed = [];
        private int _paused;
        private int _examined, _sent, _retrying, _dead, _held, _suppressed, _superseded, _recovered, _completed, _duplicates, _skipped, _failed, _waiting;
        private readonly List<string> _unread = [];
        private DateTimeOffset? _nextDue;

        public DateTimeOffset Now { get; } = now;

        public Task<StoredLease?> LeaseAsync(string district, string leaseId, CancellationToken cancellationToken) =>
            _leases.GetOrAdd(district + "/" + leaseId, _ => new(() => owner._leases.GetAsync(district, leaseId, cancellationToken))).Value;

        public Task<Alert?> AlertAsync(string district, string key, CancellationToken cancellationToken) =>
            _alerts.GetOrAdd(district + "/" + key, _ => new(() => owner._alerts.GetAsync(district, key, cancellationToken))).Value;

        public Task<IReadOnlyList<Snooze>> SnoozesAsync(string district, CancellationToken cancellationToken) =>
            _snoozes.GetOrAdd(district, _ => new(async () =>
            {
                var list = new List<Snooze>();
                await foreach (var s in owner._snoozes.ListAsync(district, cancellationToken).ConfigureAwait(false))
                {
                    list.Add(s);
                }

                return list;
            })).Value;

        public async Task<ContactPreferences?> PreferencesAsync(string creditCode, CancellationToken cancellationToken)
        {
            Lazy<Task<Dictionary<string, ContactPreferences>>> stopped;
            lock (_gate)
            {
                stopped = _stopped ??= new(async () =>
                {
                    var map = new Dictionary<string, ContactPreferences>(StringComparer.Ordinal);
                    await foreach (var p in owner._preferences.ListSmsStoppedAsync(cancellationToken).ConfigureAwait(false))
                    {
                        map[p.CreditCode] = p;
                    }

                    return map;
                });
            }

            return (await stopped.Value.ConfigureAwait(false)).GetValueOrDefault(creditCode);
        }

        public void Recovering() => Interlocked.Increment(ref _recovered);

        /// <summary>Whether <paramref name="channel"/> is paused at <paramref name="now"/> (recorded before the pass or during it).</summary>
        public async Task<bool> PausedAsync(OutboxChannel channel, DateTimeOffset now, CancellationToken cancellationToken)
        {
            var recorded = await RecordedPausesAsync(cancellationToken).ConfigureAwait(false);
            lock (_gate)
            {
                if (_pausedNow.TryGetValue(channel, out var during))
                {
                    return during.IsActive(now);
                }

                if (recorded.FirstOrDefault(p => p.Channel == channel) is { } before && before.IsActive(now))
                {
                    _pausedNow[channel] = before;
                    return true;
                }

                return false;
            }
        }

        public void Pause(ChannelPause pause)
        {
            lock (_gate)
            {
                _pausedNow[pause.Channel] = pause;
            }
        }

        /// <summary>Lifts a recorded (expired) pause of <paramref name="channel"/> once a send on it was accepted.</summary>
        public async Task ResumeAsync(OutboxChannel channel, CancellationToken cancellationToken)
        {
            var recorded = await RecordedPausesAsync(cancellationToken).ConfigureAwait(false);
            lock (_gate)
            {
                if (!recorded.Any(p => p.Channel == channel) || _pausedNow.ContainsKey(channel) || !_resumed.Add(channel))
                {
                    return;
                }
            }

            await owner._pauses.ResumeAsync(channel, cancellationToken).ConfigureAwait(false);
            DispatchLog.ChannelResumed(owner._logger, channel);
        }

        private Task<IReadOnlyList<ChannelPause>> RecordedPausesAsync(CancellationToken cancellationToken)
        {
            Lazy<Task<IReadOnlyList<ChannelPause>>> lazy;
            lock (_gate)
            {
                lazy = _recordedPauses ??= new(() => owner._pauses.ListAsync(cancellationToken));
            }

            return lazy.Value;
        }

        public void Unread(string district)
        {
            lock (_gate)
            {
                _unread.Add(district);
            }
        }

        public void Waits(DateTimeOffset dueAt)
        {
            lock (_gate)
            {
                _waiting++;
                _nextDue = _nextDue is { } n && n <= dueAt ? n : dueAt;
            }
        }

        public void Count(Result result)
        {
            Interlocked.Increment(ref _examined);
            if (result.NextDue is { } next)
            {
                Waits(next);
            }

            switch (result.Outcome)
            {
                case Outcome.Sent:
                    Interlocked.Increment(ref _sent);
                    break;
                case Outcome.SentPossibleDuplicate:
                    Interlocked.Increment(ref _sent);
                    Interlocked.Increment(ref _duplicates);
                    break;
                case Outcome.Retrying:
                    Interlocked.Increment(ref _retrying);
                    break;
                case Outcome.Dead:
                    Interlocked.Increment(ref _dead);
                    break;
                case Outcome.Held:
                    Interlocked.Increment(ref _held);
                    break;
                case Outcome.Suppressed:
                    Interlocked.Increment(ref _suppressed);
                    break;
                case Outcome.Superseded:
                    Interlocked.Increment(ref _superseded);
                    break;
                case Outcome.Completed:
                    Interlocked.Increment(ref _completed);
                    break;
                case Outcome.Failed:
                    Interlocked.Increment(ref _failed);
                    break;
                case Outcome.Paused:
                    Interlocked.Increment(ref _paused);
                    break;
                default:
                    Interlocked.Increment(ref _skipped);
                    break;
            }
        }

        public DispatchSummary Summary()
        {
            lock (_gate)
            {
                var waiting = _waiting;
                return new DispatchSummary
                {
                    Examined = _examined,
                    Sent = _sent,
                    Retrying = _retrying,
                    Dead = _dead,
                    Held = _held,
                    Suppressed = _suppressed,
                    Superseded = _superseded,
                    Recovered = _recovered,
                    Completed = _completed,
                    PossibleDuplicates = _duplicates,
                    Skipped = _skipped,
                    Failed = _failed,
                    UnreadDistricts = [.. _unread],
                    Paused = _paused,
                    PausedChannels = [.. _pausedNow.Values.Where(p => p.IsActive(Now)).OrderBy(p => p.Channel)],
                    Waiting = waiting,
                    NextDueAt = waiting == 0 ? null : _nextDue,
                };
            }
        }
    }
}
