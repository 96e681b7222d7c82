namespace ComplianceMonitor.Application.Reminders;

/// <summary>What a provider said about one send: accepted, worth retrying, never going to work, or refusing us altogether.</summary>
/// <remarks>
/// A closed hierarchy: the only cases are <see cref="Accepted"/>, <see cref="Transient"/>, <see cref="Permanent"/> and
/// <see cref="ChannelRefused"/>. Senders return one of them for every provider answer and never throw for provider
/// errors; only cancellation by the caller surfaces as <see cref="OperationCanceledException"/>. When the provider
/// answered, its HTTP status and error code travel in <see cref="Status"/>: callers read that, never the reason text.
/// </remarks>
public abstract record SendResult
{
    private SendResult()
    {
    }

    /// <summary>The provider's answer (HTTP status and error code) when it gave one; null for timeouts and network faults.</summary>
    public abstract ProviderStatus? Status { get; }

    /// <summary>The provider took the message; <paramref name="ProviderMessageId"/> is its id for it, when it gave one.</summary>
    public sealed record Accepted(string? ProviderMessageId) : SendResult
    {
        /// <inheritdoc/>
        public override ProviderStatus? Status => null;
    }

    /// <summary>The send failed for a reason that may pass (rate limit, 5xx, timeout, network); try again later.</summary>
    /// <param name="Reason">Why, in the provider's words where it gave any.</param>
    /// <param name="RetryAfter">How long the provider asked us to wait, when it said (Retry-After / X-RateLimit-Reset); else null.</param>
    /// <param name="ProviderStatus">The provider's answer; null when none came (a timeout may have reached the provider).</param>
    public sealed record Transient(string Reason, TimeSpan? RetryAfter, ProviderStatus? ProviderStatus = null) : SendResult
    {
        /// <inheritdoc/>
        public override ProviderStatus? Status => ProviderStatus;
    }

    /// <summary>The provider rejected this message for good (bad address, bad request); retrying will not help.</summary>
    /// <param name="Reason">The provider's error text.</param>
    /// <param name="ProviderStatus">The provider's answer, when it gave one.</param>
    public sealed record Permanent(string Reason, ProviderStatus? ProviderStatus = null) : SendResult
    {
        /// <inheritdoc/>
        public override ProviderStatus? Status => ProviderStatus;
    }

    /// <summary>
    /// The provider refuses every message of this channel from us, whatever the message: a bad or rotated key (401/403),
    /// an unverified sender, an unresolved Key Vault reference. No message is at fault: the channel is paused and its
    /// entries stay pending until the account is fixed.
    /// </summary>
    /// <param name="Reason">The provider's words (or what is wrong with our configuration).</param>
    /// <param name="ProviderStatus">The provider's answer; null when the sender refused before calling (configuration).</param>
    public sealed record ChannelRefused(string Reason, ProviderStatus? ProviderStatus) : SendResult
    {
        /// <inheritdoc/>
        public override ProviderStatus? Status => ProviderStatus;
    }

    /// <summary>Creates an <see cref="Accepted"/> result.</summary>
    public static SendResult Accept(string? providerMessageId) => new Accepted(providerMessageId);

    /// <summary>Creates a <see cref="Transient"/> result.</summary>
    public static SendResult Retry(string reason, TimeSpan? retryAfter = null, ProviderStatus? status = null) => new Transient(reason, retryAfter, status);

    /// <summary>Creates a <see cref="Permanent"/> result.</summary>
    public static SendResult Fail(string reason, ProviderStatus? status = null) => new Permanent(reason, status);

    /// <summary>Creates a <see cref="ChannelRefused"/> result.</summary>
    public static SendResult Refuse(string reason, ProviderStatus? status) => new ChannelRefused(reason, status);
}

/// <summary>A provider's answer to one request: its HTTP status and, when it sent one, its own error code.</summary>
/// <param name="HttpStatus">The HTTP status code (e.g. 401, 429, 503).</param>
/// <param name="Code">The provider's error code (Twilio's <c>code</c>, e.g. 20003), or null.</param>
public sealed record ProviderStatus(int HttpStatus, string? Code = null)
{
    /// <summary>The status as shown in logs and listings: <c>401</c> or <c>400 (code 21211)</c>.</summary>
    public override string ToString() => Code is null ? HttpStatus.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{HttpStatus} (code {Code})";
}
