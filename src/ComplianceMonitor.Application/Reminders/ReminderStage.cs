using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Tasks;
using System.Globalization;

namespace ComplianceMonitor.Application.Reminders;

/// <summary>A point of the reminder cadence: <c>notice</c>, <c>D-30</c> … <c>D0</c>, <c>OD+7</c>, <c>OD+14</c> …, or <c>violation</c>.</summary>
/// <remarks>
/// <see cref="Order"/> sorts the stages of one alert in time: <c>notice</c> first, then days before the deadline
/// (D-90 = -90 … D0 = 0), then days overdue (OD+7 = 7 …). A stage is queued only when no stage of the same or a
/// later order was queued before, which also means at most once.
/// </remarks>
/// <param name="Name">The stage name stored on the alert and in the outbox id.</param>
/// <param name="Order">The position of the stage in time (see remarks).</param>
public readonly record struct ReminderStage(string Name, int Order)
{
    /// <summary>The name of the transfer window's first stage, queued when the pass notice is received.</summary>
    public const string NoticeName = "notice";

    /// <summary>The name of the one reminder of a violation.</summary>
    public const string ViolationName = "violation";

    private const int NoticeOrder = -100_000;

    /// <summary>The stage of the transfer window's notice.</summary>
    public static ReminderStage Notice { get; } = new(NoticeName, NoticeOrder);

    /// <summary>The stage of a violation.</summary>
    public static ReminderStage Violation { get; } = new(ViolationName, 0);

    /// <summary>The stage <paramref name="days"/> days before the deadline (<c>D-7</c>; <c>D0</c> on the day).</summary>
    public static ReminderStage DaysBefore(int days)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        return new(days == 0 ? "D0" : "D-" + days.ToString(CultureInfo.InvariantCulture), -days);
    }

    /// <summary>The stage <paramref name="days"/> days after the deadline (<c>OD+7</c>).</summary>
    public static ReminderStage Overdue(int days)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(days);
        return new("OD+" + days.ToString(CultureInfo.InvariantCulture), days);
    }

    /// <summary>Parses a stored stage name; false when it is not one.</summary>
    public static bool TryParse(string? name, out ReminderStage stage)
    {
        stage = default;
        if (name == NoticeName)
        {
            stage = Notice;
            return true;
        }

        if (name == ViolationName)
        {
            stage = Violation;
            return true;
        }

        if (name == "D0")
        {
            stage = DaysBefore(0);
            return true;
        }

        if (name is not null && name.StartsWith("D-", StringComparison.Ordinal)
            && int.TryParse(name.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var before) && before > 0)
        {
            stage = DaysBefore(before);
            return true;
        }

        if (name is not null && name.StartsWith("OD+", StringComparison.Ordinal)
            && int.TryParse(name.AsSpan(3), NumberStyles.None, CultureInfo.InvariantCulture, out var after) && after > 0)
        {
            stage = Overdue(after);
            return true;
        }

        return false;
    }

    /// <inheritdoc/>
    public override string ToString() => Name;
}
