namespace ComplianceMonitor.Application.Notifications;

/// <summary>Beijing time (Asia/Shanghai): UTC+8 all year, no daylight saving since 1991.</summary>
/// <remarks>A fixed offset rather than a time-zone lookup, so results do not depend on the host's tz data.</remarks>
public static class BeijingTime
{
    /// <summary>The offset of Beijing time from UTC.</summary>
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    /// <summary>The instant <paramref name="instant"/> seen on a Beijing clock.</summary>
    public static DateTimeOffset ToBeijing(DateTimeOffset instant) => instant.ToOffset(Offset);

    /// <summary>The Beijing calendar date of <paramref name="instant"/>.</summary>
    public static DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(ToBeijing(instant).DateTime);

    /// <summary>Today's Beijing date by <paramref name="timeProvider"/>.</summary>
    public static DateOnly Today(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        return DateOf(timeProvider.GetUtcNow());
    }

    /// <summary>The instant at which <paramref name="time"/> o'clock Beijing time occurs on <paramref name="date"/>.</summary>
    public static DateTimeOffset At(DateOnly date, TimeOnly time) => new(date.ToDateTime(time), Offset);
}
