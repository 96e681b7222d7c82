using ComplianceMonitor.Domain.Calendar;
namespace ComplianceMonitor.Application.Reminders.Sms;

/// <summary>The hours of the Beijing day in which SMS may be sent (policy.md: 08:00 to 20:00).</summary>
/// <remarks>
/// The window is half-open, [<see cref="Start"/>, <see cref="End"/>): 19:59 is inside, 20:00 is not.
/// Times are Beijing wall-clock times; instants in and out are UTC-comparable <see cref="DateTimeOffset"/>s.
/// </remarks>
public sealed class SmsWindow
{
    /// <summary>The default window start, 08:00 Beijing.</summary>
    public static readonly TimeOnly DefaultStart = new(8, 0);

    /// <summary>The default window end (exclusive), 20:00 Beijing.</summary>
    public static readonly TimeOnly DefaultEnd = new(20, 0);

    /// <summary>Creates a window; <paramref name="start"/> must be before <paramref name="end"/> on the same day.</summary>
    public SmsWindow(TimeOnly start, TimeOnly end)
    {
        if (start >= end)
        {
            throw new ArgumentException($"Sms__WindowStart ({start:HH\\:mm}) must be before Sms__WindowEnd ({end:HH\\:mm})", nameof(start));
        }

        Start = start;
        End = end;
    }

    /// <summary>The policy's window, 08:00 to 20:00 Beijing.</summary>
    public static SmsWindow Default { get; } = new(DefaultStart, DefaultEnd);

    /// <summary>The first minute SMS may go, Beijing time (inclusive).</summary>
    public TimeOnly Start { get; }

    /// <summary>The first minute SMS may no longer go, Beijing time (exclusive).</summary>
    public TimeOnly End { get; }

    /// <summary>Parses the <c>Sms__WindowStart</c> / <c>Sms__WindowEnd</c> settings (HH:mm); errors name the setting.</summary>
    public static SmsWindow Parse(string? start, string? end)
    {
        return new SmsWindow(ParseTime(start, "Sms__WindowStart", DefaultStart), ParseTime(end, "Sms__WindowEnd", DefaultEnd));

        static TimeOnly ParseTime(string? text, string key, TimeOnly fallback)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return fallback;
            }

            return TimeOnly.TryParseExact(text.Trim(), "HH:mm", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var t)
                ? t
                : throw new FormatException($"{key}: '{text}' is not a time of day as HH:mm (e.g. 08:00)");
        }
    }

    /// <summary>Whether an SMS may go at <paramref name="instant"/>.</summary>
    public bool IsOpen(DateTimeOffset instant)
    {
        var local = TimeOnly.FromTimeSpan(BeijingClock.ToBeijing(instant).TimeOfDay);
        return local >= Start && local < End;
    }

    /// <summary>Whether an SMS may go now, by <paramref name="timeProvider"/>.</summary>
    public bool IsOpen(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        return IsOpen(timeProvider.GetUtcNow());
    }

    /// <summary>
    /// The earliest instant at or after <paramref name="instant"/> at which an SMS may go: <paramref name="instant"/>
    /// itself when the window is open, else the next <see cref="Start"/> (today's if still ahead, tomorrow's otherwise).
    /// </summary>
    public DateTimeOffset NextOpening(DateTimeOffset instant)
    {
        if (IsOpen(instant))
        {
            return instant;
        }

        var local = BeijingClock.ToBeijing(instant);
        var date = DateOnly.FromDateTime(local.DateTime);
        var time = TimeOnly.FromTimeSpan(local.TimeOfDay);
        var opening = BeijingClock.At(time < Start ? date : date.AddDays(1), Start);
        return opening.ToUniversalTime();
    }
}
