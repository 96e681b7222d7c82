using ComplianceMonitor.Application.Contacts;
using ComplianceMonitor.Application.Leases;
using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Domain.Rules;
using ComplianceMonitor.Infrastructure.Contacts;
using ComplianceMonitor.Infrastructure.Leases;
using ComplianceMonitor.Infrastructure.Reminders;
using ComplianceMonitor.Infrastructure.Scanning;
using ComplianceMonitor.Infrastructure.Storage;
using ComplianceMonitor.Testing.InMemory;
using ComplianceMonitor.Testing.Storage;
using static ComplianceMonitor.Infrastructure.Tests.Contracts.SettingsSamples;

namespace ComplianceMonitor.Infrastructure.Tests.Contracts;

/// <summary>Samples shared by the contract suites of the smaller ports.</summary>
internal static class SettingsSamples
{
    public const string Fangshan = "110111";
    public const string Daxing = "110115";
    public const string CreditCode = "91110111MA01ABCD2X";
    public static readonly DateTimeOffset Now = new(2026, 11, 26, 1, 30, 0, TimeSpan.Zero);
}

/// <summary>The contract of <see cref="IContactPreferencesStore"/> (contact preferences: insert-if-absent (409 → null), replace under ETag (412/404 → null), every field round-trips), run on the in-memory and the table adapter.</summary>
public abstract class ContractContactPreferencesTests
{
    protected abstract IContactPreferencesStore Preferences();

    [Fact]
    public async Task Preferences_InsertReplaceStale_EtagGuardedEveryFieldRoundTrips()
    {
        var store = Preferences();
        var stop = new ContactPreferences(CreditCode, true, Now, "li@fangshan");
        Assert.Null(await store.GetAsync(CreditCode));

        var etag = await store.SaveAsync(stop, null);
        var again = await store.SaveAsync(stop with { SmsStopped = false }, null);
        var read = await store.GetAsync(CreditCode);
        var resumed = stop with { SmsStopped = false, ChangedAt = Now.AddDays(1), ChangedBy = "wang@fangshan" };
        var replaced = await store.SaveAsync(resumed, etag);
        var stale = await store.SaveAsync(stop, etag);
        var final = await store.GetAsync(CreditCode);

        Assert.NotNull(etag);
        Assert.Null(again);
        Assert.Equal(stop, read!.Value);
        Assert.Equal(etag, read.ETag);
        Assert.NotNull(replaced);
        Assert.NotEqual(etag, replaced);
        Assert.Null(stale);
        Assert.Equal(resumed, final!.Value);
        Assert.Equal(replaced, final.ETag);
        Assert.Null(await store.SaveAsync(new ContactPreferences("91110111MA01ZZZZ9X", true, Now, "x"), replaced));
    }

    [Fact]
    public async Task Preferences_ListSmsStopped_OnlyThoseStopped()
    {
        var store = Preferences();
        await store.SaveAsync(new ContactPreferences(CreditCode, true, Now, "li"), null);
        await store.SaveAsync(new ContactPreferences("91110111MA01ZZZZ9X", false, Now, "li"), null);

        var stopped = await store.ListSmsStoppedAsync().ToListAsync();

        Assert.Equal([CreditCode], stopped.Select(p => p.CreditCode));
    }
}

[Trait("Category", "unit")]
public sealed class ContractInMemoryContactPreferencesTests : ContractContactPreferencesTests
{
    private readonly InMemoryStorage _storage = new();

    protected override IContactPreferencesStore Preferences() => _storage.Preferences;
}

[Trait("Category", "azurite")]
[Collection("azurite")]
public sealed class ContractTableContactPreferencesTests(AzuriteFixture azurite) : ContractContactPreferencesTests
{
    protected override IContactPreferencesStore Preferences() => new TableContactPreferencesStore(azurite.CreateFactory());
}

/// <summary>The contract of <see cref="ISnoozeStore"/> (snoozes: insert-if-absent, replace and delete under ETag; stale and missing refused), run on the in-memory and the table adapter.</summary>
public abstract class ContractSnoozeTests
{
    protected abstract ISnoozeStore Snoozes();

