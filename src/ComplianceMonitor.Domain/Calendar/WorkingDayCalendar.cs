using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json;

namespace ComplianceMonitor.Domain.Calendar;

/// <summary>Tells working days from off-days in Beijing, from the State Council holiday notices.</summary>
/// <remarks>
/// An off-day is a Saturday or Sunday that is not an adjusted working day (调休上班), or a day of an
/// announced public holiday. Holiday data is versioned data, one JSON file per year under
/// <c>Calendar/Data/</c>, embedded in the assembly. For a year without a file the calendar falls back
/// to weekends only and <see cref="HasDataFor"/> is false, so callers can say so in their output.
/// Immutable and thread-safe.
/// </remarks>
public sealed class WorkingDayCalendar
{
    private readonly FrozenSet<int> _offDays;
    private readonly FrozenSet<int> _workingWeekendDays;
    private readonly FrozenSet<int> _years;

    /// <summary>Creates a calendar from explicit holiday entries and the years they cover.</summary>
    public WorkingDayCalendar(IEnumerable<HolidayEntry> entries, IEnumerable<int> yearsCovered)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(yearsCovered);
        var off = new HashSet<int>();
        var work = new HashSet<int>();
        foreach (var e in entries)
        {
            if (e.IsOffDay)
            {
                off.Add(e.Date.DayNumber);
            }
            else
            {
                if (e.Date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
                {
                    throw new ArgumentException($"Adjusted working day {e.Date:yyyy-MM-dd} is not a Saturday or Sunday.", nameof(entries));
                }

                work.Add(e.Date.DayNumber);
            }
        }

        _offDays = off.ToFrozenSet();
        _workingWeekendDays = work.ToFrozenSet();
        _years = yearsCovered.ToFrozenSet();
    }

    /// <summary>The calendar built from the holiday files shipped inside the product.</summary>
    public static WorkingDayCalendar Default { get; } = LoadEmbedded();

    /// <summary>The years for which holiday data is known.</summary>
    public IReadOnlyCollection<int> YearsCovered => _years;

    /// <summary>Whether the holiday arrangement of <paramref name="year"/> is known.</summary>
    public bool HasDataFor(int year) => _years.Contains(year);

    /// <summary>Whether <paramref name="date"/> is an off-day (weekend or holiday, not an adjusted working day).</summary>
    public bool IsOffDay(DateOnly date)
    {
        var n = date.DayNumber;
        if (_workingWeekendDays.Contains(n))
        {
            return false;
        }

        if (_offDays.Contains(n))
        {
            return true;
        }

        return date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
    }

    /// <summary>Whether <paramref name="date"/> is a working day.</summary>
    public bool IsWorkingDay(DateOnly date) => !IsOffDay(date);

    /// <summary>The first working day on or after <paramref name="date"/>.</summary>
    public DateOnly NextWorkingDayOnOrAfter(DateOnly date)
    {
        var d = date;
        while (IsOffDay(d))
        {
            d = d.AddDays(1);
        }

        return d;
    }

    /// <summary>Reads the holiday files embedded in this assembly.</summary>
    private static WorkingDayCalendar LoadEmbedded()
    {
        var assembly = typeof(WorkingDayCalendar).Assembly;
        var entries = new List<HolidayEntry>();
        var years = new List<int>();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("holidays/", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)
                ?? throw new InvalidOperationException($"Holiday resource {name} cannot be read.");
            var (year, yearEntries) = HolidayFile.Parse(stream, name);
            years.Add(year);
            entries.AddRange(yearEntries);
        }

        return new WorkingDayCalendar(entries, years);
    }
}

/// <summary>One date that a State Council notice changes from the ordinary week.</summary>
/// <param name="Date">The Beijing date.</param>
/// <param name="Name">The festival it belongs to.</param>
/// <param name="IsOffDay">True for a day off (放假); false for an adjusted working day (调休上班).</param>
public readonly record struct HolidayEntry(DateOnly Date, string Name, bool IsOffDay);

/// <summary>Parses one year's holiday file (<c>{"year":2025,"days":[{"date","name","isOffDay"}]}</c>).</summary>
public static class HolidayFile
{
    /// <summary>Parses a holiday file; throws <see cref="FormatException"/> naming the file on bad data.</summary>
    public static (int Year, IReadOnlyList<HolidayEntry> Entries) Parse(Stream stream, string sourceName)
    {
        using var doc = JsonDocument.Parse(stream);
        var root = doc.RootElement;
        if (!root.TryGetProperty("year", out var yearEl) || !yearEl.TryGetInt32(out var year))
        {
            throw new FormatException($"{sourceName}: missing 'year'.");
        }

        var list = new List<HolidayEntry>();
        foreach (var day in root.GetProperty("days").EnumerateArray())
        {
            var dateText = day.GetProperty("date").GetString();
            if (!DateOnly.TryParseExact(dateText, "yyyy-MM-dd", out var date))
            {
                throw new FormatException($"{sourceName}: bad date '{dateText}'.");
            }

            list.Add(new HolidayEntry(date, day.GetProperty("name").GetString() ?? string.Empty, day.GetProperty("isOffDay").GetBoolean()));
        }

        return (year, list);
    }
}
