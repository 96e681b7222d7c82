namespace ComplianceMonitor.Domain.Calendar;

/// <summary>Reads Beijing local time (Asia/Shanghai, UTC+8, no daylight saving) from an injected <see cref="TimeProvider"/>.</summary>
/// <remarks>
/// Every "today" in the product is the Beijing calendar date of the run's instant (deadlines.md): a timer
/// that fires at 23:30 UTC on 2026-03-05 is working on 2026-03-06. The time zone is looked up by its IANA
/// id (which Windows also resolves since .NET 6 through ICU); when the host has no time-zone data (e.g. a
/// trimmed container without tzdata) a fixed UTC+8 zone is used, which is exact because China has kept
/// UTC+8 without daylight saving since 1991.
/// </remarks>
public static class BeijingClock
{
    /// <summary>The IANA id of the Beijing time zone.</summary>
    public const string TimeZoneId = "Asia/Shanghai";

    /// <summary>Beijing's fixed offset from UTC.</summary>
    public static readonly TimeSpan UtcOffset = TimeSpan.FromHours(8);

    /// <summary>The Beijing time zone: the system's Asia/Shanghai, or a fixed UTC+8 zone when the system has none.</summary>
    public static TimeZoneInfo TimeZone { get; } = Resolve();

    /// <summary>The Beijing calendar date at the provider's current instant.</summary>
    /// <param name="time">The clock; <see cref="TimeProvider.System"/> in production, a fake in tests.</param>
    public static DateOnly Today(TimeProvider time) => DateOnly.FromDateTime(Now(time).DateTime);

    /// <summary>The provider's current instant as a Beijing local time (offset +08:00).</summary>
    /// <param name="time">The clock; <see cref="TimeProvider.System"/> in production, a fake in tests.</param>
    public static DateTimeOffset Now(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        return ToBeijing(time.GetUtcNow());
    }

    /// <summary>Converts an instant to Beijing local time (offset +08:00).</summary>
    public static DateTimeOffset ToBeijing(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, TimeZone);

    /// <summary>The Beijing calendar date of an instant.</summary>
    public static DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(ToBeijing(instant).DateTime);

    /// <summary>The instant at which <paramref name="time"/> o'clock Beijing time occurs on <paramref name="date"/>.</summary>
    public static DateTimeOffset At(DateOnly date, TimeOnly time) => new(date.ToDateTime(time), UtcOffset);

    private static TimeZoneInfo Resolve()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(TimeZoneId);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return TimeZoneInfo.CreateCustomTimeZone(TimeZoneId, UtcOffset, "China Standard Time (UTC+8)", "China Standard Time");
        }
    }
}
