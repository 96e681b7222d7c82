using System.Globalization;

namespace ComplianceMonitor.Application.Access;

/// <summary>
/// Which day a scan that writes (opens, resolves, queues) may run for: today in Beijing. A past day only when the operator
/// asks for a back-dated run by name (<c>cm scan --backdate</c>, <c>cm run --as-of</c>); a future day never, since it
/// would send reminders and open tasks ahead of time.
/// </summary>
public static class ScanDay
{
    /// <summary>Why a scan for <paramref name="asOf"/> must not run, or null when it may.</summary>
    /// <param name="asOf">The requested day; null means today.</param>
    /// <param name="today">Today in Beijing.</param>
    /// <param name="backdateAllowed">Whether the caller asked for a deliberate back-dated run.</param>
    public static string? Refusal(DateOnly? asOf, DateOnly today, bool backdateAllowed)
    {
        if (asOf is not { } day || day == today)
        {
            return null;
        }

        var inv = CultureInfo.InvariantCulture;
        if (day > today)
        {
            return string.Create(inv, $"--as-of {day:yyyy-MM-dd} is after today in Beijing ({today:yyyy-MM-dd}); a scan never runs for a future day (it would send reminders and open tasks early). Use 'cm check --as-of' to see that day's findings without writing anything.");
        }

        return backdateAllowed
            ? null
            : string.Create(inv, $"--as-of {day:yyyy-MM-dd} is not today in Beijing ({today:yyyy-MM-dd}); a scan for another day sends, opens and resolves nothing unless asked: add --backdate for a deliberate back-dated run, or use 'cm check --as-of' to see its findings without writing anything.");
    }
}
