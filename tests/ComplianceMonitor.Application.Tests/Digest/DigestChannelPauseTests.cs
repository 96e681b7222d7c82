using System.Text.Json;
using ComplianceMonitor.Application.Digest;
using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Domain.Calendar;
using ComplianceMonitor.Domain.Rules;
using static ComplianceMonitor.Application.Tests.Digest.DigestTestData;

namespace ComplianceMonitor.Application.Tests.Digest;

/// <summary>A paused reminder channel (the provider refuses our account) shows in the district digest: model, note, JSON and the scheduler's log.</summary>
[Trait("Category", "unit")]
public sealed class DigestChannelPauseTests
{
    private static readonly DateTimeOffset GeneratedAt = new(2026, 11, 26, 0, 30, 5, TimeSpan.Zero);

    /// <summary>07:10 Beijing on the digest day; tried again at 07:25.</summary>
    private static readonly ChannelPause EmailPause = new(
        OutboxChannel.Email,
        "SendGrid 401: The provided authorization grant is invalid, expired, or revoked",
        new ProviderStatus(401),
        new DateTimeOffset(2026, 11, 25, 23, 10, 0, TimeSpan.Zero),
        new DateTimeOffset(2026, 11, 25, 23, 25, 0, TimeSpan.Zero));

    private const string EmailNote =
        "邮件提醒已暂停发送：自2026年11月26日 07:10起，邮件服务商拒绝本系统的账户（服务商答复401）：SendGrid 401: The provided authorization grant is invalid, expired, or revoked。"
        + "本区有4条邮件提醒等待发送，不会作废，2026年11月26日 07:25后自动重试；请系统管理员检查邮件服务商账户（密钥、发件人）。";

    private static readonly ComplianceMonitor.Application.Scanning.Alert Open = Obligation("FS-A", RuleCode.RENT_ARREARS, new DateOnly(2026, 11, 20), firstSeen: Day);

    /// <summary>The district's outbox: four email reminders waiting (pending, held, in flight), one SMS waiting, one email dead, one sent.</summary>
    private static OutboxEntry[] Outbox() =>
    [
        Dead(Open, "OD+3", OutboxChannel.Email, "a@example.com", "x") with { Status = OutboxStatus.Pending, LastError = null },
        Dead(Open, "OD+3", OutboxChannel.Email, "b@example.com", "x") with { Status = OutboxStatus.Pending, LastError = null },
        Dead(Open, "OD+3", OutboxChannel.Email, "c@example.com", "x") with { Status = OutboxStatus.Held, LastError = null },
        Dead(Open, "OD+3", OutboxChannel.Email, "d@example.com", "x") with { Status = OutboxStatus.Sending, LastError = null },
        Dead(Open, "OD+3", OutboxChannel.Sms, "13800138000", "x") with { Status = OutboxStatus.Pending, LastError = null },
        Dead(Open, "OD+3", OutboxChannel.Email, "e@example.com", "SendGrid 550: mailbox full"),
        Dead(Open, "D-7", OutboxChannel.Email, "a@example.com", "x") with { Status = OutboxStatus.Sent, LastError = null },
    ];

    private static DigestModel Build(IReadOnlyList<ChannelPause> pauses, IReadOnlyList<OutboxEntry>? outbox = null) =>
        new DigestBuilder(new DigestOptions(), WorkingDayCalendar.Default).Build(new DigestInput
        {
            DistrictCode = Fangshan,
            Date = Day,
            GeneratedAt = GeneratedAt,
            Alerts = [Open],
            Tasks = [],
            Outbox = outbox ?? Outbox(),
            LastScan = Run(Fangshan, Day),
            ChannelPauses = pauses,
        });

    [Fact]
    public void Build_EmailPaused_ReportsChannelSinceStatusReasonAndTheDistrictsWaitingReminders()
    {
        var model = Build([EmailPause]);

        var pause = Assert.Single(model.ChannelPauses);
        Assert.Equal(
            new DigestChannelPause
            {
                Channel = OutboxChannel.Email,
                PausedAt = EmailPause.PausedAt,
                Until = EmailPause.Until,
                ProviderStatus = new ProviderStatus(401),
                Reason = EmailPause.Reason,
                Waiting = 4,
            },
            pause);
        Assert.Equal([EmailNote], model.Notes);
        Assert.Equal(1, model.Counts.FailedDeliveries); // waiting entries are not failures
    }

    [Fact]
    public void Build_SmsRefusedBeforeCallingTheProvider_SaysConfigurationAndCountsSmsOnly()
    {
        var sms = new ChannelPause(OutboxChannel.Sms, "Sms__TwilioAuthToken: the Key Vault reference did not resolve", null, EmailPause.PausedAt, EmailPause.Until);

        var model = Build([sms, EmailPause]);

        Assert.Equal([OutboxChannel.Email, OutboxChannel.Sms], model.ChannelPauses.Select(p => p.Channel));
        Assert.Equal((4, 1), (model.ChannelPauses[0].Waiting, model.ChannelPauses[1].Waiting));
        Assert.Equal(
            "短信提醒已暂停发送：自2026年11月26日 07:10起，短信服务商拒绝本系统的账户（未能调用服务商，系统配置有误）：Sms__TwilioAuthToken: the Key Vault reference did not resolve。"
            + "本区有1条短信提醒等待发送，不会作废，2026年11月26日 07:25后自动重试；请系统管理员检查短信服务商账户（密钥、发件人）。",
            model.Notes[1]);
    }

