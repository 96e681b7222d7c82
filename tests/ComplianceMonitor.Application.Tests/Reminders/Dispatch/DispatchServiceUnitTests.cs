using System.Runtime.CompilerServices;
using ComplianceMonitor.Application.Contacts;
using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Domain.Findings;
using static ComplianceMonitor.Application.Tests.Reminders.Dispatch.DispatchWorld;

namespace ComplianceMonitor.Application.Tests.Reminders.Dispatch;

/// <summary>The dispatch use case on the in-memory stores: exact statuses, channels, attempts, log rows and counts, in milliseconds.</summary>
[Trait("Category", "unit")]
public sealed class DispatchServiceUnitTests
{
    /// <summary>An attempt id of 09:54 Beijing, six minutes before <see cref="DispatchWorld.Morning"/> (ids sort by time).</summary>
    private const string EarlierAttempt = "20260623T015400000000Z-0000abcd";

    private readonly DispatchWorld _world = new();

    private async Task<(OutboxEntry Email, OutboxEntry Sms)> SeedPairAsync()
    {
        var lease = Lease();
        var alert = Alert(lease);
        var (email, sms) = (Entry(alert), Entry(alert, OutboxChannel.Sms));
        await _world.SeedAsync(lease, alert, email, sms);
        return (email, sms);
    }

    [Fact]
    public async Task RunOnceAsync_EmailAndSmsDue_SendsEachOnceWrittenForTheSendingDay()
    {
        var (email, sms) = await SeedPairAsync();

        var summary = await _world.CreateSut().RunOnceAsync();
        var again = await _world.CreateSut().RunOnceAsync();

        Assert.Equal((2, 2, 0, 0, 0, 0), (summary.Examined, summary.Sent, summary.Retrying, summary.Dead, summary.Paused, summary.Waiting));
        Assert.Equal((0, 0), (again.Examined, again.Sent));
        var mail = Assert.Single(_world.Email.Sent);
        Assert.Equal("【先租后让提醒】租赁合同FS-2022-0001考核申请截止2026年6月30日（星期二），还剩7天", mail.Subject);
        Assert.Equal((email.Id, "zhang@example.com"), (mail.OutboxId, Assert.Single(mail.To).Address));
        var text = Assert.Single(_world.Sms.Sent);
        Assert.Equal(("+8613800138000", sms.Id), (text.To, text.OutboxId));
        Assert.Equal("【先租后让监管】租赁合同FS-2022-0001须于2026年6月30日（周二）前提交考核申请，剩7天。咨询房山区经济和信息化局12345", text.Body);
        Assert.Equal((OutboxStatus.Sent, 1, Morning, "sg-" + email.Id[^6..]), (_world.Stored(email.Id).Status, _world.Stored(email.Id).Attempts, _world.Stored(email.Id).SentAt, _world.Stored(email.Id).ProviderMessageId));
        Assert.Equal((OutboxStatus.Sent, 1, "SM0001"), (_world.Stored(sms.Id).Status, _world.Stored(sms.Id).Attempts, _world.Stored(sms.Id).ProviderMessageId));
        var row = Assert.Single(await _world.AttemptsAsync(email.Id));
        Assert.Equal((DeliveryOutcome.Accepted, 1, DeliveryFlags.None, OutboxChannel.Email), (row.Outcome!.Value, row.Attempt, row.Flags, row.Channel));
    }

    [Fact]
    public async Task RunOnceAsync_ProviderRefusesEmail_PausesEmailOnlyAndKeepsItsEntriesPending()
    {
        var lease = Lease();
        var alert = Alert(lease);
        var (first, second, sms) = (Entry(alert), Entry(alert, recipient: "li@example.com"), Entry(alert, OutboxChannel.Sms));
        await _world.SeedAsync(lease, alert, first, second, sms);
        _world.Email.Answer = _ => SendResult.Refuse("SendGrid 401: The provided authorization grant is invalid", new ProviderStatus(401));

        var summary = await _world.CreateSut().RunOnceAsync();

        Assert.Equal((3, 1, 2, 0, 0), (summary.Examined, summary.Sent, summary.Paused, summary.Dead, summary.Waiting));
        Assert.Single(_world.Email.Sent); // the second email never reached the provider: the channel was paused by then
        var pause = Assert.Single(summary.PausedChannels);
        Assert.Equal(new ChannelPause(OutboxChannel.Email, "SendGrid 401: The provided authorization grant is invalid", new ProviderStatus(401), Morning, Morning.AddMinutes(15)), pause);
        Assert.Equal(pause, Assert.Single(await _world.Storage.ChannelPauses.ListAsync()));
        var refused = _world.Stored(_world.Email.Sent[0].OutboxId);
        var untouched = _world.Stored(refused.Id == first.Id ? second.Id : first.Id);
        Assert.Equal((OutboxStatus.Pending, 0, (DateTimeOffset?)null, "channel paused: SendGrid 401: The provided authorization grant is invalid"), (refused.Status, refused.Attempts, refused.NextAttemptAt, refused.StatusReason));
        Assert.Equal((OutboxStatus.Pending, 0, (string?)null), (untouched.Status, untouched.Attempts, untouched.LastError));
        Assert.Equal(OutboxStatus.Sent, _world.Stored(sms.Id).Status);
        var row = Assert.Single(await _world.AttemptsAsync(refused.Id));
        Assert.Equal((DeliveryOutcome.Paused, new ProviderStatus(401), (DateTimeOffset?)Morning.AddMinutes(15)), (row.Outcome!.Value, row.ProviderStatus, row.RetryAt));
    }

