using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Tasks;
using System.Globalization;
using ComplianceMonitor.Domain.Calendar;

namespace ComplianceMonitor.Application.Digest;

/// <summary>Where the digest of one scheduled occurrence is in its delivery.</summary>
public enum DigestRecordStatus
{
    /// <summary>Claimed by a run that is building and sending it (taken over when the claim is older than the claim timeout).</summary>
    Sending,

    /// <summary>The provider accepted it; it is never sent again.</summary>
    Sent,

    /// <summary>The last attempt failed for a reason that may pass; the next run tries again.</summary>
    Failed,

    /// <summary>Given up: rejected for good by the provider, or out of attempts.</summary>
    Abandoned,
}

/// <summary>The send record of one district's digest for one scheduled occurrence: the claim that makes the send happen once.</summary>
/// <remarks>
/// Keyed by district (partition) and occurrence (<see cref="KeyFor"/>). The first run to insert it owns the send; a
/// second timer firing or a second instance finds it and leaves it alone. The owner records the outcome under the
/// record's ETag. A failed send is retried by a later run that takes the record over under its ETag, so only one
/// run can; a record stuck in <see cref="DigestRecordStatus.Sending"/> (the process died) is taken over the same way
/// once its claim is older than the claim timeout.
/// </remarks>
public sealed record DigestRecord : IStoredItem
{
    /// <summary>The district (the partition).</summary>
    public required string DistrictCode { get; init; }

    /// <summary>The scheduled occurrence (UTC instant) this digest is for.</summary>
    public required DateTimeOffset Occurrence { get; init; }

    /// <inheritdoc/>
    public string Key => KeyFor(Occurrence);

    /// <summary>The Beijing date of <see cref="Occurrence"/>: the digest's date.</summary>
    public DateOnly DigestDate => BeijingClock.DateOf(Occurrence);

    /// <summary>Where the delivery is.</summary>
    public required DigestRecordStatus Status { get; init; }

    /// <summary>Send attempts made so far (the current one included while sending).</summary>
    public required int Attempts { get; init; }

    /// <summary>When the current (or last) attempt claimed the record (UTC).</summary>
    public required DateTimeOffset ClaimedAt { get; init; }

    /// <summary>Which scheduler instance made the current (or last) claim.</summary>
    public required string ClaimedBy { get; init; }

    /// <summary>When a failed send may be tried again (UTC), or null for "on the next run".</summary>
    public DateTimeOffset? NextAttemptAt { get; init; }

    /// <summary>When the provider accepted it (UTC), or null.</summary>
    public DateTimeOffset? SentAt { get; init; }

    /// <summary>The provider's message id, when it gave one.</summary>
    public string? ProviderMessageId { get; init; }

    /// <summary>The last failure (addresses and numbers masked), or null.</summary>
    public string? LastError { get; init; }

    /// <summary>The subject of the digest as built for the last attempt, or null before building.</summary>
    public string? Subject { get; init; }

    /// <summary>How many supervisors it was addressed to.</summary>
    public int RecipientCount { get; init; }

    /// <summary>The stored version tag, or null before it is stored.</summary>
    public string? ETag { get; init; }

    /// <summary>The row key of an occurrence: its UTC instant as <c>yyyy-MM-ddTHH:mm:ssZ</c> (sorts by time).</summary>
    public static string KeyFor(DateTimeOffset occurrence) =>
        occurrence.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>The wire name of a status.</summary>
    public static string Wire(DigestRecordStatus status) => status switch
    {
        DigestRecordStatus.Sending => "sending",
        DigestRecordStatus.Sent => "sent",
        DigestRecordStatus.Failed => "failed",
        DigestRecordStatus.Abandoned => "abandoned",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary>Parses a wire status name; false when unknown.</summary>
    public static bool TryParseStatus(string? text, out DigestRecordStatus status)
    {
        foreach (var s in Enum.GetValues<DigestRecordStatus>())
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
}

/// <summary>The digest send records, partitioned by district and keyed by occurrence.</summary>
public interface IDigestRecordStore : IPartitionedStore<DigestRecord>
{
    /// <summary>The latest record of the district with status <see cref="DigestRecordStatus.Sent"/> whose occurrence is before <paramref name="before"/>, looking back at most <paramref name="lookBack"/>; null when none.</summary>
    Task<DigestRecord?> FindLatestSentBeforeAsync(string districtCode, DateTimeOffset before, TimeSpan lookBack, CancellationToken cancellationToken = default);

    /// <summary>Streams the district's records, oldest occurrence first.</summary>
    IAsyncEnumerable<DigestRecord> ListAsync(string districtCode, CancellationToken cancellationToken = default);
}