    [Fact]
    public async Task Snoozes_InsertReplaceDeleteUnderETag_StaleAndMissingRefused()
    {
        var store = Snoozes();
        var all = new Snooze("FS-1", null, "整改中", new DateOnly(2026, 12, 31), "li@fangshan", Now);
        var one = new Snooze("FS-1", RuleCode.ASSESSMENT_APPLICATION, "已受理", new DateOnly(2026, 12, 15), "li@fangshan", Now);
        Assert.Null(await store.GetAsync(Fangshan, "FS-1", null));

        var e1 = await store.SaveAsync(Fangshan, all, null);
        var e2 = await store.SaveAsync(Fangshan, one, null);
        var dup = await store.SaveAsync(Fangshan, all with { Reason = "again" }, null);
        var longer = all with { Until = new DateOnly(2027, 1, 31) };
        var e3 = await store.SaveAsync(Fangshan, longer, e1);
        var stale = await store.SaveAsync(Fangshan, all, e1);
        var read = await store.GetAsync(Fangshan, "FS-1", null);
        var listed = await store.ListAsync(Fangshan).ToListAsync();

        Assert.NotNull(e1);
        Assert.NotNull(e2);
        Assert.Null(dup);
        Assert.NotNull(e3);
        Assert.Null(stale);
        Assert.Equal(longer, read!.Value);
        Assert.Equal(e3, read.ETag);
        Assert.Equal(2, listed.Count);
        Assert.Contains(one, listed);
        Assert.Empty(await store.ListAsync(Daxing).ToListAsync());

        Assert.False(await store.DeleteAsync(Fangshan, longer, e1!));
        Assert.True(await store.DeleteAsync(Fangshan, longer, e3!));
        Assert.False(await store.DeleteAsync(Fangshan, longer, e3!));
        Assert.Null(await store.GetAsync(Fangshan, "FS-1", null));
        Assert.Equal(one, (await store.GetAsync(Fangshan, "FS-1", RuleCode.ASSESSMENT_APPLICATION))!.Value);
    }
}

[Trait("Category", "unit")]
public sealed class ContractInMemorySnoozeTests : ContractSnoozeTests
{
    private readonly InMemoryStorage _storage = new();

    protected override ISnoozeStore Snoozes() => _storage.Snoozes;
}

[Trait("Category", "azurite")]
[Collection("azurite")]
public sealed class ContractTableSnoozeTests(AzuriteFixture azurite) : ContractSnoozeTests
{
    protected override ISnoozeStore Snoozes() => new TableSnoozeStore(azurite.CreateFactory());
}

/// <summary>The contract of <see cref="IChannelPauseStore"/> (channel pauses: one per channel, the last pause replaces, resume removes), run on the in-memory and the table adapter.</summary>
public abstract class ContractChannelPauseTests
{
    protected abstract IChannelPauseStore Pauses();

    [Fact]
    public async Task Pauses_PauseReplaceResume_OnePerChannelEveryFieldRoundTrips()
    {
        var store = Pauses();
        Assert.Empty(await store.ListAsync());
        var email = new ChannelPause(OutboxChannel.Email, "401 Unauthorized: the API key was rejected", new ProviderStatus(401, "unauthorized"), Now, Now.AddMinutes(30));
        var sms = new ChannelPause(OutboxChannel.Sms, "21606: the From number is not valid", null, Now, Now.AddHours(1));

        await store.PauseAsync(email);
        await store.PauseAsync(sms);
        var later = email with { Until = Now.AddHours(2), Reason = "still refused" };
        await store.PauseAsync(later);
        var both = await store.ListAsync();
        await store.ResumeAsync(OutboxChannel.Sms);
        await store.ResumeAsync(OutboxChannel.Sms);

        Assert.Equal([later, sms], both.OrderBy(p => p.Channel));
        Assert.Equal([later], await store.ListAsync());
    }
}

[Trait("Category", "unit")]
public sealed class ContractInMemoryChannelPauseTests : ContractChannelPauseTests
{
    private readonly InMemoryStorage _storage = new();

    protected override IChannelPauseStore Pauses() => _storage.ChannelPauses;
}

[Trait("Category", "azurite")]
[Collection("azurite")]
public sealed class ContractTableChannelPauseTests(AzuriteFixture azurite) : ContractChannelPauseTests
{
    protected override IChannelPauseStore Pauses() => new TableChannelPauseStore(azurite.CreateFactory());
}

/// <summary>The contract of <see cref="IRunStore"/> (run records: create or replace, per district, in run-id order), run on the in-memory and the table adapter.</summary>
public abstract class ContractRunStoreTests
{
    protected abstract IRunStore Runs();

