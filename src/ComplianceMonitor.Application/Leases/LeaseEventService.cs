using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Domain.Validation;

namespace ComplianceMonitor.Application.Leases;

/// <summary>What appending an event did.</summary>
public enum EventAppendOutcome
{
    /// <summary>The event was appended and the lease written under its ETag.</summary>
    Appended,

    /// <summary>An equal event (type, day and reference) is already recorded; nothing was written.</summary>
    AlreadyRecorded,

    /// <summary>The event (or the record with it) is invalid; nothing was written. See <see cref="EventAppendResult.Errors"/>.</summary>
    Invalid,

    /// <summary>The lease does not exist (any more).</summary>
    NotFound,

    /// <summary>The caller's <c>If-Match</c> no longer names the stored version; nothing was written.</summary>
    PreconditionFailed,

    /// <summary>Other writers kept changing the lease; nothing was written.</summary>
    Conflict,
}

/// <summary>The result of <see cref="LeaseEventService.AppendAsync"/>.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="Record">The lease as stored afterwards (for Appended and AlreadyRecorded).</param>
/// <param name="Event">The event as read (for Appended and AlreadyRecorded).</param>
/// <param name="ETag">The stored version afterwards (for Appended and AlreadyRecorded).</param>
/// <param name="Errors">The validation errors, field paths relative to the posted event (for Invalid).</param>
public sealed record EventAppendResult(EventAppendOutcome Outcome, LeaseRecord? Record, LeaseEvent? Event, string? ETag, IReadOnlyList<ValidationError> Errors);

/// <summary>Records an event (e.g. a mortgage registration) on a stored lease (Flow 5).</summary>
/// <remarks>
/// The event is validated by putting it into the lease's wire JSON and reading the whole record back with
/// <see cref="LeaseRecordReader"/>, the same validation as import and <c>PUT</c>: unknown properties, an unknown type or a
/// bad date are refused with their field named, and nothing is written. The write is conditional on the ETag read; when
/// another writer got in between, the lease is read again and the event re-applied (a few rounds), unless the caller pinned
/// a version with <c>If-Match</c>, which then fails. An event equal to one already recorded is not added twice, so a
/// retried request is harmless. The conditional write is <see cref="ILeaseStore.ReplaceAsync"/>.
/// </remarks>
public sealed partial class LeaseEventService
{
    /// <summary>Read-modify-write rounds before giving up under contention.</summary>
    public const int MaxAttempts = 4;

    private readonly ILeaseStore _leases;

    /// <summary>Creates the service over the lease store.</summary>
    public LeaseEventService(ILeaseStore leases)
    {
        ArgumentNullException.ThrowIfNull(leases);
        _leases = leases;
    }

    /// <summary>Appends <paramref name="eventJson"/> (<c>{ "type", "on", "ref" }</c>) to the lease <paramref name="current"/>.</summary>
    /// <param name="current">The lease as just read.</param>
    /// <param name="eventJson">The posted event object.</param>
    /// <param name="ifMatch">The version the caller requires (its <c>If-Match</c>), or null for "the latest".</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    public async Task<EventAppendResult> AppendAsync(StoredLease current, JsonElement eventJson, string? ifMatch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(current);
        if (eventJson.ValueKind != JsonValueKind.Object)
        {
            return Invalid([new ValidationError(current.Record.LeaseId, "$", "expected one event object { \"type\", \"on\", \"ref\" }")]);
        }

        var stored = current;
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            if (ifMatch is not null && !SameETag(ifMatch, stored.ETag))
            {
                return new EventAppendResult(EventAppendOutcome.PreconditionFailed, null, null, stored.ETag, []);
            }

            var (record, added, errors) = WithEvent(stored.Record, eventJson);
            if (record is null || added is null)
            {
                return Invalid(errors);
            }

            if (stored.Record.Events.Contains(added))
            {
                return new EventAppendResult(EventAppendOutcome.AlreadyRecorded, stored.Record, added, stored.ETag, []);
            }

            try
            {
                var etag = await _leases.ReplaceAsync(record, stored.ETag, cancellationToken).ConfigureAwait(false);
                return new EventAppendResult(EventAppendOutcome.Appended, record, added, etag, []);
            }
            catch (LeaseVersionMismatchException)
            {
                // Changed or deleted since it was read: handled below.
            }

            if (ifMatch is not null)
            {
                return new EventAppendResult(EventAppendOutcome.PreconditionFailed, null, null, null, []);
            }

            // Changed since we read it: read the latest version and apply the event to that.
            var latest = await _leases.GetAsync(stored.Record.DistrictCode, stored.Record.LeaseId, cancellationToken).ConfigureAwait(false);
            if (latest is null)
            {
                return new EventAppendResult(EventAppendOutcome.NotFound, null, null, null, []);
            }

            stored = latest;
        }

        return new EventAppendResult(EventAppendOutcome.Conflict, null, null, null, []);
    }

    /// <summary>The record with the event appended, validated whole; errors are reported relative to the event.</summary>
    private static (LeaseRecord? Record, LeaseEvent? Added, IReadOnlyList<ValidationError> Errors) WithEvent(LeaseRecord record, JsonElement eventJson)
    {
        var root = JsonNode.Parse(LeaseRecordJson.Serialize(record))!.AsObject();
        if (root["events"] is not JsonArray events)
        {
            events = [];
            root["events"] = events;
        }

        var index = events.Count;
        events.Add(JsonNode.Parse(eventJson.GetRawText()));
        var read = LeaseRecordReader.ReadMany(root.ToJsonString());
        if (!read.IsValid || read.Records.Count != 1)
        {
            return (null, null, [.. read.Errors.Select(e => e with { Field = Relative(e.Field, index) })]);
        }

        var updated = read.Records[0];
        return (updated, updated.Events[index], []);
    }

    /// <summary><c>events[3].type</c> → <c>type</c>, <c>events[3]</c> → <c>$</c> for the posted event; other paths unchanged.</summary>
    private static string Relative(string field, int index)
    {
        var match = EventPath().Match(field);
        if (!match.Success || match.Groups["i"].Value != index.ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            return field;
        }

        var rest = match.Groups["rest"].Value;
        return rest.Length == 0 ? "$" : rest.TrimStart('.');
    }

    private static bool SameETag(string ifMatch, string etag) =>
        ifMatch == "*" || string.Equals(ifMatch, etag, StringComparison.Ordinal);

    private static EventAppendResult Invalid(IReadOnlyList<ValidationError> errors) =>
        new(EventAppendOutcome.Invalid, null, null, null, errors);

    [GeneratedRegex(@"^events\[(?<i>\d+)\](?<rest>.*)$")]
    private static partial Regex EventPath();
}
