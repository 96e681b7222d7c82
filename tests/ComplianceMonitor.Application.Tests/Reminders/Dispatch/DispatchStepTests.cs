using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Application.Reminders.Content;
using ComplianceMonitor.Application.Reminders.Dispatch;
using ComplianceMonitor.Application.Reminders.Sms;
using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Domain.Calendar;
using ComplianceMonitor.Domain.Rules;
using ComplianceMonitor.Infrastructure.Reminders.Content;
using ComplianceMonitor.Testing.InMemory;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using static ComplianceMonitor.Application.Tests.Reminders.Dispatch.DispatchWorld;

namespace ComplianceMonitor.Application.Tests.Reminders.Dispatch;

/// <summary>The dispatch steps one by one: the fold, the transitions, withdrawal, composing, sending, claiming, pausing.</summary>
[Trait("Category", "unit")]
public sealed class DispatchStepTests
{
    private static readonly DateTimeOffset T = Morning;

    [Fact]
    public void Summarize_Outcomes_CountsEachKindWaitingAndUnreadInDistrictOrder()
    {
        EntryOutcome[] outcomes =
        [
            new(EntryOutcomeKind.Sent),
            new(EntryOutcomeKind.SentPossibleDuplicate, Recovered: true),
            new(EntryOutcomeKind.Retrying, T.AddMinutes(5)),
            new(EntryOutcomeKind.Dead),
            new(EntryOutcomeKind.Held),
            new(EntryOutcomeKind.Suppressed),
            new(EntryOutcomeKind.Superseded),
            new(EntryOutcomeKind.Completed, Recovered: true),
            EntryOutcome.SkippedAt(T),
            new(EntryOutcomeKind.Skipped),
            new(EntryOutcomeKind.Failed, Recovered: true),
            new(EntryOutcomeKind.Paused),
            EntryOutcome.NotDueUntil(T.AddMinutes(2)),
            EntryOutcome.Unread("110108"),
            EntryOutcome.Unread("110111"),
        ];
        var pause = new ChannelPause(OutboxChannel.Sms, "Twilio 401", new ProviderStatus(401, "20003"), T, T.AddMinutes(15));

        var summary = DispatchTally.Summarize(outcomes, ["110111", "110105", "110108"], [pause]);

        Assert.Equal(
            new DispatchSummary
            {
                Examined = 12, Sent = 2, Retrying = 1, Dead = 1, Held = 1, Suppressed = 1, Superseded = 1, Recovered = 3, Completed = 1,
                PossibleDuplicates = 1, Skipped = 2, Failed = 1, Paused = 1, Waiting = 3, NextDueAt = T.AddSeconds(1),
            } with { UnreadDistricts = summary.UnreadDistricts, PausedChannels = summary.PausedChannels },
            summary);
        Assert.Equal(["110111", "110108"], summary.UnreadDistricts);
        Assert.Equal([pause], summary.PausedChannels);
    }

    [Fact]
    public void Summarize_NoOutcomes_AllZeroAndNothingDue()
    {
        var summary = DispatchTally.Summarize([], ["110111"], []);

        Assert.Equal((0, 0, (DateTimeOffset?)null, 0), (summary.Examined, summary.Waiting, summary.NextDueAt, summary.UnreadDistricts.Count));
    }

    private static DeliveryAttempt Attempt(DeliveryOutcome outcome, ProviderStatus? status = null, DateTimeOffset? retryAt = null, DeliveryFlags flags = DeliveryFlags.None) => new()
    {
        AttemptId = "a2", DistrictCode = District, OutboxId = "o", LeaseId = "L", Stage = "D-7", Channel = OutboxChannel.Email,
        MaskedRecipient = "z***@example.com", Attempt = 2, StartedAt = T, FinishedAt = T.AddSeconds(3), Outcome = outcome,
        ProviderStatus = status, RetryAt = retryAt, Reason = outcome == DeliveryOutcome.Accepted ? null : "why", ProviderMessageId = outcome == DeliveryOutcome.Accepted ? "sg-1" : null, Flags = flags,
    };

