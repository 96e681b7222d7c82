namespace ComplianceMonitor.Application.Reminders;

/// <summary>Sends one email through a provider (SendGrid) or writes it to the outbox folder.</summary>
/// <remarks>Implementations never throw for provider errors: they classify them into a <see cref="SendResult"/>.</remarks>
public interface IEmailSender
{
    /// <summary>Sends <paramref name="message"/> once (no retries inside: the caller decides when to retry).</summary>
    /// <exception cref="ArgumentException">The message is incomplete (the field is named).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    Task<SendResult> SendAsync(EmailMessage message, CancellationToken cancellationToken = default);
}
