using ComplianceMonitor.Domain.Calendar;
using Microsoft.Extensions.Time.Testing;

namespace ComplianceMonitor.Cli.Tests.Calendar;

/// <summary>The Beijing "today" the CLI defaults to (deadlines.md, "Dates and today").</summary>
[Trait("Category", "unit")]
public class BeijingClockTests
{
    [Theory]
    [InlineData("2026-03-05T23:30:00Z", "2026-03-06")] // the deadlines.md example
    [InlineData("2026-11-25T15:59:59Z", "2026-11-25")]
    [InlineData("2026-11-25T16:00:00Z", "2026-11-26")]
    [InlineData("2026-12-31T16:00:00Z", "2027-01-01")]
    [InlineData("2026-07-01T00:00:00+08:00", "2026-07-01")]
    public void Today_Instant_IsTheBeijingDate(string instant, string expected)
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), BeijingClock.Today(time));
    }

    [Fact]
    public void Now_Instant_HasTheBeijingOffsetAndLocalTime()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 5, 23, 30, 0, TimeSpan.Zero));

        var now = BeijingClock.Now(time);

        Assert.Equal(TimeSpan.FromHours(8), now.Offset);
        Assert.Equal(new DateTime(2026, 3, 6, 7, 30, 0), now.DateTime);
    }

    [Fact]
    public void TimeZone_Always_IsUtcPlus8WithoutDaylightSaving()
    {
        Assert.Equal(TimeSpan.FromHours(8), BeijingClock.TimeZone.BaseUtcOffset);
        Assert.False(BeijingClock.TimeZone.IsDaylightSavingTime(new DateTime(2026, 7, 1, 12, 0, 0, DateTimeKind.Utc)));
    }
}
