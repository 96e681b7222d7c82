namespace ComplianceMonitor.Application.Reminders;

/// <summary>What a provider said about one send: accepted, worth retrying, or never going to work.</summary>
/// <remarks>
/// A closed hierarchy: the only cases are <see cref="Accepted"/>, <see cref="Transient"/> and
/// <see cref="Permanent"/>. Senders return one of them for every provider answer and never throw for
/// provider errors; only cancellation by the caller surfaces as <see cref="OperationCanceledException"/>.
/// </remarks>
public abstract record SendResult
{
    private SendResult()
    {
    }

    /// <summary>The provider took the message; <paramref name="ProviderMessageId"/> is its id for it, when it gave one.</summary>
    public sealed record Accepted(string? ProviderMessageId) : SendResult;

    /// <summary>The send failed for a reason that may pass (rate limit, 5xx, timeout, network); try again later.</summary>
    /// <param name="Reason">Why, in the provider's words where it gave any.</param>
    /// <param name="RetryAfter">How long the provider asked us to wait, when it said (Retry-After / X-RateLimit-Reset); else null.</param>
    public sealed record Transient(string Reason, TimeSpan? RetryAfter) : SendResult;

    /// <summary>The provider rejected the message for good (bad address, bad request); retrying will not help.</summary>
    /// <param name="Reason">The provider's error text.</param>
    public sealed record Permanent(string Reason) : SendResult;

    /// <summary>Creates an <see cref="Accepted"/> result.</summary>
    public static SendResult Accept(string? providerMessageId) => new Accepted(providerMessageId);

    /// <summary>Creates a <see cref="Transient"/> result.</summary>
    public static SendResult Retry(string reason, TimeSpan? retryAfter = null) => new Transient(reason, retryAfter);

    /// <summary>Creates a <see cref="Permanent"/> result.</summary>
    public static SendResult Fail(string reason) => new Permanent(reason);
}
