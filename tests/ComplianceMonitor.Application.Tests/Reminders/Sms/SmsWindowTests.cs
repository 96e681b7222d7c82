using ComplianceMonitor.Application.Reminders.Sms;
using ComplianceMonitor.Application.Tests.Contacts;
using Microsoft.Extensions.Time.Testing;

namespace ComplianceMonitor.Application.Tests.Reminders.Sms;

[Trait("Category", "unit")]
public class SmsWindowTests
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    private static DateTimeOffset At(int day, int hour, int minute) => new(2026, 3, day, hour, minute, 0, Beijing);

    [Theory]
    [InlineData(7, 59, false)]
    [InlineData(8, 0, true)]
    [InlineData(12, 0, true)]
    [InlineData(19, 59, true)]
    [InlineData(20, 0, false)]
    [InlineData(23, 30, false)]
    [InlineData(0, 0, false)]
    public void IsOpen_BeijingTime_IsHalfOpenEightToTwenty(int hour, int minute, bool open)
    {
        var clock = new FakeTimeProvider(At(6, hour, minute).ToUniversalTime());

        Assert.Equal(open, SmsWindow.Default.IsOpen(clock));
    }

    [Fact]
    public void IsOpen_UtcInstant_IsJudgedOnBeijingClock()
    {
        // 23:59 UTC on 03-05 is 07:59 Beijing on 03-06; 00:00 UTC is 08:00.
        Assert.False(SmsWindow.Default.IsOpen(new DateTimeOffset(2026, 3, 5, 23, 59, 0, TimeSpan.Zero)));
        Assert.True(SmsWindow.Default.IsOpen(new DateTimeOffset(2026, 3, 6, 0, 0, 0, TimeSpan.Zero)));
        Assert.True(SmsWindow.Default.IsOpen(new DateTimeOffset(2026, 3, 6, 11, 59, 0, TimeSpan.Zero)));
        Assert.False(SmsWindow.Default.IsOpen(new DateTimeOffset(2026, 3, 6, 12, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void NextOpening_BeforeWindow_IsEightTheSameDay()
    {
        Assert.Equal(At(6, 8, 0), SmsWindow.Default.NextOpening(At(6, 7, 59)));
        Assert.Equal(new DateTimeOffset(2026, 3, 6, 0, 0, 0, TimeSpan.Zero), SmsWindow.Default.NextOpening(At(6, 0, 30)));
    }

    [Fact]
    public void NextOpening_AtOrAfterEnd_IsEightNextDay()
    {
        Assert.Equal(At(7, 8, 0), SmsWindow.Default.NextOpening(At(6, 20, 0)));
        Assert.Equal(At(7, 8, 0), SmsWindow.Default.NextOpening(At(6, 23, 59)));
    }

    [Fact]
    public void NextOpening_InsideWindow_IsNow()
    {
        var now = At(6, 19, 59);

        Assert.Equal(now, SmsWindow.Default.NextOpening(now));
    }

    [Fact]
    public void Parse_CustomWindow_IsUsed()
    {
        var window = SmsWindow.Parse("09:30", "18:00");

        Assert.False(window.IsOpen(At(6, 9, 29)));
        Assert.True(window.IsOpen(At(6, 9, 30)));
        Assert.False(window.IsOpen(At(6, 18, 0)));
    }

    [Fact]
    public void Parse_Blank_UsesDefaults()
    {
        var window = SmsWindow.Parse(null, " ");

        Assert.Equal(new TimeOnly(8, 0), window.Start);
        Assert.Equal(new TimeOnly(20, 0), window.End);
    }

    [Fact]
    public void Parse_BadTime_NamesTheSetting()
    {
        var ex = Assert.Throws<FormatException>(() => SmsWindow.Parse("8am", "20:00"));

        Assert.StartsWith("Sms__WindowStart:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_StartNotBeforeEnd_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new SmsWindow(new TimeOnly(20, 0), new TimeOnly(8, 0)));

        Assert.Contains("Sms__WindowStart", ex.Message, StringComparison.Ordinal);
    }
}
