using ComplianceMonitor.Domain.Calendar;
using ComplianceMonitor.Domain.Deadlines;
using CsCheck;

namespace ComplianceMonitor.Domain.Tests.Deadlines;

/// <summary>Properties of the deadline arithmetic over month ends, leap years and runs of holidays (CsCheck).</summary>
[Trait("Category", "unit")]
public class DeadlineCalculatorPropertyTests
{
    private const long Iterations = 2000;
    private static readonly WorkingDayCalendar Calendar = WorkingDayCalendar.Default;

    /// <summary>Lease ends biased to month ends (the last four days of a month) in and around leap years, plus any day.</summary>
    private static readonly Gen<DateOnly> LeaseEnds = Gen.Frequency(
        (3, Gen.Select(Gen.Int[1896, 2404], Gen.Int[1, 12], Gen.Int[0, 3], (y, m, back) => new DateOnly(y, m, DateTime.DaysInMonth(y, m) - back))),
        (1, Gen.Select(Gen.Int[1996, 2104], y => new DateOnly(y, 2, DateTime.DaysInMonth(y, 2)))),
        (2, Gen.Int[new DateOnly(1900, 7, 1).DayNumber, new DateOnly(2400, 12, 31).DayNumber].Select(DateOnly.FromDayNumber)));

    private static readonly Gen<int> Months = Gen.Frequency((3, Gen.Const(6)), (1, Gen.Int[1, 24]));

    /// <summary>The last day of the <paramref name="months"/> months that start the day after <paramref name="day"/>.</summary>
    private static DateOnly CoverEnd(DateOnly day, int months) => day.AddDays(1).AddMonths(months).AddDays(-1);

    private static DateOnly Deadline(DateOnly leaseEnd, int months) => DeadlineCalculator.MonthsBeforeExpiry(leaseEnd, months, Calendar).Day;

    [Fact]
    public void MonthsBeforeExpiry_AnyLeaseEnd_SixMonthsFromDeadlineCoverAtMostTheLeaseEnd()
    {
        LeaseEnds.Sample(end =>
        {
            var d = Deadline(end, 6);
            Assert.True(d.AddMonths(6) <= end, $"{d} + 6 months passes {end}");
            Assert.True(CoverEnd(d, 6) <= end, $"six full months after {d} pass {end}");
        }, iter: Iterations);
    }

    [Fact]
    public void MonthsBeforeExpiry_AnyLeaseEnd_NeverLaterThanForwardAddMonthsRule()
    {
        Gen.Select(LeaseEnds, Months).Sample((end, months) =>
        {
            // Counting forward (the last day d' with d'.AddMonths(n) <= lease end) can land one day later when a
            // month end is clamped; counting back from expiry as deadlines.md prescribes never does.
            var forward = end;
            while (forward.AddMonths(months) > end)
            {
                forward = forward.AddDays(-1);
            }

            var d = Deadline(end, months);
            Assert.True(d <= forward, $"{d} later than forward rule {forward} for {end}, {months} months");
            Assert.True(d >= forward.AddDays(-1), $"{d} more than a day before forward rule {forward} for {end}, {months} months");
        }, iter: Iterations);
    }

    [Fact]
    public void MonthsBeforeExpiry_AnyLeaseEnd_MatchesMonthArithmeticOracle()
    {
        Gen.Select(LeaseEnds, Months).Sample((end, months) =>
        {
            // Independent of DateOnly.AddMonths: the day after expiry, n months back, day clamped to that month's length, minus a day.
            var next = end.AddDays(1);
            var index = (next.Year * 12) + next.Month - 1 - months;
            var (year, month) = (index / 12, (index % 12) + 1);
            var start = new DateOnly(year, month, Math.Min(next.Day, DateTime.DaysInMonth(year, month)));

            Assert.Equal(start.AddDays(-1), Deadline(end, months));
        }, iter: Iterations);
    }

    [Fact]
    public void MonthsBeforeExpiry_AnyLeaseEnd_NeverLaterThanAddMonthsExceptOnMonthEnds()
    {
        LeaseEnds.Sample(end =>
        {
            var d = Deadline(end, 6);
            var plain = end.AddMonths(-6);
            if (end.Day == DateTime.DaysInMonth(end.Year, end.Month))
            {
                // A lease ending on a month's last day: the deadline is the last day of the month six months earlier.
                Assert.Equal(new DateOnly(plain.Year, plain.Month, DateTime.DaysInMonth(plain.Year, plain.Month)), d);
            }
            else
            {
                Assert.True(d <= plain, $"{d} later than AddMonths({end}, -6) = {plain}");
                Assert.True(d >= plain.AddDays(-1), $"{d} more than a day before AddMonths({end}, -6) = {plain}");
            }
        }, iter: Iterations);
    }

