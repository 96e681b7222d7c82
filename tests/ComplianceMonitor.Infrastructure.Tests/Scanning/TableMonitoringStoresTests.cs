using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Tasks;
using ComplianceMonitor.Infrastructure.Composition;
using ComplianceMonitor.Infrastructure.Leases;
using ComplianceMonitor.Infrastructure.Scanning;
using ComplianceMonitor.Infrastructure.Tasks;
using Azure.Data.Tables;
using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Infrastructure.Reminders;
using ComplianceMonitor.Infrastructure.Storage;
using ComplianceMonitor.Testing.Storage;
using static ComplianceMonitor.Infrastructure.Tests.Scanning.MonitoringSamples;

namespace ComplianceMonitor.Infrastructure.Tests.Scanning;

[Trait("Category", "azurite")]
[Collection("azurite")]
public sealed class TableMonitoringStoresTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task CreateManyAsync_NewAlert_RoundTripsEveryField()
    {
        var store = new TableAlertStore(azurite.CreateFactory());
        var alert = Alert() with { TaskId = "t1", ResolvedOn = new DateOnly(2026, 3, 8), State = AlertState.Resolved, Resolution = AlertResolution.RuleRevised, Revision = 2 };

        var results = await store.CreateManyAsync(Fangshan, [alert]);
        var read = await store.GetAsync(Fangshan, alert.Key);

        Assert.Equal(WriteOutcome.Created, results[0].Outcome);
        Assert.False(string.IsNullOrEmpty(results[0].ETag));
        Assert.NotNull(read);
        Assert.Equal(results[0].ETag, read.ETag);
        Assert.True(alert.SameContentAs(read));
        Assert.Equal(["D-90", "D-60"], read.QueuedStages);
        Assert.Equal(1234.5m, read.AmountYuan);
        Assert.Equal((AlertResolution.RuleRevised, 2), (read.Resolution, read.Revision));
    }

    [Fact]
    public async Task CreateManyAsync_SameAlertTwice_SecondIsAlreadyExistsAndStoredUntouched()
    {
        var store = new TableAlertStore(azurite.CreateFactory());
        var alert = Alert();
        await store.CreateManyAsync(Fangshan, [alert]);

        var again = await store.CreateManyAsync(Fangshan, [alert with { Message = "changed" }]);
        var read = await store.GetAsync(Fangshan, alert.Key);

        Assert.Equal(WriteOutcome.AlreadyExists, again[0].Outcome);
        Assert.Equal(alert.Message, read!.Message);
    }

    [Fact]
    public async Task CreateManyAsync_250AlertsOneAlreadyStored_BatchedInFewRequestsAndOthersCreated()
    {
        var counter = new RequestCounter();
        var factory = azurite.CreateFactory(counter: counter);
        var store = new TableAlertStore(factory);
        var alerts = Enumerable.Range(0, 250).Select(i => Alert($"L{i:D4}")).ToList();
        await store.CreateManyAsync(Fangshan, [alerts[120]]);
        counter.Reset();

        var results = await store.CreateManyAsync(Fangshan, alerts);

        Assert.Equal(249, results.Count(r => r.Outcome == WriteOutcome.Created));
        Assert.Equal(WriteOutcome.AlreadyExists, results[120].Outcome);
        Assert.Equal([.. alerts.Select(a => a.Key)], results.Select(r => r.Key));

        // 3 batches, and the batch holding the existing row is sent once more without it.
        Assert.Equal(4, counter.Total);
        var all = new List<Alert>();
        await foreach (var item in store.ListAsync(Fangshan))
        {
            all.Add(item.Item!);
        }

        Assert.Equal(250, all.Count);
    }

    [Fact]
    public async Task UpdateManyAsync_StaleETag_IsConflictOthersUpdated()
    {
        var store = new TableAlertStore(azurite.CreateFactory());
        var a = Alert("L1");
        var b = Alert("L2");
        await store.CreateManyAsync(Fangshan, [a, b]);
        var storedA = (await store.GetAsync(Fangshan, a.Key))!;
        var storedB = (await store.GetAsync(Fangshan, b.Key))!;

        // Someone else changes A first.
        await store.UpdateAsync(storedA with { Severity = Severity.Warning });

        var results = await store.UpdateManyAsync(Fangshan, [storedA with { Severity = Severity.Critical }, storedB with { Severity = Severity.Critical }]);

        Assert.Equal(WriteOutcome.Conflict, results[0].Outcome);
        Assert.Equal(WriteOutcome.Updated, results[1].Outcome);
        Assert.Equal(Severity.Warning, (await store.GetAsync(Fangshan, a.Key))!.Severity);
        Assert.Equal(Severity.Critical, (await store.GetAsync(Fangshan, b.Key))!.Severity);
    }

    [Fact]
    public async Task UpdateAsync_StaleETag_ThrowsConcurrencyConflict()
    {
        var store = new TableAlertStore(azurite.CreateFactory());
        var a = Alert();
        await store.CreateManyAsync(Fangshan, [a]);
        var stored = (await store.GetAsync(Fangshan, a.Key))!;
        await store.UpdateAsync(stored with { Message = "first" });

        var ex = await Assert.ThrowsAsync<ConcurrencyConflictException>(() => store.UpdateAsync(stored with { Message = "second" }));
        Assert.Equal(a.Key, ex.Key);
    }

    [Fact]
    public async Task ReadOpenAsync_MixedStates_ReturnsOpenOnlyOfThatDistrict()
    {
        var store = new TableAlertStore(azurite.CreateFactory());
        await store.CreateManyAsync(Fangshan, [Alert("L1"), Alert("L2") with { State = AlertState.Resolved, ResolvedOn = new DateOnly(2026, 3, 7) }]);
        await store.CreateManyAsync("110115", [Alert("L3", district: "110115")]);

        var open = new List<string>();
        await foreach (var item in store.ReadOpenAsync(Fangshan))
        {
            open.Add(item.Item!.LeaseId);
        }

        Assert.Equal(["L1"], open);
    }

    [Fact]
    public async Task ListByLeaseAsync_ODataInjectionInLeaseIdOrDistrict_MatchesNothingExtra()
    {
        var store = new TableAlertStore(azurite.CreateFactory());
        await store.CreateManyAsync(Fangshan, [Alert("L1"), Alert("L1", subject: "2027-01-01"), Alert("L2")]);

        var injected = new List<Alert>();
        await foreach (var a in store.ListByLeaseAsync(Fangshan, "L1' or RowKey ne 'x"))
        {
            injected.Add(a);
        }

        await foreach (var a in store.ListByLeaseAsync("x' or PartitionKey ne 'x", "L1"))
        {
            injected.Add(a);
        }

        var byDistrict = new List<StoreReadItem<Alert>>();
        await foreach (var a in store.ListAsync("110111' or PartitionKey ne '"))
        {
            byDistrict.Add(a);
        }

        var legit = new List<Alert>();
        await foreach (var a in store.ListByLeaseAsync(Fangshan, "L1"))
        {
            legit.Add(a);
        }

        Assert.Empty(injected);
        Assert.Empty(byDistrict);
        Assert.Equal(2, legit.Count);
        Assert.All(legit, a => Assert.Equal("L1", a.LeaseId));
    }

    [Fact]
    public async Task ReadOpenAsync_DamagedEntity_YieldedWithErrorNamingTheProperty()
    {
        var factory = azurite.CreateFactory();
        var store = new TableAlertStore(factory);
        var good = Alert("L1");
        await store.CreateManyAsync(Fangshan, [good]);
        var table = await factory.GetTableClientAsync(MonitoringTables.Alerts);
        await table.AddEntityAsync(new TableEntity(Fangshan, "L9|ASSESSMENT_APPLICATION|x") { ["State"] = "open", ["LeaseId"] = "L9", ["Rule"] = "NOT_A_RULE" });

        var items = new List<StoreReadItem<Alert>>();
        await foreach (var item in store.ReadOpenAsync(Fangshan))
        {
            items.Add(item);
        }

        Assert.Equal(2, items.Count);
        var bad = Assert.Single(items, i => i.Item is null);
        Assert.Equal("L9|ASSESSMENT_APPLICATION|x", bad.Key);
        Assert.Contains("Rule", bad.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TaskStore_CreateAcknowledgeFind_RoundTripsHistory()
    {
        var store = new TableTaskStore(azurite.CreateFactory());
        var task = Task(Alert());
        Assert.True(await store.CreateAsync(task));
        Assert.False(await store.CreateAsync(task));

        var stored = (await store.FindAsync(task.Id))!;
        var acked = stored.Acknowledge("李四", Now.AddHours(1), "已受理");
        await store.UpdateAsync(acked);

        var read = (await store.GetAsync(Fangshan, task.Id))!;
        Assert.Equal(TaskState.Acknowledged, read.State);
        Assert.Equal(new DateOnly(2026, 3, 21), read.DueOn);
        Assert.Equal(Department.IndustryAuthority, read.Department);
        Assert.Equal(acked.History, read.History);

        var active = new List<EnforcementTask>();
        await foreach (var item in store.ReadActiveAsync(Fangshan))
        {
            active.Add(item.Item!);
        }

        Assert.Single(active);
        Assert.Null(await store.FindAsync("nope' or RowKey ne '"));
    }

    [Fact]
    public async Task TaskStore_ListByLease_OnlyThatLeasesTasksOfThatDistrict_NotALeaseWhoseIdItPrefixes()
    {
        var store = new TableTaskStore(azurite.CreateFactory());
        var mine = Task(Alert("FS-7", "2026-06-30"));
        var mineToo = Task(Alert("FS-7", "2026-09-30")).Acknowledge("李四", Now, "已受理");
        var longer = Task(Alert("FS-70", "2026-06-30"));
        var elsewhere = Task(Alert("FS-7", "2026-06-30", "110112"));
        await store.CreateManyAsync(Fangshan, [mine, mineToo, longer]);
        await store.CreateManyAsync("110112", [elsewhere]);

        var found = new List<string>();
        await foreach (var item in store.ListByLeaseAsync(Fangshan, "FS-7"))
        {
            found.Add($"{item.Item!.DistrictCode}/{item.Item.LeaseId}/{item.Item.State}");
        }

        Assert.Equal(["110111/FS-7/Open", "110111/FS-7/Acknowledged"], found);
    }

    [Fact]
    public async Task OutboxStore_ListByStatus_FiltersAndRoundTrips()
    {
        var store = new TableOutboxStore(azurite.CreateFactory());
        var alert = Alert();
        var pending = Outbox(alert);
        var sms = Outbox(alert, channel: OutboxChannel.Sms, recipient: "13800138000") with { Status = OutboxStatus.Sent, Attempts = 1, SentAt = Now.AddHours(1) };
        var held = Outbox(alert, stage: "D-3") with { Status = OutboxStatus.Held, NextAttemptAt = Now.AddHours(10), LastError = "quiet hours" };
        await store.CreateManyAsync(Fangshan, [pending, sms, held]);

        var found = new List<OutboxEntry>();
        await foreach (var item in store.ListAsync(Fangshan, [OutboxStatus.Pending, OutboxStatus.Held]))
        {
            found.Add(item.Item!);
        }

        Assert.Equal(2, found.Count);
        var readHeld = Assert.Single(found, e => e.Status == OutboxStatus.Held);
        Assert.Equal(held with { ETag = readHeld.ETag }, readHeld);
        var readSms = (await store.GetAsync(Fangshan, sms.Id))!;
        Assert.Equal(sms with { ETag = readSms.ETag }, readSms);
    }

    [Fact]
    public async Task RunAndQuarantineStores_PutAndRead()
    {
        var factory = azurite.CreateFactory();
        var runs = new TableRunStore(factory);
        var quarantine = new TableQuarantineStore(factory);
        var run = new ScanRun
        {
            RunId = "run-1", DistrictCode = Fangshan, AsOf = new DateOnly(2026, 3, 6), StartedAt = Now, FinishedAt = Now.AddSeconds(3),
            Outcome = ScanOutcome.Succeeded, Leases = 10, Findings = 12, AlertsCreated = 3, AlertsUpdated = 2, AlertsResolved = 1,
            OutboxQueued = 4, OutboxSuperseded = 1, TasksOpened = 2, TasksResolved = 1, TasksEscalated = 1,
            QuarantinedLeaseIds = ["BAD-1"], Warnings = ["no holiday data for 2030"],
        };
        await runs.PutAsync(run);
        await quarantine.PutManyAsync(Fangshan, [new QuarantineEntry(Fangshan, "BAD-1", "run-1", run.AsOf, "stored JSON cannot be read", Now)]);

        var read = await runs.GetAsync(Fangshan, "run-1");
        Assert.NotNull(read);
        Assert.Equal(run with { QuarantinedLeaseIds = [], Warnings = [] }, read with { QuarantinedLeaseIds = [], Warnings = [] });
        Assert.Equal(["BAD-1"], read.QuarantinedLeaseIds);
        Assert.Equal(["no holiday data for 2030"], read.Warnings);

        var entries = new List<QuarantineEntry>();
        await foreach (var q in quarantine.ListAsync(Fangshan))
        {
            entries.Add(q);
        }

        Assert.Equal([new QuarantineEntry(Fangshan, "BAD-1", "run-1", run.AsOf, "stored JSON cannot be read", Now)], entries);
    }
}
