namespace ComplianceMonitor.Application.Reminders.Dispatch;

/// <summary>Step "send": hands a message to its channel's sender once and always returns the provider's answer as a <see cref="SendResult"/>.</summary>
internal sealed class ChannelSender(IEmailSender email, ISmsSender sms)
{
    /// <summary>Sends <paramref name="message"/>; an exception of the sender becomes a result (a refused message is permanent, anything else worth a retry).</summary>
    public async Task<SendResult> SendAsync(ReminderMessage message, CancellationToken cancellationToken)
    {
        try
        {
            return message switch
            {
                ReminderMessage.Email e => await email.SendAsync(e.Message, cancellationToken).ConfigureAwait(false),
                ReminderMessage.Sms s => await sms.SendAsync(s.Message, cancellationToken).ConfigureAwait(false),
                _ => throw new InvalidOperationException("unknown message type"),
            };
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is not ArgumentException)
        {
            // Senders classify provider answers themselves; anything else (a bug, a socket fault) is worth a retry.
            return SendResult.Retry($"{ex.GetType().Name}: {ex.Message}");
        }
        catch (ArgumentException ex)
        {
            return SendResult.Fail("the message was refused before sending: " + ex.Message);
        }
    }
}
