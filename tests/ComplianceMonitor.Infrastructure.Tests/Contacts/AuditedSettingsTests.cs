using ComplianceMonitor.Application.Contacts;
using ComplianceMonitor.Domain.Rules;
using ComplianceMonitor.Infrastructure.Tests.Reminders;
using ComplianceMonitor.Testing.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using static ComplianceMonitor.Infrastructure.Tests.Reminders.DeliverySamples;

namespace ComplianceMonitor.Infrastructure.Tests.Contacts;

/// <summary>
/// Preferences and snoozes (<see cref="ContactSettingsService"/>) over the real tables: each change has its audit row
/// with the actor, written before the change (pending) and confirmed after; fault-injecting stores show that a crash
/// between the writes never leaves a change without its row, and that a change that lost a race leaves no row.
/// </summary>
[Trait("Category", "azurite")]
[Collection("azurite")]
public sealed class AuditedSettingsTests(AzuriteFixture azurite) : IDisposable
{
    private const string LeaseId = "FS-2022-0001";
    private readonly DispatchHost _host = new(azurite);

    public void Dispose() => _host.Dispose();

    private async Task<string> SeedAsync()
    {
        var lease = Lease(LeaseId);
        var alert = Alert(lease);
        await _host.SeedAsync(lease, alert, [Entry(alert)]);
        return lease.LandUser.CreditCode;
    }

    private ContactSettingsService Settings(IContactPreferencesStore? preferences = null, ISnoozeStore? snoozes = null) =>
        new(_host.Leases, preferences ?? _host.Preferences, snoozes ?? _host.Snoozes, _host.Audit, _host.Outbox, _host.Time, NullLogger<ContactSettingsService>.Instance);

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
    public async Task EveryChange_StopResumeSnoozeLift_HasOneAppliedAuditRowWithTheActor()
    {
        var creditCode = await SeedAsync();
        var settings = Settings();
        var until = new DateOnly(2026, 7, 10);

        await settings.StopSmsAsync(LeaseId, "fs-hotline-wang", "企业来电");
        _host.Time.Advance(TimeSpan.FromMinutes(1));
        await settings.ResumeSmsAsync(LeaseId, "fs-hotline-li");
        _host.Time.Advance(TimeSpan.FromMinutes(1));
        await settings.SnoozeAsync(LeaseId, RuleCode.ASSESSMENT_APPLICATION, until, "待录入", "fs-supervisor-zhao");
        _host.Time.Advance(TimeSpan.FromMinutes(1));
        await settings.LiftSnoozeAsync(LeaseId, RuleCode.ASSESSMENT_APPLICATION, "fs-supervisor-qian");

        var t = DispatchHost.Morning;
        Assert.Equal(
            [
                (t, "fs-hotline-wang", AuditEntry.SmsStopped, false),
                (t.AddMinutes(1), "fs-hotline-li", AuditEntry.SmsResumed, false),
            ],
            (await AuditAsync(creditCode)).Select(a => (a.At, a.Actor, a.Action, a.Pending)));
        Assert.Equal(
            [
                (t.AddMinutes(2), "fs-supervisor-zhao", AuditEntry.SnoozeSet, "until=2026-07-10; rule=ASSESSMENT_APPLICATION", false),
                (t.AddMinutes(3), "fs-supervisor-qian", AuditEntry.SnoozeLifted, (string?)null, false),
            ],
            (await AuditAsync(LeaseId)).Select(a => (a.At, a.Actor, a.Action, a.After, a.Pending)));
    }

    [Fact]
    public async Task Snooze_TheAuditRowIsStoredBeforeTheSnooze()
    {
        await SeedAsync();
        var watching = new WatchingSnoozes(_host.Snoozes, () => AuditAsync(LeaseId));

        await Settings(snoozes: watching).SnoozeAsync(LeaseId, null, new DateOnly(2026, 7, 1), "待复核", "fs-supervisor-zhao");

        var seen = Assert.Single(watching.AuditAtWrite);
        Assert.Equal(("fs-supervisor-zhao", AuditEntry.SnoozeSet, true), (seen.Actor, seen.Action, seen.Pending));
        Assert.False(Assert.Single(await AuditAsync(LeaseId)).Pending);
    }

    [Fact]
    public async Task Snooze_CrashAfterTheSnoozeIsWritten_TheSnoozeHasItsAuditRow()
    {
        await SeedAsync();
        var crashing = new WatchingSnoozes(_host.Snoozes, null) { CrashAfterWrite = true };

        await Assert.ThrowsAsync<IOException>(() => Settings(snoozes: crashing).SnoozeAsync(LeaseId, null, new DateOnly(2026, 7, 1), "待复核", "fs-supervisor-zhao"));

        Assert.NotNull(await _host.Snoozes.GetAsync(DispatchHost.District, LeaseId, null));
        var row = Assert.Single(await AuditAsync(LeaseId));
        Assert.Equal(("fs-supervisor-zhao", AuditEntry.SnoozeSet, "until=2026-07-01; rule=*", true), (row.Actor, row.Action, row.After, row.Pending));
    }

