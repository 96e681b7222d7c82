using ComplianceMonitor.Application.Contacts;
using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Infrastructure.Reminders;
using ComplianceMonitor.Testing.Storage;
using static ComplianceMonitor.Infrastructure.Tests.Reminders.DeliverySamples;

namespace ComplianceMonitor.Infrastructure.Tests.Reminders;

/// <summary>
/// <see cref="OutboxRequeueService"/> over the real tables: dead reminders (killed by the real dispatcher against a
/// WireMock SendGrid) go back to pending once, by id, reason or day, audited with the operator, idempotently; a dry run
/// writes nothing; a crash between the audit row and the entry never leaves a revived entry without its row.
/// </summary>
[Trait("Category", "azurite")]
[Collection("azurite")]
public sealed class OutboxRequeueTests(AzuriteFixture azurite) : IDisposable
{
    private const string Invalid400 = """{"errors":[{"field":"personalizations.0.to.0.email","message":"Does not contain a valid address."}]}""";
    private const string Dead400 = "SendGrid 400: Does not contain a valid address. (personalizations.0.to.0.email)";
    private static readonly DateOnly DiedOn = new(2026, 6, 23);
    private readonly DispatchHost _host = new(azurite);

    public void Dispose() => _host.Dispose();

    private OutboxRequeueService CreateSut(IOutboxStore? outbox = null) => new(outbox ?? _host.Outbox, _host.Log, _host.Audit, _host.Time);

    private static OutboxRequeueFilter Filter(string[]? ids = null, string? reason = null, DateOnly? day = null) =>
        new([DispatchHost.District], ids ?? [], reason, day);

    /// <summary>One lease's email reminder, killed by a permanent SendGrid 400 on 2026-06-23 (Beijing); SendGrid accepts afterwards.</summary>
    private async Task<OutboxEntry> DeadEmailAsync()
    {
        _host.SendGridFailsFirst(1, 400, Invalid400);
        var lease = Lease();
        var alert = Alert(lease);
        var email = Entry(alert);
        await _host.SeedAsync(lease, alert, [email]);
        await _host.CreateSut().RunOnceAsync();
        var dead = await _host.EntryAsync(email.Id);
        Assert.Equal((OutboxStatus.Dead, Dead400), (dead.Status, dead.LastError));
        return dead;
    }

    private async Task<List<AuditEntry>> AuditAsync(string subject)
    {
        var list = new List<AuditEntry>();
        await foreach (var a in _host.Audit.ListAsync(subject))
        {
            list.Add(a);
        }

        return list;
    }

    [Fact]
    public async Task RequeueAsync_DryRun_ListsTheDeadEntryAndWritesNothing()
    {
        var dead = await DeadEmailAsync();
        var before = await StorageSnapshot.TakeAsync(_host.Factory);

        var result = await CreateSut().RequeueAsync(Filter(ids: [dead.Id]), "ops-li", null, apply: false);

        var item = Assert.Single(result.Items);
        Assert.Equal((dead.Id, DiedOn, RequeueOutcome.WouldRequeue, false), (item.Entry.Id, item.DiedOn, item.Outcome, result.Applied));
        Assert.Equal(0, result.Requeued);
        var diff = (await StorageSnapshot.TakeAsync(_host.Factory)).DifferencesFrom(before);
        Assert.True(diff.Length == 0, "storage changed:\n" + diff);
    }

