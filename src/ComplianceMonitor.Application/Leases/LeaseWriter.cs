using System.Globalization;
using System.Text.Json;
using ComplianceMonitor.Domain.Records;

namespace ComplianceMonitor.Application.Leases;

/// <summary>
/// Every lease write of the API and the CLI goes through here, so that each records who made it and when
/// (<see cref="ILeaseHistoryStore"/>).
/// </summary>
/// <remarks>
/// <para>Order that cannot lose the history row: the entry is written first (<see cref="LeaseHistoryState.Pending"/>),
/// then the lease, then the entry is confirmed (<see cref="LeaseHistoryState.Applied"/>). A writer that stops after the
/// lease write leaves a pending entry, never a change without one. A write that changes nothing (same content, an event
/// already recorded) or is refused removes its pending entry. Content that equals the stored record is detected before
/// anything is written, so an unchanged re-import costs reads only.</para>
/// </remarks>
public sealed class LeaseWriter
{
    private readonly ILeaseStore _leases;
    private readonly LeaseEventService _events;
    private readonly ILeaseHistoryStore _history;
    private readonly TimeProvider _time;

    /// <summary>Creates the writer.</summary>
    public LeaseWriter(ILeaseStore leases, LeaseEventService events, ILeaseHistoryStore history, TimeProvider time)
    {
        _leases = leases ?? throw new ArgumentNullException(nameof(leases));
        _events = events ?? throw new ArgumentNullException(nameof(events));
        _history = history ?? throw new ArgumentNullException(nameof(history));
        _time = time ?? throw new ArgumentNullException(nameof(time));
    }

    /// <summary>Whether writing the record serialized as <paramref name="json"/> over <paramref name="stored"/> changes nothing: the one test of "unchanged", shared with the import's plan (<see cref="LedgerImport"/>).</summary>
    internal static bool IsUnchanged(LeaseRecord? stored, string json) =>
        stored is not null && string.Equals(LeaseRecordJson.Serialize(stored), json, StringComparison.Ordinal);

    /// <summary>Creates or replaces <paramref name="record"/> as <paramref name="actor"/> through <paramref name="channel"/>.</summary>
    public async Task<UpsertOutcome> UpsertAsync(LeaseRecord record, string actor, string channel, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        ArgumentException.ThrowIfNullOrWhiteSpace(channel);
        var json = LeaseRecordJson.Serialize(record);
        StoredLease? existing;
        try
        {
            existing = await _leases.GetAsync(record.DistrictCode, record.LeaseId, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException)
        {
            existing = null; // A damaged stored record is replaced; the entry says "updated" once the store says so.
        }

        if (IsUnchanged(existing?.Record, json))
        {
            return UpsertOutcome.Unchanged;
        }

        var entry = await _history.AddPendingAsync(
            record.DistrictCode, record.LeaseId, _time.GetUtcNow(), actor.Trim(), channel, existing is null ? "created" : "updated", Hash(json), cancellationToken).ConfigureAwait(false);
        UpsertOutcome outcome;
        try
        {
            outcome = await _leases.UpsertAsync(record, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await DiscardQuietlyAsync(record.DistrictCode, record.LeaseId, entry).ConfigureAwait(false);
            throw;
        }

        if (outcome == UpsertOutcome.Unchanged)
        {
            await _history.DiscardAsync(record.DistrictCode, record.LeaseId, entry, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await _history.ConfirmAsync(record.DistrictCode, record.LeaseId, entry, outcome == UpsertOutcome.Created ? "created" : "updated", cancellationToken).ConfigureAwait(false);
        }

        return outcome;
    }

    /// <summary>Appends an event (<see cref="LeaseEventService.AppendAsync"/>) as <paramref name="actor"/> through <paramref name="channel"/>.</summary>
    public async Task<EventAppendResult> AppendEventAsync(StoredLease current, JsonElement eventJson, string? ifMatch, string actor, string channel, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        ArgumentException.ThrowIfNullOrWhiteSpace(channel);
        var district = current.Record.DistrictCode;
        var leaseId = current.Record.LeaseId;
        var entry = await _history.AddPendingAsync(district, leaseId, _time.GetUtcNow(), actor.Trim(), channel, "event", Describe(eventJson), cancellationToken).ConfigureAwait(false);
        EventAppendResult result;
        try
        {
            result = await _events.AppendAsync(current, eventJson, ifMatch, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await DiscardQuietlyAsync(district, leaseId, entry).ConfigureAwait(false);
            throw;
        }

        if (result.Outcome == EventAppendOutcome.Appended)
        {
            await _history.ConfirmAsync(district, leaseId, entry, "event", cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await _history.DiscardAsync(district, leaseId, entry, cancellationToken).ConfigureAwait(false);
        }

        return result;
    }

    /// <summary>
    /// Replaces the stored lease with <paramref name="record"/> only if it is still <paramref name="expectedETag"/>, recording
    /// <paramref name="action"/> and <paramref name="detail"/> (e.g. the old and new value) as <paramref name="actor"/>.
    /// </summary>
    /// <returns>The new ETag.</returns>
    /// <exception cref="LeaseVersionMismatchException">The lease changed since it was read; nothing was written and the pending entry is removed.</exception>
    public async Task<string> ReplaceAuditedAsync(LeaseRecord record, string expectedETag, string actor, string channel, string action, string detail, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        ArgumentException.ThrowIfNullOrWhiteSpace(channel);
        ArgumentException.ThrowIfNullOrWhiteSpace(action);
        var entry = await _history.AddPendingAsync(
            record.DistrictCode, record.LeaseId, _time.GetUtcNow(), actor.Trim(), channel, action, detail.Length > 200 ? detail[..200] : detail, cancellationToken).ConfigureAwait(false);
        string etag;
        try
        {
            etag = await _leases.ReplaceAsync(record, expectedETag, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await DiscardQuietlyAsync(record.DistrictCode, record.LeaseId, entry).ConfigureAwait(false);
            throw;
        }

        await _history.ConfirmAsync(record.DistrictCode, record.LeaseId, entry, action, cancellationToken).ConfigureAwait(false);
        return etag;
    }

    /// <summary>The history of one lease, oldest first.</summary>
    public IAsyncEnumerable<LeaseHistoryEntry> HistoryAsync(string districtCode, string leaseId, CancellationToken cancellationToken = default) =>
        _history.ReadAsync(districtCode, leaseId, cancellationToken);

    private static string Hash(string json) =>
        "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(json)))[..16];

    private static string? Describe(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var type = e.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        var on = e.TryGetProperty("on", out var o) && o.ValueKind == JsonValueKind.String ? o.GetString() : null;
        var text = string.Create(CultureInfo.InvariantCulture, $"{type ?? "?"} on {on ?? "?"}");
        return text.Length > 200 ? text[..200] : text;
    }

    private async Task DiscardQuietlyAsync(string district, string leaseId, string entry)
    {
        try
        {
            await _history.DiscardAsync(district, leaseId, entry, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The pending entry stays; it says the write's outcome is unknown, which is true.
        }
    }
}
