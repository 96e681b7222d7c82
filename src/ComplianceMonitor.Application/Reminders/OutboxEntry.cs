using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Tasks;
using System.Text;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Rules;

namespace ComplianceMonitor.Application.Reminders;

/// <summary>How a reminder reaches the land user.</summary>
public enum OutboxChannel
{
    /// <summary>Email (always, when the record has an address).</summary>
    Email,

    /// <summary>SMS (near the deadline, overdue and violations; only within the SMS window).</summary>
    Sms,
}

/// <summary>Where a queued reminder is in its delivery.</summary>
public enum OutboxStatus
{
    /// <summary>Waiting to be sent (or retried at <see cref="OutboxEntry.NextAttemptAt"/>).</summary>
    Pending,

    /// <summary>Sent; never sent again.</summary>
    Sent,

    /// <summary>Given up after repeated or permanent failures.</summary>
    Dead,

    /// <summary>Held back, e.g. an SMS outside the quiet-hours window, to be released later.</summary>
    Held,

    /// <summary>Cancelled before sending because its alert was resolved (the obligation was met).</summary>
    Superseded,

    /// <summary>Claimed by a dispatcher (<see cref="OutboxEntry.ClaimToken"/>) until <see cref="OutboxEntry.ClaimExpiresAt"/>; the send is in flight.</summary>
    /// <remarks>An entry left in this state after its claim expired belongs to a dispatcher that died: it is recovered and resent, flagged.</remarks>
    Sending,

    /// <summary>Not sent on this channel by decision (the enterprise stopped SMS and the notice is not critical); never sent.</summary>
    Suppressed,

    /// <summary>Withdrawn before sending because its alert was closed as rule revised (<see cref="Scanning.RuleRevision"/>); never sent.</summary>
    Withdrawn,
}

/// <summary>One reminder to send: one per alert, reminder stage, channel and recipient.</summary>
/// <remarks>
/// The id is <see cref="AlertKey.OutboxId"/>: the same stage is queued under the same id by every scan, so a
/// conditional insert makes queuing idempotent and a stage is sent at most once. The entry carries what the
/// dispatcher needs to write the message without reading the lease. <see cref="ToString"/> masks the recipient.
/// </remarks>
public sealed record OutboxEntry : IStoredItem
{
    /// <summary>The district (the partition).</summary>
    public required string DistrictCode { get; init; }

    /// <summary>The deterministic id (row key).</summary>
    public required string Id { get; init; }

    /// <inheritdoc/>
    string IStoredItem.Key => Id;

    /// <summary>The alert this reminder is for.</summary>
    public required string AlertKey { get; init; }

    /// <summary>The lease concerned.</summary>
    public required string LeaseId { get; init; }

    /// <summary>The rule of the finding.</summary>
    public required RuleCode Rule { get; init; }

    /// <summary>The reminder stage, e.g. <c>D-7</c>.</summary>
    public required string Stage { get; init; }

    /// <summary>Email or SMS.</summary>
    public required OutboxChannel Channel { get; init; }

    /// <summary>The address or mobile number (never logged unmasked).</summary>
    public required string Recipient { get; init; }

    /// <summary>Whom to greet: the contact person, else the land user.</summary>
    public string? RecipientName { get; init; }

    /// <summary>The land user (enterprise) name.</summary>
    public required string LandUserName { get; init; }

    /// <summary>The parcel's name.</summary>
    public string? ParcelName { get; init; }

    /// <summary>The deadline, or null for violations.</summary>
    public DateOnly? Deadline { get; init; }

    /// <summary>The finding's status when queued.</summary>
    public required FindingStatus FindingStatus { get; init; }

    /// <summary>Days remaining when queued (negative when overdue), or null.</summary>
    public int? DaysRemaining { get; init; }

    /// <summary>The finding's severity when queued.</summary>
    public required Severity Severity { get; init; }

