using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Tasks;
using ComplianceMonitor.Application.Tests.Scanning;
using ComplianceMonitor.Application.Tests.Tasks;
using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Application.Tests.Monitoring;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Rules;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using static ComplianceMonitor.Application.Tests.Monitoring.MonitoringTestData;

namespace ComplianceMonitor.Application.Tests.Reminders;

[Trait("Category", "unit")]
public class ReminderCadenceTests
{
    private static readonly DateOnly Deadline = new(2028, 8, 31);

    private static string? StageOn(DateOnly today, RuleCode rule = RuleCode.ASSESSMENT_APPLICATION, DateOnly? deadline = null, ReminderCadence? cadence = null) =>
        (cadence ?? ReminderCadence.Default).CurrentStage(Obligation(rule, deadline ?? Deadline, today), today)?.Name;

    [Theory]
    [InlineData("2028-06-01", null)] // 91 days before
    [InlineData("2028-06-02", "D-90")] // exactly 90
    [InlineData("2028-06-20", "D-90")] // 72 days: the latest stage come due is D-90
    [InlineData("2028-07-02", "D-60")]
    [InlineData("2028-07-16", "D-60")] // 46 days
    [InlineData("2028-08-01", "D-30")]
    [InlineData("2028-08-17", "D-14")]
    [InlineData("2028-08-24", "D-7")]
    [InlineData("2028-08-25", "D-7")] // 6 days
    [InlineData("2028-08-28", "D-3")]
    [InlineData("2028-08-30", "D-1")]
    [InlineData("2028-08-31", "D0")]
    [InlineData("2028-09-01", "D0")] // overdue 1 day: still the on-the-day stage
    [InlineData("2028-09-06", "D0")] // overdue 6 days
    [InlineData("2028-09-07", "OD+7")]
    [InlineData("2028-09-13", "OD+7")]
    [InlineData("2028-09-14", "OD+14")]
    [InlineData("2028-12-28", "OD+119")] // 119 days overdue = 17 intervals
    public void CurrentStage_DefaultCadence_IsLatestStageComeDue(string today, string? expected) =>
        Assert.Equal(expected, StageOn(DateOnly.Parse(today)));

    [Theory]
    [InlineData("2026-03-06", "notice")] // notice received 2026-03-06; deadline 2026-03-23 (+15 = Sat 03-21, moved to Mon)
    [InlineData("2026-03-15", "notice")] // 8 days left
    [InlineData("2026-03-16", "D-7")]
    [InlineData("2026-03-19", "D-7")]
    [InlineData("2026-03-20", "D-3")]
    [InlineData("2026-03-22", "D-1")]
    [InlineData("2026-03-23", "D0")]
    [InlineData("2026-03-30", "OD+7")]
    public void CurrentStage_TransferWindow_NoticeThenSevenThreeOneZero(string today, string expected)
    {
        var deadline = new DateOnly(2026, 3, 23);
        Assert.Equal(expected, StageOn(DateOnly.Parse(today), RuleCode.TRANSFER_CONTRACT_AND_PAYMENT, deadline));
        Assert.Equal(expected, StageOn(DateOnly.Parse(today), RuleCode.LAND_PRICE_AMOUNT, deadline));
    }

    [Fact]
    public void CurrentStage_Violation_IsViolationStage() =>
        Assert.Equal("violation", ReminderCadence.Default.CurrentStage(Violation(RuleCode.PROHIBITED_DISPOSITION), new DateOnly(2026, 3, 6))?.Name);

    [Fact]
    public void CurrentStage_DistrictResponsible_HasNoStage()
    {
        var today = new DateOnly(2028, 8, 31);
        var finding = Obligation(RuleCode.ASSESSMENT_DECISION, today, today, Responsible.District);
        Assert.Null(ReminderCadence.Default.CurrentStage(finding, today));
        Assert.Null(ReminderCadence.Default.CurrentStage(Violation(RuleCode.TERM_LIMIT, Responsible.District), today));
    }

    [Fact]
    public void CurrentStage_InfoFinding_HasNoStage() =>
        Assert.Null(ReminderCadence.Default.CurrentStage(Info(), new DateOnly(2029, 3, 1)));