    [Fact]
    public async Task RunOnceAsync_ProviderRefusesEmail_LogsThePauseOnceAndAtTheEndSinceWhenAndHowManyWait()
    {
        var lease = Lease();
        var alert = Alert(lease);
        await _world.SeedAsync(lease, alert, Entry(alert), Entry(alert, recipient: "li@example.com"), Entry(alert, OutboxChannel.Sms));
        _world.Email.Answer = _ => SendResult.Refuse("SendGrid 401: bad key", new ProviderStatus(401));
        var log = new Digest.ListLogger<DispatchService>();

        await _world.CreateSut(logger: log).RunOnceAsync();

        var refused = _world.Email.Sent[0].OutboxId;
        Assert.Contains($"Channel Email paused until 06/23/2026 02:15:00 +00:00: the provider refused our account (401): SendGrid 401: bad key; its reminders stay pending (first seen on {refused})", log.Messages);
        Assert.Contains("Channel Email is paused since 06/23/2026 02:00:00 +00:00 until 06/23/2026 02:15:00 +00:00 (401): SendGrid 401: bad key; 2 reminder(s) of this pass wait for it; fix the provider account (key, sender) and they go out", log.Messages);
        Assert.Single(log.Messages, m => m.StartsWith("Channel Email", StringComparison.Ordinal) && m.Contains("paused until", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunOnceAsync_AfterThePauseEnds_SendsTheWaitingEntriesAndLiftsThePause()
    {
        var lease = Lease();
        var alert = Alert(lease);
        await _world.SeedAsync(lease, alert, Entry(alert), Entry(alert, recipient: "li@example.com"));
        _world.Email.Answer = _ => SendResult.Refuse("SendGrid 403: sender not verified", new ProviderStatus(403));
        var sut = _world.CreateSut();
        await sut.RunOnceAsync();

        _world.Time.Advance(TimeSpan.FromMinutes(14));
        var during = await sut.RunOnceAsync();
        _world.Email.Answer = m => SendResult.Accept("sg-ok");
        _world.Time.Advance(TimeSpan.FromMinutes(2));
        var after = await sut.RunOnceAsync();

        Assert.Equal((2, 0, 1), (during.Paused, during.Sent, during.PausedChannels.Count));
        Assert.Equal((0, 2, 0), (after.Paused, after.Sent, after.PausedChannels.Count));
        Assert.Equal(3, _world.Email.Sent.Count); // one refused, none while paused, two after
        Assert.Empty(await _world.Storage.ChannelPauses.ListAsync());
        Assert.All(_world.Storage.Outbox.Snapshot(District), e => Assert.Equal((OutboxStatus.Sent, 1, (string?)null), (e.Status, e.Attempts, e.StatusReason)));
    }

    [Fact]
    public async Task RunOnceAsync_TransientWithRetryAfter_WaitsTheProvidersTimeThenSendsFlaggedAsNothing()
    {
        var (email, _) = await SeedPairAsync();
        _world.Email.Answer = _ => SendResult.Retry("SendGrid 429: too many requests", TimeSpan.FromMinutes(2), new ProviderStatus(429));
        var sut = _world.CreateSut();

        var first = await sut.RunOnceAsync();
        _world.Email.Answer = _ => SendResult.Accept("sg-2");
        _world.Time.Advance(TimeSpan.FromMinutes(2));
        var second = await sut.RunOnceAsync();

        Assert.Equal((2, 1, 1, 1, (DateTimeOffset?)Morning.AddMinutes(2)), (first.Examined, first.Sent, first.Retrying, first.Waiting, first.NextDueAt));
        Assert.Equal((1, 1, 0, 0), (second.Examined, second.Sent, second.PossibleDuplicates, second.Waiting));
        var stored = _world.Stored(email.Id);
        Assert.Equal((OutboxStatus.Sent, 2, "SendGrid 429: too many requests"), (stored.Status, stored.Attempts, stored.LastError));
        var rows = await _world.AttemptsAsync(email.Id);
        Assert.Equal([DeliveryOutcome.Transient, DeliveryOutcome.Accepted], rows.Select(r => r.Outcome!.Value));
        Assert.Equal(DeliveryFlags.None, rows[1].Flags);
    }

    [Fact]
    public async Task RunOnceAsync_TimeoutWithoutProviderStatus_RetriesAfterJitteredBackoffFlaggedPossibleDuplicate()
    {
        var (email, _) = await SeedPairAsync();
        _world.Email.Answer = _ => SendResult.Retry("timeout");
        var sut = _world.CreateSut();

        var first = await sut.RunOnceAsync();
        _world.Email.Answer = _ => SendResult.Accept("sg-2");
        _world.Time.Advance(TimeSpan.FromSeconds(22.5));
        var second = await sut.RunOnceAsync();

        // 30 s base, first failure: drawn from [15 s, 30 s] at one half = 22.5 s.
        Assert.Equal(Morning.AddSeconds(22.5), first.NextDueAt);
        Assert.Equal((1, 1), (second.Sent, second.PossibleDuplicates));
        Assert.Equal(DeliveryFlags.PossibleDuplicate, (await _world.AttemptsAsync(email.Id))[1].Flags);
        Assert.True(_world.Stored(email.Id).OutcomeUnknown);
    }

    [Fact]
    public async Task RunOnceAsync_PermanentFailure_DeadWithTheMaskedReason()
    {
        var (email, _) = await SeedPairAsync();
        _world.Email.Answer = _ => SendResult.Fail("SendGrid 400: zhang@example.com does not exist", new ProviderStatus(400));

        var summary = await _world.CreateSut().RunOnceAsync();

        Assert.Equal((1, 1, 0), (summary.Dead, summary.Sent, summary.Waiting));
        var stored = _world.Stored(email.Id);
        Assert.Equal((OutboxStatus.Dead, 1), (stored.Status, stored.Attempts));
        Assert.DoesNotContain("zhang@example.com", stored.LastError, StringComparison.Ordinal);
        Assert.StartsWith("SendGrid 400: ", stored.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunOnceAsync_TooManyTransientFailures_DeadAfterMaxAttempts()
    {
        var (email, _) = await SeedPairAsync();
        _world.Email.Answer = _ => SendResult.Retry("SendGrid 503", null, new ProviderStatus(503));
        var sut = _world.CreateSut(Options(maxAttempts: 2));

        await sut.RunOnceAsync();
        _world.Time.Advance(TimeSpan.FromMinutes(1));
        var second = await sut.RunOnceAsync();

        Assert.Equal((1, 0, 0), (second.Dead, second.Retrying, second.Waiting));
        Assert.Equal((OutboxStatus.Dead, 2, "gave up after 2 attempts; the last: SendGrid 503"), (_world.Stored(email.Id).Status, _world.Stored(email.Id).Attempts, _world.Stored(email.Id).LastError));
    }

    [Fact]
    public async Task RunOnceAsync_AlertResolved_SupersededNeverSent()
    {
        var lease = Lease();
        var alert = Alert(lease) with { State = AlertState.Resolved, Resolution = AlertResolution.ObligationMet };
        var email = Entry(alert);
        await _world.SeedAsync(lease, alert, email);

        var summary = await _world.CreateSut().RunOnceAsync();

        Assert.Equal((1, 1, 0), (summary.Examined, summary.Superseded, summary.Sent));
        Assert.Empty(_world.Email.Sent);
        Assert.Equal((OutboxStatus.Superseded, "the alert was resolved: the obligation was met"), (_world.Stored(email.Id).Status, _world.Stored(email.Id).StatusReason));
        Assert.Equal(DeliveryOutcome.Superseded, Assert.Single(await _world.AttemptsAsync(email.Id)).Outcome);
    }

    [Fact]
    public async Task RunOnceAsync_AlertClosedAsRuleRevised_Withdrawn()
    {
        var lease = Lease();
        var alert = Alert(lease) with { State = AlertState.Resolved, Resolution = AlertResolution.RuleRevised };
        var email = Entry(alert);
        await _world.SeedAsync(lease, alert, email);

        var summary = await _world.CreateSut().RunOnceAsync();

        Assert.Equal(1, summary.Superseded);
        Assert.Equal(OutboxStatus.Withdrawn, _world.Stored(email.Id).Status);
        Assert.Empty(_world.Email.Sent);
    }

    [Fact]
    public async Task RunOnceAsync_AlertNotWrittenYet_YoungEntryLeftPendingOldOneSuperseded()
    {
        var lease = Lease();
        var alert = Alert(lease);
        var young = Entry(alert);
        var old = Entry(alert, recipient: "li@example.com") with { CreatedAt = Morning.AddHours(-26) };
        await _world.SeedAsync(lease, null, young, old);

        var summary = await _world.CreateSut().RunOnceAsync();

        Assert.Equal((2, 1, 1, 0), (summary.Examined, summary.Skipped, summary.Superseded, summary.Waiting));
        Assert.Equal((OutboxStatus.Pending, 0), (_world.Stored(young.Id).Status, _world.Stored(young.Id).Attempts));
        Assert.Equal((OutboxStatus.Superseded, "the alert is gone"), (_world.Stored(old.Id).Status, _world.Stored(old.Id).StatusReason));
        Assert.Empty(await _world.AttemptsAsync(young.Id));
    }

    [Fact]
    public async Task RunOnceAsync_LeaseGone_DeadNamingTheLease()
    {
        var alert = Alert(Lease());
        var email = Entry(alert);
        await _world.SeedAsync(null, alert, email);

        var summary = await _world.CreateSut().RunOnceAsync();

        Assert.Equal(1, summary.Dead);
        Assert.Equal((OutboxStatus.Dead, "lease FS-2022-0001 is not stored in district 110111", 0), (_world.Stored(email.Id).Status, _world.Stored(email.Id).LastError, _world.Stored(email.Id).Attempts));
    }

    [Fact]
    public async Task RunOnceAsync_SmsAtNight_HeldUntilEightBeijingThenSent()
    {
        var night = new DispatchWorld(new DateTimeOffset(2026, 6, 23, 14, 30, 0, TimeSpan.Zero)); // 22:30 Beijing
        var lease = Lease();
        var alert = Alert(lease);
        var sms = Entry(alert, OutboxChannel.Sms);
        await night.SeedAsync(lease, alert, sms);
        var sut = night.CreateSut();

        var first = await sut.RunOnceAsync();
        night.Time.SetUtcNow(new DateTimeOffset(2026, 6, 24, 0, 0, 0, TimeSpan.Zero)); // 08:00 Beijing
        var morning = await sut.RunOnceAsync();

        Assert.Equal((1, 1, 0, 0), (first.Examined, first.Held, first.Sent, first.Waiting));
        Assert.Equal((1, 1), (morning.Examined, morning.Sent));
        var rows = await night.AttemptsAsync(sms.Id);
        Assert.Equal((DeliveryOutcome.Held, (DateTimeOffset?)new DateTimeOffset(2026, 6, 24, 0, 0, 0, TimeSpan.Zero)), (rows[0].Outcome!.Value, rows[0].RetryAt));
        // Sent on the 24th: 6 days left, not the 7 of the scan day.
        Assert.Contains("剩6天", Assert.Single(night.Sms.Sent).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunOnceAsync_EnterpriseStoppedSms_SuppressedEmailStillSent()
    {
        var (email, sms) = await SeedPairAsync();
        await _world.Storage.Preferences.SaveAsync(new ContactPreferences(Lease().LandUser.CreditCode, true, Morning, "ops"), null);

        var summary = await _world.CreateSut().RunOnceAsync();

        Assert.Equal((1, 1), (summary.Sent, summary.Suppressed));
        Assert.Equal((OutboxStatus.Sent, OutboxStatus.Suppressed), (_world.Stored(email.Id).Status, _world.Stored(sms.Id).Status));
        Assert.Empty(_world.Sms.Sent);
    }

    /// <summary>An email claimed at 09:54 Beijing by a dispatcher that died (claim expired a minute ago), its attempt row ending <paramref name="outcome"/> (null: none recorded).</summary>
    private async Task<OutboxEntry> SeedExpiredClaimAsync(DeliveryOutcome? outcome)
    {
        var lease = Lease();
        var alert = Alert(lease);
        var claimed = Entry(alert) with { Status = OutboxStatus.Sending, ClaimToken = EarlierAttempt, ClaimExpiresAt = Morning.AddMinutes(-1), Attempts = 1 };
        await _world.SeedAsync(lease, alert, claimed);
        await _world.Storage.DeliveryLog.AddAsync(new DeliveryAttempt
        {
            AttemptId = EarlierAttempt, DistrictCode = District, OutboxId = claimed.Id, LeaseId = claimed.LeaseId, Stage = "D-7", Channel = OutboxChannel.Email,
            MaskedRecipient = claimed.MaskedRecipient, Attempt = 1, StartedAt = Morning.AddMinutes(-6),
            FinishedAt = outcome is null ? null : Morning.AddMinutes(-6), Outcome = outcome, ProviderMessageId = outcome == DeliveryOutcome.Accepted ? "sg-before" : null,
        });
        return claimed;
    }

    [Fact]
    public async Task RunOnceAsync_ExpiredClaimWithProviderAnswer_CompletedFromTheLogNothingResent()
    {
        var claimed = await SeedExpiredClaimAsync(DeliveryOutcome.Accepted);

        var summary = await _world.CreateSut().RunOnceAsync();

        Assert.Equal((1, 1, 1, 0), (summary.Examined, summary.Recovered, summary.Completed, summary.Sent));
        Assert.Empty(_world.Email.Sent);
        Assert.Equal((OutboxStatus.Sent, "sg-before", (string?)null), (_world.Stored(claimed.Id).Status, _world.Stored(claimed.Id).ProviderMessageId, _world.Stored(claimed.Id).ClaimToken));
    }

    [Fact]
    public async Task RunOnceAsync_ExpiredClaimWithoutOutcome_MarkedUnknownAndResentAsPossibleDuplicate()
    {
        var claimed = await SeedExpiredClaimAsync(null);

        var summary = await _world.CreateSut().RunOnceAsync();

        Assert.Equal((1, 1, 1, 1), (summary.Examined, summary.Recovered, summary.Sent, summary.PossibleDuplicates));
        Assert.Single(_world.Email.Sent);
        var rows = await _world.AttemptsAsync(claimed.Id);
        Assert.Equal([DeliveryOutcome.Unknown, DeliveryOutcome.Accepted], rows.Select(r => r.Outcome!.Value));
        Assert.Equal((2, DeliveryFlags.Recovered | DeliveryFlags.PossibleDuplicate), (rows[1].Attempt, rows[1].Flags));
    }

    [Fact]
    public async Task RunOnceAsync_OneDistrictUnreadable_TheOtherIsSentAndTheDistrictNamed()
    {
        var lease = Lease("DX-1", OtherDistrict);
        var alert = Alert(lease);
        var email = Entry(alert);
        await _world.SeedAsync(lease, alert, email);
        var broken = new FailingOutbox(_world.Storage.Outbox, District);

        var summary = await _world.CreateSut(outbox: broken).RunOnceAsync();

        Assert.Equal((1, 1, 0), (summary.Examined, summary.Sent, summary.Failed));
        Assert.Equal([District], summary.UnreadDistricts);
        Assert.Equal(OutboxStatus.Sent, _world.Stored(email.Id, OtherDistrict).Status);
    }

    [Fact]
    public async Task RunOnceAsync_RetryNotDueYet_CountedWaitingNotExamined()
    {
        var lease = Lease();
        var alert = Alert(lease);
        var later = Entry(alert) with { NextAttemptAt = Morning.AddMinutes(5), Attempts = 1 };
        await _world.SeedAsync(lease, alert, later);

        var summary = await _world.CreateSut().RunOnceAsync();

        Assert.Equal((0, 1, (DateTimeOffset?)Morning.AddMinutes(5)), (summary.Examined, summary.Waiting, summary.NextDueAt));
        Assert.Empty(_world.Email.Sent);
    }

    /// <summary>An outbox whose listing of one district fails midway (a storage fault).</summary>
    private sealed class FailingOutbox(IOutboxStore inner, string district) : IOutboxStore
    {
        public async IAsyncEnumerable<StoreReadItem<OutboxEntry>> ListAsync(string districtCode, IReadOnlyCollection<OutboxStatus>? statuses = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            if (districtCode == district)
            {
                await Task.Yield();
                throw new InvalidOperationException("503 Server Busy");
            }

            await foreach (var item in inner.ListAsync(districtCode, statuses, cancellationToken))
            {
                yield return item;
            }
        }

        public Task<OutboxEntry?> GetAsync(string districtCode, string key, CancellationToken cancellationToken = default) => inner.GetAsync(districtCode, key, cancellationToken);

        public Task<IReadOnlyList<WriteResult>> CreateManyAsync(string districtCode, IReadOnlyList<OutboxEntry> items, CancellationToken cancellationToken = default) => inner.CreateManyAsync(districtCode, items, cancellationToken);

        public Task<IReadOnlyList<WriteResult>> UpdateManyAsync(string districtCode, IReadOnlyList<OutboxEntry> items, CancellationToken cancellationToken = default) => inner.UpdateManyAsync(districtCode, items, cancellationToken);
    }
}
