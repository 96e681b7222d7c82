using ComplianceMonitor.Application.Digest;
using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Tasks;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Infrastructure.Digest;
using ComplianceMonitor.Infrastructure.Reminders;
using ComplianceMonitor.Infrastructure.Scanning;
using ComplianceMonitor.Infrastructure.Tasks;
using ComplianceMonitor.Testing.InMemory;
using ComplianceMonitor.Testing.Storage;
using static ComplianceMonitor.Infrastructure.Tests.Scanning.MonitoringSamples;

namespace ComplianceMonitor.Infrastructure.Tests.Contracts;

/// <summary>The alert store: the partitioned-store contract plus its queries (open, by state, by lease as a key range).</summary>
public abstract class ContractAlertStoreTests : ContractPartitionedStoreTests<Alert>
{
    protected abstract IAlertStore NewAlertStore();

    protected sealed override IPartitionedStore<Alert> NewStore() => NewAlertStore();

    protected override Alert Sample(int n, string district = Fangshan) => Alert($"FS-2024-{n:0000}", district: district);

    protected override Alert Changed(Alert item) => item with
    {
        State = AlertState.Resolved,
        ResolvedOn = new DateOnly(2026, 3, 9),
        Resolution = AlertResolution.ObligationMet,
        LastSeenOn = new DateOnly(2026, 3, 8),
        Status = FindingStatus.Overdue,
        Severity = Severity.Critical,
        AmountYuan = 99.99m,
        Message = "已逾期",
        QueuedStages = [.. item.QueuedStages, "D-0"],
        TaskId = "task-" + item.Key,
        Revision = 2,
    };

    protected override Alert WithETag(Alert item, string? etag) => item with { ETag = etag };

    [Fact]
    public Task CreateManyAsync_KeyTheTableCannotHold_RefusedWholeNothingWritten() =>
        AssertKeyTheTableCannotHoldRefusedAsync(Sample(2) with { Key = "bad/key" });

    [Fact]
    public async Task ReadOpenAsync_OpenAndResolvedInTwoDistricts_OnlyTheDistrictsOpenOnesInKeyOrder()
    {
        var store = NewAlertStore();
        await store.CreateManyAsync(Fangshan, [Sample(3), Changed(Sample(2)), Sample(1)]);
        await store.CreateManyAsync(Daxing, [Sample(4, Daxing)]);

        var open = await store.ReadOpenAsync(Fangshan).ToListAsync();
        var resolved = await store.ListAsync(Fangshan, AlertState.Resolved).ToListAsync();
        var all = await store.ListAsync(Fangshan).ToListAsync();

        Assert.Equal([Sample(1).Key, Sample(3).Key], open.Select(i => i.Item!.Key));
        Assert.All(open, i => Assert.Null(i.Error));
        Assert.Equal([Sample(2).Key], resolved.Select(i => i.Item!.Key));
        Assert.Equal([Sample(1).Key, Sample(2).Key, Sample(3).Key], all.Select(i => i.Key));
        Fields.Same(Sample(1), open[0].Item! with { ETag = null });
    }

    [Fact]
    public async Task ReadOpenByLeaseAsync_LeaseIdPrefixOfAnother_OnlyThatLeasesOpenAlerts()
    {
        var store = NewAlertStore();
        var a = Alert("FS-1", "2026-06-30");
        var b = Alert("FS-1", "2026-07-31");
        var other = Alert("FS-10", "2026-06-30");
        await store.CreateManyAsync(Fangshan, [a, Changed(b), other]);

        var open = await store.ReadOpenByLeaseAsync(Fangshan, "FS-1").ToListAsync();
        var all = await store.ListByLeaseAsync(Fangshan, "FS-1").ToListAsync();

        Assert.Equal([a.Key], open.Select(i => i.Item!.Key));
        Assert.Equal([a.Key, b.Key], all.Select(x => x.Key).Order(StringComparer.Ordinal));
        Assert.Empty(await store.ListByLeaseAsync(Daxing, "FS-1").ToListAsync());
    }
}

/// <summary>The task store: the partitioned-store contract plus active, past-due, by-state and find-anywhere.</summary>
public abstract class ContractTaskStoreTests : ContractPartitionedStoreTests<EnforcementTask>
{
    protected abstract ITaskStore NewTaskStore();

    protected sealed override IPartitionedStore<EnforcementTask> NewStore() => NewTaskStore();

    protected override EnforcementTask Sample(int n, string district = Fangshan) =>
        Task(Alert($"FS-2024-{n:0000}", district: district)) with { DueOn = new DateOnly(2026, 3, 20).AddDays(n % 7) };

    protected override EnforcementTask Changed(EnforcementTask item) => item with
    {
        State = TaskState.Acknowledged,
        Escalated = true,
        EscalatedOn = new DateOnly(2026, 3, 25),
        DueOn = new DateOnly(2026, 4, 1),
        Summary = item.Summary + "（已受理）",
        History = [.. item.History, new TaskHistoryEntry("acknowledge", TaskState.Acknowledged, "li@fangshan", Now.AddDays(1), "现场核查")],
    };