    [Fact]
    public void ShouldQueue_DailyScansFrom100DaysBeforeTo20Overdue_QueuesEachStageOnceOnItsDay()
    {
        var queued = new List<string>();
        var log = new List<string>();
        for (var today = Deadline.AddDays(-100); today <= Deadline.AddDays(20); today = today.AddDays(1))
        {
            if (ReminderCadence.Default.CurrentStage(Obligation(RuleCode.ASSESSMENT_APPLICATION, Deadline, today), today) is { } stage
                && ReminderCadence.ShouldQueue(stage, queued))
            {
                queued.Add(stage.Name);
                log.Add($"{today:yyyy-MM-dd} {stage.Name}");
            }
        }

        Assert.Equal(
            [
                "2028-06-02 D-90", "2028-07-02 D-60", "2028-08-01 D-30", "2028-08-17 D-14", "2028-08-24 D-7",
                "2028-08-28 D-3", "2028-08-30 D-1", "2028-08-31 D0", "2028-09-07 OD+7", "2028-09-14 OD+14",
            ],
            log);
    }

    [Fact]
    public void ShouldQueue_ScansMissedForWeeks_QueuesOnlyTheLatestStageNoBurst()
    {
        // Scanned at D-90, then not again until 5 days before the deadline: D-60, D-30, D-14 are not sent late.
        var queued = new List<string> { "D-90" };
        var today = Deadline.AddDays(-5);
        var stage = ReminderCadence.Default.CurrentStage(Obligation(RuleCode.ASSESSMENT_APPLICATION, Deadline, today), today)!.Value;
        Assert.Equal("D-7", stage.Name);
        Assert.True(ReminderCadence.ShouldQueue(stage, queued));
        queued.Add(stage.Name);

        // Next day (4 left) the current stage is still D-7: nothing more.
        var next = ReminderCadence.Default.CurrentStage(Obligation(RuleCode.ASSESSMENT_APPLICATION, Deadline, today.AddDays(1)), today.AddDays(1))!.Value;
        Assert.False(ReminderCadence.ShouldQueue(next, queued));
    }

    [Fact]
    public void ShouldQueue_EarlierStageAfterLaterOne_IsRefused() =>
        Assert.False(ReminderCadence.ShouldQueue(ReminderStage.DaysBefore(14), ["D-7"]));

    [Fact]
    public void ShouldQueue_ViolationTwice_IsRefused()
    {
        Assert.True(ReminderCadence.ShouldQueue(ReminderStage.Violation, []));
        Assert.False(ReminderCadence.ShouldQueue(ReminderStage.Violation, ["violation"]));
    }

    [Theory]
    [InlineData(8, false)]
    [InlineData(7, true)]
    [InlineData(0, true)]
    [InlineData(-3, true)]
    public void UsesSms_ByDaysRemaining_OnlyWithinSevenDaysOrOverdue(int daysLeft, bool expected)
    {
        var today = new DateOnly(2026, 3, 6);
        Assert.Equal(expected, ReminderCadence.Default.UsesSms(Obligation(RuleCode.RENT_ARREARS, today.AddDays(daysLeft), today), today));
    }

    [Fact]
    public void UsesSms_Violation_IsTrue() =>
        Assert.True(ReminderCadence.Default.UsesSms(Violation(RuleCode.USE_VIOLATION), new DateOnly(2026, 3, 6)));