    [Fact]
    public async Task RequeueAsync_ById_PendingAuditedWithTheOperator_SentOnTheNextPass_SecondRunDoesNothing()
    {
        var dead = await DeadEmailAsync();
        _host.Time.Advance(TimeSpan.FromHours(1));
        var at = _host.Time.GetUtcNow();

        var result = await CreateSut().RequeueAsync(Filter(ids: [dead.Id]), "ops-li", "地址已由企业更正", apply: true);
        var again = await CreateSut().RequeueAsync(Filter(ids: [dead.Id]), "ops-li", null, apply: true);

        Assert.Equal(1, result.Requeued);
        var revived = await _host.EntryAsync(dead.Id);
        Assert.Equal((OutboxStatus.Pending, 1, (DateTimeOffset?)null, Dead400), (revived.Status, revived.Attempts, revived.NextAttemptAt, revived.LastError));
        var audit = Assert.Single(await AuditAsync(dead.LeaseId));
        Assert.Equal(
            new AuditEntry(at, "ops-li", AuditEntry.OutboxRequeued, dead.LeaseId, $"{dead.Id}: dead ({Dead400}); 1 attempt(s)", $"{dead.Id}: pending", "地址已由企业更正"),
            audit);
        Assert.False(audit.Pending);
        Assert.Empty(again.Items);
        Assert.Equal([dead.Id], again.UnmatchedIds);
        Assert.Single(await AuditAsync(dead.LeaseId));

        var pass = await _host.CreateSut().RunOnceAsync();
        Assert.Equal(1, pass.Sent);
        Assert.Equal(OutboxStatus.Sent, (await _host.EntryAsync(dead.Id)).Status);
        Assert.Equal(2, _host.SendGridLog().Count);
    }

    [Fact]
    public async Task RequeueAsync_ByReasonAndByDay_MatchOnlyWhatTheySay()
    {
        var dead = await DeadEmailAsync();
        var sut = CreateSut();

        var byReason = await sut.RequeueAsync(Filter(reason: "does not contain a VALID address"), "ops-li", null, apply: false);
        var otherReason = await sut.RequeueAsync(Filter(reason: "SendGrid 500"), "ops-li", null, apply: false);
        var byDay = await sut.RequeueAsync(Filter(day: DiedOn), "ops-li", null, apply: false);
        var otherDay = await sut.RequeueAsync(Filter(day: DiedOn.AddDays(-1)), "ops-li", null, apply: false);
        var both = await sut.RequeueAsync(Filter(reason: "SendGrid 400", day: DiedOn.AddDays(1)), "ops-li", null, apply: false);

        Assert.Equal([dead.Id], byReason.Items.Select(i => i.Entry.Id));
        Assert.Empty(otherReason.Items);
        Assert.Equal([dead.Id], byDay.Items.Select(i => i.Entry.Id));
        Assert.Empty(otherDay.Items);
        Assert.Empty(both.Items);
        await Assert.ThrowsAsync<ArgumentException>(() => sut.RequeueAsync(Filter(), "ops-li", null, apply: true));
    }

    [Fact]
    public async Task RequeueAsync_Once_ARevivedEntryThatFailsAgainIsDeadAfterOneMoreAttempt()
    {
        _host.SendGridFailsFirst(100, 500, """{"errors":[{"message":"internal error"}]}""");
        var lease = Lease();
        var alert = Alert(lease);
        var email = Entry(alert);
        await _host.SeedAsync(lease, alert, [email]);
        var options = DispatchHost.Options(maxAttempts: 3);
        await _host.DrainAsync(_host.CreateSut(options), TimeSpan.FromHours(1));
        Assert.Equal((OutboxStatus.Dead, 3), ((await _host.EntryAsync(email.Id)).Status, (await _host.EntryAsync(email.Id)).Attempts));

        await CreateSut().RequeueAsync(Filter(ids: [email.Id]), "ops-li", null, apply: true);
        var pass = await _host.CreateSut(options).RunOnceAsync();

        var after = await _host.EntryAsync(email.Id);
        Assert.Equal((OutboxStatus.Dead, 4, 1), (after.Status, after.Attempts, pass.Dead));
        Assert.Equal("gave up after 4 attempts; the last: SendGrid 500: internal error", after.LastError);
        Assert.Equal(4, _host.SendGridLog().Count);
    }

    [Fact]
    public async Task RequeueAsync_TwoOperatorsAtOnce_OneRevivalOneAuditRow()
    {
        var dead = await DeadEmailAsync();

        var results = await Task.WhenAll(
            CreateSut(new TableOutboxStore(_host.Factory)).RequeueAsync(Filter(ids: [dead.Id]), "ops-li", null, apply: true),
            CreateSut(new TableOutboxStore(_host.Factory)).RequeueAsync(Filter(ids: [dead.Id]), "ops-wang", null, apply: true));

        Assert.Equal(1, results.Sum(r => r.Requeued));
        var audit = Assert.Single(await AuditAsync(dead.LeaseId));
        Assert.Equal(results.Single(r => r.Requeued == 1) == results[0] ? "ops-li" : "ops-wang", audit.Actor);
        Assert.False(audit.Pending);
        Assert.Equal(OutboxStatus.Pending, (await _host.EntryAsync(dead.Id)).Status);
    }

