using ComplianceMonitor.Application.Contacts;
using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Tasks;
using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Testing.Storage;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using static ComplianceMonitor.Infrastructure.Tests.Reminders.DeliverySamples;

namespace ComplianceMonitor.Infrastructure.Tests.Reminders;

/// <summary>A dispatcher that dies part-way: the entry is recovered once its claim expires, resent only when the outcome is unknown, and flagged.</summary>
[Trait("Category", "azurite")]
[Collection("azurite")]
public sealed class DispatchRecoveryTests(AzuriteFixture azurite) : IDisposable
{
    private readonly DispatchHost _host = new(azurite);

    public void Dispose() => _host.Dispose();

    private async Task<OutboxEntry> SeedEmailAsync()
    {
        var lease = Lease();
        var alert = Alert(lease);
        var email = Entry(alert);
        await _host.SeedAsync(lease, alert, [email]);
        return email;
    }

    /// <summary>"Kills" the dispatcher (cancels its run) right before or right after the provider call.</summary>
    private sealed class Crash(CancellationTokenSource run, bool afterProvider) : IEmailSenderDecorator
    {
        public IEmailSender Wrap(IEmailSender inner) => new Sender(inner, run, afterProvider);

        private sealed class Sender(IEmailSender inner, CancellationTokenSource run, bool afterProvider) : IEmailSender
        {
            public async Task<SendResult> SendAsync(EmailMessage message, CancellationToken cancellationToken = default)
            {
                if (afterProvider)
                {
                    await inner.SendAsync(message, CancellationToken.None);
                }

                await run.CancelAsync();
                cancellationToken.ThrowIfCancellationRequested();
                throw new InvalidOperationException("the run token should have been cancelled");
            }
        }
    }

