using System.Globalization;
using ComplianceMonitor.Domain.Calendar;

namespace ComplianceMonitor.Cli.Commands;

/// <summary>Instants in the CLI's text output: Beijing time with its offset (JSON output keeps UTC ISO 8601).</summary>
internal static class CliTimes
{
    /// <summary>2026-06-23 06:00:00 +08:00.</summary>
    public static string Text(DateTimeOffset instant) =>
        BeijingClock.ToBeijing(instant).ToString("yyyy-MM-dd HH:mm:ss '+08:00'", CultureInfo.InvariantCulture);

    /// <summary>2026-06-23 06:00 +08:00.</summary>
    public static string Minutes(DateTimeOffset instant) =>
        BeijingClock.ToBeijing(instant).ToString("yyyy-MM-dd HH:mm '+08:00'", CultureInfo.InvariantCulture);
}
