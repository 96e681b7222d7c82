using System.Collections.Concurrent;
using ComplianceMonitor.Application.Contacts;
using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Application.Reminders.Content;
using ComplianceMonitor.Application.Reminders.Sms;
using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Tasks;
using ComplianceMonitor.Domain.Calendar;
using ComplianceMonitor.Domain.Rules;
using ComplianceMonitor.Infrastructure.Reminders.Content;
using ComplianceMonitor.Testing.InMemory;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using static ComplianceMonitor.Infrastructure.Tests.Scanning.ScanLeases;

namespace ComplianceMonitor.Infrastructure.Tests.Scanning;

/// <summary>
/// A scan and a dispatch pass interleaved at every step of the scan, on the in-memory stores: every reminder the
/// scan queues is sent exactly once, whatever the step at which the dispatcher ran.
/// </summary>
[Trait("Category", "unit")]
public sealed class ScanDispatchInterleavingTests
{
    /// <summary>2026-06-23 10:00 Beijing: the scan day, inside the SMS window.</summary>
    private static readonly DateTimeOffset Morning = new(2026, 6, 23, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ScanThenDispatch_NoInterleaving_SendsEveryQueuedReminderOnce()
    {
        var world = await World.CreateAsync();

        var run = await world.ScanAsync();
        await world.DispatchAfterAsync();

        Assert.True(run.OutboxQueued >= 4, $"the scenario must queue reminders ({run.OutboxQueued})");
        var queued = world.Storage.Outbox.Snapshot(Fangshan);
        Assert.Equal(run.OutboxQueued, queued.Count);
        Assert.All(queued, e => Assert.Equal(OutboxStatus.Sent, e.Status));
        Assert.Equal(queued.Select(e => e.Id).Order(StringComparer.Ordinal), world.Sent.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ScanAndDispatch_DispatchPassAtEveryStepOfTheScan_EveryReminderSentExactlyOnce()
    {
        var reference = await World.CreateAsync();
        var steps = new List<string>();
        reference.Storage.OnStep = op =>
        {
            steps.Add(op);
            return Task.CompletedTask;
        };
        await reference.ScanAsync();
        reference.Storage.OnStep = null;
        var expected = reference.Storage.Outbox.Snapshot(Fangshan).Select(e => e.Id).Order(StringComparer.Ordinal).ToList();
        Assert.Contains("outbox.CreateMany", steps);
        Assert.Contains("alerts.CreateMany", steps);

        var failures = new List<string>();
        for (var k = 0; k <= steps.Count; k++)
        {
            var world = await World.CreateAsync();
            var step = 0;
            var at = "(after the scan)";
            world.Storage.OnStep = async op =>
            {
                if (step++ == k)
                {
                    at = op;
                    await world.DispatchPassAsync();
                }
            };

            await world.ScanAsync();
            world.Storage.OnStep = null;
            await world.DispatchAfterAsync();

            var entries = world.Storage.Outbox.Snapshot(Fangshan);
            var notSent = entries.Where(e => e.Status != OutboxStatus.Sent).Select(e => $"{e.Id}={e.Status}").ToList();
            var twice = world.Sent.GroupBy(id => id).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
            var sent = world.Sent.Distinct().Order(StringComparer.Ordinal).ToList();
            if (notSent.Count > 0 || twice.Count > 0 || !sent.SequenceEqual(expected))
            {
                failures.Add($"dispatch before step {k} ({at}): not sent [{string.Join(", ", notSent)}], twice [{string.Join(", ", twice)}], sent {sent.Count} of {expected.Count}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>One in-memory storage account with leases, a scanner and a dispatcher over it, and senders that record.</summary>
    private sealed class World
    {
        private readonly ConcurrentQueue<string> _sent = new();

        private World()
        {
            var email = new RecordingEmail(_sent);
            var sms = new RecordingSms(_sent);
            Scanner = new ScanService(
                Storage.Leases, Storage.Alerts, Storage.Tasks, Storage.Outbox, Storage.Runs, Storage.Quarantine,
                RuleEngine.Default, ReminderCadence.Default, new EnforcementTaskOptions(), Time, NullLogger<ScanService>.Instance);
            Dispatcher = new DispatchService(
                Storage.Outbox, Storage.Alerts, Storage.Leases, Storage.DeliveryLog, Storage.Preferences, Storage.Snoozes,
                Storage.ChannelPauses,
                new FluidReminderRenderer(DistrictContacts.Default, WorkingDayCalendar.Default),
                RuleEngine.Default,
                new SmsComposer(),
                NotificationGate.Default,
                email,
                sms,
                new DispatchOptions { Districts = [Fangshan], Parallelism = 1 },
                Time,
                new Reminders.FixedRandom(0.5),
                NullLogger<DispatchService>.Instance);
        }

        public InMemoryStorage Storage { get; } = new();

        public FakeTimeProvider Time { get; } = new(Morning);

        public ScanService Scanner { get; }

        public DispatchService Dispatcher { get; }

        /// <summary>The outbox ids of every send, in order.</summary>
        public IReadOnlyList<string> Sent => [.. _sent];

        public static async Task<World> CreateAsync()
        {
            var world = new World();
            foreach (var lease in new[] { Plain("FS-A"), Overdue("FS-C"), Mortgaged("FS-D") })
            {
                await world.Storage.Leases.UpsertAsync(lease);
            }

            return world;
        }

        public Task<ScanRun> ScanAsync() => Scanner.ScanDistrictAsync(Fangshan, Day, "run-20260623");

        public Task DispatchPassAsync() => Dispatcher.RunOnceAsync();

        /// <summary>The passes after the scan: a minute later, then an hour later (what the timer would do).</summary>
        public async Task DispatchAfterAsync()
        {
            Time.Advance(TimeSpan.FromMinutes(1));
            await Dispatcher.RunOnceAsync();
            Time.Advance(TimeSpan.FromHours(1));
            await Dispatcher.RunOnceAsync();
        }
    }

    private sealed class RecordingEmail(ConcurrentQueue<string> sent) : IEmailSender
    {
        public Task<SendResult> SendAsync(EmailMessage message, CancellationToken cancellationToken = default)
        {
            sent.Enqueue(message.OutboxId);
            return Task.FromResult(SendResult.Accept("sg-" + sent.Count));
        }
    }

    private sealed class RecordingSms(ConcurrentQueue<string> sent) : ISmsSender
    {
        public Task<SendResult> SendAsync(SmsMessage message, CancellationToken cancellationToken = default)
        {
            sent.Enqueue(message.OutboxId);
            return Task.FromResult(SendResult.Accept("SM" + sent.Count));
        }
    }
}
