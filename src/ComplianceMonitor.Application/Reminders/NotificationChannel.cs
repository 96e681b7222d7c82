namespace ComplianceMonitor.Application.Reminders;

/// <summary>The ways a notice can reach a person.</summary>
public enum NotificationChannel
{
    /// <summary>Email (SendGrid, or an .eml file in the outbox).</summary>
    Email,

    /// <summary>SMS (Twilio, or a line in the outbox .jsonl file).</summary>
    Sms,
}
