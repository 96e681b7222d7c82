using System.Collections.Concurrent;
using ComplianceMonitor.Application.Contacts;
using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Application.Reminders.Content;
using ComplianceMonitor.Application.Reminders.Sms;
using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Tasks;
using ComplianceMonitor.Domain.Calendar;
using ComplianceMonitor.Domain.Records;
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

    /// <summary>The scans before the interleaved one (each followed by the dispatcher's passes), and the interleaved scan's day and leases.</summary>
    public static TheoryData<string> Scenarios => ["first scan", "later stage on open alerts", "reopened alert"];

    /// <summary>
    /// A dispatch pass before every store operation of the scan (k = 0 … n, the last after the scan's final write), on
    /// three paths: the first scan (alerts and reminders created; the violation notice has one stage only), a later
    /// stage queued on alerts already open (alert updates), and an alert reopened with a new stage after it was resolved.
    /// </summary>
    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task ScanAndDispatch_DispatchPassAtEveryStepOfTheScan_EveryReminderSentExactlyOnce(string scenario)
    {
        var reference = await World.CreateAsync(scenario);
        var steps = new List<string>();
        var before = reference.Storage.Outbox.Snapshot(Fangshan).Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
        reference.Storage.OnStep = op =>
        {
            steps.Add(op);
            return Task.CompletedTask;
        };
        await reference.ScanAsync();
        reference.Storage.OnStep = null;
        var expected = reference.Storage.Outbox.Snapshot(Fangshan).Select(e => e.Id).Where(id => !before.Contains(id)).Order(StringComparer.Ordinal).ToList();
        Assert.True(expected.Count >= 2, $"{scenario}: the interleaved scan must queue reminders ({expected.Count})");
        Assert.Contains("outbox.CreateMany", steps);
        Assert.Contains(steps, s => s is "alerts.CreateMany" or "alerts.UpdateMany");
        if (scenario == "first scan")
        {
            // The violation notice: one stage only, so a lost one is never queued again.
            Assert.Contains(reference.Storage.Outbox.Snapshot(Fangshan), e => e.Stage == ReminderStage.ViolationName && expected.Contains(e.Id));
        }

        var failures = new List<string>();
        for (var k = 0; k <= steps.Count; k++)
        {
            var world = await World.CreateAsync(scenario);
            var sentBefore = world.Sent.Count;
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
            var sentNow = world.Sent.Skip(sentBefore).ToList();
            var twice = world.Sent.GroupBy(id => id).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
            var sent = sentNow.Distinct().Order(StringComparer.Ordinal).ToList();
            if (notSent.Count > 0 || twice.Count > 0 || !sent.SequenceEqual(expected))
            {
                failures.Add($"{scenario}: dispatch before step {k} ({at}): not sent [{string.Join(", ", notSent)}], twice [{string.Join(", ", twice)}], sent {sent.Count} of {expected.Count}");
            }
        }

        Assert.True(steps.Count >= 8, $"{scenario}: the scan has {steps.Count} store steps");
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

        public FakeTimeProvider Time { get; } = new(Morning.AddDays(-30));

        public ScanService Scanner { get; }

        public DispatchService Dispatcher { get; }

        /// <summary>The outbox ids of every send, in order.</summary>
        public IReadOnlyList<string> Sent => [.. _sent];

        /// <summary>The day of the interleaved scan.</summary>
        public DateOnly ScanDay { get; private set; } = Day;

        public static async Task<World> CreateAsync(string scenario = "first scan")
        {
            var world = new World();
            LeaseRecord[] leases = [Plain("FS-A"), Overdue("FS-C"), Mortgaged("FS-D")];
            switch (scenario)
            {
                case "first scan":
                    await world.UpsertAsync(leases);
                    break;
                case "later stage on open alerts":
                    // 2026-06-16: D-14 of FS-A's deadline, FS-C 77 days overdue; the interleaved scan (06-23) queues D-7 and the 84-day stage.
                    await world.UpsertAsync(leases);
                    await world.ScanAndDispatchOnAsync(Day.AddDays(-7));
                    break;
                case "reopened alert":
                    // 06-16: FS-A's alert opened with D-14; 06-20: the application recorded, the alert resolves; 06-23: the
                    // record is corrected (no application), the alert reopens and queues D-7.
                    await world.UpsertAsync(leases);
                    await world.ScanAndDispatchOnAsync(Day.AddDays(-7));
                    await world.UpsertAsync([Applied(leases[0], new DateOnly(2026, 6, 18))]);
                    await world.ScanAndDispatchOnAsync(Day.AddDays(-3));
                    Assert.Equal(AlertState.Resolved, world.Storage.Alerts.Snapshot(Fangshan).Single(a => a.LeaseId == "FS-A" && a.Rule == RuleCode.ASSESSMENT_APPLICATION).State);
                    await world.UpsertAsync([leases[0]]);
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(scenario), scenario, null);
            }

            world.Time.SetUtcNow(MorningOf(world.ScanDay));
            return world;
        }

        public Task<ScanRun> ScanAsync() => Scanner.ScanDistrictAsync(Fangshan, ScanDay, "run-" + ScanDay.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture));

        private static DateTimeOffset MorningOf(DateOnly day) => new(day.ToDateTime(new TimeOnly(2, 0)), TimeSpan.Zero);

        private async Task UpsertAsync(IEnumerable<LeaseRecord> leases)
        {
            foreach (var lease in leases)
            {
                await Storage.Leases.UpsertAsync(lease);
            }
        }

        /// <summary>An earlier day's scan and the dispatcher's passes after it.</summary>
        private async Task ScanAndDispatchOnAsync(DateOnly day)
        {
            Time.SetUtcNow(MorningOf(day));
            await Scanner.ScanDistrictAsync(Fangshan, day, "run-" + day.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture));
            await DispatchAfterAsync();
        }

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
