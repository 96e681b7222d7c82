using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Testing.Storage;
using static ComplianceMonitor.Infrastructure.Tests.Reminders.DeliverySamples;

namespace ComplianceMonitor.Infrastructure.Tests.Reminders;

/// <summary>
/// Delivery hole 2: a provider-wide refusal (a bad or rotated key, an unverified sender) used to be classed permanent, so
/// every reminder of the pass went dead. Now it pauses that channel, keeps the entries pending and lets the other channel go on.
/// </summary>
[Collection("azurite")]
public sealed class DispatchChannelPauseTests(AzuriteFixture azurite) : IDisposable
{
    private const string BadKey = """{"errors":[{"field":null,"message":"The provided authorization grant is invalid, expired, or revoked"}]}""";
    private readonly DispatchHost _host = new(azurite);

    public void Dispose() => _host.Dispose();

    private async Task<(List<OutboxEntry> Emails, OutboxEntry Sms)> SeedAsync()
    {
        var lease = Lease();
        var alert = Alert(lease);
        List<OutboxEntry> emails = [Entry(alert), Entry(alert, recipient: "li@example.com"), Entry(alert, recipient: "wang@example.com")];
        var sms = Entry(alert, OutboxChannel.Sms);
        await _host.SeedAsync(lease, alert, [.. emails, sms]);
        return (emails, sms);
    }

    [Fact]
    public async Task RunOnceAsync_SendGrid401_PausesEmailKeepsEntriesPendingAndSendsSms()
    {
        _host.SendGridFailsFirst(int.MaxValue, 401, BadKey);
        _host.TwilioAccepts();
        var (emails, sms) = await SeedAsync();

        var summary = await _host.CreateSut().RunOnceAsync();

        var until = DispatchHost.Morning + TimeSpan.FromMinutes(15);
        Assert.Equal((4, 1, 0, 3, 0), (summary.Examined, summary.Sent, summary.Dead, summary.Paused, summary.Waiting));
        var pause = Assert.Single(summary.PausedChannels);
        Assert.Equal((OutboxChannel.Email, new ProviderStatus(401), until), (pause.Channel, pause.Status, pause.Until));
        Assert.Equal("SendGrid 401: The provided authorization grant is invalid, expired, or revoked", pause.Reason);
        Assert.Equal(pause, Assert.Single(await _host.Pauses.ListAsync()));
        foreach (var email in emails)
        {
            var stored = await _host.EntryAsync(email.Id);
            Assert.Equal((OutboxStatus.Pending, 0, (DateTimeOffset?)null), (stored.Status, stored.Attempts, stored.NextAttemptAt));
            Assert.Equal("SendGrid 401: The provided authorization grant is invalid, expired, or revoked", stored.LastError);
        }

        Assert.Equal(OutboxStatus.Sent, (await _host.EntryAsync(sms.Id)).Status);
        var paused = (await _host.AttemptsAsync()).Where(a => a.Channel == OutboxChannel.Email && a.Outcome is not null).ToList();
        Assert.NotEmpty(paused);
        Assert.All(paused, a => Assert.Equal((DeliveryOutcome.Paused, new ProviderStatus(401), (DateTimeOffset?)until), (a.Outcome!.Value, a.ProviderStatus, a.RetryAt)));
    }

    [Fact]
    public async Task RunOnceAsync_ChannelPaused_CallsNoProviderUntilThePauseEndsThenSendsAndLiftsIt()
    {
        _host.SendGridFailsFirst(1, 401, BadKey);
        var (emails, _) = await SeedAsync();
        _host.TwilioAccepts();
        var sut = _host.CreateSut(DispatchHost.Options(parallelism: 1));
        await sut.RunOnceAsync();
        Assert.Single(_host.SendGridLog());

        _host.Time.Advance(TimeSpan.FromMinutes(10));
        var during = await sut.RunOnceAsync();
        Assert.Equal((3, 0, 0), (during.Paused, during.Sent, during.Dead));
        Assert.Single(_host.SendGridLog());

        _host.Time.Advance(TimeSpan.FromMinutes(6));
        var after = await sut.RunOnceAsync();

        Assert.Equal((3, 0, 0), (after.Sent, after.Paused, after.PausedChannels.Count));
        Assert.Equal(4, _host.SendGridLog().Count);
        Assert.Empty(await _host.Pauses.ListAsync());
        foreach (var email in emails)
        {
            Assert.Equal((OutboxStatus.Sent, 1), ((await _host.EntryAsync(email.Id)).Status, (await _host.EntryAsync(email.Id)).Attempts));
        }
    }

    [Fact]
    public async Task RunOnceAsync_Twilio401_PausesSmsOnly()
    {
        _host.SendGridAccepts();
        _host.Server.Given(WireMock.RequestBuilders.Request.Create().WithPath(DispatchHost.TwilioPath).UsingPost())
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(401).WithHeader("Content-Type", "application/json")
                .WithBody("""{"code": 20003, "message": "Authenticate", "more_info": "https://www.twilio.com/docs/errors/20003", "status": 401}"""));
        var (_, sms) = await SeedAsync();

        var summary = await _host.CreateSut().RunOnceAsync();

        Assert.Equal((3, 1, 0), (summary.Sent, summary.Paused, summary.Dead));
        var pause = Assert.Single(summary.PausedChannels);
        Assert.Equal((OutboxChannel.Sms, new ProviderStatus(401, "20003")), (pause.Channel, pause.Status));
        Assert.Equal((OutboxStatus.Pending, 0), ((await _host.EntryAsync(sms.Id)).Status, (await _host.EntryAsync(sms.Id)).Attempts));
    }
}
