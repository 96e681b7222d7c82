using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Application.Contacts;
using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Tasks;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Rules;
using ComplianceMonitor.Testing.Storage;
using static ComplianceMonitor.Infrastructure.Tests.Reminders.DeliverySamples;

namespace ComplianceMonitor.Infrastructure.Tests.Reminders;

/// <summary>Preferences and snoozes stored in tables, changed through the settings service, applied by the dispatcher; every change audited.</summary>
[Trait("Category", "azurite")]
[Collection("azurite")]
public sealed class DispatchGateTests(AzuriteFixture azurite) : IDisposable
{
    private const string LeaseId = "FS-2022-0001";
    private readonly DispatchHost _host = new(azurite);

    public void Dispose() => _host.Dispose();

    private async Task<(OutboxEntry Email, OutboxEntry Sms, string CreditCode)> SeedAsync(Severity severity = Severity.Warning, FindingStatus status = FindingStatus.Upcoming)
    {
        _host.SendGridAccepts();
        _host.TwilioAccepts();
        var lease = Lease(LeaseId);
        var alert = Alert(lease, severity, status);
        var email = Entry(alert);
        var sms = Entry(alert, OutboxChannel.Sms);
        await _host.SeedAsync(lease, alert, [email, sms]);
        return (email, sms, lease.LandUser.CreditCode);
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
    public async Task StopSmsAsync_WarningNotice_SmsSuppressedEmailSentChangeAudited()
    {
        var (email, sms, creditCode) = await SeedAsync();

        var change = await _host.CreateSettings().StopSmsAsync(LeaseId, "fs-hotline-wang", "企业来电要求停止短信");
        var summary = await _host.CreateSut().RunOnceAsync();

        Assert.True(change.Changed);
        Assert.Equal((1, 1), (summary.Sent, summary.Suppressed));
        var suppressed = await _host.EntryAsync(sms.Id);
        Assert.Equal((OutboxStatus.Suppressed, "the enterprise stopped SMS; only critical notices go by SMS"), (suppressed.Status, suppressed.StatusReason));
        var row = Assert.Single(await _host.AttemptsAsync(sms.Id));
        Assert.Equal((DeliveryOutcome.Suppressed, 0, "the enterprise stopped SMS; only critical notices go by SMS"), (row.Outcome, row.Attempt, row.Reason));
        Assert.Empty(_host.TwilioLog());
        Assert.Equal(OutboxStatus.Sent, (await _host.EntryAsync(email.Id)).Status);

        var audit = Assert.Single(await AuditAsync(creditCode));
        Assert.Equal(
            new AuditEntry(DispatchHost.Morning, "fs-hotline-wang", AuditEntry.SmsStopped, creditCode, "smsStopped=false", "smsStopped=true", "企业来电要求停止短信"),
            audit);
        var stored = await _host.Preferences.GetAsync(creditCode);
        Assert.Equal(new ContactPreferences(creditCode, true, DispatchHost.Morning, "fs-hotline-wang") { StopReason = "企业来电要求停止短信" }, stored!.Value);
    }

    [Fact]
    public async Task StopSmsAsync_CriticalNotice_SmsStillSent()
    {
        var (_, sms, _) = await SeedAsync(Severity.Critical, FindingStatus.Overdue);
        await _host.CreateSettings().StopSmsAsync(LeaseId, "fs-hotline-wang");

        var summary = await _host.CreateSut().RunOnceAsync();

        Assert.Equal((2, 0), (summary.Sent, summary.Suppressed));
        Assert.Equal(OutboxStatus.Sent, (await _host.EntryAsync(sms.Id)).Status);
        Assert.Single(_host.TwilioLog());
    }

    [Fact]
    public async Task ResumeSmsAsync_AfterStop_SmsGoesAgainAndBothChangesAudited()
    {
        var (_, sms, creditCode) = await SeedAsync();
        var settings = _host.CreateSettings();
        await settings.StopSmsAsync(LeaseId, "fs-hotline-wang");
        _host.Time.Advance(TimeSpan.FromMinutes(3));

        var resumed = await settings.ResumeSmsAsync(LeaseId, "fs-hotline-li", "企业再次同意短信");
        var again = await settings.ResumeSmsAsync(LeaseId, "fs-hotline-li");
        var summary = await _host.CreateSut().RunOnceAsync();

        Assert.True(resumed.Changed);
        Assert.False(again.Changed);
        Assert.Null(again.Audit);
        Assert.Equal(2, summary.Sent);
        Assert.Equal(OutboxStatus.Sent, (await _host.EntryAsync(sms.Id)).Status);
        var audit = await AuditAsync(creditCode);
        Assert.Equal([AuditEntry.SmsStopped, AuditEntry.SmsResumed], audit.Select(a => a.Action));
        Assert.Equal(
            new AuditEntry(DispatchHost.Morning.AddMinutes(3), "fs-hotline-li", AuditEntry.SmsResumed, creditCode, "smsStopped=true", "smsStopped=false", "企业再次同意短信"),
            audit[1]);
    }

    [Fact]
    public async Task SnoozeAsync_ThroughADay_HoldsEmailToMidnightAndSmsToTheWindowThenSends()
    {
        var (email, sms, _) = await SeedAsync();
        var until = new DateOnly(2026, 6, 30);

        var change = await _host.CreateSettings().SnoozeAsync(LeaseId, null, until, "企业已提交纸质申请，待录入", "fs-supervisor-zhao");
        var sut = _host.CreateSut();
        var held = await sut.RunOnceAsync();

        Assert.Equal((0, 2), (held.Sent, held.Held));
        var midnight = new DateTimeOffset(2026, 7, 1, 0, 0, 0, TimeSpan.FromHours(8));
        var eight = new DateTimeOffset(2026, 7, 1, 8, 0, 0, TimeSpan.FromHours(8));
        var heldEmail = await _host.EntryAsync(email.Id);
        Assert.Equal((OutboxStatus.Held, midnight), (heldEmail.Status, heldEmail.NextAttemptAt));
        Assert.Equal("snoozed until 2026-06-30 by fs-supervisor-zhao: 企业已提交纸质申请，待录入", heldEmail.StatusReason);
        Assert.Equal(eight, (await _host.EntryAsync(sms.Id)).NextAttemptAt);
        Assert.Equal(
            new AuditEntry(DispatchHost.Morning, "fs-supervisor-zhao", AuditEntry.SnoozeSet, LeaseId, null, "until=2026-06-30; rule=*", "企业已提交纸质申请，待录入"),
            change.Audit);
        Assert.Equal([change.Audit!], await AuditAsync(LeaseId));

        _host.Time.SetUtcNow(midnight);
        var atMidnight = await sut.RunOnceAsync();
        Assert.Equal((1, 1, 0), (atMidnight.Examined, atMidnight.Sent, atMidnight.Held));
        Assert.Empty(_host.TwilioLog());
        _host.Time.SetUtcNow(eight);
        var atEight = await sut.RunOnceAsync();

        Assert.Equal((1, 1), (atEight.Examined, atEight.Sent));
        Assert.Single(_host.SendGridLog());
        Assert.Single(_host.TwilioLog());
        Assert.Equal(midnight, (await _host.EntryAsync(email.Id)).SentAt);
    }

    [Fact]
    public async Task LiftSnoozeAsync_HeldReminders_ReleasedAndSentOnNextPass()
    {
        var (email, sms, _) = await SeedAsync();
        var settings = _host.CreateSettings();
        await settings.SnoozeAsync(LeaseId, null, new DateOnly(2026, 7, 15), "等待区政府复核", "fs-supervisor-zhao");
        var sut = _host.CreateSut();
        await sut.RunOnceAsync();
        _host.Time.Advance(TimeSpan.FromHours(2));

        var lifted = await settings.LiftSnoozeAsync(LeaseId, null, "fs-supervisor-zhao", "复核完成");
        var summary = await sut.RunOnceAsync();

        Assert.Equal(2, lifted.ReleasedEntries);
        Assert.Equal(
            new AuditEntry(DispatchHost.Morning.AddHours(2), "fs-supervisor-zhao", AuditEntry.SnoozeLifted, LeaseId, "until=2026-07-15; rule=*", null, "复核完成"),
            lifted.Audit);
        Assert.Equal([AuditEntry.SnoozeSet, AuditEntry.SnoozeLifted], (await AuditAsync(LeaseId)).Select(a => a.Action));
        Assert.Null(await _host.Snoozes.GetAsync(DispatchHost.District, LeaseId, null));
        Assert.Equal(2, summary.Sent);
        Assert.Equal(OutboxStatus.Sent, (await _host.EntryAsync(email.Id)).Status);
        Assert.Equal(OutboxStatus.Sent, (await _host.EntryAsync(sms.Id)).Status);
    }

    [Fact]
    public async Task SnoozeAsync_OtherRule_DoesNotHoldThisReminder()
    {
        var (email, _, _) = await SeedAsync();
        await _host.CreateSettings().SnoozeAsync(LeaseId, RuleCode.RENT_ARREARS, new DateOnly(2026, 7, 15), "租金分期协议", "fs-supervisor-zhao");

        var summary = await _host.CreateSut().RunOnceAsync();

        Assert.Equal((2, 0), (summary.Sent, summary.Held));
        Assert.Equal(OutboxStatus.Sent, (await _host.EntryAsync(email.Id)).Status);
        Assert.NotNull(await _host.Snoozes.GetAsync(DispatchHost.District, LeaseId, RuleCode.RENT_ARREARS));
    }

    [Fact]
    public async Task SnoozeAsync_Replaced_AuditKeepsTheEarlierValue()
    {
        await SeedAsync();
        var settings = _host.CreateSettings();
        await settings.SnoozeAsync(LeaseId, null, new DateOnly(2026, 7, 1), "等待材料", "fs-supervisor-zhao");

        var second = await settings.SnoozeAsync(LeaseId, null, new DateOnly(2026, 7, 10), "材料补正中", "fs-supervisor-qian");
        var same = await settings.SnoozeAsync(LeaseId, null, new DateOnly(2026, 7, 10), "材料补正中", "fs-supervisor-qian");

        Assert.Equal(("until=2026-07-01; rule=*", "until=2026-07-10; rule=*"), (second.Audit!.Before, second.Audit.After));
        Assert.False(same.Changed);
        Assert.Equal(2, (await AuditAsync(LeaseId)).Count);
        var stored = await _host.Snoozes.GetAsync(DispatchHost.District, LeaseId, null);
        Assert.Equal(new Snooze(LeaseId, null, "材料补正中", new DateOnly(2026, 7, 10), "fs-supervisor-qian", DispatchHost.Morning), stored!.Value);
    }

    [Theory]
    [InlineData("FS-2022-0001", "2026-06-22", "因故暂缓", "zhao", "until: 2026-06-22 is before today (2026-06-23, Beijing)")]
    [InlineData("FS-2022-0001", "2026-09-22", "因故暂缓", "zhao", "until: 2026-09-22 is more than 90 days after today (2026-06-23)")]
    [InlineData("FS-2022-0001", "2026-07-01", " ", "zhao", "reason: a snooze needs a reason")]
    [InlineData("FS-2022-0001", "2026-07-01", "因故暂缓", "", "by: who set the snooze is required")]
    [InlineData("FS-2099-0404", "2026-07-01", "因故暂缓", "zhao", "leaseId: no lease FS-2099-0404 is stored")]
    public async Task SnoozeAsync_BadInput_ErrorNamesTheFieldAndNothingIsWritten(string leaseId, string until, string reason, string by, string expected)
    {
        await SeedAsync();

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => _host.CreateSettings().SnoozeAsync(leaseId, null, DateOnly.Parse(until, System.Globalization.CultureInfo.InvariantCulture), reason, by));

        Assert.StartsWith(expected, ex.Message, StringComparison.Ordinal);
        Assert.Null(await _host.Snoozes.GetAsync(DispatchHost.District, LeaseId, null));
        Assert.Empty(await AuditAsync(LeaseId));
    }

    [Fact]
    public async Task LiftSnoozeAsync_NoSnooze_ErrorNamesTheLease()
    {
        await SeedAsync();

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => _host.CreateSettings().LiftSnoozeAsync(LeaseId, null, "zhao"));

        Assert.StartsWith("leaseId: lease FS-2022-0001 has no snooze to lift", ex.Message, StringComparison.Ordinal);
    }
}
