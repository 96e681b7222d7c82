using System.Text.Json;
using ComplianceMonitor.Application.Leases;
using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Tasks;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Domain.Rules;
using ComplianceMonitor.Infrastructure.Tests.Scanning;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace ComplianceMonitor.Infrastructure.Tests.Tasks;

/// <summary>
/// The issue-11 part 5 scenario over any stores: lease FS-R owes its second rent instalment (1,000,000.00 due 2026-05-01);
/// the scan of 2026-06-23 finds RENT_ARREARS 53 days overdue, queues its OD+49 reminders and opens its task; a supervisor
/// resolves the task on 2026-06-24 (Beijing 10:00); the scan of 2026-06-30 then runs.
/// </summary>
internal sealed class TaskResolutionWorld
{
    public const string District = ScanLeases.Fangshan;
    public const string LeaseId = "FS-R";
    public static readonly DateOnly FirstScan = new(2026, 6, 23);
    public static readonly DateOnly SecondScan = new(2026, 6, 30);
    public static readonly DateTimeOffset ResolvedAt = new(2026, 6, 24, 2, 0, 0, TimeSpan.Zero);
    public static readonly string ArrearsKey = AlertKey.For(LeaseId, RuleCode.RENT_ARREARS, "rent:2026-05-01");

    public TaskResolutionWorld(ILeaseStore leases, ILeaseScanStateStore scanLeases, IAlertStore alerts, ITaskStore tasks, IOutboxStore outbox, IRunStore runs, IQuarantineStore quarantine, ILeaseHistoryStore history)
    {
        Leases = leases;
        Alerts = alerts;
        Tasks = tasks;
        Outbox = outbox;
        History = history;
        Runs = runs;
        Scanner = new ScanService(scanLeases, alerts, tasks, outbox, runs, quarantine, RuleEngine.Default, ReminderCadence.Default, new EnforcementTaskOptions(), Time, ScanLogs, history);
        Service = new TaskService(tasks, Time, leases, new LeaseWriter(leases, new LeaseEventService(leases), history, Time));
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 6, 22, 21, 30, 0, TimeSpan.Zero));

    public ILeaseStore Leases { get; }

    public IAlertStore Alerts { get; }

    public ITaskStore Tasks { get; }

    public IOutboxStore Outbox { get; }

    public ILeaseHistoryStore History { get; }

    public IRunStore Runs { get; }

    /// <summary>What the scans logged, as structured state.</summary>
    public LogCapture ScanLogs { get; } = new();

    public ScanService Scanner { get; }

    public TaskService Service { get; }

    /// <summary>Lease 2022-01-01..2026-12-31: instalments 6,733,750.00 (2022-01-01, paid) and 1,000,000.00 (2026-05-01, unpaid).</summary>
    public static LeaseRecord Lease => ScanLeases.Plain(LeaseId) with
    {
        RentSchedule = [new RentInstalment(new DateOnly(2022, 1, 1), 6_733_750.00m, RentPeriod.Lease), new RentInstalment(new DateOnly(2026, 5, 1), 1_000_000.00m, RentPeriod.Lease)],
        RentPayments = [new Payment(new DateOnly(2022, 1, 1), 6_733_750.00m, "竞买保证金转租金")],
    };

    /// <summary>Stores the lease and runs the first scan; returns the RENT_ARREARS task it opened.</summary>
    public async Task<EnforcementTask> StartAsync()
    {
        await Leases.UpsertAsync(Lease);
        var first = await ScanAsync(FirstScan);
        Assert.Equal((1, 0, 0), (first.TasksOpened, first.TasksReopened, first.TasksConfirmed)); // nothing awaited a recheck yet
        var task = Assert.Single(await TasksAsync(), t => t.Rule == RuleCode.RENT_ARREARS);
        Assert.Equal((ArrearsKey, TaskState.Open, FirstScan, new DateOnly(2026, 7, 8)), (task.Id, task.State, task.OpenedOn, task.DueOn));
        Assert.Equal(["OD+49"], Stages(await OutboxAsync()));
        Time.SetUtcNow(ResolvedAt);
        return task;
    }

    public async Task<ScanRun> ScanAsync(DateOnly day)
    {
        Time.SetUtcNow(new DateTimeOffset(day.ToDateTime(new TimeOnly(21, 30)), TimeSpan.Zero).AddDays(-1));
        var run = await Scanner.ScanDistrictAsync(District, day, "run-" + day.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(ScanOutcome.Succeeded, run.Outcome);
        return run;
    }

    /// <summary>The run of <paramref name="day"/> as the run store holds it.</summary>
    public async Task<ScanRun> StoredRunAsync(DateOnly day) =>
        (await Runs.GetAsync(District, "run-" + day.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture)))!;

    /// <summary>The (reopened, confirmed) counts of the finish message (event 3101) of the scan of <paramref name="day"/>.</summary>
    public (object? Reopened, object? Confirmed) FinishLogged(DateOnly day)
    {
        var state = ScanLogs.Entries.Single(e => e.EventId == 3101 && Equals(e.State["AsOf"], day)).State;
        return (state["TasksReopened"], state["TasksConfirmed"]);
    }

    public async Task<List<EnforcementTask>> TasksAsync()
    {
        var list = new List<EnforcementTask>();
        await foreach (var item in Tasks.ListAsync(District))
        {
            list.Add(item.Item!);
        }

        return list;
    }

    public async Task<List<Alert>> AlertsAsync()
    {
        var list = new List<Alert>();
        await foreach (var item in Alerts.ListAsync(District))
        {
            list.Add(item.Item!);
        }

        return list;
    }

    /// <summary>The RENT_ARREARS reminders, by stage and status.</summary>
    public async Task<List<OutboxEntry>> OutboxAsync()
    {
        var list = new List<OutboxEntry>();
        await foreach (var item in Outbox.ListAsync(District))
        {
            if (item.Item is { AlertKey: var key } e && key == ArrearsKey)
            {
                list.Add(e);
            }
        }

        return [.. list.OrderBy(e => e.Id, StringComparer.Ordinal)];
    }

    public async Task<List<LeaseHistoryEntry>> LeaseHistoryAsync()
    {
        var list = new List<LeaseHistoryEntry>();
        await foreach (var e in History.ReadAsync(District, LeaseId))
        {
            list.Add(e);
        }

        return list;
    }

    public static List<string> Stages(IEnumerable<OutboxEntry> entries) => [.. entries.Select(e => e.Stage).Distinct()];

    public static JsonElement Json(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    /// <summary>Path A: "已缴清" resolved with the record unchanged; the scan of 2026-06-30 still finds the arrears.</summary>
    public async Task RecordUnchanged_NextScanReopensTheSameTask_AndTheRemindersGoOnAsync()
    {
        var opened = await StartAsync();

        var resolved = await Service.ResolveAsync(opened.PublicId, "wang.officer", "已缴清", new TaskResolveRequest(TaskResolution.RecordUnchanged), "api");
        Assert.Equal((TaskState.Resolved, TaskResolution.RecordUnchanged, true), (resolved.State, resolved.Resolution, resolved.AwaitsScan));
        Assert.Equal(Lease.RentPayments, (await Leases.GetAsync(District, LeaseId))!.Record.RentPayments); // the record is unchanged
        Assert.Empty(await LeaseHistoryAsync());

        var run = await ScanAsync(SecondScan);

        var task = Assert.Single(await TasksAsync(), t => t.Rule == RuleCode.RENT_ARREARS);
        Assert.Equal(0, run.TasksOpened); // no duplicate task

        // The run says it: one resolution reopened, none confirmed; so do the stored run and the finish message.
        Assert.Equal((1, 0, 0), (run.TasksReopened, run.TasksConfirmed, run.TasksResolved));
        var stored = await StoredRunAsync(SecondScan);
        Assert.Equal((1, 0, 0, 0), (stored.TasksReopened, stored.TasksConfirmed, stored.TasksOpened, stored.TasksResolved));
        Assert.Equal(((object?)1, (object?)0), FinishLogged(SecondScan));
        Assert.Equal(((object?)0, (object?)0), FinishLogged(FirstScan));
        Assert.Equal((opened.Id, opened.ShortId, TaskState.Open, (TaskResolution?)null, false), (task.Id, task.ShortId, task.State, task.Resolution, task.AwaitsScan));
        Assert.Equal((FirstScan, new DateOnly(2026, 7, 8), false), (task.OpenedOn, task.DueOn, task.Escalated)); // resolving without a change bought no time
        Assert.Equal(["opened", "resolved", "reopened"], task.History.Select(h => h.Action));
        Assert.Equal(("wang.officer", "已缴清", ResolvedAt), (task.History[1].By, task.History[1].Note, task.History[1].At));
        Assert.Equal(
            (EnforcementTask.SystemActor, "the scan of 2026-06-30 still finds the breach after it was resolved, record unchanged (已处理，记录未变): reopened"),
            (task.History[2].By, task.History[2].Note));

        // Tasks and reminders agree: the breach is open, its task is open, and the overdue reminders go on (OD+56).
        var alert = Assert.Single(await AlertsAsync(), a => a.Key == ArrearsKey);
        Assert.Equal((AlertState.Open, opened.Id), (alert.State, alert.TaskId));
        Assert.Equal(["OD+49", "OD+56"], Stages(await OutboxAsync()));
    }

    /// <summary>Path B: resolved with the payment; the scan of 2026-06-30 finds the rent paid and the alert resolves normally.</summary>
    public async Task PaymentRecorded_NextScanResolvesTheAlert_NoFurtherReminder_ResolutionConfirmedAsync()
    {
        var opened = await StartAsync();
        var fact = Json("""{"paidOn":"2026-06-24","amountYuan":1000000.00,"ref":"银行回单 0624"}""");

        var resolved = await Service.ResolveAsync(opened.PublicId.ToLowerInvariant(), "wang.officer", "已缴清", new TaskResolveRequest(TaskResolution.FactRecorded, fact), "api");
        var retried = await Record.ExceptionAsync(() => Service.ResolveAsync(opened.PublicId, "wang.officer", "已缴清", new TaskResolveRequest(TaskResolution.FactRecorded, fact), "api"));

        Assert.Equal((TaskState.Resolved, TaskResolution.FactRecorded, true), (resolved.State, resolved.Resolution, resolved.AwaitsScan));
        Assert.Equal("已缴清 [recorded on lease FS-R: task " + opened.ShortId + " RENT_ARREARS: rentPayments += 2026-06-24 1000000.00 (银行回单 0624)]", resolved.History[^1].Note);
        Assert.IsType<TaskTransitionException>(retried); // a second resolve is refused before anything is written: paid once
        var stored = (await Leases.GetAsync(District, LeaseId))!.Record;
        Assert.Equal(
            [new Payment(new DateOnly(2022, 1, 1), 6_733_750.00m, "竞买保证金转租金"), new Payment(new DateOnly(2026, 6, 24), 1_000_000.00m, "银行回单 0624")],
            stored.RentPayments);
        var audit = Assert.Single(await LeaseHistoryAsync());
        Assert.Equal(("wang.officer", "api", "task", LeaseHistoryState.Applied, ResolvedAt), (audit.Actor, audit.Channel, audit.Action, audit.State, audit.At));
        Assert.Equal("task " + opened.ShortId + " RENT_ARREARS: rentPayments += 2026-06-24 1000000.00 (银行回单 0624)", audit.Detail);

        var run = await ScanAsync(SecondScan);

        var alert = Assert.Single(await AlertsAsync(), a => a.Key == ArrearsKey);
        Assert.Equal((AlertState.Resolved, SecondScan, AlertResolution.ObligationMet), (alert.State, alert.ResolvedOn, alert.Resolution));
        Assert.Equal(["OD+49"], Stages(await OutboxAsync())); // no OD+56: nothing further reminds the enterprise
        Assert.All(await OutboxAsync(), e => Assert.Equal(OutboxStatus.Superseded, e.Status)); // the unsent OD+49 stops too
        var task = Assert.Single(await TasksAsync(), t => t.Rule == RuleCode.RENT_ARREARS);
        Assert.Equal((TaskState.Resolved, TaskResolution.FactRecorded, false), (task.State, task.Resolution, task.AwaitsScan));
        Assert.Equal(["opened", "resolved", "confirmed"], task.History.Select(h => h.Action));
        Assert.Equal("obligation met: the scan of 2026-06-30 no longer finds the breach", task.History[2].Note);
        Assert.Equal(0, run.TasksOpened);

        // The run says it: one resolution confirmed, none reopened; so do the stored run and the finish message.
        Assert.Equal((0, 1), (run.TasksReopened, run.TasksConfirmed));
        var storedRun = await StoredRunAsync(SecondScan);
        Assert.Equal((0, 1, 0), (storedRun.TasksReopened, storedRun.TasksConfirmed, storedRun.TasksOpened));
        Assert.Equal(((object?)0, (object?)1), FinishLogged(SecondScan));
    }

    /// <summary>An <see cref="ILogger{ScanService}"/> that keeps each message's event id and structured state.</summary>
    public sealed class LogCapture : ILogger<ScanService>
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<(int EventId, IReadOnlyDictionary<string, object?> State)> _entries = new();

        public IReadOnlyList<(int EventId, IReadOnlyDictionary<string, object?> State)> Entries => [.. _entries];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var fields = state as IEnumerable<KeyValuePair<string, object?>> ?? [];
            _entries.Enqueue((eventId.Id, fields.ToDictionary(kv => kv.Key, kv => kv.Value)));
        }
    }
}
