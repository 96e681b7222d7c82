using System.Globalization;
using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Application.Reminders.Content;
using ComplianceMonitor.Domain.Calendar;

namespace ComplianceMonitor.Application.Digest;

/// <summary>A reminder channel the dispatcher paused because its provider refuses our account (<see cref="ChannelPause"/>), as a district's digest reports it.</summary>
/// <remarks>
/// A pause is provider-wide, so every district's digest shows it; <see cref="Waiting"/> counts the district's own
/// reminders on the channel that wait for it (pending, held or in flight: none of them goes dead while it lasts).
/// </remarks>
public sealed record DigestChannelPause
{
    /// <summary>The paused channel.</summary>
    public required OutboxChannel Channel { get; init; }

    /// <summary>When the provider refused (UTC).</summary>
    public required DateTimeOffset PausedAt { get; init; }

    /// <summary>When the dispatcher tries the channel again (UTC); an accepted send then lifts the pause.</summary>
    public required DateTimeOffset Until { get; init; }

    /// <summary>The provider's answer (HTTP status and error code), or null when the sender refused before calling it (configuration).</summary>
    public ProviderStatus? ProviderStatus { get; init; }

    /// <summary>The provider's words (addresses and numbers masked).</summary>
    public required string Reason { get; init; }

    /// <summary>The district's reminders on the channel waiting to be sent.</summary>
    public required int Waiting { get; init; }

    /// <summary>The district's pauses: one per recorded <paramref name="pauses"/> entry, with the entries of <paramref name="outbox"/> that wait for it.</summary>
    public static List<DigestChannelPause> Of(IReadOnlyList<ChannelPause> pauses, IReadOnlyList<OutboxEntry> outbox)
    {
        ArgumentNullException.ThrowIfNull(pauses);
        ArgumentNullException.ThrowIfNull(outbox);
        return
        [
            .. pauses.OrderBy(p => p.Channel).Select(p => new DigestChannelPause
            {
                Channel = p.Channel,
                PausedAt = p.PausedAt,
                Until = p.Until,
                ProviderStatus = p.Status,
                Reason = DigestText.MaskContacts(p.Reason),
                Waiting = outbox.Count(e => e.Channel == p.Channel && e.Status is OutboxStatus.Pending or OutboxStatus.Held or OutboxStatus.Sending),
            }),
        ];
    }

    /// <summary>The digest's note: which channel, since when, the provider's answer, how many of the district's reminders wait, and until when.</summary>
    public string Note()
    {
        var channel = Channel == OutboxChannel.Email ? "邮件" : "短信";
        var answer = ProviderStatus is { } status ? "服务商答复" + status : "未能调用服务商，系统配置有误";
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{channel}提醒已暂停发送：自{At(PausedAt)}起，{channel}服务商拒绝本系统的账户（{answer}）：{Reason}。本区有{Waiting}条{channel}提醒等待发送，不会作废，{At(Until)}后自动重试；请系统管理员检查{channel}服务商账户（密钥、发件人）。");
    }

    private static string At(DateTimeOffset instant) =>
        ChineseDates.Date(BeijingClock.DateOf(instant)) + BeijingClock.ToBeijing(instant).ToString(" HH:mm", CultureInfo.InvariantCulture);
}