    [Fact]
    public async Task Runs_PutGetReplaceList_EveryFieldRoundTripsPerDistrict()
    {
        var store = Runs();
        var run = new ScanRun
        {
            RunId = "run-20261126-0830",
            DistrictCode = Fangshan,
            AsOf = new DateOnly(2026, 11, 26),
            StartedAt = Now,
            Outcome = ScanOutcome.Running,
        };
        Assert.Null(await store.GetAsync(Fangshan, run.RunId));

        await store.PutAsync(run);
        var done = run with
        {
            FinishedAt = Now.AddSeconds(12),
            Outcome = ScanOutcome.Succeeded,
            Leases = 120, AlertsRead = 40, TasksRead = 7, Findings = 44, AlertsCreated = 4, AlertsUpdated = 3, AlertsResolved = 2,
            OutboxQueued = 6, OutboxSuperseded = 1, TasksOpened = 2, TasksResolved = 1, TasksEscalated = 1, TasksReopened = 3, TasksConfirmed = 5,
            QuarantineReleased = 1, RuleRevision = 2, QuarantinedLeaseIds = ["FS-9"], Warnings = ["lease FS-9: leaseEnd: not a date"],
        };
        await store.PutAsync(done);
        await store.PutAsync(run with { RunId = "run-20261125-0830", DistrictCode = Fangshan });
        await store.PutAsync(run with { DistrictCode = Daxing });

        var read = await store.GetAsync(Fangshan, run.RunId);
        Fields.Same(done, read);
        Assert.Equal((3, 5), (read!.TasksReopened, read.TasksConfirmed));
        Assert.Equal(["run-20261125-0830", "run-20261126-0830"], (await store.ListAsync(Fangshan).ToListAsync()).Select(r => r.RunId));
    }
}

[Trait("Category", "unit")]
public sealed class ContractInMemoryRunStoreTests : ContractRunStoreTests
{
    private readonly InMemoryStorage _storage = new();

    protected override IRunStore Runs() => _storage.Runs;
}

[Trait("Category", "azurite")]
[Collection("azurite")]
public sealed class ContractTableRunStoreTests(AzuriteFixture azurite) : ContractRunStoreTests
{
    protected override IRunStore Runs() => new TableRunStore(azurite.CreateFactory());

    /// <summary>A run stored before the recheck counts were (no TasksReopened / TasksConfirmed columns) reads them as 0, its other counts intact.</summary>
    [Fact]
    public async Task Runs_StoredWithoutRecheckColumns_ReadReopenedAndConfirmedAsZero()
    {
        var factory = azurite.CreateFactory();
        var store = new TableRunStore(factory);
        var run = new ScanRun
        {
            RunId = "run-20261120-0830", DistrictCode = Fangshan, AsOf = new DateOnly(2026, 11, 20), StartedAt = Now, FinishedAt = Now.AddSeconds(9),
            Outcome = ScanOutcome.Succeeded, Leases = 80, Findings = 31, TasksOpened = 2, TasksResolved = 1, TasksEscalated = 1, TasksReopened = 4, TasksConfirmed = 6,
        };
        await store.PutAsync(run);
        var table = await factory.GetTableClientAsync(MonitoringTables.Runs);
        var entity = (await table.GetEntityAsync<Azure.Data.Tables.TableEntity>(Fangshan, run.RunId)).Value;
        Assert.True(entity.Remove("TasksReopened") && entity.Remove("TasksConfirmed"));
        await table.UpdateEntityAsync(entity, entity.ETag, Azure.Data.Tables.TableUpdateMode.Replace);

        var read = await store.GetAsync(Fangshan, run.RunId);

        Fields.Same(run with { TasksReopened = 0, TasksConfirmed = 0 }, read);
        Assert.Equal((0, 0, 2, 1, 1), (read!.TasksReopened, read.TasksConfirmed, read.TasksOpened, read.TasksResolved, read.TasksEscalated));
    }
}

/// <summary>The contract of <see cref="IQuarantineStore"/> (quarantine: create or replace, remove ignores missing ones), run on the in-memory and the table adapter.</summary>
public abstract class ContractQuarantineStoreTests
{
    protected abstract IQuarantineStore Quarantine();

    [Fact]
    public async Task Quarantine_PutReplaceRemove_MissingIgnored()
    {
        var store = Quarantine();
        var a = new QuarantineEntry(Fangshan, "FS-2", "run-1", new DateOnly(2026, 11, 25), "leaseEnd: not a date", Now);
        var b = new QuarantineEntry(Fangshan, "FS-1", "run-1", new DateOnly(2026, 11, 25), "districtCode: missing", Now);

        await store.PutManyAsync(Fangshan, [a, b]);
        var again = a with { RunId = "run-2", AsOf = new DateOnly(2026, 11, 26), QuarantinedAt = Now.AddDays(1) };
        await store.PutManyAsync(Fangshan, [again]);
        var listed = await store.ListAsync(Fangshan).ToListAsync();
        await store.RemoveManyAsync(Fangshan, ["FS-1", "FS-404"]);

        Assert.Equal([b, again], listed);
        Assert.Equal([again], await store.ListAsync(Fangshan).ToListAsync());
        Assert.Empty(await store.ListAsync(Daxing).ToListAsync());
    }
}

