using ComplianceMonitor.Domain.Calendar;
using ComplianceMonitor.Domain.Findings;

namespace ComplianceMonitor.Domain.Deadlines;

/// <summary>A computed deadline: the day itself, and how it was reached.</summary>
/// <param name="Day">The deadline, inclusive: the obligation may still be met on this day.</param>
/// <param name="NominalDay">The day before any move for off-days.</param>
/// <param name="FallsOnOffDay">Whether <see cref="Day"/> itself is an off-day (only for deadlines that are not moved).</param>
/// <param name="Warning">A note when the calendar had no holiday data for a year it needed, else null.</param>
public readonly record struct Deadline(DateOnly Day, DateOnly NominalDay, bool FallsOnOffDay, string? Warning)
{
    /// <summary>Whether the holiday arrangement of the deadline's year is known (for <see cref="FallsOnOffDay"/>).</summary>
    public bool HolidayDataKnown { get; init; } = true;

    /// <summary>Whether the deadline was moved from its nominal day to a working day.</summary>
    public bool WasMoved => Day != NominalDay;
}

/// <summary>The one place where deadlines are computed (deadlines.md; PRC Civil Code arts. 200-204).</summary>
/// <remarks>Scan, on-demand check, digest and reminder text all come through here so they agree to the day.</remarks>
public static class DeadlineCalculator
{
    /// <summary>
    /// The last day on which at least <paramref name="months"/> full months of the lease remain:
    /// <c>AddMonths(leaseEnd + 1 day, -months) - 1 day</c>, clamping the day of month. Never moved for off-days.
    /// </summary>
    /// <param name="leaseEnd">The lease's last day, inclusive.</param>
    /// <param name="months">How many months must remain (6 under 三（五）).</param>
    /// <param name="calendar">Used only to say whether the day is an off-day.</param>
    public static Deadline MonthsBeforeExpiry(DateOnly leaseEnd, int months, WorkingDayCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var day = leaseEnd.AddDays(1).AddMonths(-months).AddDays(-1);
        // The day itself never depends on holiday data, so no run-level warning: only the off-day advice does,
        // and the rule's message says when that advice rests on weekends alone (HolidayDataKnown).
        return new Deadline(day, day, calendar.IsOffDay(day), null) { HolidayDataKnown = calendar.HasDataFor(day.Year) };
    }

    /// <summary>
    /// A period of <paramref name="days"/> days counted from the day after <paramref name="start"/>
    /// (art. 201: the first day is not counted); when the last day is an off-day, the first working day after it (art. 203).
    /// </summary>
    public static Deadline DaysAfter(DateOnly start, int days, WorkingDayCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var nominal = start.AddDays(days);
        var day = calendar.NextWorkingDayOnOrAfter(nominal);
        string? warning = null;
        for (var y = nominal.Year; y <= day.Year && warning is null; y++)
        {
            warning = MissingDataWarning(calendar, y);
        }

        return new Deadline(day, nominal, false, warning);
    }

    /// <summary>
    /// The last day of a term of <paramref name="years"/> years that follows a term ending on <paramref name="end"/>:
    /// <c>AddYears(end + 1 day, years) - 1 day</c> (deadlines.md rule 1; <see cref="DateOnly.AddYears"/> clamps 29 February to 28 February).
    /// </summary>
    /// <remarks>
    /// A renewal's end from its approved years, and the two-year renewal limit: lease end 2026-02-28 gives 2028-02-29 for two
    /// years (the renewal starts 2026-03-01, and two years from it end the day before 2028-03-01).
    /// </remarks>
    /// <param name="end">The earlier term's last day, inclusive.</param>
    /// <param name="years">The length of the following term in years.</param>
    public static DateOnly YearsAfterEnd(DateOnly end, int years) => end.AddDays(1).AddYears(years).AddDays(-1);

    /// <summary>
    /// The last day of a period of <paramref name="years"/> years counted from <paramref name="start"/> (deadlines.md rule 5; Civil Code
    /// arts. 201-202): the first day is not counted and the period ends on the corresponding day of the last year, or the month's
    /// last day when that year has no such day.
    /// </summary>
    /// <remarks>The guideline, issued and in force on 2024-02-18 and valid five years, is valid to 2029-02-18 inclusive.</remarks>
    public static DateOnly YearsFromDay(DateOnly start, int years) => start.AddYears(years);

    /// <summary>
    /// The last day of a lease of <paramref name="years"/> years that starts on <paramref name="start"/> (its first day, inclusive):
    /// <c>AddYears(start, years) - 1 day</c>. A lease that starts 2024-03-01 for 5 years ends 2029-02-28.
    /// </summary>
    public static DateOnly LeaseEndFor(DateOnly start, int years) => start.AddYears(years).AddDays(-1);

    /// <summary>
    /// How many years a lease from <paramref name="start"/> to <paramref name="end"/> (both inclusive) lasts, counting a part year as a
    /// whole one: the least n with <c>LeaseEndFor(start, n) &gt;= end</c>.
    /// </summary>
    public static int YearsCovering(DateOnly start, DateOnly end)
    {
        if (end < start)
        {
            return 0;
        }

        var years = Math.Max(1, end.Year - start.Year);
        while (years > 1 && LeaseEndFor(start, years - 1) >= end)
        {
            years--;
        }

        while (LeaseEndFor(start, years) < end)
        {
            years++;
        }

        return years;
    }

    /// <summary>A deadline that is a fixed day and is never moved (lease end, a rent instalment's due day).</summary>
    public static Deadline Fixed(DateOnly day) => new(day, day, false, null);

    /// <summary>The status of an open obligation with deadline <paramref name="deadline"/> on day <paramref name="today"/>.</summary>
    public static FindingStatus StatusOn(DateOnly deadline, DateOnly today) =>
        today < deadline ? FindingStatus.Upcoming : today == deadline ? FindingStatus.Due : FindingStatus.Overdue;

    /// <summary>Calendar days from <paramref name="today"/> to <paramref name="deadline"/>; negative when overdue.</summary>
    public static int DaysRemaining(DateOnly deadline, DateOnly today) => deadline.DayNumber - today.DayNumber;

    /// <summary>The note a result carries when <paramref name="year"/> has no holiday data.</summary>
    public static string? MissingDataWarning(WorkingDayCalendar calendar, int year)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        return calendar.HasDataFor(year) ? null : NoHolidayDataWarning(year);
    }

    /// <summary>The text of the missing-holiday-data note for <paramref name="year"/>.</summary>
    /// <remarks>Cached per year: a scan asks for the same note once per lease, and it must not allocate each time.</remarks>
    public static string NoHolidayDataWarning(int year) =>
        (uint)year < (uint)WarningCache.Length ? WarningCache[year] ??= BuildWarning(year) : BuildWarning(year);

    // Benign race: two threads may both build the same string; either copy is correct.
    private static readonly string?[] WarningCache = new string?[10000];

    private static string BuildWarning(int year) =>
        $"no holiday data for {year}: working days in {year} were computed on weekends only (无{year}年节假日数据，仅按周末计算)";
}
