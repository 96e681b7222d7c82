using System.Globalization;
using System.Text;
using ComplianceMonitor.Domain.Calendar;
using ComplianceMonitor.Domain.Deadlines;

namespace ComplianceMonitor.Domain.Tests.Calendar;

[Trait("Category", "unit")]
public class WorkingDayCalendarTests
{
    private static readonly WorkingDayCalendar Sut = WorkingDayCalendar.Default;

    private static DateOnly D(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string[] ResourceNames() =>
        typeof(WorkingDayCalendar).Assembly.GetManifestResourceNames().Where(n => n.StartsWith("holidays/", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToArray();

    public static TheoryData<string> HolidayResources() => new(ResourceNames());

    private static (int Year, IReadOnlyList<HolidayEntry> Entries) Load(string resource)
    {
        using var stream = typeof(WorkingDayCalendar).Assembly.GetManifestResourceStream(resource)!;
        return HolidayFile.Parse(stream, resource);
    }

    [Fact]
    public void Default_ShippedFiles_Cover2024To2026()
    {
        Assert.Equal(["holidays/2024.json", "holidays/2025.json", "holidays/2026.json"], ResourceNames());
        Assert.Equal([2024, 2025, 2026], Sut.YearsCovered.Order());
    }

    [Theory]
    [MemberData(nameof(HolidayResources))]
    public void HolidayFile_EachShippedFile_LoadsWithDatesAroundItsYear(string resource)
    {
        var (year, entries) = Load(resource);

        Assert.Equal($"holidays/{year}.json", resource);
        Assert.True(entries.Count >= 20, $"{resource} has only {entries.Count} entries");
        Assert.All(entries, e => Assert.InRange(e.Date, new DateOnly(year - 1, 12, 1), new DateOnly(year + 1, 1, 31)));
        Assert.All(entries, e => Assert.False(string.IsNullOrWhiteSpace(e.Name)));
        Assert.Equal(entries.Count, entries.Select(e => e.Date).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(HolidayResources))]
    public void HolidayFile_AdjustedWorkingDays_AreWeekendsAndWorking(string resource)
    {
        var adjusted = Load(resource).Entries.Where(e => !e.IsOffDay).ToList();

        Assert.NotEmpty(adjusted);
        Assert.All(adjusted, e => Assert.True(e.Date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday, $"{e.Date} is a {e.Date.DayOfWeek}"));
        Assert.All(adjusted, e => Assert.True(Sut.IsWorkingDay(e.Date), $"{e.Date} should be a working day"));
    }

    [Theory]
    [MemberData(nameof(HolidayResources))]
    public void HolidayFile_OffDays_AreOffDays(string resource)
    {
        Assert.All(Load(resource).Entries.Where(e => e.IsOffDay), e => Assert.True(Sut.IsOffDay(e.Date), $"{e.Date} should be off"));
    }

    [Theory]
    [InlineData("2025-10-01")]
    [InlineData("2025-10-02")]
    [InlineData("2025-10-03")]
    [InlineData("2025-10-04")]
    [InlineData("2025-10-05")]
    [InlineData("2025-10-06")]
    [InlineData("2025-10-07")]
    [InlineData("2025-10-08")]
    [InlineData("2025-10-12")] // an ordinary Sunday
    [InlineData("2025-01-28")] // Spring Festival
    [InlineData("2026-03-21")] // an ordinary Saturday
    public void IsOffDay_HolidaysAndWeekends_True(string day) => Assert.True(Sut.IsOffDay(D(day)));

    [Theory]
    [InlineData("2025-09-28")] // Sunday, adjusted working day
    [InlineData("2025-10-11")] // Saturday, adjusted working day
    [InlineData("2025-10-09")]
    [InlineData("2025-09-30")]
    [InlineData("2024-02-18")] // Sunday, adjusted working day (the guideline's issue day)
    [InlineData("2026-03-23")]
    public void IsWorkingDay_AdjustedAndOrdinaryWorkdays_True(string day) => Assert.True(Sut.IsWorkingDay(D(day)));

    [Fact]
    public void NextWorkingDayOnOrAfter_NationalDay2025_October9()
    {
        Assert.Equal(D("2025-10-09"), Sut.NextWorkingDayOnOrAfter(D("2025-10-01")));
        Assert.Equal(D("2025-09-30"), Sut.NextWorkingDayOnOrAfter(D("2025-09-30")));
    }

    [Fact]
    public void IsOffDay_YearWithoutData_WeekendsOnly()
    {
        Assert.False(Sut.HasDataFor(2030));
        Assert.False(Sut.IsOffDay(D("2030-10-01"))); // would be National Day, but 2030 is not announced yet
        Assert.True(Sut.IsOffDay(D("2030-10-05")));
        Assert.True(Sut.IsOffDay(D("2030-10-06")));
        Assert.False(Sut.IsOffDay(D("2030-10-07")));
    }

    [Fact]
    public void DeadlineCalculator_YearWithoutData_ReportsMissingData()
    {
        var d = DeadlineCalculator.DaysAfter(D("2030-09-20"), 15, Sut);

        Assert.Equal(D("2030-10-07"), d.Day);
        Assert.Equal("no holiday data for 2030: working days in 2030 were computed on weekends only (无2030年节假日数据，仅按周末计算)", d.Warning);
        Assert.Equal(d.Warning, DeadlineCalculator.MissingDataWarning(Sut, 2030));
        Assert.Null(DeadlineCalculator.MissingDataWarning(Sut, 2025));
    }

    [Fact]
    public void Constructor_AdjustedWorkingDayOnWeekday_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new WorkingDayCalendar([new HolidayEntry(D("2025-10-09"), "x", false)], [2025]));

        Assert.Contains("2025-10-09", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_CustomEntries_UsedAndYearsReported()
    {
        var calendar = new WorkingDayCalendar([new HolidayEntry(D("2031-05-01"), "劳动节", true), new HolidayEntry(D("2031-05-10"), "调休", false)], [2031]);

        Assert.True(calendar.IsOffDay(D("2031-05-01")));
        Assert.True(calendar.IsWorkingDay(D("2031-05-10")));
        Assert.True(calendar.HasDataFor(2031));
        Assert.False(calendar.HasDataFor(2025));
    }

    [Theory]
    [InlineData("{\"days\":[]}", "missing 'year'")]
    [InlineData("{\"year\":2031,\"days\":[{\"date\":\"2031-13-01\",\"name\":\"x\",\"isOffDay\":true}]}", "bad date '2031-13-01'")]
    public void HolidayFile_BadData_FormatExceptionNamingFile(string json, string problem)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));

        var ex = Assert.Throws<FormatException>(() => HolidayFile.Parse(stream, "2031.json"));

        Assert.Equal($"2031.json: {problem}.", ex.Message);
    }
}
