using Cronos;

namespace ComplianceMonitor.Application.Digest;

/// <summary>Parses digest schedules: Cronos expressions of 5 fields (or 6 with seconds first), evaluated in Beijing time (<see cref="Domain.Calendar.BeijingClock.TimeZone"/>).</summary>
public static class DigestCron
{
    /// <summary>Parses <paramref name="text"/>; false with a reason when it is not a 5- or 6-field Cronos expression.</summary>
    public static bool TryParse(string? text, out CronExpression? expression, out string? error)
    {
        expression = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "a cron expression is required (5 fields: minute hour day-of-month month day-of-week)";
            return false;
        }

        var trimmed = text.Trim();
        var fields = trimmed.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        if (fields is not (5 or 6))
        {
            error = $"'{trimmed}' has {fields} fields; expected 5 (minute hour day-of-month month day-of-week) or 6 (seconds first)";
            return false;
        }

        try
        {
            expression = CronExpression.Parse(trimmed, fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
            error = null;
            return true;
        }
        catch (CronFormatException ex)
        {
            error = $"'{trimmed}' is not a cron expression: {ex.Message}";
            return false;
        }
    }

    /// <summary>Parses <paramref name="text"/> or throws <see cref="FormatException"/> naming <paramref name="field"/>.</summary>
    public static CronExpression Parse(string? text, string field) =>
        TryParse(text, out var expression, out var error) ? expression! : throw new FormatException($"{field}: {error}");
}