    [Fact]
    public async Task StopSms_CrashAfterThePreferenceIsWritten_ThePreferenceHasItsAuditRow()
    {
        var creditCode = await SeedAsync();
        var crashing = new CrashingPreferences(_host.Preferences) { CrashAfterWrite = true };

        await Assert.ThrowsAsync<IOException>(() => Settings(preferences: crashing).StopSmsAsync(LeaseId, "fs-hotline-wang"));

        Assert.True((await _host.Preferences.GetAsync(creditCode))!.Value.SmsStopped);
        var row = Assert.Single(await AuditAsync(creditCode));
        Assert.Equal(("fs-hotline-wang", AuditEntry.SmsStopped, true), (row.Actor, row.Action, row.Pending));
    }

    [Fact]
    public async Task StopSms_LosesARaceOnce_RetriedAndExactlyOneAppliedRow()
    {
        var creditCode = await SeedAsync();
        var racing = new CrashingPreferences(_host.Preferences) { LoseFirstRace = true };

        var change = await Settings(preferences: racing).StopSmsAsync(LeaseId, "fs-hotline-wang");

        Assert.True(change.Changed);
        Assert.Equal(2, racing.Saves);
        var row = Assert.Single(await AuditAsync(creditCode));
        Assert.Equal(("fs-hotline-wang", false), (row.Actor, row.Pending));
    }

    [Fact]
    public async Task LiftSnooze_CrashBeforeTheDelete_SnoozeStaysAndTheRowSaysPending()
    {
        await SeedAsync();
        await Settings().SnoozeAsync(LeaseId, null, new DateOnly(2026, 7, 1), "待复核", "fs-supervisor-zhao");
        _host.Time.Advance(TimeSpan.FromMinutes(1)); // rows of one instant list in random order
        var crashing = new WatchingSnoozes(_host.Snoozes, null) { CrashBeforeDelete = true };

        await Assert.ThrowsAsync<IOException>(() => Settings(snoozes: crashing).LiftSnoozeAsync(LeaseId, null, "fs-supervisor-qian"));

        Assert.NotNull(await _host.Snoozes.GetAsync(DispatchHost.District, LeaseId, null));
        var rows = await AuditAsync(LeaseId);
        Assert.Equal([(AuditEntry.SnoozeSet, false), (AuditEntry.SnoozeLifted, true)], rows.Select(r => (r.Action, r.Pending)));
    }

    private sealed class WatchingSnoozes(ISnoozeStore inner, Func<Task<List<AuditEntry>>>? audit) : ISnoozeStore
    {
        public List<AuditEntry> AuditAtWrite { get; } = [];

        public bool CrashAfterWrite { get; init; }

        public bool CrashBeforeDelete { get; init; }

        public Task<Versioned<Snooze>?> GetAsync(string districtCode, string leaseId, RuleCode? rule, CancellationToken cancellationToken = default) => inner.GetAsync(districtCode, leaseId, rule, cancellationToken);

        public IAsyncEnumerable<Snooze> ListAsync(string districtCode, CancellationToken cancellationToken = default) => inner.ListAsync(districtCode, cancellationToken);

        public async Task<string?> SaveAsync(string districtCode, Snooze snooze, string? etag, CancellationToken cancellationToken = default)
        {
            if (audit is not null)
            {
                AuditAtWrite.AddRange(await audit());
            }

            var result = await inner.SaveAsync(districtCode, snooze, etag, cancellationToken);
            return CrashAfterWrite ? throw new IOException("crash after the snooze was written") : result;
        }

        public Task<bool> DeleteAsync(string districtCode, Snooze snooze, string etag, CancellationToken cancellationToken = default) =>
            CrashBeforeDelete ? throw new IOException("crash before the snooze was deleted") : inner.DeleteAsync(districtCode, snooze, etag, cancellationToken);
    }

    private sealed class CrashingPreferences(IContactPreferencesStore inner) : IContactPreferencesStore
    {
        private int _saves;

        public bool CrashAfterWrite { get; init; }

        public bool LoseFirstRace { get; init; }

        public int Saves => _saves;

        public Task<Versioned<ContactPreferences>?> GetAsync(string creditCode, CancellationToken cancellationToken = default) => inner.GetAsync(creditCode, cancellationToken);

        public IAsyncEnumerable<ContactPreferences> ListSmsStoppedAsync(CancellationToken cancellationToken = default) => inner.ListSmsStoppedAsync(cancellationToken);

        public async Task<string?> SaveAsync(ContactPreferences preferences, string? etag, CancellationToken cancellationToken = default)
        {
            if (Interlocked.Increment(ref _saves) == 1 && LoseFirstRace)
            {
                return null; // another writer got in first: nothing written
            }

            var result = await inner.SaveAsync(preferences, etag, cancellationToken);
            return CrashAfterWrite ? throw new IOException("crash after the preference was written") : result;
        }
    }
}
