using ComplianceMonitor.Application.Contacts;
using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Tasks;
using ComplianceMonitor.Infrastructure.Composition;
using ComplianceMonitor.Infrastructure.Contacts;
using ComplianceMonitor.Infrastructure.Scanning;
using ComplianceMonitor.Infrastructure.Storage;
using ComplianceMonitor.Infrastructure.Tasks;
using Azure.Data.Tables;
using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Domain.Rules;
using ComplianceMonitor.Infrastructure.Delivery;
using ComplianceMonitor.Infrastructure.Reminders;
using ComplianceMonitor.Testing.Storage;

namespace ComplianceMonitor.Infrastructure.Tests.Delivery;

/// <summary>The delivery table adapters on Azurite: round trips, conditional writes, key escaping, filters.</summary>
[Trait("Category", "azurite")]
[Collection("azurite")]
public sealed class TableDeliveryStoresTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset At = new(2026, 6, 23, 2, 0, 0, TimeSpan.Zero);

    private static DeliveryAttempt Attempt(string outboxId = "FS-1|ASSESSMENT_APPLICATION|2026-06-30|D-7|email|0123456789abcdef", string? id = null) => new()
    {
        AttemptId = id ?? DeliveryAttempt.NewId(At),
        DistrictCode = "110111",
        OutboxId = outboxId,
        LeaseId = "FS-1",
        Stage = "D-7",
        Channel = OutboxChannel.Sms,
        MaskedRecipient = "138****8000",
        Attempt = 3,
        StartedAt = At,
        Flags = DeliveryFlags.Recovered | DeliveryFlags.PossibleDuplicate,
    };

    [Fact]
    public async Task DeliveryLog_StartThenFinish_RoundTripsEveryField()
    {
        var log = new TableDeliveryLog(azurite.CreateFactory());
        var started = await log.AddAsync(Attempt());
        var finished = started with
        {
            ETag = null,
            FinishedAt = At.AddSeconds(2),
            Outcome = DeliveryOutcome.Transient,
            ProviderMessageId = "SM1",
            Reason = "Twilio 503: Service Unavailable",
            RetryAt = At.AddMinutes(1),
        };

        var inFlight = await log.GetAsync("110111", started.OutboxId, started.AttemptId);
        await log.UpdateAsync(finished);
        var read = await log.GetAsync("110111", started.OutboxId, started.AttemptId);

        Assert.Equal(started with { ETag = null }, inFlight! with { ETag = null });
        Assert.Null(inFlight.Outcome);
        Assert.Equal(finished, read! with { ETag = null });
        Assert.NotNull(read.ETag);
    }

    [Fact]
    public async Task DeliveryLog_UpdateWithStaleETag_ReturnsNullAndKeepsTheNewerRow()
    {
        var log = new TableDeliveryLog(azurite.CreateFactory());
        var started = await log.AddAsync(Attempt());
        await log.UpdateAsync(started with { ETag = null, Outcome = DeliveryOutcome.Accepted, FinishedAt = At });

        var stale = await log.UpdateAsync(started with { Outcome = DeliveryOutcome.Unknown, FinishedAt = At });

        Assert.Null(stale);
        Assert.Equal(DeliveryOutcome.Accepted, (await log.GetAsync("110111", started.OutboxId, started.AttemptId))!.Outcome);
    }

    [Fact]
    public async Task DeliveryLog_ListByOutboxId_OnlyThatEntryOldestFirst()
    {
        var log = new TableDeliveryLog(azurite.CreateFactory());
        const string id = "FS-1|ASSESSMENT_APPLICATION|2026-06-30|D-7|email|0123456789abcdef";
        var second = await log.AddAsync(Attempt(id, DeliveryAttempt.NewId(At.AddMinutes(1))));
        var first = await log.AddAsync(Attempt(id, DeliveryAttempt.NewId(At)));
        await log.AddAsync(Attempt(id + "0"));
        await log.AddAsync(Attempt("FS-1|ASSESSMENT_APPLICATION|2026-06-30|D-7|email|0123456789abcdee"));

        var rows = new List<DeliveryAttempt>();
        await foreach (var r in log.ListAsync("110111", id))
        {
            rows.Add(r);
        }

        var all = 0;
        await foreach (var r in log.ListAsync("110111"))
        {
            all++;
        }

        Assert.Equal([first.AttemptId, second.AttemptId], rows.Select(r => r.AttemptId));
        Assert.Equal(4, all);
    }

    [Fact]
    public async Task DeliveryLog_StoredRow_HasMaskedRecipientAndFilterableDuplicateFlag()
    {
        var factory = azurite.CreateFactory();
        var log = new TableDeliveryLog(factory);
        var a = await log.AddAsync(Attempt());

        var table = await factory.GetTableClientAsync(DeliveryTables.Deliveries);
        var flagged = table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PossibleDuplicate eq {true}"));
        var entities = new List<TableEntity>();
        await foreach (var e in flagged)
        {
            entities.Add(e);
        }

        var entity = Assert.Single(entities);
        Assert.Equal(TableDeliveryLog.RowKey(a.OutboxId, a.AttemptId), entity.RowKey);
        Assert.Equal("138****8000", entity.GetString("Recipient"));
        Assert.Equal("recovered,possibleDuplicate", entity.GetString("Flags"));
        Assert.False(entity.ContainsKey("Outcome"));
    }

    [Fact]
    public async Task DeliveryLog_DamagedOutcome_ErrorNamesTheProperty()
    {
        var factory = azurite.CreateFactory();
        var log = new TableDeliveryLog(factory);
        var a = await log.AddAsync(Attempt());
        var table = await factory.GetTableClientAsync(DeliveryTables.Deliveries);
        await table.UpdateEntityAsync(new TableEntity("110111", TableDeliveryLog.RowKey(a.OutboxId, a.AttemptId)) { ["Outcome"] = "sent" }, Azure.ETag.All, TableUpdateMode.Merge);

        var ex = await Assert.ThrowsAsync<StoredEntityException>(() => log.GetAsync("110111", a.OutboxId, a.AttemptId));

        Assert.Contains("property Outcome is 'sent', not a delivery outcome", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Preferences_InsertUpdateAndStaleWrite_AreConditional()
    {
        var store = new TableContactPreferencesStore(azurite.CreateFactory());
        var stopped = new ContactPreferences("91110111MA01ABCD1X", true, At, "wang");

        var etag = await store.SaveAsync(stopped, null);
        var duplicateInsert = await store.SaveAsync(stopped, null);
        var resumed = await store.SaveAsync(stopped with { SmsStopped = false }, etag);
        var stale = await store.SaveAsync(stopped, etag);
        var read = await store.GetAsync("91110111MA01ABCD1X");

        Assert.NotNull(etag);
        Assert.Null(duplicateInsert);
        Assert.NotNull(resumed);
        Assert.Null(stale);
        Assert.Equal(stopped with { SmsStopped = false }, read!.Value);
        Assert.Equal(resumed, read.ETag);
        Assert.Null(await store.GetAsync("91110111MA01ABCD2X"));
    }

    [Fact]
    public async Task Preferences_ListSmsStopped_OnlyStoppedOnes()
    {
        var store = new TableContactPreferencesStore(azurite.CreateFactory());
        await store.SaveAsync(new ContactPreferences("A1", true, At, "wang"), null);
        await store.SaveAsync(new ContactPreferences("B2", false, At, "wang"), null);
        await store.SaveAsync(new ContactPreferences("C3", true, At, "li"), null);

        var stopped = new List<string>();
        await foreach (var p in store.ListSmsStoppedAsync())
        {
            stopped.Add(p.CreditCode);
        }

        Assert.Equal(["A1", "C3"], stopped);
    }

    [Fact]
    public async Task Snoozes_LeaseIdWithReservedCharacters_RoundTripAndDeleteUnderETag()
    {
        var store = new TableSnoozeStore(azurite.CreateFactory());
        var all = new Snooze("京租/2024#7?", null, "等待复核", new DateOnly(2026, 7, 1), "zhao", At);
        var rule = new Snooze("京租/2024#7?", RuleCode.RENT_ARREARS, "分期协议", new DateOnly(2026, 7, 9), "qian", At);

        var etag = await store.SaveAsync("110111", all, null);
        await store.SaveAsync("110111", rule, null);
        var readAll = await store.GetAsync("110111", "京租/2024#7?", null);
        var readRule = await store.GetAsync("110111", "京租/2024#7?", RuleCode.RENT_ARREARS);
        var listed = new List<Snooze>();
        await foreach (var s in store.ListAsync("110111"))
        {
            listed.Add(s);
        }

        Assert.Equal("京租%2F2024%237%3F|*", TableSnoozeStore.RowKey("京租/2024#7?", null));
        Assert.Equal(all, readAll!.Value);
        Assert.Equal(rule, readRule!.Value);
        Assert.Equal(2, listed.Count);

        // Azurite's ETags carry the write time: let the clock move so the replaced row gets a new one.
        await Task.Delay(20);
        var extended = await store.SaveAsync("110111", all with { Until = new DateOnly(2026, 7, 5) }, etag);
        Assert.NotNull(extended);
        Assert.NotEqual(etag, extended);
        Assert.Null(await store.SaveAsync("110111", all, etag));
        Assert.False(await store.DeleteAsync("110111", all, etag!));
        Assert.True(await store.DeleteAsync("110111", all, extended));
        Assert.Null(await store.GetAsync("110111", "京租/2024#7?", null));
        Assert.False(await store.DeleteAsync("110111", all, extended));
        Assert.NotNull(await store.GetAsync("110111", "京租/2024#7?", RuleCode.RENT_ARREARS));
    }

    [Fact]
    public async Task Snoozes_ListWithInjectedDistrict_FindsNothing()
    {
        var store = new TableSnoozeStore(azurite.CreateFactory());
        await store.SaveAsync("110111", new Snooze("FS-1", null, "r", new DateOnly(2026, 7, 1), "zhao", At), null);

        var found = 0;
        await foreach (var s in store.ListAsync("x' or PartitionKey ne 'x"))
        {
            found++;
        }

        Assert.Equal(0, found);
    }

    [Fact]
    public async Task Audit_Entries_ListedOldestFirstPerSubject()
    {
        var audit = new TableAuditLog(azurite.CreateFactory());
        var first = new AuditEntry(At, "zhao", AuditEntry.SnoozeSet, "FS/1", null, "until=2026-07-01; rule=*", "等待复核");
        var second = new AuditEntry(At.AddMinutes(5), "zhao", AuditEntry.SnoozeLifted, "FS/1", "until=2026-07-01; rule=*", null, null);
        await audit.AppendAsync(second);
        await audit.AppendAsync(first);
        await audit.AppendAsync(first with { Subject = "FS/2" });

        var listed = new List<AuditEntry>();
        await foreach (var a in audit.ListAsync("FS/1"))
        {
            listed.Add(a);
        }

        Assert.Equal([first, second], listed);
    }
}
