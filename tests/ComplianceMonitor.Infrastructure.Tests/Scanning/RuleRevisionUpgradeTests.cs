using System.Collections.Concurrent;
using ComplianceMonitor.Application.Contacts;
using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Application.Reminders.Content;
using ComplianceMonitor.Application.Reminders.Sms;
using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Tasks;
using ComplianceMonitor.Domain.Calendar;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Rules;
using ComplianceMonitor.Infrastructure.Reminders.Content;
using ComplianceMonitor.Testing.InMemory;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using static ComplianceMonitor.Infrastructure.Tests.Scanning.RuleRevisionUpgrade;
using static ComplianceMonitor.Infrastructure.Tests.Scanning.ScanLeases;

namespace ComplianceMonitor.Infrastructure.Tests.Scanning;

/// <summary>
/// Upgrading a district scanned under revision 1 (issue 8, part 4), on the in-memory stores: the same stored ledger is scanned
/// under a revision-1 engine and then under the product's revision-2 engine, with the dispatcher running in between.
/// </summary>
[Trait("Category", "unit")]
public sealed class RuleRevisionUpgradeTests
{
    /// <summary>2026-06-23 22:00 Beijing: the revision-1 scan and a dispatch pass (email sent, SMS held for quiet hours).</summary>
    private static readonly DateTimeOffset Evening = new(2026, 6, 23, 14, 0, 0, TimeSpan.Zero);

    private static readonly DateOnly UpgradeDay = new(2026, 6, 24);