    [Fact]
    public void MonthsBeforeExpiry_ClampingIsIdempotent()
    {
        Gen.Select(LeaseEnds, Months).Sample((end, months) =>
        {
            var d = Deadline(end, months);
            // The lease end that d's months exactly reach gives d back, and so does every end between it and the real end.
            var reached = CoverEnd(d, months);
            Assert.True(reached <= end);
            Assert.Equal(d, Deadline(reached, months));
            Assert.Equal(d, Deadline(DateOnly.FromDayNumber((reached.DayNumber + end.DayNumber) / 2), months));
        }, iter: Iterations);
    }

    [Fact]
    public void MonthsBeforeExpiry_Monotonic()
    {
        Gen.Select(LeaseEnds, Gen.Int[0, 70]).Sample((end, later) =>
            Assert.True(Deadline(end, 6) <= Deadline(end.AddDays(later), 6)), iter: Iterations);
    }

    [Fact]
    public void DaysAfter_ShippedCalendar_WorkingDayOnOrAfterNominalWithNoWorkingDayBetween()
    {
        var starts = Gen.Int[new DateOnly(2024, 1, 1).DayNumber, new DateOnly(2026, 12, 1).DayNumber].Select(DateOnly.FromDayNumber);
        Gen.Select(starts, Gen.Int[0, 30]).Sample((start, days) =>
        {
            var d = DeadlineCalculator.DaysAfter(start, days, Calendar);
            AssertFirstWorkingDay(Calendar, start.AddDays(days), d);
            Assert.Null(d.Warning);
        }, iter: Iterations);
    }

    [Fact]
    public void DaysAfter_RandomHolidayRuns_WorkingDayOnOrAfterNominalWithNoWorkingDayBetween()
    {
        // Synthetic calendars for 2031-2032 (no shipped data): runs of 1-12 off-days anywhere, some spanning the
        // year end, plus adjusted working weekend days inside them.
        var origin = new DateOnly(2031, 1, 1).DayNumber;
        var runs = Gen.Select(Gen.Int[0, 720], Gen.Int[1, 12]).Array[0, 12];
        var working = Gen.Int[0, 720].Array[0, 6];
        var starts = Gen.Int[origin - 20, origin + 720].Select(DateOnly.FromDayNumber);
        Gen.Select(runs, working, starts, Gen.Int[0, 30]).Sample((r, w, start, days) =>
        {
            var entries = new List<HolidayEntry>();
            foreach (var (at, length) in r)
            {
                for (var i = 0; i < length; i++)
                {
                    entries.Add(new HolidayEntry(DateOnly.FromDayNumber(origin + at + i), "假", true));
                }
            }

            foreach (var at in w)
            {
                var day = DateOnly.FromDayNumber(origin + at);
                if (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
                {
                    entries.Add(new HolidayEntry(day, "调休", false));
                }
            }

            var calendar = new WorkingDayCalendar(entries, [2031, 2032]);
            var d = DeadlineCalculator.DaysAfter(start, days, calendar);
            var nominal = start.AddDays(days);
            AssertFirstWorkingDay(calendar, nominal, d);
            var expectedWarning = nominal.Year < 2031 ? DeadlineCalculator.NoHolidayDataWarning(nominal.Year)
                : d.Day.Year > 2032 ? DeadlineCalculator.NoHolidayDataWarning(d.Day.Year)
                : null;
            Assert.Equal(expectedWarning, d.Warning);
        }, iter: Iterations);
    }

    private static void AssertFirstWorkingDay(WorkingDayCalendar calendar, DateOnly nominal, Deadline d)
    {
        Assert.Equal(nominal, d.NominalDay);
        Assert.True(calendar.IsWorkingDay(d.Day), $"{d.Day} is an off-day");
        Assert.True(d.Day >= nominal, $"{d.Day} before nominal {nominal}");
        for (var x = nominal; x < d.Day; x = x.AddDays(1))
        {
            Assert.False(calendar.IsWorkingDay(x), $"{x} is a working day between {nominal} and {d.Day}");
        }
    }
}
