namespace ComplianceMonitor.Application.Reminders;

/// <summary>One SMS to send, provider-neutral.</summary>
/// <param name="To">The recipient in E.164 form, e.g. +8613800138000 (see <see cref="PhoneNumbers.ToE164"/>).</param>
/// <param name="Body">The text.</param>
/// <param name="OutboxId">The outbox entry this message came from (kept with the send record; Twilio has no custom arguments).</param>
public sealed record SmsMessage(string To, string Body, string OutboxId)
{
    /// <summary>Checks the message is complete; throws <see cref="ArgumentException"/> naming the first bad field.</summary>
    public void Validate()
    {
        if (!PhoneNumbers.IsE164(To))
        {
            throw new ArgumentException($"To: '{ContactMask.Phone(To)}' is not an E.164 number (+ and 8-15 digits)", nameof(To));
        }

        if (string.IsNullOrWhiteSpace(Body))
        {
            throw new ArgumentException("Body: must not be empty", nameof(Body));
        }

        if (string.IsNullOrWhiteSpace(OutboxId))
        {
            throw new ArgumentException("OutboxId: must not be empty", nameof(OutboxId));
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"SmsMessage {{ To = {ContactMask.Phone(To)}, OutboxId = {OutboxId} }}";
}
