using System.Globalization;
using ComplianceMonitor.Domain.Calendar;
using ComplianceMonitor.Domain.Deadlines;
using ComplianceMonitor.Domain.Findings;

namespace ComplianceMonitor.Domain.Tests.Deadlines;

/// <summary>Every worked example of deadlines.md, plus status and day counting.</summary>
[Trait("Category", "unit")]
public class DeadlineCalculatorTests
{
    private static readonly WorkingDayCalendar Calendar = WorkingDayCalendar.Default;

    private static DateOnly D(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("2029-02-28", "2028-08-31")] // worked example 1
    [InlineData("2028-08-30", "2028-02-28")] // worked example 2: AddMonths(2028-08-31, -6) = 2028-02-29
    [InlineData("2028-08-31", "2028-02-29")]
    [InlineData("2027-08-31", "2027-02-28")]
    [InlineData("2029-08-29", "2029-02-27")] // AddMonths(2029-08-30, -6) clamps to 2029-02-28, minus a day
    [InlineData("2026-03-31", "2025-09-30")]
    [InlineData("2026-12-31", "2026-06-30")]
    public void MonthsBeforeExpiry_WorkedExamplesAndMonthEnds_LastDayWithSixMonthsLeft(string leaseEnd, string deadline)
    {
        var d = DeadlineCalculator.MonthsBeforeExpiry(D(leaseEnd), 6, Calendar);

        Assert.Equal(D(deadline), d.Day);
        Assert.Equal(d.Day, d.NominalDay);
        Assert.False(d.WasMoved);
    }

    [Fact]
    public void MonthsBeforeExpiry_OffDay_NotMovedButFlagged()
    {
        var d = DeadlineCalculator.MonthsBeforeExpiry(D("2026-04-04"), 6, Calendar);

        Assert.Equal(D("2025-10-04"), d.Day);
        Assert.True(d.FallsOnOffDay);
        Assert.False(d.WasMoved);
        Assert.Null(d.Warning);
    }

    [Fact]
    public void MonthsBeforeExpiry_YearWithoutData_NoWarningBecauseTheDayIsNeverMoved()
    {
        var d = DeadlineCalculator.MonthsBeforeExpiry(D("2029-02-28"), 6, Calendar);

        Assert.Equal(D("2028-08-31"), d.Day);
        Assert.Null(d.Warning);
        Assert.False(d.HolidayDataKnown);
    }

    [Theory]
    [InlineData("2025-09-22", "2025-10-07", "2025-10-09")] // worked example 3: National Day
    [InlineData("2025-09-13", "2025-09-28", "2025-09-28")] // worked example 4: Sunday but an adjusted working day
    [InlineData("2026-03-06", "2026-03-21", "2026-03-23")] // worked example 5: Saturday
    [InlineData("2025-09-16", "2025-10-01", "2025-10-09")]
    [InlineData("2025-09-24", "2025-10-09", "2025-10-09")]
    [InlineData("2025-09-26", "2025-10-11", "2025-10-11")] // Saturday 2025-10-11 is an adjusted working day
    [InlineData("2025-01-13", "2025-01-28", "2025-02-05")] // Spring Festival 01-28..02-04
    public void DaysAfter_WorkedExamples_NextWorkingDayFromNominal(string notice, string nominal, string deadline)
    {
        var d = DeadlineCalculator.DaysAfter(D(notice), 15, Calendar);

        Assert.Equal(D(nominal), d.NominalDay);
        Assert.Equal(D(deadline), d.Day);
        Assert.Equal(nominal != deadline, d.WasMoved);
        Assert.False(d.FallsOnOffDay);
        Assert.Null(d.Warning);
    }

    [Fact]
    public void DaysAfter_NominalInYearWithoutData_WarnsForThatYear()
    {
        Assert.Null(DeadlineCalculator.DaysAfter(D("2026-12-16"), 15, Calendar).Warning); // 2026-12-31
        var d = DeadlineCalculator.DaysAfter(D("2026-12-17"), 15, Calendar); // 2027-01-01, a Friday: weekends only

        Assert.Equal(D("2027-01-01"), d.Day);
        Assert.Equal(DeadlineCalculator.NoHolidayDataWarning(2027), d.Warning);
    }

    [Fact]
    public void Fixed_NeverMoved()
    {
        var d = DeadlineCalculator.Fixed(D("2025-10-04"));

        Assert.Equal((D("2025-10-04"), D("2025-10-04"), false, (string?)null), (d.Day, d.NominalDay, d.FallsOnOffDay, d.Warning));
    }

    [Theory]
    [InlineData("2025-10-08", FindingStatus.Upcoming, 1)]
    [InlineData("2025-10-09", FindingStatus.Due, 0)]
    [InlineData("2025-10-10", FindingStatus.Overdue, -1)]
    [InlineData("2024-10-09", FindingStatus.Upcoming, 365)]
    public void StatusOnAndDaysRemaining_AroundDeadline(string today, FindingStatus status, int days)
    {
        Assert.Equal(status, DeadlineCalculator.StatusOn(D("2025-10-09"), D(today)));
        Assert.Equal(days, DeadlineCalculator.DaysRemaining(D("2025-10-09"), D(today)));
    }

    [Fact]
    public void NoHolidayDataWarning_SameYear_SameTextAndInstance()
    {
        var first = DeadlineCalculator.NoHolidayDataWarning(2031);

        Assert.Equal("no holiday data for 2031: working days in 2031 were computed on weekends only (无2031年节假日数据，仅按周末计算)", first);
        Assert.Same(first, DeadlineCalculator.NoHolidayDataWarning(2031));
    }
}
