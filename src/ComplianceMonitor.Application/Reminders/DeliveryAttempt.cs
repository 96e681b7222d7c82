using ComplianceMonitor.Application.Contacts;
using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Tasks;
using System.Globalization;
using System.Security.Cryptography;

namespace ComplianceMonitor.Application.Reminders;

/// <summary>What became of one delivery attempt.</summary>
public enum DeliveryOutcome
{
    /// <summary>The provider accepted the message.</summary>
    Accepted,

    /// <summary>The provider failed for a reason that may pass (429, 5xx, timeout); the entry is retried later.</summary>
    Transient,

    /// <summary>The provider rejected the message for good (or it could not be written); the entry is dead.</summary>
    Permanent,

    /// <summary>Not sent now: SMS quiet hours or a snooze; the entry waits until <see cref="DeliveryAttempt.RetryAt"/>.</summary>
    Held,

    /// <summary>Not sent on this channel: the enterprise stopped SMS and the notice is not critical.</summary>
    Suppressed,

    /// <summary>Not sent: the alert was resolved or is gone.</summary>
    Superseded,

    /// <summary>Claimed but not sent: too little of the claim was left to start the send; the claim was released.</summary>
    Abandoned,

    /// <summary>The dispatcher stopped during the send (found later by recovery): whether the provider got it is unknown.</summary>
    Unknown,

    /// <summary>
    /// The provider refused our account, not the message (bad or rotated key, unverified sender): the channel is paused
    /// until <see cref="DeliveryAttempt.RetryAt"/> and the entry stays pending, its attempt not counted.
    /// </summary>
    Paused,
}

/// <summary>Marks on a delivery attempt.</summary>
[Flags]
public enum DeliveryFlags
{
    /// <summary>No marks.</summary>
    None = 0,

    /// <summary>The entry was taken over from a dispatcher whose claim expired.</summary>
    Recovered = 1,

    /// <summary>
    /// The previous attempt's outcome is unknown (the dispatcher died between sending and recording), so this send may
    /// duplicate a message the recipient already has.
    /// </summary>
    PossibleDuplicate = 2,
}

/// <summary>One row of the delivery log: one decision or send of one outbox entry.</summary>
/// <remarks>
/// A send is logged twice: once when it starts (<see cref="Outcome"/> null) and once when it ends. A row left without an
/// outcome means the dispatcher stopped mid-send; recovery marks it <see cref="DeliveryOutcome.Unknown"/> and flags the
/// resend <see cref="DeliveryFlags.PossibleDuplicate"/>. The recipient is stored masked only.
/// </remarks>
public sealed record DeliveryAttempt
{
    /// <summary>The attempt id: the claim token, <c>yyyyMMddTHHmmssfffffffZ-xxxxxxxx</c> (sortable by start).</summary>
    public required string AttemptId { get; init; }

    /// <summary>The district (partition) of the outbox entry.</summary>
    public required string DistrictCode { get; init; }

    /// <summary>The outbox entry.</summary>
    public required string OutboxId { get; init; }

    /// <summary>The lease concerned.</summary>
    public required string LeaseId { get; init; }

    /// <summary>The reminder stage.</summary>
    public required string Stage { get; init; }

    /// <summary>Email or SMS.</summary>
    public required OutboxChannel Channel { get; init; }

    /// <summary>The recipient, masked (never the full address or number).</summary>
    public required string MaskedRecipient { get; init; }

    /// <summary>The entry's send attempt number (1 for the first send), or 0 for a decision without a send.</summary>
    public required int Attempt { get; init; }

    /// <summary>When the attempt started (UTC).</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>When it ended (UTC), or null while in flight.</summary>
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>The outcome, or null while in flight (or when the dispatcher stopped mid-send and no one has looked yet).</summary>
    public DeliveryOutcome? Outcome { get; init; }

    /// <summary>The provider's message id when accepted.</summary>
    public string? ProviderMessageId { get; init; }

    /// <summary>The provider's answer (HTTP status and code) when it gave one; null for timeouts, network faults and decisions.</summary>
    public ProviderStatus? ProviderStatus { get; init; }

    /// <summary>Why (the provider's words for failures; the gate's reason for holds), digits masked.</summary>
    public string? Reason { get; init; }

