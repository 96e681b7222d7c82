namespace ComplianceMonitor.Web;

/// <summary>The system clock moved by a fixed offset: <c>cm serve --as-of D</c> makes "today" (Beijing) the date D while time still runs.</summary>
public sealed class ShiftedTimeProvider(TimeProvider inner, TimeSpan offset) : TimeProvider
{
    /// <inheritdoc/>
    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow() + offset;

    /// <inheritdoc/>
    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

    /// <summary>The clock whose Beijing date is <paramref name="day"/> now, at the current Beijing time of day.</summary>
    public static TimeProvider ForBeijingDate(TimeProvider inner, DateOnly day)
    {
        ArgumentNullException.ThrowIfNull(inner);
        var now = inner.GetUtcNow();
        var beijingNow = now.ToOffset(TimeSpan.FromHours(8));
        var target = new DateTimeOffset(day, TimeOnly.FromTimeSpan(beijingNow.TimeOfDay), TimeSpan.FromHours(8));
        return new ShiftedTimeProvider(inner, target - beijingNow);
    }
}