[Trait("Category", "unit")]
public sealed class ContractInMemoryQuarantineStoreTests : ContractQuarantineStoreTests
{
    private readonly InMemoryStorage _storage = new();

    protected override IQuarantineStore Quarantine() => _storage.Quarantine;
}

[Trait("Category", "azurite")]
[Collection("azurite")]
public sealed class ContractTableQuarantineStoreTests(AzuriteFixture azurite) : ContractQuarantineStoreTests
{
    protected override IQuarantineStore Quarantine() => new TableQuarantineStore(azurite.CreateFactory());
}

/// <summary>The contract of <see cref="IDeliveryLog"/> (delivery log: an attempt row added once, replaced under ETag (stale → null) or unconditionally by the claim holder), run on the in-memory and the table adapter.</summary>
public abstract class ContractDeliveryLogTests
{
    protected abstract IDeliveryLog DeliveryLog();

    [Fact]
    public async Task DeliveryLog_AddUpdateUnderETagStaleUnconditional_RowsOfOneEntryInOrder()
    {
        var log = DeliveryLog();
        var attempt = new DeliveryAttempt
        {
            AttemptId = "20261126T013000Z-0001",
            DistrictCode = Fangshan,
            OutboxId = "ob-1",
            LeaseId = "FS-1",
            Stage = "D-7",
            Channel = OutboxChannel.Email,
            MaskedRecipient = "z***@example.com",
            Attempt = 1,
            StartedAt = Now,
        };
        Assert.Null(await log.GetAsync(Fangshan, "ob-1", attempt.AttemptId));

        var added = await log.AddAsync(attempt);
        var twice = await log.AddAsync(attempt with { Attempt = 9 });
        var marked = await log.UpdateAsync(added with { Outcome = DeliveryOutcome.Unknown, FinishedAt = Now.AddMinutes(5), Reason = "stopped" });
        var stale = await log.UpdateAsync(added with { Outcome = DeliveryOutcome.Accepted });
        var owner = await log.UpdateAsync(added with
        {
            ETag = null,
            Outcome = DeliveryOutcome.Accepted,
            ProviderMessageId = "sg-1",
            ProviderStatus = new ProviderStatus(202, "accepted"),
            FinishedAt = Now.AddMinutes(6),
            Flags = DeliveryFlags.Recovered,
        });
        await log.AddAsync(attempt with { AttemptId = "20261126T023000Z-0002", Attempt = 2 });
        await log.AddAsync(attempt with { OutboxId = "ob-10", AttemptId = "20261126T013000Z-0003" });
        var read = await log.GetAsync(Fangshan, "ob-1", attempt.AttemptId);

        Assert.False(string.IsNullOrEmpty(added.ETag));
        Assert.Equal(added.ETag, twice.ETag);
        Assert.Equal(1, twice.Attempt);
        Assert.NotNull(marked);
        Assert.NotEqual(added.ETag, marked.ETag);
        Assert.Null(stale);
        Assert.NotNull(owner);
        Assert.Equal(owner.ETag, read!.ETag);
        Fields.Same(owner with { ETag = null }, read with { ETag = null });
        Assert.Equal(["20261126T013000Z-0001", "20261126T023000Z-0002"], (await log.ListAsync(Fangshan, "ob-1").ToListAsync()).Select(a => a.AttemptId));
        Assert.Equal(3, (await log.ListAsync(Fangshan).ToListAsync()).Count);
    }
}

[Trait("Category", "unit")]
public sealed class ContractInMemoryDeliveryLogTests : ContractDeliveryLogTests
{
    private readonly InMemoryStorage _storage = new();

    protected override IDeliveryLog DeliveryLog() => _storage.DeliveryLog;
}

[Trait("Category", "azurite")]
[Collection("azurite")]
public sealed class ContractTableDeliveryLogTests(AzuriteFixture azurite) : ContractDeliveryLogTests
{
    protected override IDeliveryLog DeliveryLog() => new TableDeliveryLog(azurite.CreateFactory());
}

/// <summary>The contract of <see cref="IAuditLog"/> (audit log: write-ahead entries pending, confirmed, discarded; oldest first), run on the in-memory and the table adapter.</summary>
public abstract class ContractAuditLogTests
{
    protected abstract IAuditLog Audit();