    /// <summary>When the entry is to be tried again (transient failures, holds), else null.</summary>
    public DateTimeOffset? RetryAt { get; init; }

    /// <summary>Marks on the attempt.</summary>
    public DeliveryFlags Flags { get; init; }

    /// <summary>The stored version tag, or null before it is stored.</summary>
    public string? ETag { get; init; }

    /// <summary>Whether the attempt ended with a recorded provider answer (accepted, transient or permanent).</summary>
    public bool HasProviderAnswer => Outcome is DeliveryOutcome.Accepted or DeliveryOutcome.Transient or DeliveryOutcome.Permanent or DeliveryOutcome.Paused;

    /// <summary>A new attempt id for an attempt starting at <paramref name="at"/>.</summary>
    public static string NewId(DateTimeOffset at) =>
        string.Concat(at.UtcDateTime.ToString("yyyyMMdd'T'HHmmssfffffff'Z'", CultureInfo.InvariantCulture), "-", Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)));

    /// <summary>The wire name of an outcome.</summary>
    public static string Wire(DeliveryOutcome outcome) => outcome switch
    {
        DeliveryOutcome.Accepted => "accepted",
        DeliveryOutcome.Transient => "transient",
        DeliveryOutcome.Permanent => "permanent",
        DeliveryOutcome.Held => "held",
        DeliveryOutcome.Suppressed => "suppressed",
        DeliveryOutcome.Superseded => "superseded",
        DeliveryOutcome.Abandoned => "abandoned",
        DeliveryOutcome.Unknown => "unknown",
        DeliveryOutcome.Paused => "paused",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };

    /// <summary>Parses a wire outcome name; false when unknown.</summary>
    public static bool TryParseOutcome(string? text, out DeliveryOutcome outcome)
    {
        foreach (var o in Enum.GetValues<DeliveryOutcome>())
        {
            if (Wire(o) == text)
            {
                outcome = o;
                return true;
            }
        }

        outcome = default;
        return false;
    }

    /// <summary>The wire form of flags: comma-separated <c>recovered</c>, <c>possibleDuplicate</c>; empty for none.</summary>
    public static string Wire(DeliveryFlags flags)
    {
        var parts = new List<string>(2);
        if (flags.HasFlag(DeliveryFlags.Recovered))
        {
            parts.Add("recovered");
        }

        if (flags.HasFlag(DeliveryFlags.PossibleDuplicate))
        {
            parts.Add("possibleDuplicate");
        }

        return string.Join(',', parts);
    }

    /// <summary>Parses the wire form of flags; false when a part is unknown.</summary>
    public static bool TryParseFlags(string? text, out DeliveryFlags flags)
    {
        flags = DeliveryFlags.None;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        foreach (var part in text.Split(','))
        {
            switch (part)
            {
                case "recovered":
                    flags |= DeliveryFlags.Recovered;
                    break;
                case "possibleDuplicate":
                    flags |= DeliveryFlags.PossibleDuplicate;
                    break;
                default:
                    return false;
            }
        }

        return true;
    }
}

/// <summary>The delivery log: every attempt and decision of the dispatcher, partitioned by district.</summary>
public interface IDeliveryLog
{
    /// <summary>Records the start of an attempt (or a decision logged whole); returns it with its ETag.</summary>
    Task<DeliveryAttempt> AddAsync(DeliveryAttempt attempt, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces an attempt's row: under <see cref="DeliveryAttempt.ETag"/> when it is set (null when the row changed
    /// meanwhile), unconditionally when it is null (the claim holder recording its own outcome).
    /// </summary>
    Task<DeliveryAttempt?> UpdateAsync(DeliveryAttempt attempt, CancellationToken cancellationToken = default);

    /// <summary>Reads one attempt, or null.</summary>
    Task<DeliveryAttempt?> GetAsync(string districtCode, string outboxId, string attemptId, CancellationToken cancellationToken = default);

    /// <summary>Streams a district's attempts (of one outbox entry when <paramref name="outboxId"/> is given), oldest first per entry.</summary>
    IAsyncEnumerable<DeliveryAttempt> ListAsync(string districtCode, string? outboxId = null, CancellationToken cancellationToken = default);
}