    [Fact]
    public void Build_ReasonQuotesAnAddress_MaskedInModelAndNote()
    {
        var model = Build([EmailPause with { Reason = "SendGrid 403: sender reminders@cm.example.cn is not verified" }]);

        Assert.DoesNotContain("reminders@cm.example.cn", model.ChannelPauses[0].Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("reminders@cm.example.cn", model.Notes[0], StringComparison.Ordinal);
        Assert.StartsWith("SendGrid 403: sender ", model.ChannelPauses[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_NoPause_NoNoteAndAnEmptyList()
    {
        var model = Build([]);

        Assert.Empty(model.ChannelPauses);
        Assert.Empty(model.Notes);
        Assert.Contains("\"channelPauses\": []", DigestJson.Serialize(model), StringComparison.Ordinal);
    }

    [Fact]
    public void Serialize_EmailPaused_JsonNamesChannelSinceUntilStatusReasonWaiting()
    {
        var model = Build([EmailPause]);

        var json = DigestJson.Serialize(model);

        using var document = JsonDocument.Parse(json);
        var pause = Assert.Single(document.RootElement.GetProperty("channelPauses").EnumerateArray().ToList());
        Assert.Equal("email", pause.GetProperty("channel").GetString());
        Assert.Equal(EmailPause.PausedAt, pause.GetProperty("pausedAt").GetDateTimeOffset());
        Assert.Equal(EmailPause.Until, pause.GetProperty("until").GetDateTimeOffset());
        Assert.Equal(401, pause.GetProperty("providerStatus").GetProperty("httpStatus").GetInt32());
        Assert.Equal(JsonValueKind.Null, pause.GetProperty("providerStatus").GetProperty("code").ValueKind);
        Assert.Equal(EmailPause.Reason, pause.GetProperty("reason").GetString());
        Assert.Equal(4, pause.GetProperty("waiting").GetInt32());
        Assert.Equal(model.ChannelPauses, DigestJson.Deserialize(json).ChannelPauses);
    }

    private static (DigestHost Host, DigestService Service, ComplianceMonitor.Testing.InMemory.InMemoryStorage Storage) CreateService()
    {
        var host = new DigestHost();
        var storage = new ComplianceMonitor.Testing.InMemory.InMemoryStorage();
        var service = new DigestService(
            host.Alerts, host.Tasks, host.Outbox, host.Runs, host.Records, new DigestBuilder(host.Options, WorkingDayCalendar.Default), new JsonDigestRenderer(), host.Time,
            storage.Leases, RuleEngine.Default, storage.ChannelPauses);
        host.Alerts.Seed(Open);
        foreach (var entry in Outbox())
        {
            host.Outbox.Seed(entry);
        }

        return (host, service, storage);
    }

    [Fact]
    public async Task BuildAsync_PauseRecorded_ReadsTheWaitingEntriesFromTheOutbox()
    {
        var (_, service, storage) = CreateService();
        await storage.ChannelPauses.PauseAsync(EmailPause);

        var model = await service.BuildAsync(Fangshan, Day);

        Assert.Equal(4, Assert.Single(model.ChannelPauses).Waiting);
        Assert.Equal(EmailNote, model.Notes[0]);
        Assert.Equal(1, model.Counts.FailedDeliveries);
    }

    [Fact]
    public async Task BuildAsync_NoPauseRecorded_NothingReported()
    {
        var (_, service, _) = CreateService();

        var model = await service.BuildAsync(Fangshan, Day);

        Assert.Empty(model.ChannelPauses);
        Assert.DoesNotContain(model.Notes, n => n.Contains("暂停", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunDueAsync_DigestReportsAPause_LogsItWithTheWaitingCount()
    {
        var (host, service, storage) = CreateService();
        await storage.ChannelPauses.PauseAsync(EmailPause);
        var at = new DateTimeOffset(2026, 11, 26, 0, 30, 0, TimeSpan.Zero);
        host.Time.SetUtcNow(at);
        var log = new ListLogger<DigestScheduler>();
        var scheduler = new DigestScheduler(
            new DigestSchedules(Microsoft.Extensions.Options.Options.Create(host.Options), new ListLogger<DigestSchedules>(), host.Stored),
            service,
            host.Records,
            host.Email,
            WorkingDayCalendar.Default,
            Microsoft.Extensions.Options.Options.Create(host.Options),
            host.Time,
            log);

        var outcomes = await scheduler.RunDueAsync(at);

        Assert.Equal(DigestRunResult.Sent, outcomes.Single(o => o.DistrictCode == Fangshan).Result);
        Assert.Equal(4, DigestJson.Deserialize(Assert.Single(host.Email.Sent).HtmlBody).ChannelPauses.Single().Waiting);
        Assert.Contains(
            "Digest of district 110111 for 11/26/2026 00:30:00 +00:00 reports channel Email paused since 11/25/2026 23:10:00 +00:00 until 11/25/2026 23:25:00 +00:00 (401): SendGrid 401: The provided authorization grant is invalid, expired, or revoked; 4 reminder(s) of the district wait for it",
            log.Messages);
    }
}