    [Fact]
    public async Task Audit_AppendPendingConfirmDiscard_OldestFirstWithTheirStates()
    {
        var audit = Audit();
        var subject = "FS-2024-0001";
        var first = new AuditEntry(Now, "li@fangshan", "snooze", subject, null, "2026-12-31", "整改中");
        var second = new AuditEntry(Now.AddMinutes(1), "wang@fangshan", "lift", subject, "2026-12-31", null, null);
        var third = new AuditEntry(Now.AddMinutes(2), "wang@fangshan", "snooze", subject, null, "2027-01-31", "lost a race");

        await audit.AppendAsync(first);
        var pending = await audit.AppendPendingAsync(second);
        var lost = await audit.AppendPendingAsync(third);
        var beforeConfirm = await audit.ListAsync(subject).ToListAsync();
        await audit.ConfirmAsync(subject, pending);
        await audit.DiscardAsync(subject, lost);
        await audit.DiscardAsync(subject, lost);
        var after = await audit.ListAsync(subject).ToListAsync();

        Assert.Equal([false, true, true], beforeConfirm.Select(e => e.Pending));
        Assert.Equal([first, second], after);
        Assert.Empty(await audit.ListAsync("FS-2024-0002").ToListAsync());
        await Assert.ThrowsAsync<ArgumentException>(() => audit.AppendAsync(first with { Subject = new string('x', 600) }));
        await Assert.ThrowsAnyAsync<Exception>(() => audit.ConfirmAsync(subject, "20261126T000000Z-00000000"));
    }
}

[Trait("Category", "unit")]
public sealed class ContractInMemoryAuditLogTests : ContractAuditLogTests
{
    private readonly InMemoryStorage _storage = new();

    protected override IAuditLog Audit() => _storage.AuditLog;
}

[Trait("Category", "azurite")]
[Collection("azurite")]
public sealed class ContractTableAuditLogTests(AzuriteFixture azurite) : ContractAuditLogTests
{
    protected override IAuditLog Audit() => new TableAuditLog(azurite.CreateFactory());
}

/// <summary>The contract of <see cref="ILeaseHistoryStore"/> (lease history: write-ahead entries pending, confirmed, discarded; texts cut to their stored lengths), run on the in-memory and the table adapter.</summary>
public abstract class ContractLeaseHistoryTests
{
    protected abstract ILeaseHistoryStore History();

    [Fact]
    public async Task History_AddPendingConfirmDiscard_OldestFirstTextsCutToTheirLengths()
    {
        var history = History();
        var actor = new string('a', 300);

        var created = await history.AddPendingAsync(Fangshan, "FS-1", Now, actor, "cli", "upsert", "created from ledger.xlsx");
        var lost = await history.AddPendingAsync(Fangshan, "FS-1", Now.AddSeconds(1), "li", "api", "replace", new string('d', 600));
        var stopped = await history.AddPendingAsync(Fangshan, "FS-1", Now.AddSeconds(2), "li", "api", "event", null);
        await history.ConfirmAsync(Fangshan, "FS-1", created, "created");
        await history.DiscardAsync(Fangshan, "FS-1", lost);
        await history.DiscardAsync(Fangshan, "FS-1", lost);
        var entries = await history.ReadAsync(Fangshan, "FS-1").ToListAsync();

        Assert.Equal(
            [
                new LeaseHistoryEntry(Fangshan, "FS-1", created, Now, new string('a', 256), "cli", "created", "created from ledger.xlsx", LeaseHistoryState.Applied),
                new LeaseHistoryEntry(Fangshan, "FS-1", stopped, Now.AddSeconds(2), "li", "api", "event", null, LeaseHistoryState.Pending),
            ],
            entries);
        Assert.Empty(await history.ReadAsync(Daxing, "FS-1").ToListAsync());
        Assert.Empty(await history.ReadAsync(Fangshan, "FS~1").ToListAsync());
        await Assert.ThrowsAnyAsync<Exception>(() => history.ConfirmAsync(Fangshan, "FS-1", "20261126T000000Z-00000000", "created"));
    }
}

[Trait("Category", "unit")]
public sealed class ContractInMemoryLeaseHistoryTests : ContractLeaseHistoryTests
{
    private readonly InMemoryStorage _storage = new();

    protected override ILeaseHistoryStore History() => _storage.LeaseHistory;
}

[Trait("Category", "azurite")]
[Collection("azurite")]
public sealed class ContractTableLeaseHistoryTests(AzuriteFixture azurite) : ContractLeaseHistoryTests
{
    protected override ILeaseHistoryStore History() => new TableLeaseHistoryStore(azurite.CreateFactory());
}