    [Fact]
    public async Task RequeueAsync_CrashAfterTheEntryIsWritten_TheChangeStillHasItsAuditRow()
    {
        // The process "dies" right after the entry's write (the store throws after writing): the audit row written
        // before it remains, pending, naming the operator. A revived entry without its row cannot happen.
        var dead = await DeadEmailAsync();
        var crashing = new CrashAfterWriteOutbox(_host.Outbox);

        await Assert.ThrowsAsync<IOException>(() => CreateSut(crashing).RequeueAsync(Filter(ids: [dead.Id]), "ops-li", null, apply: true));

        Assert.Equal(OutboxStatus.Pending, (await _host.EntryAsync(dead.Id)).Status);
        var audit = Assert.Single(await AuditAsync(dead.LeaseId));
        Assert.Equal(("ops-li", AuditEntry.OutboxRequeued, true), (audit.Actor, audit.Action, audit.Pending));
    }

    [Fact]
    public async Task RequeueAsync_CrashBeforeTheEntryIsWritten_AuditRowPendingAndEntryStillDead()
    {
        var dead = await DeadEmailAsync();
        var crashing = new CrashBeforeWriteOutbox(_host.Outbox);

        await Assert.ThrowsAsync<IOException>(() => CreateSut(crashing).RequeueAsync(Filter(ids: [dead.Id]), "ops-li", null, apply: true));

        Assert.Equal(OutboxStatus.Dead, (await _host.EntryAsync(dead.Id)).Status);
        var audit = Assert.Single(await AuditAsync(dead.LeaseId));
        Assert.True(audit.Pending);
    }

    /// <summary>Writes the update, then fails as if the process had died before reporting back.</summary>
    private sealed class CrashAfterWriteOutbox(IOutboxStore inner) : IOutboxStore
    {
        public Task<OutboxEntry?> GetAsync(string districtCode, string key, CancellationToken cancellationToken = default) => inner.GetAsync(districtCode, key, cancellationToken);

        public Task<IReadOnlyList<WriteResult>> CreateManyAsync(string districtCode, IReadOnlyList<OutboxEntry> items, CancellationToken cancellationToken = default) => inner.CreateManyAsync(districtCode, items, cancellationToken);

        public async Task<IReadOnlyList<WriteResult>> UpdateManyAsync(string districtCode, IReadOnlyList<OutboxEntry> items, CancellationToken cancellationToken = default)
        {
            await inner.UpdateManyAsync(districtCode, items, cancellationToken);
            throw new IOException("crash after the entry was written");
        }

        public IAsyncEnumerable<StoreReadItem<OutboxEntry>> ListAsync(string districtCode, IReadOnlyCollection<OutboxStatus>? statuses = null, CancellationToken cancellationToken = default) => inner.ListAsync(districtCode, statuses, cancellationToken);
    }

    /// <summary>Fails before the update reaches storage.</summary>
    private sealed class CrashBeforeWriteOutbox(IOutboxStore inner) : IOutboxStore
    {
        public Task<OutboxEntry?> GetAsync(string districtCode, string key, CancellationToken cancellationToken = default) => inner.GetAsync(districtCode, key, cancellationToken);

        public Task<IReadOnlyList<WriteResult>> CreateManyAsync(string districtCode, IReadOnlyList<OutboxEntry> items, CancellationToken cancellationToken = default) => inner.CreateManyAsync(districtCode, items, cancellationToken);

        public Task<IReadOnlyList<WriteResult>> UpdateManyAsync(string districtCode, IReadOnlyList<OutboxEntry> items, CancellationToken cancellationToken = default) =>
            throw new IOException("crash before the entry was written");

        public IAsyncEnumerable<StoreReadItem<OutboxEntry>> ListAsync(string districtCode, IReadOnlyCollection<OutboxStatus>? statuses = null, CancellationToken cancellationToken = default) => inner.ListAsync(districtCode, statuses, cancellationToken);
    }
}