    protected override EnforcementTask WithETag(EnforcementTask item, string? etag) => item with { ETag = etag };

    [Fact]
    public Task CreateManyAsync_KeyTheTableCannotHold_RefusedWholeNothingWritten() =>
        AssertKeyTheTableCannotHoldRefusedAsync(Sample(2) with { Id = "bad/key" });

    [Fact]
    public async Task ReadActiveAsync_OpenAcknowledgedResolved_OpenAndAcknowledgedOnly_ForScanPastDueStrictlyBeforeTodayAndAwaitingScan()
    {
        var store = NewTaskStore();
        var open = Sample(1) with { DueOn = new DateOnly(2026, 3, 20) };
        var acknowledged = Changed(Sample(2)) with { DueOn = new DateOnly(2026, 3, 21) };
        var resolved = Sample(3) with { State = TaskState.Resolved, DueOn = new DateOnly(2026, 3, 1) };
        var awaiting = Sample(4) with { State = TaskState.Resolved, AwaitsScan = true, DueOn = new DateOnly(2026, 4, 30) };
        await store.CreateManyAsync(Fangshan, [open, acknowledged, resolved, awaiting]);
        await store.CreateManyAsync(Daxing, [Sample(6, Daxing) with { DueOn = new DateOnly(2026, 3, 1) }]);

        var active = await store.ReadActiveAsync(Fangshan).ToListAsync();
        var forScan = await store.ReadForScanAsync(Fangshan, new DateOnly(2026, 3, 21)).ToListAsync();
        var resolvedOnly = await store.ListAsync(Fangshan, TaskState.Resolved).ToListAsync();

        Assert.Equal([open.Id, acknowledged.Id], active.Select(i => i.Item!.Id));
        Assert.Equal([open.Id, awaiting.Id], forScan.Select(i => i.Item!.Id));
        Assert.Equal([resolved.Id, awaiting.Id], resolvedOnly.Select(i => i.Item!.Id));
        Assert.Equal(4, (await store.ListAsync(Fangshan).ToListAsync()).Count);
    }

    [Fact]
    public async Task FindAsync_TaskOfAnotherDistrict_FoundThereMissingIsNull()
    {
        var store = NewTaskStore();
        var task = Sample(5, Daxing);
        await store.CreateManyAsync(Daxing, [task]);

        var found = await store.FindAsync(task.Id);

        Assert.Equal(Daxing, found!.DistrictCode);
        Fields.Same(task, found with { ETag = null });
        Assert.Null(await store.FindAsync(Sample(6).Id));
    }
}

/// <summary>The outbox store: the partitioned-store contract plus the status filter.</summary>
public abstract class ContractOutboxStoreTests : ContractPartitionedStoreTests<OutboxEntry>
{
    protected abstract IOutboxStore NewOutboxStore();

    protected sealed override IPartitionedStore<OutboxEntry> NewStore() => NewOutboxStore();

    protected override OutboxEntry Sample(int n, string district = Fangshan) => Outbox(Alert($"FS-2024-{n:0000}", district: district));

    protected override OutboxEntry Changed(OutboxEntry item) => item with
    {
        Status = OutboxStatus.Sent,
        Attempts = 2,
        NextAttemptAt = Now.AddMinutes(5),
        LastError = "429 Too Many Requests",
        SentAt = Now.AddMinutes(6),
        ClaimToken = "att-1",
        ClaimExpiresAt = Now.AddMinutes(7),
        ProviderMessageId = "sg-123",
        OutcomeUnknown = true,
        StatusReason = "sent on the second attempt",
    };

    protected override OutboxEntry WithETag(OutboxEntry item, string? etag) => item with { ETag = etag };

    [Fact]
    public Task CreateManyAsync_KeyTheTableCannotHold_RefusedWholeNothingWritten() =>
        AssertKeyTheTableCannotHoldRefusedAsync(Sample(2) with { Id = "bad/key" });

    [Fact]
    public async Task ListAsync_Statuses_OnlyThoseInOneOfThemAllWhenNull()
    {
        var store = NewOutboxStore();
        var pending = Sample(1);
        var sent = Changed(Sample(2));
        var held = Sample(3) with { Status = OutboxStatus.Held, NextAttemptAt = Now.AddHours(12) };
        await store.CreateManyAsync(Fangshan, [pending, sent, held]);
        await store.CreateManyAsync(Daxing, [Sample(4, Daxing)]);

        var due = await store.ListAsync(Fangshan, [OutboxStatus.Pending, OutboxStatus.Held]).ToListAsync();
        var all = await store.ListAsync(Fangshan).ToListAsync();

        Assert.Equal([pending.Id, held.Id], due.Select(i => i.Item!.Id));
        Assert.Equal([pending.Id, sent.Id, held.Id], all.Select(i => i.Key));
        Fields.Same(held, due[1].Item! with { ETag = null });
    }
}

