using ComplianceMonitor.Application.Digest;
using ComplianceMonitor.Domain.Calendar;
using static ComplianceMonitor.Application.Tests.Digest.DigestHost;

namespace ComplianceMonitor.Application.Tests.Digest;

[Trait("Category", "unit")]
public sealed class DistrictDigestScheduleTests
{
    private static DistrictDigestSchedule CreateSut(string cron = DigestOptions.BuiltInCron) =>
        new("110111", cron, DigestCron.Parse(cron, "cron"), DigestSettingSource.Default, [], DigestSettingSource.Default);

    [Fact]
    public void SendTimes_DefaultCronOneWeek_MondayToFridayAt0030Utc()
    {
        var times = CreateSut().SendTimes(new DateOnly(2026, 11, 23), new DateOnly(2026, 11, 29), WorkingDayCalendar.Default);

        Assert.Equal(
            [Utc(2026, 11, 23, 0, 30), Utc(2026, 11, 24, 0, 30), Utc(2026, 11, 25, 0, 30), Utc(2026, 11, 26, 0, 30), Utc(2026, 11, 27, 0, 30)],
            times);
    }

    [Fact]
    public void SendTimes_DefaultCronAroundNationalDay2026_SkipsMidAutumnAndNationalDayOffDays()
    {
        // 2026.json: 09-25 (Fri) Mid-Autumn off, 10-01..10-07 National Day off; 09-20 (Sun) and 10-10 (Sat) are adjusted
        // working days, which a Monday-to-Friday schedule has no occurrence on.
        var times = CreateSut().SendTimes(new DateOnly(2026, 9, 20), new DateOnly(2026, 10, 11), WorkingDayCalendar.Default);

        Assert.Equal(
            [
                Utc(2026, 9, 21, 0, 30), Utc(2026, 9, 22, 0, 30), Utc(2026, 9, 23, 0, 30), Utc(2026, 9, 24, 0, 30),
                Utc(2026, 9, 28, 0, 30), Utc(2026, 9, 29, 0, 30), Utc(2026, 9, 30, 0, 30),
                Utc(2026, 10, 8, 0, 30), Utc(2026, 10, 9, 0, 30),
            ],
            times);
    }

    [Fact]
    public void SendTimes_EveryDayCron_SendsOnAdjustedWorkingSaturdayAndSkipsOffDays()
    {
        var times = CreateSut("30 8 * * *").SendTimes(new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 11), WorkingDayCalendar.Default);

        Assert.Equal([Utc(2026, 10, 8, 0, 30), Utc(2026, 10, 9, 0, 30), Utc(2026, 10, 10, 0, 30)], times);
    }

    [Fact]
    public void Check_ExactlyAt0830Beijing_DueWithThatOccurrence()
    {
        var check = CreateSut().Check(Utc(2026, 11, 26, 0, 30), WorkingDayCalendar.Default);

        Assert.Equal(new DigestDueCheck(DigestDueKind.Due, Utc(2026, 11, 26, 0, 30), new DateOnly(2026, 11, 26)), check);
    }

    [Fact]
    public void Check_OneMinuteBefore0830Beijing_NotDue()
    {
        var check = CreateSut().Check(Utc(2026, 11, 26, 0, 29), WorkingDayCalendar.Default);

        Assert.Equal(new DigestDueCheck(DigestDueKind.NotDue, null, new DateOnly(2026, 11, 26)), check);
    }

    [Fact]
    public void Check_LateInTheSameBeijingDay_StillTheMorningOccurrence()
    {
        var check = CreateSut().Check(Utc(2026, 11, 26, 15, 59), WorkingDayCalendar.Default);

        Assert.Equal(new DigestDueCheck(DigestDueKind.Due, Utc(2026, 11, 26, 0, 30), new DateOnly(2026, 11, 26)), check);
    }

    [Fact]
    public void Check_NextBeijingDayBefore0830_YesterdaysOccurrenceIsNotCaughtUp()
    {
        // 2026-11-26 16:00 UTC is 2026-11-27 00:00 in Beijing.
        var check = CreateSut().Check(Utc(2026, 11, 26, 16, 0), WorkingDayCalendar.Default);

        Assert.Equal(new DigestDueCheck(DigestDueKind.NotDue, null, new DateOnly(2026, 11, 27)), check);
    }

    [Fact]
    public void Check_NationalDayThursday_OffDayWithItsOccurrence()
    {
        var check = CreateSut().Check(Utc(2026, 10, 1, 2, 0), WorkingDayCalendar.Default);

        Assert.Equal(new DigestDueCheck(DigestDueKind.OffDay, Utc(2026, 10, 1, 0, 30), new DateOnly(2026, 10, 1)), check);
    }

    [Fact]
    public void Check_OrdinarySaturday_NotDueUnderMondayToFriday_OffDayUnderEveryDay()
    {
        var saturday = Utc(2026, 11, 28, 1, 0);

        Assert.Equal(DigestDueKind.NotDue, CreateSut().Check(saturday, WorkingDayCalendar.Default).Kind);
        Assert.Equal(DigestDueKind.OffDay, CreateSut("30 8 * * *").Check(saturday, WorkingDayCalendar.Default).Kind);
    }

    [Fact]
    public void Check_EarlyMorningCronWhileUtcIsStillYesterday_UsesTheBeijingDate()
    {
        // 07:15 Beijing on Thursday 2026-11-26 is 23:15 UTC on Wednesday.
        var check = CreateSut("15 7 * * 4").Check(Utc(2026, 11, 25, 23, 20), WorkingDayCalendar.Default);

        Assert.Equal(new DigestDueCheck(DigestDueKind.Due, Utc(2026, 11, 25, 23, 15), new DateOnly(2026, 11, 26)), check);
    }

    [Fact]
    public void Check_SixFieldCronWithSeconds_Accepted()
    {
        var check = CreateSut("30 0 9 * * 1-5").Check(UtcSeconds(2026, 11, 26, 1, 0, 30), WorkingDayCalendar.Default);

        Assert.Equal(UtcSeconds(2026, 11, 26, 1, 0, 30), check.Occurrence);
    }

    [Theory]
    [InlineData("30 8 * *", "'30 8 * *' has 4 fields; expected 5 (minute hour day-of-month month day-of-week) or 6 (seconds first)")]
    [InlineData("", "a cron expression is required (5 fields: minute hour day-of-month month day-of-week)")]
    public void TryParse_WrongFieldCount_ReasonNamesTheShape(string text, string expected)
    {
        Assert.False(DigestCron.TryParse(text, out var expression, out var error));
        Assert.Null(expression);
        Assert.Equal(expected, error);
    }

    [Fact]
    public void Parse_MinuteOutOfRange_ThrowsNamingTheField()
    {
        var ex = Assert.Throws<FormatException>(() => DigestCron.Parse("61 8 * * 1-5", "Digest__DefaultCron"));

        Assert.StartsWith("Digest__DefaultCron: '61 8 * * 1-5' is not a cron expression: ", ex.Message, StringComparison.Ordinal);
    }

    private static DateTimeOffset UtcSeconds(int year, int month, int day, int hour, int minute, int second) => new(year, month, day, hour, minute, second, TimeSpan.Zero);
}
