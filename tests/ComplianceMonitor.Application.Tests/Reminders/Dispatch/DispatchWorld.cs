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
    public const string District = ReminderSamples.District;
    public const string OtherDistrict = "110108";

    /// <summary>2026-06-23 10:00 Beijing (a Tuesday), inside the SMS window; 7 days before the sample deadline.</summary>
    public static readonly DateTimeOffset Morning = ReminderSamples.Morning;

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

    public static LeaseRecord Lease(string leaseId = "FS-2022-0001", string district = District) => ReminderSamples.Lease(leaseId, district);

    public static Alert Alert(LeaseRecord lease, Severity severity = Severity.Warning) => ReminderSamples.Alert(lease, severity);

    public static OutboxEntry Entry(Alert alert, OutboxChannel channel = OutboxChannel.Email, string? recipient = null) => ReminderSamples.Entry(alert, channel, recipient);

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