/// <summary>The digest record store (the claim that sends a digest once): the partitioned-store contract plus its queries.</summary>
public abstract class ContractDigestRecordStoreTests : ContractPartitionedStoreTests<DigestRecord>
{
    private static readonly DateTimeOffset Occurrence0 = new(2026, 11, 2, 0, 30, 0, TimeSpan.Zero);

    protected abstract IDigestRecordStore NewDigestStore();

    protected sealed override IPartitionedStore<DigestRecord> NewStore() => NewDigestStore();

    protected override DigestRecord Sample(int n, string district = Fangshan) => new()
    {
        DistrictCode = district,
        Occurrence = Occurrence0.AddDays(n),
        Status = DigestRecordStatus.Sending,
        Attempts = 1,
        ClaimedAt = Occurrence0.AddDays(n).AddSeconds(3),
        ClaimedBy = "host-a/" + n,
    };

    protected override DigestRecord Changed(DigestRecord item) => item with
    {
        Status = DigestRecordStatus.Sent,
        Attempts = 2,
        SentAt = item.ClaimedAt.AddSeconds(2),
        ProviderMessageId = "sg-digest-1",
        LastError = "timeout on the first attempt",
        NextAttemptAt = item.ClaimedAt.AddMinutes(5),
        Subject = "房山区土地出让合同履约提醒（2026年11月）",
        RecipientCount = 3,
    };

    protected override DigestRecord WithETag(DigestRecord item, string? etag) => item with { ETag = etag };

    [Fact]
    public async Task FindLatestSentBeforeAsync_SentAndFailedRecords_LatestSentInsideTheWindowBeforeTheInstant()
    {
        var store = NewDigestStore();
        await store.CreateManyAsync(Fangshan, [Changed(Sample(1)), Changed(Sample(3)), Sample(4) with { Status = DigestRecordStatus.Failed }, Changed(Sample(6))]);
        await store.CreateManyAsync(Daxing, [Changed(Sample(5, Daxing))]);

        var latest = await store.FindLatestSentBeforeAsync(Fangshan, Occurrence0.AddDays(6), TimeSpan.FromDays(4));
        var outside = await store.FindLatestSentBeforeAsync(Fangshan, Occurrence0.AddDays(6), TimeSpan.FromDays(2));
        var list = await store.ListAsync(Fangshan).ToListAsync();

        Assert.Equal(Sample(3).Key, latest!.Key);
        Fields.Same(Changed(Sample(3)), latest with { ETag = null });
        Assert.Null(outside);
        Assert.Equal([1, 3, 4, 6], list.Select(r => (r.Occurrence - Occurrence0).Days));
    }
}

[Trait("Category", "unit")]
public sealed class ContractInMemoryAlertStoreTests : ContractAlertStoreTests
{
    protected override IAlertStore NewAlertStore() => new InMemoryStorage().Alerts;
}

[Trait("Category", "azurite")]
[Collection("azurite")]
public sealed class ContractTableAlertStoreTests(AzuriteFixture azurite) : ContractAlertStoreTests
{
    protected override IAlertStore NewAlertStore() => new TableAlertStore(azurite.CreateFactory());
}

[Trait("Category", "unit")]
public sealed class ContractInMemoryTaskStoreTests : ContractTaskStoreTests
{
    protected override ITaskStore NewTaskStore() => new InMemoryStorage().Tasks;
}

[Trait("Category", "azurite")]
[Collection("azurite")]
public sealed class ContractTableTaskStoreTests(AzuriteFixture azurite) : ContractTaskStoreTests
{
    protected override ITaskStore NewTaskStore() => new TableTaskStore(azurite.CreateFactory());
}

[Trait("Category", "unit")]
public sealed class ContractInMemoryOutboxStoreTests : ContractOutboxStoreTests
{
    protected override IOutboxStore NewOutboxStore() => new InMemoryStorage().Outbox;
}

[Trait("Category", "azurite")]
[Collection("azurite")]
public sealed class ContractTableOutboxStoreTests(AzuriteFixture azurite) : ContractOutboxStoreTests
{
    protected override IOutboxStore NewOutboxStore() => new TableOutboxStore(azurite.CreateFactory());
}

[Trait("Category", "unit")]
public sealed class ContractInMemoryDigestRecordStoreTests : ContractDigestRecordStoreTests
{
    protected override IDigestRecordStore NewDigestStore() => new InMemoryStorage().DigestRecords;
}

[Trait("Category", "azurite")]
[Collection("azurite")]
public sealed class ContractTableDigestRecordStoreTests(AzuriteFixture azurite) : ContractDigestRecordStoreTests
{
    protected override IDigestRecordStore NewDigestStore() => new TableDigestRecordStore(azurite.CreateFactory());
}