    private static ReminderOptions Bound(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build()
            .GetSection(ReminderOptions.SectionName).Get<ReminderOptions>() ?? new ReminderOptions();

    [Fact]
    public void Options_EmptySection_IsDefault()
    {
        var options = Bound();
        var cadence = options.ToCadence();

        Assert.True(new ReminderOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal([90, 60, 30, 14, 7, 3, 1, 0], cadence.DaysBefore);
        Assert.Equal(7, cadence.OverdueEveryDays);
        Assert.Equal([7, 3, 1, 0], cadence.TransferWindowDaysBefore);
        Assert.Equal(7, cadence.SmsWithinDays);
    }

    [Fact]
    public void Options_CustomValues_DriveTheStages()
    {
        var options = Bound(("Reminders:DaysBefore", "0, 45,10"), ("Reminders:OverdueEveryDays", "10"), ("Reminders:TransferWindowDaysBefore", "5,0"), ("Reminders:SmsWithinDays", "3"));
        Assert.True(new ReminderOptionsValidator().Validate(null, options).Succeeded);
        var cadence = options.ToCadence();

        Assert.Equal([45, 10, 0], cadence.DaysBefore);
        Assert.Equal(3, cadence.SmsWithinDays);
        Assert.Equal("D-45", StageOn(Deadline.AddDays(-45), cadence: cadence));
        Assert.Equal("D-45", StageOn(Deadline.AddDays(-11), cadence: cadence));
        Assert.Equal("D-10", StageOn(Deadline.AddDays(-10), cadence: cadence));
        Assert.Equal("D0", StageOn(Deadline.AddDays(9), cadence: cadence));
        Assert.Equal("OD+10", StageOn(Deadline.AddDays(10), cadence: cadence));
        Assert.Equal("notice", StageOn(new DateOnly(2026, 3, 17), RuleCode.TRANSFER_CONTRACT_AND_PAYMENT, new DateOnly(2026, 3, 23), cadence));
        Assert.Equal("D-5", StageOn(new DateOnly(2026, 3, 18), RuleCode.TRANSFER_CONTRACT_AND_PAYMENT, new DateOnly(2026, 3, 23), cadence));
    }

    [Theory]
    [InlineData("Reminders:DaysBefore", "90,sixty", "Configuration Reminders__DaysBefore must be a comma-separated list of whole days, e.g. 90,60,30 (got '90,sixty').")]
    [InlineData("Reminders:DaysBefore", "30,-1", "Configuration Reminders__DaysBefore is invalid: Days before a deadline must not be negative (got -1).")]
    [InlineData("Reminders:OverdueEveryDays", "0", "Configuration Reminders__OverdueEveryDays is invalid: The overdue interval must be at least 1 day.")]
    [InlineData("Reminders:OverdueEveryDays", "weekly", "Configuration Reminders__OverdueEveryDays must be a whole number of days (got 'weekly').")]
    [InlineData("Reminders:TransferWindowDaysBefore", "x", "Configuration Reminders__TransferWindowDaysBefore must be a comma-separated list of whole days, e.g. 90,60,30 (got 'x').")]
    [InlineData("Reminders:SmsWithinDays", "-1", "Configuration Reminders__SmsWithinDays is invalid: The SMS window must not be negative.")]
    public void Validator_BadValue_NamesTheKeyAndToCadenceThrowsTheSame(string key, string value, string expected)
    {
        var options = Bound((key, value));

        var result = new ReminderOptionsValidator().Validate(null, options);
        var ex = Assert.Throws<OptionsValidationException>(options.ToCadence);

        Assert.True(result.Failed);
        Assert.StartsWith(expected, Assert.Single(result.Failures!), StringComparison.Ordinal);
        Assert.StartsWith(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validator_TwoBadKeys_NamesBoth()
    {
        var result = new ReminderOptionsValidator().Validate(null, Bound(("Reminders:DaysBefore", "sixty"), ("Reminders:SmsWithinDays", "-2")));

        Assert.Equal(
            ["Configuration Reminders__DaysBefore must be a comma-separated list of whole days, e.g. 90,60,30 (got 'sixty').", "Configuration Reminders__SmsWithinDays is invalid"],
            result.Failures!.Select(f => f.StartsWith("Configuration Reminders__SmsWithinDays is invalid", StringComparison.Ordinal) ? "Configuration Reminders__SmsWithinDays is invalid" : f));
    }

    [Theory]
    [InlineData("D-30", -30)]
    [InlineData("D0", 0)]
    [InlineData("OD+14", 14)]
    [InlineData("notice", -100_000)]
    public void TryParse_StageNames_RoundTrip(string name, int order)
    {
        Assert.True(ReminderStage.TryParse(name, out var stage));
        Assert.Equal(name, stage.Name);
        Assert.Equal(order, stage.Order);
    }

    [Theory]
    [InlineData("D-0")]
    [InlineData("OD+0")]
    [InlineData("D+3")]
    [InlineData("")]
    public void TryParse_NotAStage_IsFalse(string name) => Assert.False(ReminderStage.TryParse(name, out _));

    [Fact]
    public void Constructor_OverdueIntervalZero_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReminderCadence([30], 0, []));

    [Fact]
    public void CurrentStage_DueStatusFinding_IsD0()
    {
        var today = new DateOnly(2026, 3, 6);
        var finding = Obligation(RuleCode.RENT_ARREARS, today, today);
        Assert.Equal(FindingStatus.Due, finding.Status);
        Assert.Equal("D0", ReminderCadence.Default.CurrentStage(finding, today)?.Name);
    }
}