    [Fact]
    public async Task ScanDistrictAsync_SameLedgerUnderRevision1ThenRevision2_ClosesVanishedAlertAsRuleRevisedWithdrawsItsRemindersAndSendsNothingTwice()
    {
        var world = await World.CreateAsync();

        // Revision 1, 2026-06-23: FS-A and FS-D's applications due 2026-06-30 (D-7), FS-D's mortgage (violation, task),
        // FS-N's application due 2026-03-31 read without the renewal (OD+84, task). Email and SMS for each.
        var v1 = await world.ScanAsync(Revision1Engine(), Day);
        Assert.Equal((3, 4, 4, 8, 2, 1), (v1.Leases, v1.AlertsCreated, v1.Findings, v1.OutboxQueued, v1.TasksOpened, v1.RuleRevision));
        var revisedBefore = world.Alert(RevisedKey);
        Assert.Equal((AlertState.Open, FindingStatus.Overdue, Severity.Critical, 1, RevisedKey), (revisedBefore.State, revisedBefore.Status, revisedBefore.Severity, revisedBefore.Revision, revisedBefore.TaskId));
        Assert.Equal(["OD+84"], revisedBefore.QueuedStages);

        // The dispatcher at 22:00 sends the four emails; the four SMS wait for 08:00.
        await world.Dispatcher.RunOnceAsync();
        Assert.Equal(4, world.Sent.Count);
        Assert.All(world.Outbox(), e => Assert.Equal(e.Channel == OutboxChannel.Email ? OutboxStatus.Sent : OutboxStatus.Held, e.Status));

        // Control: the same ledger under revision 1 again the next morning closes nothing.
        world.Time.SetUtcNow(new DateTimeOffset(2026, 6, 23, 22, 30, 0, TimeSpan.Zero));
        var again = await world.ScanAsync(Revision1Engine(), UpgradeDay);
        Assert.Equal((0, 0, 0, 0), (again.AlertsResolved, again.AlertsRuleRevised, again.OutboxWithdrawn, again.AlertsUpdated));

        // Revision 2 at 07:00: FS-N's 2026-03-31 application is gone (the renewal moved the lease end): rule revised.
        world.Time.SetUtcNow(new DateTimeOffset(2026, 6, 23, 23, 0, 0, TimeSpan.Zero));
        var v2 = await world.ScanAsync(RuleEngine.Default, UpgradeDay);

        Assert.Equal(ScanOutcome.Succeeded, v2.Outcome);
        Assert.Equal(2, v2.RuleRevision);
        Assert.Equal((1, 1, 0, 1, 1), (v2.AlertsResolved, v2.AlertsRuleRevised, v2.OutboxSuperseded, v2.OutboxWithdrawn, v2.TasksResolved));
        Assert.Equal((0, 0), (v2.OutboxQueued, v2.TasksOpened));
        var revised = world.Alert(RevisedKey);
        Assert.Equal((AlertState.Resolved, UpgradeDay, AlertResolution.RuleRevised, 1), (revised.State, revised.ResolvedOn, revised.Resolution, revised.Revision));

        // The alerts still produced carry revision 2 (FS-A and FS-D's applications, FS-D's mortgage); their stages stand.
        var open = world.Alerts().Where(a => a.State == AlertState.Open).ToDictionary(a => a.Key);
        Assert.Equal(2, open["FS-A|ASSESSMENT_APPLICATION|2026-06-30"].Revision);
        Assert.Equal(["D-7"], open["FS-A|ASSESSMENT_APPLICATION|2026-06-30"].QueuedStages);
        Assert.Equal(2, open["FS-D|ASSESSMENT_APPLICATION|2026-06-30"].Revision);
        var mortgage = Assert.Single(open.Values, a => a.Rule == RuleCode.PROHIBITED_DISPOSITION);
        Assert.Equal((2, AlertState.Open), (mortgage.Revision, mortgage.State));
        Assert.Equal(["violation"], mortgage.QueuedStages);

        // FS-N under revision 2: the application is due 2028-03-31 (AddYears(2026-10-01, 2) - 1 day - 6 months), a new alert with no stage yet.
        var renewed = Assert.Single(open.Values, a => a.LeaseId == "FS-N");
        Assert.Equal(("FS-N|ASSESSMENT_APPLICATION|2028-03-31", new DateOnly(2028, 3, 31), FindingStatus.Upcoming, 2), (renewed.Key, renewed.Deadline, renewed.Status, renewed.Revision));
        Assert.Empty(renewed.QueuedStages);
        Assert.Equal(v2.Findings, open.Count);
        Assert.Equal((1, open.Count - 1), (v2.AlertsCreated, v2.AlertsUpdated));

        // FS-N's held SMS is withdrawn, never to be sent; its email (sent) is untouched.
        var nOutbox = world.Outbox().Where(e => e.AlertKey == RevisedKey).ToDictionary(e => e.Channel);
        Assert.Equal((OutboxStatus.Withdrawn, "ruleRevised: the alert's rule changed in revision 2; withdrawn, never sent (规则修订)"), (nOutbox[OutboxChannel.Sms].Status, nOutbox[OutboxChannel.Sms].StatusReason));
        Assert.Null(nOutbox[OutboxChannel.Sms].NextAttemptAt);
        Assert.Equal((OutboxStatus.Sent, 1), (nOutbox[OutboxChannel.Email].Status, nOutbox[OutboxChannel.Email].Attempts));

        // FS-N's task is resolved by the scan as rule revised; FS-D's mortgage task stays open.
        var tasks = world.Tasks().ToDictionary(t => t.Id);
        Assert.Equal(TaskState.Resolved, tasks[RevisedKey].State);
        Assert.Equal(("resolved", EnforcementTask.SystemActor, RuleRevision.TaskNote), (tasks[RevisedKey].History[^1].Action, tasks[RevisedKey].History[^1].By, tasks[RevisedKey].History[^1].Note));
        Assert.Equal(TaskState.Open, tasks[mortgage.TaskId!].State);

        // At 09:00 the dispatcher sends the three held SMS still wanted, never the withdrawn one, and nothing twice.
        world.Time.SetUtcNow(new DateTimeOffset(2026, 6, 24, 1, 0, 0, TimeSpan.Zero));
        await world.Dispatcher.RunOnceAsync();
        world.Time.Advance(TimeSpan.FromHours(2));
        await world.Dispatcher.RunOnceAsync();
        Assert.Equal(7, world.Sent.Count);
        Assert.Equal(world.Sent.Count, world.Sent.Distinct().Count());
        Assert.DoesNotContain(nOutbox[OutboxChannel.Sms].Id, world.Sent);
        Assert.Equal(OutboxStatus.Withdrawn, world.Outbox().Single(e => e.Id == nOutbox[OutboxChannel.Sms].Id).Status);
        Assert.Equal(7, world.Outbox().Count(e => e.Status == OutboxStatus.Sent));

        // A second revision-2 scan the same day writes nothing and closes nothing more.
        var steady = await world.ScanAsync(RuleEngine.Default, UpgradeDay);
        Assert.Equal((0, 0, 0, 0, 0), (steady.AlertsCreated, steady.AlertsUpdated, steady.AlertsResolved, steady.AlertsRuleRevised, steady.OutboxQueued));

        // Days later (D-3) the applications due 2026-06-30 get their next stage once; D-7 is never queued again.
        var d3 = await world.ScanAsync(RuleEngine.Default, new DateOnly(2026, 6, 27));
        Assert.Equal((4, 0, 0), (d3.OutboxQueued, d3.AlertsResolved, d3.AlertsRuleRevised));
        Assert.Equal(["D-7", "D-3"], world.Alert("FS-A|ASSESSMENT_APPLICATION|2026-06-30").QueuedStages);
        Assert.Equal(12, world.Outbox().Count); // 8 queued under revision 1, 4 at D-3: none of them twice
    }

