using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Tasks;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Domain.Rules;
using ComplianceMonitor.Infrastructure.Tests.Import;
using ComplianceMonitor.Testing.InMemory;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ComplianceMonitor.Infrastructure.Tests.Scanning;

/// <summary>
/// Reminders and tasks for the rules of revision 2 (issue 8 part 3), through <see cref="ScanService"/> over the in-memory
/// stores, on the revision-2 leases of samples/ledger.json (临空经济区（大兴） 110192; samples/README.md): RENT_DUE reminds the
/// land user 90, 60, 30, 14, 7, 3, 1 and 0 days before the instalment's day; RENEWAL_DECISION opens a task for
/// 产业主管部门 as soon as it appears, due on the lease end; an overdue ASSESSMENT_DECISION opens one due 15 days later.
/// </summary>
[Trait("Category", "unit")]
public sealed class Revision2TasksAndRemindersTests
{
    private const string Linkong = "110192";
    private static readonly DateOnly Day = new(2026, 11, 26);

    private static readonly Lazy<IReadOnlyList<LeaseRecord>> Sample = new(() =>
    {
        var batch = LeaseRecordReader.ReadMany(File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "samples", "ledger.json")));
        Assert.True(batch.IsValid, string.Join("; ", batch.Errors.Select(e => e.ToString())));
        return batch.Records;
    });

    [Fact]
    public async Task Scan_LinkongAsOf20261126_OpensExactlyTheTasksOfItsBreachesAndUndecidedRenewals()
    {
        var world = await World.WithAsync(Sample.Value.Where(l => l.DistrictCode == Linkong));

        var run = await world.ScanAsync(Day);

        var tasks = world.Storage.Tasks.Snapshot(Linkong)
            .Select(t => (t.LeaseId, t.Rule, t.Department, t.OpenedOn, t.DueOn, t.State, t.Escalated))
            .OrderBy(t => t.LeaseId, StringComparer.Ordinal).ThenBy(t => t.Rule.ToString(), StringComparer.Ordinal)
            .ToList();
        var industry = Department.IndustryAuthority;
        var planning = Department.PlanningAndNaturalResources;
        var in15 = new DateOnly(2026, 12, 11);
        Assert.Equal(
            [
                ("LK-2024-0001", RuleCode.ASSESSMENT_DECISION, industry, Day, in15, TaskState.Open, false), // overdue since 2026-02-28
                ("LK-2024-0002", RuleCode.RENEWAL_RENT, industry, Day, in15, TaskState.Open, false),
                ("LK-2024-0301", RuleCode.ASSESSMENT_APPLICATION, industry, Day, in15, TaskState.Open, false),
                ("LK-2024-0301", RuleCode.RENEWAL_APPLICATION, industry, Day, in15, TaskState.Open, false),
                ("LK-2024-0301", RuleCode.RENEWAL_DECISION, industry, Day, new DateOnly(2027, 3, 31), TaskState.Open, false), // upcoming: due on the lease end
                ("LK-2024-0302", RuleCode.ASSESSMENT_APPLICATION, industry, Day, in15, TaskState.Open, false),
                ("LK-2024-0302", RuleCode.RENEWAL_DECISION, industry, Day, in15, TaskState.Open, false), // overdue since 2026-08-31
                ("LK-2024-0306", RuleCode.ASSESSMENT_DECISION, industry, Day, in15, TaskState.Open, false), // passed, no written notice
                ("LK-2025-0310", RuleCode.TERM_LIMIT, planning, Day, in15, TaskState.Open, false),
                ("LK-2025-0310", RuleCode.TERM_LIMIT, planning, Day, in15, TaskState.Open, false),
            ],
            tasks);
        Assert.Equal(10, run.TasksOpened);
        var renewal = world.Storage.Tasks.Snapshot(Linkong).Single(t => t is { LeaseId: "LK-2024-0301", Rule: RuleCode.RENEWAL_DECISION });
        Assert.Equal(world.Storage.Alerts.Snapshot(Linkong).Single(a => a is { LeaseId: "LK-2024-0301", Rule: RuleCode.RENEWAL_DECISION }).TaskId, renewal.Id);
        Assert.Equal("三（五）", renewal.Basis);
        Assert.StartsWith("土地使用权人已于2026年10月20日提出续租申请，尚未决定：区政府应在租赁期届满日2027年3月31日（星期三）前作出准予或不予续租的决定", renewal.Summary, StringComparison.Ordinal);
        Assert.Equal(("opened", EnforcementTask.SystemActor), (Assert.Single(renewal.History).Action, renewal.History[0].By));
    }

    [Fact]
    public async Task Scan_UpcomingAssessmentDecisionAndRentDue_OpenNoTask()
    {
        var world = await World.WithAsync(Sample.Value.Where(l => l.LeaseId is "YZ-2024-0001" or "LK-2024-0308" or "LK-2024-0304"));

        await world.ScanAsync(Day);

        var open = world.Storage.Alerts.Snapshot("110191").Concat(world.Storage.Alerts.Snapshot(Linkong)).Select(a => (a.LeaseId, a.Rule, a.TaskId)).ToList();
        Assert.Contains(("YZ-2024-0001", RuleCode.ASSESSMENT_DECISION, (string?)null), open);
        Assert.Contains(("LK-2024-0308", RuleCode.RENT_DUE, (string?)null), open);
        Assert.Contains(("LK-2024-0304", RuleCode.RENT_DUE, (string?)null), open);
        Assert.Empty(world.Storage.Tasks.Snapshot("110191"));
        Assert.Empty(world.Storage.Tasks.Snapshot(Linkong));
    }

    [Fact]
    public async Task Scan_RenewalDecisionTask_EscalatesOnlyAfterTheLeaseEndAndIsResolvedByTheDecision()
    {
        var lease = Sample.Value.Single(l => l.LeaseId == "LK-2024-0301");
        var world = await World.WithAsync([lease]);
        EnforcementTask Task() => world.Storage.Tasks.Snapshot(Linkong).Single(t => t.Rule == RuleCode.RENEWAL_DECISION);

        await world.ScanAsync(Day);
        await world.ScanAsync(new DateOnly(2027, 3, 31)); // the last day to decide
        var onLastDay = Task();
        await world.ScanAsync(new DateOnly(2027, 4, 1)); // the lease has ended undecided: the finding is overdue
        var dayAfter = Task();
        await world.Storage.Leases.UpsertAsync(lease with { Renewal = lease.Renewal with { RefusedOn = new DateOnly(2027, 4, 2) } });
        await world.ScanAsync(new DateOnly(2027, 4, 2));
        var decided = Task();

        Assert.Equal((TaskState.Open, false, new DateOnly(2027, 3, 31)), (onLastDay.State, onLastDay.Escalated, onLastDay.DueOn));
        Assert.Equal((TaskState.Open, true, (DateOnly?)new DateOnly(2027, 4, 1), new DateOnly(2027, 3, 31)), (dayAfter.State, dayAfter.Escalated, dayAfter.EscalatedOn, dayAfter.DueOn));
        Assert.Single(world.Storage.Tasks.Snapshot(Linkong), t => t.Rule == RuleCode.RENEWAL_DECISION);
        Assert.Equal(TaskState.Resolved, decided.State);
        Assert.Equal(["opened", "escalated", "resolved"], decided.History.Select(h => h.Action));
    }

    [Fact]
    public async Task Scan_EveryDayBeforeARentInstalment_RemindsOnTheCadence90_60_30_14_7_3_1_0DaysBefore()
    {
        // LK-2024-0308: 500,000.00 due 2026-12-10 (a Thursday), 2024 and 2025 paid. Email always; SMS within 7 days.
        var world = await World.WithAsync(Sample.Value.Where(l => l.LeaseId == "LK-2024-0308"));

        for (var d = new DateOnly(2026, 9, 1); d <= new DateOnly(2026, 12, 10); d = d.AddDays(1))
        {
            await world.ScanAsync(d);
        }

        var reminders = world.Storage.Outbox.Snapshot(Linkong)
            .Where(e => e.Rule == RuleCode.RENT_DUE)
            .OrderBy(e => e.QueuedOn).ThenBy(e => e.Channel)
            .Select(e => (e.QueuedOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), e.Stage, e.Channel, e.Deadline, e.AmountYuan))
            .ToList();
        DateOnly? due = new DateOnly(2026, 12, 10);
        decimal? amount = 500_000m;
        Assert.Equal(
            [
                ("2026-09-11", "D-90", OutboxChannel.Email, due, amount),
                ("2026-10-11", "D-60", OutboxChannel.Email, due, amount),
                ("2026-11-10", "D-30", OutboxChannel.Email, due, amount),
                ("2026-11-26", "D-14", OutboxChannel.Email, due, amount),
                ("2026-12-03", "D-7", OutboxChannel.Email, due, amount),
                ("2026-12-03", "D-7", OutboxChannel.Sms, due, amount),
                ("2026-12-07", "D-3", OutboxChannel.Email, due, amount),
                ("2026-12-07", "D-3", OutboxChannel.Sms, due, amount),
                ("2026-12-09", "D-1", OutboxChannel.Email, due, amount),
                ("2026-12-09", "D-1", OutboxChannel.Sms, due, amount),
                ("2026-12-10", "D0", OutboxChannel.Email, due, amount),
                ("2026-12-10", "D0", OutboxChannel.Sms, due, amount),
            ],
            reminders);
        Assert.All(world.Storage.Outbox.Snapshot(Linkong).Where(e => e is { Rule: RuleCode.RENT_DUE, Channel: OutboxChannel.Email }), e => Assert.Equal("bai.xue@example.com", e.Recipient));
        Assert.Empty(world.Storage.Tasks.Snapshot(Linkong));
    }

    [Fact]
    public void Cadence_RentDue_HasAtLeastThe30_7_1_0DayStagesOfIssue8()
    {
        var cadence = ReminderCadence.Default;

        Assert.Equal([90, 60, 30, 14, 7, 3, 1, 0], cadence.DaysBefore);
        Assert.False(ReminderCadence.IsTransferWindowRule(RuleCode.RENT_DUE));
    }

    /// <summary>One in-memory storage account with a scanner over it; each scan runs at 08:00 Beijing on its day.</summary>
    private sealed class World
    {
        private World()
        {
            Scanner = new ScanService(
                Storage.Leases, Storage.Alerts, Storage.Tasks, Storage.Outbox, Storage.Runs, Storage.Quarantine,
                RuleEngine.Default, ReminderCadence.Default, new EnforcementTaskOptions(), Time, NullLogger<ScanService>.Instance);
        }

        public InMemoryStorage Storage { get; } = new();

        public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

        public ScanService Scanner { get; }

        public static async Task<World> WithAsync(IEnumerable<LeaseRecord> leases)
        {
            var world = new World();
            foreach (var lease in leases)
            {
                await world.Storage.Leases.UpsertAsync(lease);
            }

            return world;
        }

        public async Task<ScanRun> ScanAsync(DateOnly day)
        {
            Time.SetUtcNow(new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
            ScanRun? last = null;
            foreach (var district in new[] { "110191", Linkong })
            {
                var run = await Scanner.ScanDistrictAsync(district, day, "run-" + day.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture));
                Assert.Equal(ScanOutcome.Succeeded, run.Outcome);
                if (district == Linkong)
                {
                    last = run;
                }
            }

            return last!;
        }
    }
}
