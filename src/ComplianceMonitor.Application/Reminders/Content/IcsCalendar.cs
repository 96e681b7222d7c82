using System.Text;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;

namespace ComplianceMonitor.Application.Reminders.Content;

/// <summary>An all-day calendar event with one display alarm: what a reminder's .ics carries.</summary>
/// <param name="Uid">The event's unique id (stable per lease, rule and deadline, so a second reminder updates the entry).</param>
/// <param name="Date">The day of the event (the deadline).</param>
/// <param name="Summary">The title.</param>
/// <param name="Description">The details, lines separated by '\n'.</param>
/// <param name="Stamp">When the file was written (DTSTAMP).</param>
/// <param name="AlarmBeforeStart">How long before the start of the day the alarm fires.</param>
public sealed record IcsAllDayEvent(string Uid, DateOnly Date, string Summary, string Description, DateTimeOffset Stamp, TimeSpan AlarmBeforeStart);

/// <summary>Writes iCalendar (RFC 5545) files with Ical.Net: escaping, folding and UTF-8 are the library's.</summary>
public static class IcsCalendar
{
    /// <summary>The attachment's media type, with its charset (readers that default to ASCII would show mojibake).</summary>
    public const string ContentType = "text/calendar; charset=utf-8; method=PUBLISH";

    /// <summary>The product id written in PRODID.</summary>
    public const string ProductId = "-//ComplianceMonitor//Lease Reminders//ZH";

    /// <summary>The default alarm: 15 hours before the day starts, i.e. 09:00 the day before.</summary>
    public static readonly TimeSpan DefaultAlarmBeforeStart = TimeSpan.FromHours(15);

    /// <summary>The calendar holding <paramref name="evt"/>, as text.</summary>
    public static string Write(IcsAllDayEvent evt)
    {
        ArgumentNullException.ThrowIfNull(evt);
        var calendar = new Calendar { ProductId = ProductId, Scale = "GREGORIAN", Method = "PUBLISH" };
        var e = new CalendarEvent
        {
            Uid = evt.Uid,
            DtStamp = new CalDateTime(evt.Stamp.UtcDateTime),
            DtStart = new CalDateTime(evt.Date),
            DtEnd = new CalDateTime(evt.Date.AddDays(1)),
            Summary = evt.Summary,
            Description = evt.Description,
            Transparency = TransparencyType.Transparent,
        };
        e.Alarms.Add(new Alarm
        {
            Action = AlarmAction.Display,
            Description = evt.Summary,
            Trigger = new Trigger(Duration.FromTimeSpanExact(-evt.AlarmBeforeStart)),
        });
        calendar.Events.Add(e);
        return new CalendarSerializer().SerializeToString(calendar)!;
    }

    /// <summary><see cref="Write"/> as UTF-8 bytes without a byte-order mark.</summary>
    public static byte[] WriteBytes(IcsAllDayEvent evt) => new UTF8Encoding(false).GetBytes(Write(evt));
}
