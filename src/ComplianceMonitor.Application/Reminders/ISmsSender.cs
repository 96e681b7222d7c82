using ComplianceMonitor.Application.Contacts;

namespace ComplianceMonitor.Application.Reminders;

/// <summary>Sends one SMS through a provider (Twilio) or appends it to the outbox .jsonl file.</summary>
/// <remarks>Implementations never throw for provider errors: they classify them into a <see cref="SendResult"/>.
/// Quiet hours are not the sender's business: ask <see cref="Sms.SmsWindow"/> / <see cref="NotificationGate"/> first.</remarks>
public interface ISmsSender
{
    /// <summary>Sends <paramref name="message"/> once (no retries inside: the caller decides when to retry).</summary>
    /// <exception cref="ArgumentException">The message is incomplete (the field is named).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    Task<SendResult> SendAsync(SmsMessage message, CancellationToken cancellationToken = default);
}