    /// <summary>Money at stake, or null.</summary>
    public decimal? AmountYuan { get; init; }

    /// <summary>The guideline clause.</summary>
    public required string Basis { get; init; }

    /// <summary>The finding's one-line message.</summary>
    public required string Message { get; init; }

    /// <summary>The Beijing date of the scan that queued it.</summary>
    public required DateOnly QueuedOn { get; init; }

    /// <summary>When it was queued (UTC).</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The delivery status.</summary>
    public required OutboxStatus Status { get; init; }

    /// <summary>How many send attempts were made.</summary>
    public int Attempts { get; init; }

    /// <summary>When the next attempt may be made (UTC), or null for "now".</summary>
    public DateTimeOffset? NextAttemptAt { get; init; }

    /// <summary>The last failure, or null.</summary>
    public string? LastError { get; init; }

    /// <summary>When it was sent (UTC), or null.</summary>
    public DateTimeOffset? SentAt { get; init; }

    /// <summary>The id of the delivery attempt holding the claim while <see cref="Status"/> is <see cref="OutboxStatus.Sending"/>, else null.</summary>
    public string? ClaimToken { get; init; }

    /// <summary>When the current claim lapses (UTC); after it, another dispatcher may recover the entry.</summary>
    public DateTimeOffset? ClaimExpiresAt { get; init; }

    /// <summary>The provider's id for the accepted message (SendGrid X-Message-Id, Twilio SID), once sent.</summary>
    public string? ProviderMessageId { get; init; }

    /// <summary>
    /// Whether an earlier attempt's outcome is unknown (the dispatcher died between sending and recording): the entry may
    /// already have reached the recipient, so every later send of it is flagged as a possible duplicate.
    /// </summary>
    public bool OutcomeUnknown { get; init; }

    /// <summary>Why the entry is held, suppressed or superseded by the dispatcher (e.g. SMS quiet hours), else null.</summary>
    public string? StatusReason { get; init; }

    /// <summary>The stored version tag, or null before the entry is stored.</summary>
    public string? ETag { get; init; }

    /// <summary>The recipient masked for logs and listings.</summary>
    public string MaskedRecipient => ContactMask.Mask(Channel, Recipient);

    /// <summary>The wire name of a channel.</summary>
    public static string Wire(OutboxChannel channel) => channel == OutboxChannel.Email ? "email" : "sms";

    /// <summary>The wire name of a status.</summary>
    public static string Wire(OutboxStatus status) => status switch
    {
        OutboxStatus.Pending => "pending",
        OutboxStatus.Sent => "sent",
        OutboxStatus.Dead => "dead",
        OutboxStatus.Held => "held",
        OutboxStatus.Superseded => "superseded",
        OutboxStatus.Sending => "sending",
        OutboxStatus.Suppressed => "suppressed",
        OutboxStatus.Withdrawn => "withdrawn",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary>Parses a wire status name; false when unknown.</summary>
    public static bool TryParseStatus(string? text, out OutboxStatus status)
    {
        foreach (var s in Enum.GetValues<OutboxStatus>())
        {
            if (Wire(s) == text)
            {
                status = s;
                return true;
            }
        }

        status = default;
        return false;
    }

    /// <summary>Parses a wire channel name; false when unknown.</summary>
    public static bool TryParseChannel(string? text, out OutboxChannel channel)
    {
        channel = text == "sms" ? OutboxChannel.Sms : OutboxChannel.Email;
        return text is "email" or "sms";
    }

    /// <summary>Prints the entry with the recipient masked.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder("OutboxEntry { ");
        sb.Append("Id = ").Append(Id)
          .Append(", Channel = ").Append(Wire(Channel))
          .Append(", Recipient = ").Append(MaskedRecipient)
          .Append(", Stage = ").Append(Stage)
          .Append(", Status = ").Append(Wire(Status))
          .Append(", Attempts = ").Append(Attempts)
          .Append(" }");
        return sb.ToString();
    }
}
