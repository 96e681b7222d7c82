using System.Collections.Concurrent;
using ComplianceMonitor.Application.Contacts;
using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Application.Reminders.Content;
using ComplianceMonitor.Application.Reminders.Sms;
using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Tasks;
using ComplianceMonitor.Domain.Calendar;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Domain.Rules;
using ComplianceMonitor.Infrastructure.Reminders.Content;
using ComplianceMonitor.Testing.InMemory;
using ComplianceMonitor.Testing.Records;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ComplianceMonitor.Application.Tests.Reminders.Dispatch;

/// <summary>The dispatcher over one in-memory storage account, scripted senders that record, a fake clock and fixed jitter.</summary>
internal sealed class DispatchWorld
{
    public const string District = "110111";
    public const string OtherDistrict = "110108";

    /// <summary>2026-06-23 10:00 Beijing (a Tuesday), inside the SMS window; 7 days before the sample deadline.</summary>
    public static readonly DateTimeOffset Morning = new(2026, 6, 23, 2, 0, 0, TimeSpan.Zero);

    public DispatchWorld(DateTimeOffset? now = null) => Time = new FakeTimeProvider(now ?? Morning);

    public InMemoryStorage Storage { get; } = new();

    public FakeTimeProvider Time { get; }

    public ScriptedEmail Email { get; } = new();

    public ScriptedSms Sms { get; } = new();

    public static DispatchOptions Options(int maxAttempts = 10, int parallelism = 1) => new()
    {
        Districts = [District, OtherDistrict],
        MaxAttempts = maxAttempts,
        Parallelism = parallelism,
    };

    public DispatchService CreateSut(DispatchOptions? options = null, IOutboxStore? outbox = null, Microsoft.Extensions.Logging.ILogger<DispatchService>? logger = null) => new(
        outbox ?? Storage.Outbox,
        Storage.Alerts,
        Storage.Leases,
        Storage.DeliveryLog,
        Storage.Preferences,
        Storage.Snoozes,
        Storage.ChannelPauses,
        new FluidReminderRenderer(DistrictContacts.Default, WorkingDayCalendar.Default),
        RuleEngine.Default,
        new SmsComposer(),
        NotificationGate.Default,
        Email,
        Sms,
        options ?? Options(),
        Time,
        new HalfRandom(),
        logger ?? NullLogger<DispatchService>.Instance);

    /// <summary>Lease 2022-01-01..2026-12-31, rent paid, construction completed: ASSESSMENT_APPLICATION due 2026-06-30.</summary>
    public static LeaseRecord Lease(string leaseId = "FS-2022-0001", string district = District) => SampleLeases.Create(leaseId, district) with
    {
        LeaseStart = new DateOnly(2022, 1, 1),
        LeaseEnd = new DateOnly(2026, 12, 31),
        ConstructionCompletedOn = new DateOnly(2023, 6, 30),
        RentSchedule = [new RentInstalment(new DateOnly(2022, 1, 1), 7_733_750.00m, RentPeriod.Lease)],
        RentPayments = [new Payment(new DateOnly(2022, 1, 1), 7_733_750.00m, "竞买保证金转租金")],
        Events = [],
    };

    public static Alert Alert(LeaseRecord lease, Severity severity = Severity.Warning) => new()
    {
        DistrictCode = lease.DistrictCode,
        Key = AlertKey.For(lease.LeaseId, RuleCode.ASSESSMENT_APPLICATION, "2026-06-30"),
        LeaseId = lease.LeaseId,
        Rule = RuleCode.ASSESSMENT_APPLICATION,
        Subject = "2026-06-30",
        State = AlertState.Open,
        FirstSeenOn = new DateOnly(2026, 6, 23),
        LastSeenOn = new DateOnly(2026, 6, 23),
        Deadline = new DateOnly(2026, 6, 30),
        Status = FindingStatus.Upcoming,
        Severity = severity,
        Message = "请最迟于2026年6月30日提出考核申请",
        Responsible = Responsible.LandUser,
        Basis = "三（五）",
        LandUserName = lease.LandUser.Name,
        ParcelName = lease.Parcel.Name,
        QueuedStages = ["D-7"],
    };

    public static OutboxEntry Entry(Alert alert, OutboxChannel channel = OutboxChannel.Email, string? recipient = null)
    {
        recipient ??= channel == OutboxChannel.Email ? "zhang@example.com" : "13800138000";
        return new OutboxEntry
        {
            DistrictCode = alert.DistrictCode,
            Id = AlertKey.OutboxId(alert.Key, "D-7", channel, recipient),
            AlertKey = alert.Key,
            LeaseId = alert.LeaseId,
            Rule = alert.Rule,
            Stage = "D-7",
            Channel = channel,
            Recipient = recipient,
            RecipientName = "张三",
            LandUserName = alert.LandUserName ?? "北京某某科技有限公司",
            ParcelName = alert.ParcelName,
            Deadline = alert.Deadline,
            FindingStatus = alert.Status,
            DaysRemaining = 7,
            Severity = alert.Severity,
            Basis = alert.Basis,
            Message = alert.Message,
            QueuedOn = new DateOnly(2026, 6, 23),
            CreatedAt = Morning.AddHours(-4),
            Status = OutboxStatus.Pending,
        };
    }

    /// <summary>Stores the lease, its alert and <paramref name="entries"/>.</summary>
    public async Task SeedAsync(LeaseRecord? lease, Alert? alert, params OutboxEntry[] entries)
    {
        if (lease is not null)
        {
            await Storage.Leases.UpsertAsync(lease);
        }

        if (alert is not null)
        {
            await Storage.Alerts.CreateManyAsync(alert.DistrictCode, [alert]);
        }

        foreach (var group in entries.GroupBy(e => e.DistrictCode))
        {
            await Storage.Outbox.CreateManyAsync(group.Key, [.. group]);
        }
    }

    public OutboxEntry Stored(string id, string district = District) => Storage.Outbox.Snapshot(district).Single(e => e.Id == id);

    public async Task<List<DeliveryAttempt>> AttemptsAsync(string outboxId, string district = District)
    {
        var list = new List<DeliveryAttempt>();
        await foreach (var a in Storage.DeliveryLog.ListAsync(district, outboxId))
        {
            list.Add(a);
        }

        return list;
    }
}

/// <summary>A jitter source that always returns one half.</summary>
internal sealed class HalfRandom : IRandomSource
{
    public double NextDouble() => 0.5;
}

/// <summary>An email sender that records every message and answers what <see cref="Answer"/> says (accepted by default).</summary>
internal sealed class ScriptedEmail : IEmailSender
{
    private readonly ConcurrentQueue<EmailMessage> _sent = new();

    public Func<EmailMessage, SendResult> Answer { get; set; } = m => SendResult.Accept("sg-" + m.OutboxId[^6..]);

    public IReadOnlyList<EmailMessage> Sent => [.. _sent];

    public Task<SendResult> SendAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        _sent.Enqueue(message);
        return Task.FromResult(Answer(message));
    }
}

/// <summary>An SMS sender that records every message and answers what <see cref="Answer"/> says (accepted by default).</summary>
internal sealed class ScriptedSms : ISmsSender
{
    private readonly ConcurrentQueue<SmsMessage> _sent = new();

    public Func<SmsMessage, SendResult> Answer { get; set; } = _ => SendResult.Accept("SM0001");

    public IReadOnlyList<SmsMessage> Sent => [.. _sent];

    public Task<SendResult> SendAsync(SmsMessage message, CancellationToken cancellationToken = default)
    {
        _sent.Enqueue(message);
        return Task.FromResult(Answer(message));
    }
}
