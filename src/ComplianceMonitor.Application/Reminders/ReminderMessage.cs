namespace ComplianceMonitor.Application.Reminders;

/// <summary>A reminder ready to send: an email or an SMS (a closed hierarchy, one case per channel).</summary>
public abstract record ReminderMessage
{
    private ReminderMessage()
    {
    }

    /// <summary>The channel it goes by.</summary>
    public abstract OutboxChannel Channel { get; }

    /// <summary>A reminder by email.</summary>
    /// <param name="Message">The email.</param>
    public sealed record Email(EmailMessage Message) : ReminderMessage
    {
        /// <inheritdoc/>
        public override OutboxChannel Channel => OutboxChannel.Email;
    }

    /// <summary>A reminder by SMS.</summary>
    /// <param name="Message">The SMS.</param>
    public sealed record Sms(SmsMessage Message) : ReminderMessage
    {
        /// <inheritdoc/>
        public override OutboxChannel Channel => OutboxChannel.Sms;
    }
}