    private static OutboxEntry Claimed() => Entry(Alert(Lease())) with { Status = OutboxStatus.Sending, ClaimToken = "a2", ClaimExpiresAt = T.AddMinutes(5), Attempts = 2 };

    [Fact]
    public void Apply_EachProviderAnswer_TheEntryItBecomes()
    {
        var sent = OutboxTransitions.Apply(Claimed(), Attempt(DeliveryOutcome.Accepted));
        var retry = OutboxTransitions.Apply(Claimed(), Attempt(DeliveryOutcome.Transient, new ProviderStatus(503), T.AddMinutes(1)));
        var gaveUp = OutboxTransitions.Apply(Claimed(), Attempt(DeliveryOutcome.Transient, new ProviderStatus(503)));
        var timeout = OutboxTransitions.Apply(Claimed(), Attempt(DeliveryOutcome.Transient, null, T.AddMinutes(1)));
        var dead = OutboxTransitions.Apply(Claimed(), Attempt(DeliveryOutcome.Permanent, new ProviderStatus(400)));
        var paused = OutboxTransitions.Apply(Claimed(), Attempt(DeliveryOutcome.Paused, new ProviderStatus(401), T.AddMinutes(15)));

        Assert.Equal((OutboxStatus.Sent, (DateTimeOffset?)T.AddSeconds(3), "sg-1", (string?)null), (sent.Status, sent.SentAt, sent.ProviderMessageId, sent.ClaimToken));
        Assert.Equal((OutboxStatus.Pending, (DateTimeOffset?)T.AddMinutes(1), "why", false), (retry.Status, retry.NextAttemptAt, retry.LastError, retry.OutcomeUnknown));
        Assert.Equal((OutboxStatus.Dead, "gave up after 2 attempts; the last: why"), (gaveUp.Status, gaveUp.LastError));
        Assert.True(timeout.OutcomeUnknown);
        Assert.Equal((OutboxStatus.Dead, "why"), (dead.Status, dead.LastError));
        Assert.Equal((OutboxStatus.Pending, 1, (DateTimeOffset?)null, "channel paused: why"), (paused.Status, paused.Attempts, paused.NextAttemptAt, paused.StatusReason));
        Assert.Throws<InvalidOperationException>(() => OutboxTransitions.Apply(Claimed(), Attempt(DeliveryOutcome.Accepted) with { Outcome = null }));
    }

    [Fact]
    public void Report_EachEntryState_TheOutcomeCounted()
    {
        var entry = Claimed();
        Assert.Equal(new EntryOutcome(EntryOutcomeKind.Sent), OutboxTransitions.Report(entry with { Status = OutboxStatus.Sent }, Attempt(DeliveryOutcome.Accepted)));
        Assert.Equal(new EntryOutcome(EntryOutcomeKind.SentPossibleDuplicate), OutboxTransitions.Report(entry with { Status = OutboxStatus.Sent }, Attempt(DeliveryOutcome.Accepted, flags: DeliveryFlags.PossibleDuplicate)));
        Assert.Equal(new EntryOutcome(EntryOutcomeKind.Retrying, T.AddMinutes(1)), OutboxTransitions.Report(entry with { Status = OutboxStatus.Pending, NextAttemptAt = T.AddMinutes(1) }, Attempt(DeliveryOutcome.Transient)));
        Assert.Equal(new EntryOutcome(EntryOutcomeKind.Paused), OutboxTransitions.Report(entry with { Status = OutboxStatus.Pending }, Attempt(DeliveryOutcome.Paused)));
        Assert.Equal(new EntryOutcome(EntryOutcomeKind.Dead), OutboxTransitions.Report(entry with { Status = OutboxStatus.Dead }, Attempt(DeliveryOutcome.Permanent)));
    }

