using ComplianceMonitor.Application.Digest;
using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Domain.Calendar;
using ComplianceMonitor.Infrastructure.Digest;
using ComplianceMonitor.Infrastructure.Reminders;
using ComplianceMonitor.Infrastructure.Tests.Reminders;
using ComplianceMonitor.Testing.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using static ComplianceMonitor.Infrastructure.Tests.Reminders.DeliverySamples;

namespace ComplianceMonitor.Infrastructure.Tests.Digest;

/// <summary>
/// Delivery hole 2, the digest's part: a provider-wide refusal pauses the channel and the district digest says so, in
/// HTML, text and JSON: which channel, since when, the provider's answer and reason, how many reminders wait.
/// </summary>
[Trait("Category", "azurite")]
[Collection("azurite")]
public sealed class DigestChannelPauseTests(AzuriteFixture azurite) : IDisposable
{
    private const string BadKey = """{"errors":[{"field":null,"message":"The provided authorization grant is invalid, expired, or revoked"}]}""";

    private const string Note =
        "邮件提醒已暂停发送：自2026年6月23日 10:00起，邮件服务商拒绝本系统的账户（服务商答复401）：SendGrid 401: The provided authorization grant is invalid, expired, or revoked。"
        + "本区有2条邮件提醒等待发送，不会作废，2026年6月23日 10:15后自动重试；请系统管理员检查邮件服务商账户（密钥、发件人）。";

    private readonly DispatchHost _host = new(azurite);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "cm-digest-pause-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        _host.Dispose();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task Preview_AfterSendGridRefusedOurKey_HtmlTextAndJsonShowTheEmailPauseWithTwoRemindersWaiting()
    {
        _host.SendGridFailsFirst(int.MaxValue, 401, BadKey);
        _host.TwilioAccepts();
        var lease = Lease();
        var alert = Alert(lease);
        await _host.SeedAsync(lease, alert, [Entry(alert), Entry(alert, recipient: "li@example.com"), Entry(alert, OutboxChannel.Sms)]);
        var dispatched = await _host.CreateSut(DispatchHost.Options(parallelism: 1)).RunOnceAsync();
        Assert.Equal((1, 2), (dispatched.Sent, dispatched.Paused));

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Email:OutboxFolder"] = _folder }).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<TimeProvider>(_host.Time);
        services.AddSingleton(_host.Factory);
        services.AddSingleton<IConfiguration>(configuration);
        services.AddNotificationSenders();
        services.AddDigest();
        await using var provider = services.BuildServiceProvider();
        var preview = provider.GetRequiredService<IDigestPreview>();
        var day = BeijingClock.DateOf(DispatchHost.Morning);

        var model = DigestJson.Deserialize(await preview.RenderAsync(DispatchHost.District, day, DigestFormat.Json));
        var html = await preview.RenderAsync(DispatchHost.District, day, DigestFormat.Html);
        var text = await preview.RenderAsync(DispatchHost.District, day, DigestFormat.Text);

        Assert.Equal(
            new DigestChannelPause
            {
                Channel = OutboxChannel.Email,
                PausedAt = DispatchHost.Morning,
                Until = DispatchHost.Morning.AddMinutes(15),
                ProviderStatus = new ProviderStatus(401),
                Reason = "SendGrid 401: The provided authorization grant is invalid, expired, or revoked",
                Waiting = 2,
            },
            Assert.Single(model.ChannelPauses));
        Assert.Equal(Note, model.Notes[0]);
        Assert.Contains("border-left:4px solid #bf8700;font-size:13px;\">" + Note + "</p>", html, StringComparison.Ordinal);
        Assert.Contains("\n注意：" + Note + "\n", text, StringComparison.Ordinal);
        Assert.Equal(0, model.Counts.FailedDeliveries);
    }
}
