using ComplianceMonitor.Application.Digest;
using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Domain.Calendar;
using ComplianceMonitor.Infrastructure.Digest;

namespace ComplianceMonitor.Infrastructure.Tests.Digest;

/// <summary>The paused-channel note as the supervisors read it: at the top of the HTML body and of the text body, before the other notes.</summary>
[Trait("Category", "unit")]
public sealed class DigestChannelPauseViewTests
{
    [Fact]
    public void Render_SmsPaused_NoteFirstInHtmlAndText()
    {
        var pause = new ChannelPause(OutboxChannel.Sms, "Twilio 401 (code 20003): Authenticate", new ProviderStatus(401, "20003"), new DateTimeOffset(2026, 11, 25, 16, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 25, 16, 15, 0, TimeSpan.Zero));
        var model = new DigestBuilder(new DigestOptions(), WorkingDayCalendar.Default).Build(new DigestInput
        {
            DistrictCode = DigestSamples.Fangshan,
            Date = DigestSamples.Day,
            GeneratedAt = DigestSamples.At0830,
            Alerts = [],
            Tasks = [],
            Outbox = [],
            ChannelPauses = [pause],
        });
        const string note = "短信提醒已暂停发送：自2026年11月26日 00:00起，短信服务商拒绝本系统的账户（服务商答复401 (code 20003)）：Twilio 401 (code 20003): Authenticate。"
            + "本区有0条短信提醒等待发送，不会作废，2026年11月26日 00:15后自动重试；请系统管理员检查短信服务商账户（密钥、发件人）。";

        var content = new FluidDigestRenderer().Render(model);

        Assert.Equal([note, "本区尚无扫描记录，以下内容可能不完整。"], model.Notes);
        Assert.Contains("<p style=\"margin:0 0 8px 0;padding:8px 12px;background-color:#fff8c5;border-left:4px solid #bf8700;font-size:13px;\">" + note + "</p>", content.Html, StringComparison.Ordinal);
        Assert.True(content.Html.IndexOf(note, StringComparison.Ordinal) < content.Html.IndexOf("本区尚无扫描记录", StringComparison.Ordinal));
        Assert.Contains("\n注意：" + note + "\n", content.Text, StringComparison.Ordinal);
    }
}