    [Fact]
    public void Mask_ProviderText_HidesAddressesAndNumbers()
    {
        var masked = ContactMask.ContactsIn("to zhang@example.com and 13800138000 refused");

        Assert.DoesNotContain("zhang@example.com", masked, StringComparison.Ordinal);
        Assert.DoesNotContain("13800138000", masked, StringComparison.Ordinal);
        Assert.StartsWith("to ", masked, StringComparison.Ordinal);
        Assert.Equal("to z***@example.com and 138****8000 refused", masked);
        Assert.EndsWith(" refused", masked, StringComparison.Ordinal);
    }

    [Fact]
    public void Withdrawal_ClosedAlerts_WithdrawnOrSupersededAndYoungEntriesWait()
    {
        var alert = Alert(Lease());
        var entry = Entry(alert);

        Assert.Equal(new Closing(OutboxStatus.Superseded, DeliveryOutcome.Superseded, "the alert is gone"), Withdrawal.For(null));
        Assert.Equal(new Closing(OutboxStatus.Superseded, DeliveryOutcome.Superseded, "the alert was resolved: the obligation was met"), Withdrawal.For(alert with { State = AlertState.Resolved }));
        Assert.Equal(OutboxStatus.Withdrawn, Withdrawal.For(alert with { State = AlertState.Resolved, Resolution = AlertResolution.RuleRevised }).Status);
        Assert.True(Withdrawal.IsClosed(null));
        Assert.False(Withdrawal.IsClosed(alert));
        Assert.True(Withdrawal.AwaitsItsAlert(entry, null, T));
        Assert.True(Withdrawal.AwaitsItsAlert(entry, alert with { QueuedStages = [] }, T));
        Assert.False(Withdrawal.AwaitsItsAlert(entry, alert, T)); // its alert records the stage: nothing to wait for
        Assert.False(Withdrawal.AwaitsItsAlert(entry, null, entry.CreatedAt.AddHours(26)));
        Assert.False(Withdrawal.AwaitsItsAlert(entry with { Status = OutboxStatus.Held }, null, T));
    }

    private static MessageComposer Composer() => new(new FluidReminderRenderer(DistrictContacts.Default, WorkingDayCalendar.Default), RuleEngine.Default, new SmsComposer());

    [Fact]
    public void Compose_EmailEntry_TypedEmailForTheSendingDayWithCustomArgs()
    {
        var lease = Lease();
        var alert = Alert(lease);
        var entry = Entry(alert);

        var message = Composer().Compose(entry, lease, alert, T.AddDays(2));

        var email = Assert.IsType<ReminderMessage.Email>(message).Message;
        Assert.Equal(OutboxChannel.Email, message.Channel);
        Assert.Equal("【先租后让提醒】租赁合同FS-2022-0001考核申请截止2026年6月30日（星期二），还剩5天", email.Subject);
        Assert.Equal((entry.Id, "FS-2022-0001", "D-7"), (email.OutboxId, email.CustomArgs!["leaseId"], email.CustomArgs["stage"]));
    }

