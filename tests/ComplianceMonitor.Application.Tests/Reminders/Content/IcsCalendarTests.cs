using ComplianceMonitor.Application.Tests.Contacts;
using System.Text;
using ComplianceMonitor.Application.Reminders.Content;
using ComplianceMonitor.Domain.Calendar;

namespace ComplianceMonitor.Application.Tests.Reminders.Content;

[Trait("Category", "unit")]
public class IcsCalendarTests
{
    [Fact]
    public void Write_AllDayEvent_IsExactRfc5545Text()
    {
        var evt = new IcsAllDayEvent("L1-rent@cm", new DateOnly(2026, 3, 23), "Pay rent; now", "Line one\nLine, two", new DateTimeOffset(2026, 3, 6, 0, 0, 0, TimeSpan.Zero), TimeSpan.FromHours(15));

        // As Ical.Net writes it (properties in its order); escaping per RFC 5545 3.3.11.
        var expected =
            "BEGIN:VCALENDAR\r\n" +
            "CALSCALE:GREGORIAN\r\n" +
            "METHOD:PUBLISH\r\n" +
            "PRODID:-//ComplianceMonitor//Lease Reminders//ZH\r\n" +
            "VERSION:2.0\r\n" +
            "BEGIN:VEVENT\r\n" +
            "DESCRIPTION:Line one\\nLine\\, two\r\n" +
            "DTEND;VALUE=DATE:20260324\r\n" +
            "DTSTAMP:20260306T000000Z\r\n" +
            "DTSTART;VALUE=DATE:20260323\r\n" +
            "SEQUENCE:0\r\n" +
            "SUMMARY:Pay rent\\; now\r\n" +
            "TRANSP:TRANSPARENT\r\n" +
            "UID:L1-rent@cm\r\n" +
            "BEGIN:VALARM\r\n" +
            "ACTION:DISPLAY\r\n" +
            "DESCRIPTION:Pay rent\\; now\r\n" +
            "TRIGGER:-PT15H\r\n" +
            "END:VALARM\r\n" +
            "END:VEVENT\r\n" +
            "END:VCALENDAR\r\n";
        Assert.Equal(expected, IcsCalendar.Write(evt));
    }

    [Fact]
    public void Write_LongChineseLine_FoldsAt75OctetsWithoutSplittingCharacters()
    {
        var summary = string.Concat(Enumerable.Repeat("租赁合同截止提醒", 10));
        var evt = new IcsAllDayEvent("u", new DateOnly(2026, 3, 23), summary, "d", DateTimeOffset.UnixEpoch, TimeSpan.FromDays(1));

        var text = IcsCalendar.Write(evt);

        var physical = text.Split("\r\n");
        Assert.All(physical, line => Assert.True(Encoding.UTF8.GetByteCount(line) <= 75, $"{Encoding.UTF8.GetByteCount(line)} octets: {line}"));
        var unfolded = text.Replace("\r\n ", string.Empty, StringComparison.Ordinal);
        Assert.Contains("\r\nSUMMARY:" + summary + "\r\n", unfolded, StringComparison.Ordinal);
        Assert.Contains("\r\nTRIGGER:-PT24H\r\n", unfolded, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_ParsedBack_IsTheSameEvent()
    {
        var evt = new IcsAllDayEvent("L1-rent@cm", new DateOnly(2026, 3, 23), "缴纳租金；逗号, 分号; 反斜杠\\", "第一行\n第二行, 逗号", new DateTimeOffset(2026, 3, 6, 0, 0, 0, TimeSpan.Zero), TimeSpan.FromHours(15));

        var parsed = Assert.Single(Ical.Net.Calendar.Load(IcsCalendar.Write(evt))!.Events);

        Assert.Equal("L1-rent@cm", parsed.Uid);
        Assert.Equal(new DateOnly(2026, 3, 23), parsed.DtStart!.Date);
        Assert.False(parsed.DtStart.HasTime);
        Assert.Equal(new DateOnly(2026, 3, 24), parsed.DtEnd!.Date);
        Assert.Equal(evt.Summary, parsed.Summary);
        Assert.Equal(evt.Description, parsed.Description);
        Assert.Equal(TimeSpan.FromHours(-15), Assert.Single(parsed.Alarms).Trigger!.Duration!.Value.ToTimeSpanUnspecified());
    }

    [Fact]
    public void ReminderCalendar_UpcomingDeadline_IsAllDayEventOnTheDeadline()
    {
        var facts = ReminderFacts.Create(NotificationSamples.Request(NotificationSamples.TransferWindow()), DistrictContacts.Default, WorkingDayCalendar.Default);

        var attachment = ReminderCalendar.For(facts, NotificationSamples.GeneratedAt);

        Assert.NotNull(attachment);
        Assert.Equal("deadline-2026-03-23.ics", attachment.FileName);
        Assert.Equal("text/calendar; charset=utf-8; method=PUBLISH", attachment.ContentType);
        var text = Encoding.UTF8.GetString(attachment.Content.Span).Replace("\r\n ", string.Empty, StringComparison.Ordinal);
        Assert.Contains("\r\nUID:FS-2024-001-transfer_contract_and_payment-2026-03-23@compliancemonitor\r\n", text, StringComparison.Ordinal);
        Assert.Contains("\r\nDTSTART;VALUE=DATE:20260323\r\n", text, StringComparison.Ordinal);
        Assert.Contains("\r\nDTEND;VALUE=DATE:20260324\r\n", text, StringComparison.Ordinal);
        Assert.Contains("\r\nDTSTAMP:20260306T000000Z\r\n", text, StringComparison.Ordinal);
        Assert.Contains("\r\nSUMMARY:出让合同签订及地价缴纳截止（租赁合同FS-2024-001）\r\n", text, StringComparison.Ordinal);
        Assert.Contains("截止日期：2026年3月23日（星期一）（当日有效）\\n应缴土地出让价款：23\\,201\\,250.00元\\n依据：《北京市工业用地先租后让指导意见（试行）》三（五）", text, StringComparison.Ordinal);
        Assert.Contains("\r\nBEGIN:VALARM\r\nACTION:DISPLAY\r\n", text, StringComparison.Ordinal);
        Assert.Contains("\r\nTRIGGER:-PT15H\r\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ReminderCalendar_OverdueOrViolation_HasNoCalendar()
    {
        var overdue = ReminderFacts.Create(NotificationSamples.Request(NotificationSamples.RentArrears()), DistrictContacts.Default, WorkingDayCalendar.Default);
        var violation = ReminderFacts.Create(NotificationSamples.Request(NotificationSamples.Mortgage()), DistrictContacts.Default, WorkingDayCalendar.Default);

        Assert.Null(ReminderCalendar.For(overdue, NotificationSamples.GeneratedAt));
        Assert.Null(ReminderCalendar.For(violation, NotificationSamples.GeneratedAt));
    }
}
