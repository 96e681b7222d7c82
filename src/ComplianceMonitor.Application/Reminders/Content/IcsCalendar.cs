using System.Globalization;
using System.Text;

namespace ComplianceMonitor.Application.Reminders.Content;

/// <summary>An all-day calendar entry with one reminder alarm.</summary>
/// <param name="Uid">A stable unique id (the same obligation keeps the same id, so calendars update rather than duplicate).</param>
/// <param name="Date">The day of the event.</param>
/// <param name="Summary">The title.</param>
/// <param name="Description">The longer text.</param>
/// <param name="Stamp">When the file was written (DTSTAMP).</param>
/// <param name="AlarmBeforeStart">How long before the start of the day the alarm goes off.</param>
public sealed record IcsAllDayEvent(string Uid, DateOnly Date, string Summary, string Description, DateTimeOffset Stamp, TimeSpan AlarmBeforeStart);

/// <summary>Writes iCalendar files (RFC 5545) by hand: one VEVENT with a VALARM, UTF-8, CRLF lines folded at 75 octets.</summary>
public static class IcsCalendar
{
    /// <summary>The MIME type of the files written here.</summary>
    public const string ContentType = "text/calendar; charset=utf-8; method=PUBLISH";

    /// <summary>The default alarm: 15 hours before the all-day event starts, i.e. 09:00 the day before.</summary>
    public static readonly TimeSpan DefaultAlarmBeforeStart = TimeSpan.FromHours(15);

    /// <summary>The calendar text for <paramref name="evt"/>.</summary>
    public static string Write(IcsAllDayEvent evt)
    {
        ArgumentNullException.ThrowIfNull(evt);
        var lines = new List<string>
        {
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//ComplianceMonitor//Lease Reminders//ZH",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "BEGIN:VEVENT",
            "UID:" + EscapeText(evt.Uid),
            "DTSTAMP:" + evt.Stamp.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture),
            "DTSTART;VALUE=DATE:" + evt.Date.ToString("yyyyMMdd", CultureInfo.InvariantCulture),
            "DTEND;VALUE=DATE:" + evt.Date.AddDays(1).ToString("yyyyMMdd", CultureInfo.InvariantCulture),
            "SUMMARY:" + EscapeText(evt.Summary),
            "DESCRIPTION:" + EscapeText(evt.Description),
            "TRANSP:TRANSPARENT",
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            "DESCRIPTION:" + EscapeText(evt.Summary),
            "TRIGGER:" + Duration(-evt.AlarmBeforeStart),
            "END:VALARM",
            "END:VEVENT",
            "END:VCALENDAR",
        };

        var sb = new StringBuilder();
        foreach (var line in lines)
        {
            AppendFolded(sb, line);
        }

        return sb.ToString();
    }

    /// <summary>The calendar file for <paramref name="evt"/> as UTF-8 bytes (no BOM).</summary>
    public static byte[] WriteBytes(IcsAllDayEvent evt) => new UTF8Encoding(false).GetBytes(Write(evt));

    /// <summary>Escapes TEXT values (RFC 5545 §3.3.11): backslash, semicolon, comma and line breaks.</summary>
    public static string EscapeText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace(";", "\\;", StringComparison.Ordinal)
            .Replace(",", "\\,", StringComparison.Ordinal)
            .Replace("\r\n", "\\n", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal)
            .Replace("\r", "\\n", StringComparison.Ordinal);
    }

    /// <summary>A duration value (RFC 5545 §3.3.6), e.g. -PT15H, -P1D, PT30M.</summary>
    public static string Duration(TimeSpan span)
    {
        var sign = span < TimeSpan.Zero ? "-" : string.Empty;
        var d = span.Duration();
        if (d == TimeSpan.Zero)
        {
            return "PT0S";
        }

        var sb = new StringBuilder(sign).Append('P');
        if (d.Days > 0)
        {
            sb.Append(d.Days.ToString(CultureInfo.InvariantCulture)).Append('D');
        }

        if (d.Hours > 0 || d.Minutes > 0 || d.Seconds > 0)
        {
            sb.Append('T');
            if (d.Hours > 0)
            {
                sb.Append(d.Hours.ToString(CultureInfo.InvariantCulture)).Append('H');
            }

            if (d.Minutes > 0)
            {
                sb.Append(d.Minutes.ToString(CultureInfo.InvariantCulture)).Append('M');
            }

            if (d.Seconds > 0)
            {
                sb.Append(d.Seconds.ToString(CultureInfo.InvariantCulture)).Append('S');
            }
        }

        return sb.ToString();
    }

    // Folds a content line so that no physical line exceeds 75 octets of UTF-8, never splitting a character (RFC 5545 §3.1).
    private static void AppendFolded(StringBuilder sb, string line)
    {
        var octets = 0;
        var limit = 75;
        for (var i = 0; i < line.Length; i++)
        {
            var isPair = char.IsHighSurrogate(line[i]) && i + 1 < line.Length;
            var size = isPair ? 4 : Encoding.UTF8.GetByteCount(line.AsSpan(i, 1));
            if (octets + size > limit)
            {
                sb.Append("\r\n ");
                octets = 0;
                limit = 74; // the leading space of a continuation line counts
            }

            sb.Append(line[i]);
            if (isPair)
            {
                sb.Append(line[++i]);
            }

            octets += size;
        }

        sb.Append("\r\n");
    }
}