    [Fact]
    public void Compose_SmsEntry_TypedSmsInE164AndABadNumberNamesTheRecipient()
    {
        var lease = Lease();
        var alert = Alert(lease);

        var message = Composer().Compose(Entry(alert, OutboxChannel.Sms), lease, alert, T);
        var bad = Assert.Throws<ArgumentException>(() => Composer().Compose(Entry(alert, OutboxChannel.Sms, "12345"), lease, alert, T));

        var sms = Assert.IsType<ReminderMessage.Sms>(message).Message;
        Assert.Equal((OutboxChannel.Sms, "+8613800138000"), (message.Channel, sms.To));
        Assert.StartsWith("Recipient: ", bad.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_SenderThrows_TransientForFaultsPermanentForARefusedMessage()
    {
        var email = new ScriptedEmail { Answer = _ => throw new HttpRequestException("connection reset") };
        var sms = new ScriptedSms { Answer = _ => throw new ArgumentException("To: bad") };
        var sender = new ChannelSender(email, sms);
        var lease = Lease();
        var alert = Alert(lease);

        var fault = await sender.SendAsync(Composer().Compose(Entry(alert), lease, alert, T), default);
        var refused = await sender.SendAsync(Composer().Compose(Entry(alert, OutboxChannel.Sms), lease, alert, T), default);

        Assert.Equal(SendResult.Retry("HttpRequestException: connection reset"), fault);
        Assert.Equal(SendResult.Fail("the message was refused before sending: To: bad"), refused);
        Assert.Single(email.Sent);
        Assert.Single(sms.Sent);
    }

    [Fact]
    public async Task ClaimAsync_EntryChangedFirst_NoClaimSkippedForASecond()
    {
        var storage = new InMemoryStorage();
        var time = new FakeTimeProvider(T);
        var entry = Entry(Alert(Lease()));
        await storage.Outbox.CreateManyAsync(District, [entry]);
        var stale = entry with { ETag = "W/\"stale\"" };
        var claim = new EntryClaim(new OutboxWriter(storage.Outbox), storage.DeliveryLog, new DispatchOptions(), time, NullLogger.Instance);

        var (claimed, skipped) = await claim.ClaimAsync(stale, DeliveryFlags.None, default);

        Assert.Null(claimed);
        Assert.Equal(EntryOutcome.SkippedAt(T), skipped);
        Assert.Equal(OutboxStatus.Pending, storage.Outbox.Snapshot(District).Single().Status);
    }

    [Fact]
    public async Task ClaimAsync_Fresh_SendingWithTokenExpiryAndAnOpenAttemptRow()
    {
        var storage = new InMemoryStorage();
        var time = new FakeTimeProvider(T);
        var entry = Entry(Alert(Lease()));
        await storage.Outbox.CreateManyAsync(District, [entry]);
        var current = storage.Outbox.Snapshot(District).Single();
        var claim = new EntryClaim(new OutboxWriter(storage.Outbox), storage.DeliveryLog, new DispatchOptions(), time, NullLogger.Instance);

        var (claimed, _) = await claim.ClaimAsync(current, DeliveryFlags.Recovered, default);

        Assert.NotNull(claimed);
        var stored = storage.Outbox.Snapshot(District).Single();
        Assert.Equal((OutboxStatus.Sending, claimed.Attempt.AttemptId, (DateTimeOffset?)T.AddMinutes(5), 1), (stored.Status, stored.ClaimToken, stored.ClaimExpiresAt, stored.Attempts));
        var row = await storage.DeliveryLog.GetAsync(District, entry.Id, claimed.Attempt.AttemptId);
        Assert.Equal(((DeliveryOutcome?)null, 1, DeliveryFlags.Recovered), (row!.Outcome, row.Attempt, row.Flags));
    }

    [Fact]
    public async Task RecordAsync_ClaimTakenOverMeanwhile_AttemptRowKeepsTheAnswerEntryLeftToItsNewOwner()
    {
        var storage = new InMemoryStorage();
        var time = new FakeTimeProvider(T);
        await storage.Outbox.CreateManyAsync(District, [Entry(Alert(Lease()))]);
        var writer = new OutboxWriter(storage.Outbox);
        var (claimed, _) = await new EntryClaim(writer, storage.DeliveryLog, new DispatchOptions(), time, NullLogger.Instance)
            .ClaimAsync(storage.Outbox.Snapshot(District).Single(), DeliveryFlags.None, default);
        var current = storage.Outbox.Snapshot(District).Single();
        await writer.TryUpdateAsync(current with { StatusReason = "taken over" }, default); // a recoverer's write: the claim's ETag is stale
        time.Advance(TimeSpan.FromSeconds(2));
        var recorder = new DeliveryRecorder(storage.DeliveryLog, writer, new DispatchOptions(), time, new HalfRandom(), NullLogger.Instance);

        var delivery = await recorder.RecordAsync(claimed!, SendResult.Accept("sg-9"));

        Assert.Equal(EntryOutcome.SkippedAt(T.AddSeconds(2)), delivery.Outcome);
        Assert.Equal((OutboxStatus.Sending, "taken over"), (storage.Outbox.Snapshot(District).Single().Status, storage.Outbox.Snapshot(District).Single().StatusReason));
        var row = await storage.DeliveryLog.GetAsync(District, current.Id, claimed!.Attempt.AttemptId);
        Assert.Equal((DeliveryOutcome.Accepted, "sg-9", (DateTimeOffset?)T.AddSeconds(2)), (row!.Outcome!.Value, row.ProviderMessageId, row.FinishedAt));
    }

    [Fact]
    public async Task CloseAsync_Held_EntryHeldUntilAndADecisionRowWithoutAnAttempt()
    {
        var storage = new InMemoryStorage();
        await storage.Outbox.CreateManyAsync(District, [Entry(Alert(Lease()), OutboxChannel.Sms)]);
        var entry = storage.Outbox.Snapshot(District).Single();
        var closer = new EntryCloser(new OutboxWriter(storage.Outbox), storage.DeliveryLog, NullLogger.Instance);
        var until = T.AddHours(10);

        var outcome = await closer.CloseAsync(entry, new Closing(OutboxStatus.Held, DeliveryOutcome.Held, "SMS quiet hours to 13800138000", until), DeliveryFlags.None, T, default);
        var again = await closer.CloseAsync(entry, new Closing(OutboxStatus.Held, DeliveryOutcome.Held, "again", until), DeliveryFlags.None, T, default);

        Assert.Equal(new EntryOutcome(EntryOutcomeKind.Held), outcome);
        Assert.Equal(EntryOutcome.SkippedAt(T), again); // the entry's ETag moved on: someone else's write wins
        var stored = storage.Outbox.Snapshot(District).Single();
        Assert.Equal((OutboxStatus.Held, (DateTimeOffset?)until, 0), (stored.Status, stored.NextAttemptAt, stored.Attempts));
        Assert.DoesNotContain("13800138000", stored.StatusReason, StringComparison.Ordinal);
        var rows = new List<DeliveryAttempt>();
        await foreach (var r in storage.DeliveryLog.ListAsync(District, entry.Id))
        {
            rows.Add(r);
        }

        var row = Assert.Single(rows);
        Assert.Equal((DeliveryOutcome.Held, 0, (DateTimeOffset?)until), (row.Outcome!.Value, row.Attempt, row.RetryAt));
    }

    [Fact]
    public async Task PassPauses_RecordedPauseActiveThenExpired_PausedOnlyWhileItHoldsAndLiftedOnce()
    {
        var storage = new InMemoryStorage();
        var pause = new ChannelPause(OutboxChannel.Email, "SendGrid 401", new ProviderStatus(401), T, T.AddMinutes(15));
        await storage.ChannelPauses.PauseAsync(pause);
        var pass = new PassPauses(storage.ChannelPauses, NullLogger.Instance);
        var later = new PassPauses(storage.ChannelPauses, NullLogger.Instance);

        Assert.True(await pass.IsPausedAsync(OutboxChannel.Email, T.AddMinutes(1), default));
        Assert.False(await pass.IsPausedAsync(OutboxChannel.Sms, T.AddMinutes(1), default));
        Assert.Equal([pause], pass.ActiveAt(T.AddMinutes(1)));
        Assert.False(await later.IsPausedAsync(OutboxChannel.Email, T.AddMinutes(16), default));
        await later.ResumeAsync(OutboxChannel.Email, default);

        Assert.Empty(await storage.ChannelPauses.ListAsync());
        Assert.Empty(later.ActiveAt(T.AddMinutes(16)));
    }
}
