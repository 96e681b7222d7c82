using ComplianceMonitor.Application.Reminders.Content;
using ComplianceMonitor.Application.Reminders.Sms;
using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Domain.Calendar;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Domain.Rules;

namespace ComplianceMonitor.Application.Reminders.Dispatch;

/// <summary>Step "compose": writes the entry's message for the sending day, every count and date from one finding (<see cref="SendDayFinding"/>).</summary>
internal sealed class MessageComposer(IReminderRenderer renderer, RuleEngine engine, SmsComposer sms)
{
    /// <summary>The message of <paramref name="entry"/> sent at <paramref name="now"/>.</summary>
    /// <exception cref="ArgumentException">The message cannot be written (a bad recipient, no district contact; the field is named).</exception>
    /// <exception cref="FormatException">A template or value cannot be formatted.</exception>
    /// <exception cref="InvalidOperationException">The content is incomplete.</exception>
    public ReminderMessage Compose(OutboxEntry entry, LeaseRecord lease, Alert alert, DateTimeOffset now)
    {
        // One day for every count and date of the message (SendDayFinding): the sending day, or the day last seen.
        var (finding, day) = SendDayFinding.For(engine, lease, alert, BeijingClock.DateOf(now));
        var content = renderer.Render(new ReminderRequest(lease, finding, day, entry.Stage, now));
        if (entry.Channel == OutboxChannel.Email)
        {
            var email = content.ToEmail([new EmailAddress(entry.Recipient, entry.RecipientName)], entry.Id) with
            {
                CustomArgs = new Dictionary<string, string> { ["leaseId"] = entry.LeaseId, ["stage"] = entry.Stage },
            };
            email.Validate();
            return new ReminderMessage.Email(email);
        }

        var to = PhoneNumbers.ToE164(entry.Recipient)
            ?? throw new ArgumentException($"Recipient: '{entry.MaskedRecipient}' is not a mobile number", nameof(entry));
        var text = new SmsMessage(to, sms.Compose(content.Facts).Text, entry.Id);
        text.Validate();
        return new ReminderMessage.Sms(text);
    }
}
