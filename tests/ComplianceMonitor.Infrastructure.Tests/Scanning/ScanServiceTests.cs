using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Tasks;
using ComplianceMonitor.Infrastructure.Leases;
using Azure.Data.Tables;
using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Domain.Calendar;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Policy;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Domain.Rules;
using ComplianceMonitor.Infrastructure.Storage;
using ComplianceMonitor.Testing.Storage;
using Xunit.Abstractions;
using static ComplianceMonitor.Infrastructure.Tests.Scanning.ScanLeases;

namespace ComplianceMonitor.Infrastructure.Tests.Scanning;

[Trait("Category", "azurite")]
[Collection("azurite")]
public sealed class ScanServiceTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private async Task<ScanHost> HostWithFourLeasesAsync()
    {
        var host = new ScanHost(azurite);
        await host.BulkLoadAsync([Plain("FS-A"), Plain("FS-B"), Overdue("FS-C"), Mortgaged("FS-D")]);
        return host;
    }

    [Fact]
    public async Task ScanDistrictAsync_FirstScan_OpensAlertsRemindersAndTasksWithExactFields()
    {
        var host = await HostWithFourLeasesAsync();

        var run = await host.ScanAsync(Day);

        Assert.Equal(ScanOutcome.Succeeded, run.Outcome);
        Assert.Equal((4, 5, 5, 0, 0, 10, 2, 0), (run.Leases, run.Findings, run.AlertsCreated, run.AlertsUpdated, run.AlertsResolved, run.OutboxQueued, run.TasksOpened, run.TasksEscalated));
        Assert.Empty(run.QuarantinedLeaseIds);

        var alerts = (await host.AlertsAsync()).ToDictionary(a => a.Key);
        var a = alerts["FS-A|ASSESSMENT_APPLICATION|2026-06-30"];
        Assert.Equal((AlertState.Open, FindingStatus.Upcoming, Severity.Warning, Responsible.LandUser), (a.State, a.Status, a.Severity, a.Responsible));
        Assert.Equal(new DateOnly(2026, 6, 30), a.Deadline);
        Assert.Equal(["D-7"], a.QueuedStages);
        Assert.Equal(Day, a.FirstSeenOn);
        Assert.Null(a.TaskId);

        var c = alerts["FS-C|ASSESSMENT_APPLICATION|2026-03-31"];
        Assert.Equal(FindingStatus.Overdue, c.Status);
        Assert.Equal(["OD+84"], c.QueuedStages);
        Assert.Equal(c.Key, c.TaskId);

        var d = Assert.Single(alerts.Values, x => x.Rule == RuleCode.PROHIBITED_DISPOSITION);
        Assert.Equal(["violation"], d.QueuedStages);

        var tasks = (await host.TasksAsync()).ToDictionary(t => t.Id);
        Assert.Equal(Department.IndustryAuthority, tasks[c.Key].Department);
        Assert.Equal(new DateOnly(2026, 7, 8), tasks[c.Key].DueOn);
        Assert.Equal(Department.PlanningAndNaturalResources, tasks[d.Key].Department);

        var outbox = await host.OutboxAsync();
        Assert.Equal(10, outbox.Count);
        Assert.All(outbox, e => Assert.Equal(OutboxStatus.Pending, e.Status));
        Assert.Equal(5, outbox.Count(e => e.Channel == OutboxChannel.Sms));
        var aMail = Assert.Single(outbox, e => e.AlertKey == a.Key && e.Channel == OutboxChannel.Email);
        Assert.Equal(("zhang@example.com", "D-7", 7, new DateOnly(2026, 6, 30)), (aMail.Recipient, aMail.Stage, aMail.DaysRemaining, aMail.Deadline));

        var stored = await host.Runs.GetAsync(Fangshan, run.RunId);
        Assert.Equal(run.AlertsCreated, stored?.AlertsCreated);
        Assert.Equal(ScanOutcome.Succeeded, stored?.Outcome);
    }

    [Fact]
    public async Task ScanDistrictAsync_RunTwiceSameDay_OpensNoSecondAlertTaskOrOutboxEntry()
    {
        var host = await HostWithFourLeasesAsync();
        await host.ScanAsync(Day);
        var before = (await host.AlertsAsync(), await host.TasksAsync(), await host.OutboxAsync());
        host.Counter.Reset();

        var second = await host.ScanAsync(Day);

        Assert.Equal((4, 5, 0, 0, 0, 0, 0, 0, 0), (second.Leases, second.Findings, second.AlertsCreated, second.AlertsUpdated, second.AlertsResolved, second.OutboxQueued, second.OutboxSuperseded, second.TasksOpened, second.TasksEscalated));
        Assert.Equal(2, host.Counter.Writes); // the run record, started and finished: nothing else is written
        var after = (await host.AlertsAsync(), await host.TasksAsync(), await host.OutboxAsync());
        Assert.Equal(before.Item1.Select(x => (x.Key, x.ETag)), after.Item1.Select(x => (x.Key, x.ETag)));
        Assert.Equal(before.Item2.Select(x => (x.Id, x.ETag)), after.Item2.Select(x => (x.Id, x.ETag)));
        Assert.Equal(before.Item3.Select(x => (x.Id, x.ETag)), after.Item3.Select(x => (x.Id, x.ETag)));
    }

    [Fact]
    public async Task ScanDistrictAsync_TwoScansAtOnce_CreateNoDuplicates()
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var host = new ScanHost(azurite);
            var leases = Enumerable.Range(0, 60).Select(i => (i % 3) switch
            {
                0 => Plain($"FS-{i:D3}"),
                1 => Overdue($"FS-{i:D3}"),
                _ => Mortgaged($"FS-{i:D3}"),
            }).ToList();
            await host.BulkLoadAsync(leases);

            // Two service instances over two clients, as two Functions instances would be.
            var other = new ScanHost(azurite, host.Prefix);
            var runs = await Task.WhenAll(host.ScanAsync(Day), other.ScanAsync(Day));

            var alerts = await host.AlertsAsync();
            var tasks = await host.TasksAsync();
            var outbox = await host.OutboxAsync();

            // 20 plain (1 alert, 2 entries), 20 overdue (1 alert, 2 entries, 1 task), 20 mortgaged (2 alerts, 4 entries, 1 task).
            Assert.Equal(80, alerts.Count);
            Assert.Equal(40, tasks.Count);
            Assert.Equal(160, outbox.Count);
            Assert.Equal(80, runs.Sum(r => r.AlertsCreated));
            Assert.Equal(40, runs.Sum(r => r.TasksOpened));
            Assert.Equal(160, runs.Sum(r => r.OutboxQueued));
            Assert.All(alerts, a => Assert.Single(a.QueuedStages));
            Assert.All(tasks, t => Assert.Single(t.History));
            Assert.Equal(40, alerts.Count(a => a.TaskId is not null));
            output.WriteLine($"attempt {attempt}: run A created {runs[0].AlertsCreated} alerts, run B {runs[1].AlertsCreated}; warnings: {string.Join(" | ", runs.SelectMany(r => r.Warnings))}");

            // Four days later both update the same stored alerts at once (stage D-3): ETags let one win per alert.
            var later = await Task.WhenAll(host.ScanAsync(Day.AddDays(4)), other.ScanAsync(Day.AddDays(4)));
            Assert.Equal(40, later.Sum(r => r.AlertsUpdated));
            Assert.Equal(80, later.Sum(r => r.OutboxQueued));
            Assert.Equal(240, (await host.OutboxAsync()).Count);
            Assert.Equal(40, (await host.AlertsAsync()).Count(a => a.QueuedStages.SequenceEqual(["D-7", "D-3"])));
            output.WriteLine($"attempt {attempt}: updates A {later[0].AlertsUpdated}, B {later[1].AlertsUpdated}");
        }
    }

    [Fact]
    public async Task ScanDistrictAsync_ObligationMet_ResolvesAlertCancelsPendingRemindersResolvesTaskAndQueuesNothingLater()
    {
        var host = await HostWithFourLeasesAsync();
        await host.ScanAsync(Day);

        // The dispatcher already sent FS-A's email; its SMS is still pending.
        var aKey = "FS-A|ASSESSMENT_APPLICATION|2026-06-30";
        var aMail = Assert.Single(await host.OutboxAsync(), e => e.AlertKey == aKey && e.Channel == OutboxChannel.Email);
        await host.Outbox.UpdateAsync(aMail with { Status = OutboxStatus.Sent, Attempts = 1, SentAt = host.Time.GetUtcNow() });

        // FS-A and FS-C record their assessment applications.
        await host.Leases.UpsertAsync(Applied(Plain("FS-A"), new DateOnly(2026, 6, 24)));
        await host.Leases.UpsertAsync(Applied(Overdue("FS-C"), new DateOnly(2026, 6, 24)));

        var resolving = await host.ScanAsync(new DateOnly(2026, 6, 25));

        Assert.Equal(2, resolving.AlertsResolved);
        Assert.Equal(3, resolving.OutboxSuperseded); // FS-A's SMS, FS-C's email and SMS
        Assert.Equal(1, resolving.TasksResolved);
        var alerts = (await host.AlertsAsync()).ToDictionary(x => x.Key);
        Assert.Equal((AlertState.Resolved, new DateOnly(2026, 6, 25)), (alerts[aKey].State, alerts[aKey].ResolvedOn));
        var cKey = "FS-C|ASSESSMENT_APPLICATION|2026-03-31";
        Assert.Equal(AlertState.Resolved, alerts[cKey].State);
        var task = Assert.Single(await host.TasksAsync(), t => t.Id == cKey);
        Assert.Equal(TaskState.Resolved, task.State);
        Assert.Equal(("resolved", EnforcementTask.SystemActor, EnforcementTask.ObligationMetNote), (task.History[^1].Action, task.History[^1].By, task.History[^1].Note));

        // The district now has to decide: ASSESSMENT_DECISION alerts, which remind no land user.
        Assert.Equal(2, alerts.Values.Count(x => x.Rule == RuleCode.ASSESSMENT_DECISION && x.State == AlertState.Open));

        var outbox = (await host.OutboxAsync()).Where(e => e.AlertKey == aKey).ToDictionary(e => e.Channel);
        Assert.Equal(OutboxStatus.Sent, outbox[OutboxChannel.Email].Status);
        Assert.Equal(OutboxStatus.Superseded, outbox[OutboxChannel.Sms].Status);

        // Later days that would have been D-3, D0 and OD+7 queue nothing for the met obligations.
        foreach (var later in new[] { new DateOnly(2026, 6, 27), new DateOnly(2026, 6, 30), new DateOnly(2026, 7, 7) })
        {
            var run = await host.ScanAsync(later);
            Assert.Equal(0, run.AlertsResolved);
            Assert.Equal(0, run.AlertsCreated);
        }

        var finalOutbox = await host.OutboxAsync();
        Assert.Equal(2, finalOutbox.Count(e => e.AlertKey == aKey));
        Assert.Equal(2, finalOutbox.Count(e => e.AlertKey == cKey));
        Assert.Equal(AlertState.Resolved, (await host.Alerts.GetAsync(Fangshan, aKey))!.State);
    }

    [Fact]
    public async Task ScanDistrictAsync_DailyScans_QueueEachStageOnceOnItsDay()
    {
        var host = new ScanHost(azurite);
        await host.BulkLoadAsync([Plain("FS-A")]);

        var queued = new List<int>();
        foreach (var day in new[] { new DateOnly(2026, 6, 23), new DateOnly(2026, 6, 24), new DateOnly(2026, 6, 26), new DateOnly(2026, 6, 27), new DateOnly(2026, 6, 27) })
        {
            queued.Add((await host.ScanAsync(day)).OutboxQueued);
        }

        // D-7 (email+SMS), nothing at D-6 or D-4, D-3 (email+SMS), and nothing on a second run of D-3.
        Assert.Equal([2, 0, 0, 2, 0], queued);
        var alert = Assert.Single(await host.AlertsAsync());
        Assert.Equal(["D-7", "D-3"], alert.QueuedStages);
    }

    [Fact]
    public async Task ScanDistrictAsync_TaskOpenPastDue_EscalatedOnceTheDayAfterItsDueDate()
    {
        var host = new ScanHost(azurite);
        await host.BulkLoadAsync([Overdue("FS-C")]);
        await host.ScanAsync(Day);

        var onDueDate = await host.ScanAsync(new DateOnly(2026, 7, 8));
        var dayAfter = await host.ScanAsync(new DateOnly(2026, 7, 9));
        var next = await host.ScanAsync(new DateOnly(2026, 7, 10));

        Assert.Equal([0, 1, 0], new[] { onDueDate.TasksEscalated, dayAfter.TasksEscalated, next.TasksEscalated });
        var task = Assert.Single(await host.TasksAsync());
        Assert.True(task.Escalated);
        Assert.Equal(new DateOnly(2026, 7, 9), task.EscalatedOn);
        Assert.Equal(TaskState.Open, task.State);
        Assert.Contains("市规划自然资源委", task.History[^1].Note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScanDistrictAsync_CorruptStoredEntity_QuarantinedWhileOthersAreScanned()
    {
        var host = new ScanHost(azurite);
        await host.BulkLoadAsync([Plain("FS-A"), Plain("FS-B")]);
        var table = await host.Factory.GetTableClientAsync(TableLeaseStore.LeasesTable);
        await table.AddEntityAsync(new TableEntity(Fangshan, "FS-BAD") { ["DataChunks"] = 1, ["Data_0"] = "{\"leaseId\": \"FS-BAD\", broken", ["Format"] = 1 });

        var run = await host.ScanAsync(Day);

        Assert.Equal(3, run.Leases);
        Assert.Equal(["FS-BAD"], run.QuarantinedLeaseIds);
        Assert.Equal(2, run.AlertsCreated);
        Assert.Equal(ScanOutcome.Succeeded, run.Outcome);
        var entry = Assert.Single(await ListAsync(host.Quarantine.ListAsync(Fangshan)));
        Assert.Equal(("FS-BAD", run.RunId, Day), (entry.LeaseId, entry.RunId, entry.AsOf));
        Assert.StartsWith("stored record is invalid: $: malformed JSON", entry.Reason, StringComparison.Ordinal);
        Assert.Equal(["FS-BAD"], (await host.Runs.GetAsync(Fangshan, run.RunId))!.QuarantinedLeaseIds);
    }

    [Fact]
    public async Task ScanDistrictAsync_QuarantinedLeaseRepaired_ReleasedAndScanned()
    {
        var host = new ScanHost(azurite);
        await host.BulkLoadAsync([Plain("FS-A")]);
        var table = await host.Factory.GetTableClientAsync(TableLeaseStore.LeasesTable);
        await table.AddEntityAsync(new TableEntity(Fangshan, "FS-B") { ["DataChunks"] = 1, ["Data_0"] = "{", ["Format"] = 1 });
        var broken = await host.ScanAsync(Day);
        Assert.Equal(["FS-B"], broken.QuarantinedLeaseIds);

        await host.BulkLoadAsync([Plain("FS-B")]); // the district corrects the record
        var repaired = await host.ScanAsync(Day.AddDays(1));

        Assert.Empty(repaired.QuarantinedLeaseIds);
        Assert.Equal(1, repaired.QuarantineReleased);
        Assert.Equal(1, repaired.AlertsCreated);
        Assert.Empty(await ListAsync(host.Quarantine.ListAsync(Fangshan)));
    }

    [Fact]
    public async Task ScanDistrictAsync_RuleThrowsOnOneLease_QuarantinedAndItsOpenAlertsLeftOpen()
    {
        var host = new ScanHost(azurite);
        await host.BulkLoadAsync([Plain("FS-A"), Plain("FS-B")]);
        await host.ScanAsync(Day);
        var throwing = new RuleEngine([.. RuleCatalog.All, new ThrowingRule("FS-B")], PolicyCatalog.Default, WorkingDayCalendar.Default);

        var run = await host.ScanAsync(Day.AddDays(1), engine: throwing);

        Assert.Equal(["FS-B"], run.QuarantinedLeaseIds);
        Assert.Equal(0, run.AlertsResolved);
        Assert.All(await host.AlertsAsync(), a => Assert.Equal(AlertState.Open, a.State));
        var entry = Assert.Single(await ListAsync(host.Quarantine.ListAsync(Fangshan)));
        Assert.Equal("rule evaluation failed: InvalidOperationException: boom on FS-B", entry.Reason);
    }

    [Fact]
    public async Task ScanDistrictAsync_UnreadableStoredAlert_WarnedAndLeftAloneWhileOthersAreReconciled()
    {
        var host = new ScanHost(azurite);
        await host.BulkLoadAsync([Plain("FS-A"), Plain("FS-B")]);
        var table = await host.Factory.GetTableClientAsync(Infrastructure.Storage.MonitoringTables.Alerts);
        var damaged = new TableEntity(Fangshan, "FS-A|ASSESSMENT_APPLICATION|2026-06-30") { ["State"] = "open", ["LeaseId"] = "FS-A", ["Rule"] = "ASSESSMENT_APPLICATION", ["Subject"] = "2026-06-30", ["FirstSeenOn"] = "2026-06-22", ["LastSeenOn"] = "2026-06-22", ["Status"] = "sideways" };
        await table.AddEntityAsync(damaged);

        var run = await host.ScanAsync(Day);

        Assert.Equal(ScanOutcome.Succeeded, run.Outcome);
        Assert.Equal(1, run.AlertsCreated); // FS-B only
        Assert.Equal(2, run.OutboxQueued);
        var warning = Assert.Single(run.Warnings);
        Assert.StartsWith("alert FS-A|ASSESSMENT_APPLICATION|2026-06-30 could not be read and was left as it is", warning, StringComparison.Ordinal);
        Assert.Contains("property Status is 'sideways', not a finding status", warning, StringComparison.Ordinal);
        var stored = await table.GetEntityAsync<TableEntity>(Fangshan, damaged.RowKey);
        Assert.Equal("sideways", stored.Value.GetString("Status"));
    }

    [Fact]
    public async Task ScanDistrictAsync_2000UnchangedLeasesRescanned_CostsFewerThan20RequestsAndNoWrites()
    {
        var host = new ScanHost(azurite);
        await host.BulkLoadAsync(Enumerable.Range(0, 2000).Select(i => i % 10 == 0 ? Overdue($"FS-{i:D5}") : Plain($"FS-{i:D5}")));
        host.Counter.Reset();
        var first = await host.ScanAsync(Day);
        var firstRequests = host.Counter.Total;
        host.Counter.Reset();

        var second = await host.ScanAsync(Day.AddDays(1));

        output.WriteLine($"first scan: {firstRequests} requests for {first.AlertsCreated} alerts, {first.OutboxQueued} reminders, {first.TasksOpened} tasks; steady state: {host.Counter}");
        Assert.Equal((2000, 2000, 200), (first.AlertsCreated, first.Findings, first.TasksOpened));
        Assert.Equal(4000, first.OutboxQueued);

        // 20 batches of alerts, 40 of reminders, 2 of tasks, 20 of lease fingerprints, pages of leases/alerts/tasks, the run record.
        Assert.InRange(firstRequests, 80, 100);
        Assert.Equal(0, second.AlertsRead); // every fingerprint matched: no alert was read
        Assert.Equal(2000, second.Leases);
        Assert.Equal((0, 0, 0, 0), (second.AlertsCreated, second.AlertsUpdated, second.OutboxQueued, second.TasksOpened));
        Assert.True(host.Counter.Total < 20, $"steady-state scan used {host.Counter.Total} requests");
        Assert.Equal(2, host.Counter.Writes);
    }

    [Fact]
    public async Task ScanDistrictAsync_OneOf30LeasesChanged_ReadsOnlyThatLeasesAlertsAndStoresItsFingerprint()
    {
        var host = new ScanHost(azurite);
        await host.BulkLoadAsync(Enumerable.Range(0, 30).Select(i => Plain($"FS-{i:D2}")));
        var first = await host.ScanAsync(Day);
        Assert.Equal((30, 0), (first.AlertsCreated, first.AlertsRead)); // new leases: no fingerprint, no alert stored yet
        var table = await host.Factory.GetTableClientAsync(TableLeaseStore.LeasesTable);
        var stored = await ListAsync(table.QueryAsync<TableEntity>(select: ["RowKey", TableLeaseStore.ScanStateProperty]));
        // Each lease's stamp: its fingerprint (32 hex digits), from the scan's day through the last day it stays the same.
        Assert.All(stored, e => Assert.Matches($"^[0-9a-f]{{32}};[0-9a-f]{{16}};20260623;202606(2[3-9]|30);1$", e.GetString(TableLeaseStore.ScanStateProperty)));
        Assert.Equal(30, stored.Count);

        // FS-07 records its assessment application: the import replaces the record (and drops its fingerprint).
        await host.Leases.UpsertAsync(Applied(Plain("FS-07"), new DateOnly(2026, 6, 24)));
        host.Counter.Reset();
        var second = await host.ScanAsync(Day.AddDays(1));

        Assert.Equal(1, second.AlertsRead); // FS-07's open alert only, by a row-key range query
        Assert.Equal((1, 0, 1), (second.AlertsCreated, second.AlertsUpdated, second.AlertsResolved)); // FS-07's next obligation opens
        var alerts = await host.AlertsAsync();
        var resolved = Assert.Single(alerts, a => a.State == AlertState.Resolved);
        Assert.Equal("FS-07", resolved.LeaseId);
        Assert.Equal(31, alerts.Count);
        Assert.Equal(2, alerts.Count(a => a.LeaseId == "FS-07"));

        host.Counter.Reset();
        var third = await host.ScanAsync(Day.AddDays(1));
        Assert.Equal((0, 0, 0, 0), (third.AlertsRead, third.AlertsCreated, third.AlertsUpdated, third.AlertsResolved));
        Assert.Equal(2, host.Counter.Writes); // the run record only: every fingerprint was already stored
    }

    [Fact]
    public async Task ScanDistrictAsync_UnknownDistrictOrBadRunId_ThrowsNamingTheField()
    {
        var sut = new ScanHost(azurite).CreateSut();
        var district = await Assert.ThrowsAsync<ArgumentException>(() => sut.ScanDistrictAsync("110111' or '1' eq '1", Day, "r1"));
        Assert.Equal("districtCode", district.ParamName);
        var run = await Assert.ThrowsAsync<ArgumentException>(() => sut.ScanDistrictAsync(Fangshan, Day, "a/b"));
        Assert.Equal("runId", run.ParamName);
    }

    private static async Task<List<T>> ListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }

    private sealed class ThrowingRule(string leaseId) : IRule
    {
        public RuleCode Code => RuleCode.USE_VIOLATION;

        public string Basis => "三（六）";

        public void Evaluate(LeaseRecord lease, RuleContext context, List<Finding> findings)
        {
            if (lease.LeaseId == leaseId)
            {
                throw new InvalidOperationException($"boom on {leaseId}");
            }
        }
    }
}