    private async Task CrashAsync(bool afterProvider)
    {
        using var run = new CancellationTokenSource();
        var dying = _host.CreateSut(emailDecorator: new Crash(run, afterProvider));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => dying.RunOnceAsync(run.Token));
    }

    [Fact]
    public async Task RunOnceAsync_DiedAfterProviderAccepted_ResendsOnceClaimExpiredAndFlagsPossibleDuplicate()
    {
        _host.SendGridAccepts();
        var email = await SeedEmailAsync();
        await CrashAsync(afterProvider: true);

        var stuck = await _host.EntryAsync(email.Id);
        Assert.Equal((OutboxStatus.Sending, 1), (stuck.Status, stuck.Attempts));
        Assert.Equal(DispatchHost.Morning.AddMinutes(5), stuck.ClaimExpiresAt);
        var sut = _host.CreateSut();

        // Before the claim expires nobody touches it.
        _host.Time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromTicks(1));
        var early = await sut.RunOnceAsync();
        Assert.Equal((0, 1, DispatchHost.Morning.AddMinutes(5)), (early.Examined, early.Waiting, early.NextDueAt));
        _host.Time.Advance(TimeSpan.FromTicks(1));
        var recovery = await sut.RunOnceAsync();

        Assert.Equal((1, 1, 1), (recovery.Recovered, recovery.Sent, recovery.PossibleDuplicates));
        Assert.Equal([(2, 2)], _host.SendGridCounts().Values.Select(v => (v.Requests, v.Accepted)));
        var sent = await _host.EntryAsync(email.Id);
        Assert.Equal((OutboxStatus.Sent, 2, true), (sent.Status, sent.Attempts, sent.OutcomeUnknown));
        var rows = await _host.AttemptsAsync(email.Id);
        Assert.Equal(2, rows.Count);
        Assert.Equal(stuck.ClaimToken, rows[0].AttemptId);
        Assert.Equal((DeliveryOutcome.Unknown, DeliveryFlags.None), (rows[0].Outcome, rows[0].Flags));
        Assert.Equal("the dispatcher stopped during the send; the previous attempt's outcome is unknown", rows[0].Reason);
        Assert.Equal((DeliveryOutcome.Accepted, DeliveryFlags.Recovered | DeliveryFlags.PossibleDuplicate, 2), (rows[1].Outcome, rows[1].Flags, rows[1].Attempt));
    }

    [Fact]
    public async Task RunOnceAsync_DiedAfterAttemptRowBeforeProvider_ResendsFlaggedBecauseOutcomeIsUnknown()
    {
        _host.SendGridAccepts();
        var email = await SeedEmailAsync();
        await CrashAsync(afterProvider: false);
        _host.Time.Advance(TimeSpan.FromMinutes(5));

        var recovery = await _host.CreateSut().RunOnceAsync();

        Assert.Equal((1, 1), (recovery.Sent, recovery.PossibleDuplicates));
        Assert.Equal([(1, 1)], _host.SendGridCounts().Values.Select(v => (v.Requests, v.Accepted)));
        var rows = await _host.AttemptsAsync(email.Id);
        Assert.Equal([DeliveryOutcome.Unknown, DeliveryOutcome.Accepted], rows.Select(r => r.Outcome!.Value));
        Assert.Equal(DeliveryFlags.Recovered | DeliveryFlags.PossibleDuplicate, rows[1].Flags);
    }

    [Fact]
    public async Task RunOnceAsync_DiedAfterClaimBeforeAttemptRow_ResendsUnflaggedAsNothingWasSent()
    {
        _host.SendGridAccepts();
        var email = await SeedEmailAsync();
        var stored = await _host.EntryAsync(email.Id);
        await _host.Outbox.UpdateAsync(stored with
        {
            Status = OutboxStatus.Sending,
            ClaimToken = DeliveryAttempt.NewId(DispatchHost.Morning),
            ClaimExpiresAt = DispatchHost.Morning.AddMinutes(5),
            Attempts = 1,
        });
        _host.Time.Advance(TimeSpan.FromMinutes(6));

        var recovery = await _host.CreateSut().RunOnceAsync();

        Assert.Equal((1, 1, 0), (recovery.Recovered, recovery.Sent, recovery.PossibleDuplicates));
        var row = Assert.Single(await _host.AttemptsAsync(email.Id));
        Assert.Equal((DeliveryOutcome.Accepted, DeliveryFlags.Recovered, 2), (row.Outcome, row.Flags, row.Attempt));
        Assert.False((await _host.EntryAsync(email.Id)).OutcomeUnknown);
        Assert.Single(_host.SendGridLog());
    }

    [Fact]
    public async Task RunOnceAsync_DiedAfterRecordingOutcomeBeforeEntry_CompletesFromLogWithoutResending()
    {
        _host.SendGridAccepts();
        var email = await SeedEmailAsync();
        var stored = await _host.EntryAsync(email.Id);
        var attemptId = DeliveryAttempt.NewId(DispatchHost.Morning);
        await _host.Outbox.UpdateAsync(stored with { Status = OutboxStatus.Sending, ClaimToken = attemptId, ClaimExpiresAt = DispatchHost.Morning.AddMinutes(5), Attempts = 1 });
        await _host.Log.AddAsync(new DeliveryAttempt
        {
            AttemptId = attemptId,
            DistrictCode = email.DistrictCode,
            OutboxId = email.Id,
            LeaseId = email.LeaseId,
            Stage = email.Stage,
            Channel = email.Channel,
            MaskedRecipient = email.MaskedRecipient,
            Attempt = 1,
            StartedAt = DispatchHost.Morning,
            FinishedAt = DispatchHost.Morning.AddSeconds(1),
            Outcome = DeliveryOutcome.Accepted,
            ProviderMessageId = "sg-earlier",
        });
        _host.Time.Advance(TimeSpan.FromMinutes(6));

        var recovery = await _host.CreateSut().RunOnceAsync();

        Assert.Equal((1, 1, 0), (recovery.Recovered, recovery.Completed, recovery.Sent));
        Assert.Empty(_host.SendGridLog());
        var sent = await _host.EntryAsync(email.Id);
        Assert.Equal((OutboxStatus.Sent, "sg-earlier", DispatchHost.Morning.AddSeconds(1)), (sent.Status, sent.ProviderMessageId, sent.SentAt));
        Assert.Single(await _host.AttemptsAsync(email.Id));
    }

    [Fact]
    public async Task RunOnceAsync_ProviderTimedOut_RetriesAndFlagsTheRetryAsPossibleDuplicate()
    {
        // The first request is answered after the client gave up: the provider may well have taken it.
        var count = 0;
        _host.Server.Given(Request.Create().WithPath(DispatchHost.SendGridPath).UsingPost())
            .RespondWith(Response.Create().WithCallback(async req =>
            {
                if (Interlocked.Increment(ref count) == 1)
                {
                    await Task.Delay(TimeSpan.FromSeconds(1.5));
                }

                return _host.Accepted202(req);
            }));
        var email = await SeedEmailAsync();
        var sut = _host.CreateSut(emailDecorator: new ShortTimeout(_host));

        await _host.DrainAsync(sut, TimeSpan.FromMinutes(1));

        var rows = await _host.AttemptsAsync(email.Id);
        Assert.Equal([DeliveryOutcome.Transient, DeliveryOutcome.Accepted], rows.Select(r => r.Outcome!.Value));
        Assert.Equal("SendGrid: request timed out", rows[0].Reason);
        Assert.Equal((DeliveryFlags.None, DeliveryFlags.PossibleDuplicate), (rows[0].Flags, rows[1].Flags));
        Assert.True((await _host.EntryAsync(email.Id)).OutcomeUnknown);
    }

    /// <summary>A SendGrid sender whose HTTP calls give up after half a second.</summary>
    private sealed class ShortTimeout(DispatchHost host) : IEmailSenderDecorator
    {
        public IEmailSender Wrap(IEmailSender inner) => new Infrastructure.Reminders.SendGridEmailSender(
            new HttpClient { Timeout = TimeSpan.FromSeconds(0.5) },
            Microsoft.Extensions.Options.Options.Create(new Infrastructure.Reminders.EmailOptions { SendGridApiKey = DispatchHost.ApiKey, SendGridHost = host.Server.Url, FromAddress = "reminders@cm.example.cn" }),
            host.Time,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<Infrastructure.Reminders.SendGridEmailSender>.Instance);
    }
}