    [Fact]
    public async Task ScanDistrictAsync_ObligationMetUnderRevision2_ResolvesAsObligationMetAndSupersedes()
    {
        var world = await World.CreateAsync();
        world.Time.SetUtcNow(new DateTimeOffset(2026, 6, 23, 14, 0, 0, TimeSpan.Zero));
        await world.ScanAsync(RuleEngine.Default, Day);
        await world.Dispatcher.RunOnceAsync(); // emails sent, SMS held

        // FS-A records its application: under the same revision, the alert's obligation was met.
        await world.Storage.Leases.UpsertAsync(Applied(Plain("FS-A"), new DateOnly(2026, 6, 24)));
        var run = await world.ScanAsync(RuleEngine.Default, UpgradeDay);

        Assert.Equal((1, 0, 1, 0), (run.AlertsResolved, run.AlertsRuleRevised, run.OutboxSuperseded, run.OutboxWithdrawn));
        var a = world.Alert("FS-A|ASSESSMENT_APPLICATION|2026-06-30");
        Assert.Equal((AlertState.Resolved, AlertResolution.ObligationMet, 2), (a.State, a.Resolution, a.Revision));
        var sms = world.Outbox().Single(e => e.AlertKey == a.Key && e.Channel == OutboxChannel.Sms);
        Assert.Equal(OutboxStatus.Superseded, sms.Status);
    }

    [Fact]
    public async Task ScanDistrictAsync_UnchangedRuleGoneAfterUpgrade_ResolvesAsObligationMet()
    {
        // PROHIBITED_DISPOSITION last changed in revision 1: its alert, seen under revision 1, gone under revision 2, was met.
        var world = await World.CreateAsync();
        await world.ScanAsync(Revision1Engine(), Day);
        await world.Storage.Leases.UpsertAsync(Mortgaged("FS-D") with { ConstructionCompletedOn = new DateOnly(2025, 1, 10) });

        var run = await world.ScanAsync(RuleEngine.Default, UpgradeDay);

        var mortgage = Assert.Single(world.Alerts(), x => x.Rule == RuleCode.PROHIBITED_DISPOSITION);
        Assert.Equal((AlertState.Resolved, AlertResolution.ObligationMet, 1), (mortgage.State, mortgage.Resolution, mortgage.Revision));
        var task = world.Tasks().Single(t => t.Id == mortgage.TaskId);
        Assert.Equal(EnforcementTask.ObligationMetNote, task.History[^1].Note);
        Assert.Equal((2, 1), (run.AlertsResolved, run.AlertsRuleRevised)); // and FS-N's application, rule revised
        Assert.Equal(AlertResolution.RuleRevised, world.Alert(RevisedKey).Resolution);
    }

    /// <summary>In-memory storage holding the upgrade ledger, a dispatcher over it and senders that record.</summary>
    private sealed class World
    {
        private readonly ConcurrentQueue<string> _sent = new();

        private World()
        {
            Dispatcher = new DispatchService(
                Storage.Outbox, Storage.Alerts, Storage.Leases, Storage.DeliveryLog, Storage.Preferences, Storage.Snoozes,
                Storage.ChannelPauses,
                new FluidReminderRenderer(DistrictContacts.Default, WorkingDayCalendar.Default),
                RuleEngine.Default,
                new SmsComposer(),
                NotificationGate.Default,
                new RecordingEmail(_sent),
                new RecordingSms(_sent),
                new DispatchOptions { Districts = [Fangshan], Parallelism = 1 },
                Time,
                new Reminders.FixedRandom(0.5),
                NullLogger<DispatchService>.Instance);
        }

        public InMemoryStorage Storage { get; } = new();

        public FakeTimeProvider Time { get; } = new(Evening);

        public DispatchService Dispatcher { get; }

        /// <summary>The outbox ids of every send, in order.</summary>
        public IReadOnlyList<string> Sent => [.. _sent];

        public static async Task<World> CreateAsync()
        {
            var world = new World();
            foreach (var lease in Ledger())
            {
                await world.Storage.Leases.UpsertAsync(lease);
            }

            return world;
        }

        public Task<ScanRun> ScanAsync(RuleEngine engine, DateOnly asOf) =>
            new ScanService(
                Storage.Leases, Storage.Alerts, Storage.Tasks, Storage.Outbox, Storage.Runs, Storage.Quarantine,
                engine, ReminderCadence.Default, new EnforcementTaskOptions(), Time, NullLogger<ScanService>.Instance)
            .ScanDistrictAsync(Fangshan, asOf, "run-" + asOf.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture) + "-r" + engine.Revision + "-" + Time.GetUtcNow().ToUnixTimeSeconds());

        public IReadOnlyList<Alert> Alerts() => Storage.Alerts.Snapshot(Fangshan);

        public Alert Alert(string key) => Alerts().Single(a => a.Key == key);

        public IReadOnlyList<OutboxEntry> Outbox() => Storage.Outbox.Snapshot(Fangshan);

        public IReadOnlyList<EnforcementTask> Tasks() => Storage.Tasks.Snapshot(Fangshan);
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
