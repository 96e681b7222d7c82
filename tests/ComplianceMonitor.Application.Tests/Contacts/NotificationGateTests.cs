using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Application.Contacts;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Rules;
using Microsoft.Extensions.Time.Testing;

namespace ComplianceMonitor.Application.Tests.Contacts;

[Trait("Category", "unit")]
public class NotificationGateTests
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    private static NotificationGate CreateSut() => NotificationGate.Default;

    private static FakeTimeProvider ClockAt(int day, int hour, int minute) =>
        new(new DateTimeOffset(2026, 3, day, hour, minute, 0, Beijing).ToUniversalTime());

    private static DateTimeOffset BeijingAt(int day, int hour, int minute) => new(2026, 3, day, hour, minute, 0, Beijing);

    [Fact]
    public void Decide_SmsAt1959Beijing_Sends()
    {
        var clock = ClockAt(6, 19, 59);

        var decision = CreateSut().Decide(Severity.Warning, NotificationChannel.Sms, null, null, clock.GetUtcNow());

        Assert.IsType<GateDecision.Send>(decision);
    }

    [Fact]
    public void Decide_SmsAt2000Beijing_HoldsUntil0800NextDay()
    {
        var clock = ClockAt(6, 20, 0);

        var decision = CreateSut().Decide(Severity.Warning, NotificationChannel.Sms, null, null, clock.GetUtcNow());

        var hold = Assert.IsType<GateDecision.Hold>(decision);
        Assert.Equal(BeijingAt(7, 8, 0), hold.Until);
        Assert.Equal(new DateTimeOffset(2026, 3, 7, 0, 0, 0, TimeSpan.Zero), hold.Until);
    }

    [Fact]
    public void Decide_SmsAt0759Beijing_HoldsUntil0800SameDay()
    {
        var clock = ClockAt(6, 7, 59);

        var decision = CreateSut().Decide(Severity.Critical, NotificationChannel.Sms, null, null, clock.GetUtcNow());

        Assert.Equal(BeijingAt(6, 8, 0), Assert.IsType<GateDecision.Hold>(decision).Until);

        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.IsType<GateDecision.Send>(CreateSut().Decide(Severity.Critical, NotificationChannel.Sms, null, null, clock.GetUtcNow()));
    }

    [Fact]
    public void Decide_EmailAtNight_Sends()
    {
        var clock = ClockAt(6, 23, 30);

        Assert.IsType<GateDecision.Send>(CreateSut().Decide(Severity.Info, NotificationChannel.Email, null, null, clock.GetUtcNow()));
    }

    [Fact]
    public void Decide_SmsStoppedAndWarning_Suppresses()
    {
        var clock = ClockAt(6, 10, 0);
        var prefs = ContactPreferences.Default("91110111MA01ABCD2X").StopSms("enterprise", clock.GetUtcNow()).Preferences;

        var decision = CreateSut().Decide(Severity.Warning, NotificationChannel.Sms, prefs, null, clock.GetUtcNow());

        Assert.IsType<GateDecision.Suppress>(decision);
    }

    [Fact]
    public void Decide_SmsStoppedThroughADay_SuppressesThatDay_SendsTheNextMorning()
    {
        var (prefs, audit) = ContactPreferences.Default("91110111MA01ABCD2X").StopSms("wang.officer", BeijingAt(6, 10, 0), "企业来电要求暂停短信", new DateOnly(2026, 3, 8));

        var lastDay = CreateSut().Decide(Severity.Warning, NotificationChannel.Sms, prefs, null, BeijingAt(8, 19, 59));
        var dayAfter = CreateSut().Decide(Severity.Warning, NotificationChannel.Sms, prefs, null, BeijingAt(9, 8, 0));

        Assert.IsType<GateDecision.Suppress>(lastDay);
        Assert.IsType<GateDecision.Send>(dayAfter);
        Assert.Equal((new DateOnly(2026, 3, 8), "企业来电要求暂停短信"), (prefs.SmsStoppedUntil, prefs.StopReason));
        Assert.Equal(("smsStopped=false", "smsStopped=true; until=2026-03-08"), (audit.Before, audit.After));
        var resumed = prefs.ResumeSms("li", BeijingAt(7, 9, 0)).Preferences;
        Assert.Equal((false, (DateOnly?)null, (string?)null), (resumed.SmsStopped, resumed.SmsStoppedUntil, resumed.StopReason));
    }

    [Fact]
    public void Decide_SmsStoppedButCritical_StillSends()
    {
        var clock = ClockAt(6, 10, 0);
        var prefs = ContactPreferences.Default("91110111MA01ABCD2X").StopSms("enterprise", clock.GetUtcNow()).Preferences;

        Assert.IsType<GateDecision.Send>(CreateSut().Decide(Severity.Critical, NotificationChannel.Sms, prefs, null, clock.GetUtcNow()));
    }

    [Fact]
    public void Decide_SmsStoppedButCriticalAtNight_StillWaitsForWindow()
    {
        var clock = ClockAt(6, 21, 0);
        var prefs = ContactPreferences.Default("91110111MA01ABCD2X").StopSms("enterprise", clock.GetUtcNow()).Preferences;

        var decision = CreateSut().Decide(Severity.Critical, NotificationChannel.Sms, prefs, null, clock.GetUtcNow());

        Assert.Equal(BeijingAt(7, 8, 0), Assert.IsType<GateDecision.Hold>(decision).Until);
    }

    [Fact]
    public void Decide_SmsStopped_EmailStillSends()
    {
        var clock = ClockAt(6, 10, 0);
        var prefs = ContactPreferences.Default("91110111MA01ABCD2X").StopSms("enterprise", clock.GetUtcNow()).Preferences;

        Assert.IsType<GateDecision.Send>(CreateSut().Decide(Severity.Info, NotificationChannel.Email, prefs, null, clock.GetUtcNow()));
    }

    [Fact]
    public void Decide_ActiveSnooze_HoldsEmailUntilMidnightAfterLastDay()
    {
        var clock = ClockAt(6, 10, 0);
        var (snooze, _) = Snooze.Create("FS-2024-001", null, "已线下提交申请，待录入", new DateOnly(2026, 3, 10), "fs-official", clock.GetUtcNow());

        var decision = CreateSut().Decide(Severity.Critical, NotificationChannel.Email, null, snooze, clock.GetUtcNow());

        var hold = Assert.IsType<GateDecision.Hold>(decision);
        Assert.Equal(BeijingAt(11, 0, 0), hold.Until);
        Assert.Contains("已线下提交申请，待录入", hold.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_ActiveSnooze_HoldsSmsUntilWindowOpensAfterIt()
    {
        var clock = ClockAt(6, 10, 0);
        var (snooze, _) = Snooze.Create("FS-2024-001", null, "核实中", new DateOnly(2026, 3, 10), "fs-official", clock.GetUtcNow());

        var decision = CreateSut().Decide(Severity.Warning, NotificationChannel.Sms, null, snooze, clock.GetUtcNow());

        Assert.Equal(BeijingAt(11, 8, 0), Assert.IsType<GateDecision.Hold>(decision).Until);
    }

    [Fact]
    public void Decide_SnoozeLastDayThenNextDay_HoldsThenSends()
    {
        var clock = ClockAt(10, 23, 59);
        var (snooze, _) = Snooze.Create("FS-2024-001", null, "核实中", new DateOnly(2026, 3, 10), "fs-official", ClockAt(6, 10, 0).GetUtcNow());

        Assert.IsType<GateDecision.Hold>(CreateSut().Decide(Severity.Warning, NotificationChannel.Email, null, snooze, clock.GetUtcNow()));

        clock.Advance(TimeSpan.FromMinutes(1)); // 00:00 Beijing on 03-11: the snooze has ended
        Assert.IsType<GateDecision.Send>(CreateSut().Decide(Severity.Warning, NotificationChannel.Email, null, snooze, clock.GetUtcNow()));
    }
}

[Trait("Category", "unit")]
public class PreferencesAndSnoozeTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 6, 2, 0, 0, TimeSpan.Zero); // 10:00 Beijing

    [Fact]
    public void StopSms_Default_RecordsAuditEntry()
    {
        var (prefs, audit) = ContactPreferences.Default("91110111MA01ABCD2X").StopSms("portal:wang", Now, "短信过多");

        Assert.True(prefs.SmsStopped);
        Assert.Equal(Now, prefs.ChangedAt);
        Assert.Equal("portal:wang", prefs.ChangedBy);
        Assert.Equal(new AuditEntry(Now, "portal:wang", "preferences.smsStopped", "91110111MA01ABCD2X", "smsStopped=false", "smsStopped=true", "短信过多"), audit);
    }

    [Fact]
    public void ResumeSms_Stopped_AllowsSmsAgain()
    {
        var stopped = ContactPreferences.Default("91110111MA01ABCD2X").StopSms("a", Now).Preferences;

        var (prefs, audit) = stopped.ResumeSms("b", Now.AddDays(1));

        Assert.True(prefs.AllowsSms(Severity.Info));
        Assert.Equal("preferences.smsResumed", audit.Action);
        Assert.Equal("smsStopped=true", audit.Before);
        Assert.Equal("smsStopped=false", audit.After);
    }

    [Fact]
    public void AllowsSms_Stopped_OnlyCritical()
    {
        var stopped = ContactPreferences.Default("91110111MA01ABCD2X").StopSms("a", Now).Preferences;

        Assert.False(stopped.AllowsSms(Severity.Info));
        Assert.False(stopped.AllowsSms(Severity.Warning));
        Assert.True(stopped.AllowsSms(Severity.Critical));
    }

    [Fact]
    public void SnoozeCreate_Valid_RecordsAuditEntry()
    {
        var (snooze, audit) = Snooze.Create("FS-2024-001", RuleCode.RENT_ARREARS, " 已缴，待银行回单 ", new DateOnly(2026, 3, 20), "fs-official", Now);

        Assert.Equal("已缴，待银行回单", snooze.Reason);
        Assert.Equal(new AuditEntry(Now, "fs-official", "snooze.set", "FS-2024-001", null, "until=2026-03-20; rule=RENT_ARREARS", "已缴，待银行回单"), audit);
        Assert.True(snooze.Covers("FS-2024-001", RuleCode.RENT_ARREARS));
        Assert.False(snooze.Covers("FS-2024-001", RuleCode.ASSESSMENT_APPLICATION));
        Assert.False(snooze.Covers("FS-2024-002", RuleCode.RENT_ARREARS));
    }

    [Fact]
    public void SnoozeLift_Active_RecordsBeforeValue()
    {
        var (snooze, _) = Snooze.Create("FS-2024-001", null, "核实中", new DateOnly(2026, 3, 20), "a", Now);

        var audit = snooze.Lift("b", Now.AddHours(1), "已核实");

        Assert.Equal(new AuditEntry(Now.AddHours(1), "b", "snooze.lifted", "FS-2024-001", "until=2026-03-20; rule=*", null, "已核实"), audit);
    }

    [Fact]
    public void SnoozeCreate_UntilInPast_ThrowsNamingUntil()
    {
        var ex = Assert.Throws<ArgumentException>(() => Snooze.Create("FS-2024-001", null, "r", new DateOnly(2026, 3, 5), "a", Now));

        Assert.StartsWith("until:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SnoozeCreate_TooLong_ThrowsNamingUntil()
    {
        Snooze.Create("FS-2024-001", null, "r", new DateOnly(2026, 6, 4), "a", Now); // 90 days: allowed

        var ex = Assert.Throws<ArgumentException>(() => Snooze.Create("FS-2024-001", null, "r", new DateOnly(2026, 6, 5), "a", Now));
        Assert.StartsWith("until:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SnoozeCreate_NoReason_ThrowsNamingReason()
    {
        var ex = Assert.Throws<ArgumentException>(() => Snooze.Create("FS-2024-001", null, " ", new DateOnly(2026, 3, 10), "a", Now));

        Assert.StartsWith("reason:", ex.Message, StringComparison.Ordinal);
    }
}
