using System.Globalization;
using Azure;
using Azure.Data.Tables;
using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Infrastructure.Storage;

namespace ComplianceMonitor.Infrastructure.Scanning;

/// <summary>
/// The fan-out markers in <see cref="StorageNames.ScanFanOutTable"/> (PartitionKey = run id, RowKey = district): a
/// conditional insert claims, a stale pending claim is taken over under its ETag, <c>enqueued</c> ends it. Thread-safe.
/// </summary>
public sealed class TableScanFanOutStore(TableClientFactory tables) : IScanFanOutStore
{
    private const string Pending = "pending";
    private const string Enqueued = "enqueued";

    /// <inheritdoc/>
    public async Task<bool> TryClaimAsync(string runId, string district, DateOnly asOf, DateTimeOffset now, TimeSpan stalePending, CancellationToken cancellationToken = default)
    {
        var markers = await tables.GetTableClientAsync(StorageNames.ScanFanOutTable, cancellationToken).ConfigureAwait(false);
        var marker = new TableEntity(runId, district)
        {
            ["State"] = Pending,
            ["AsOf"] = asOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["ClaimedAt"] = now,
        };
        try
        {
            await markers.AddEntityAsync(marker, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // Claimed before: by an earlier firing (skip), or by a fan-out that died before sending (take over).
        }

        var existing = await markers.GetEntityIfExistsAsync<TableEntity>(runId, district, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!existing.HasValue || existing.Value is not { } found)
        {
            // Markers are never deleted by the app; one that vanished was cleaned up by an operator: leave it alone.
            return false;
        }

        if (found.GetString("State") == Enqueued)
        {
            return false;
        }

        var claimedAt = found.GetDateTimeOffset("ClaimedAt");
        if (claimedAt is { } at && now - at < stalePending)
        {
            return false;
        }

        // A stale claim: take it over under its ETag so that only one taker sends.
        try
        {
            await markers.UpdateEntityAsync(marker, found.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            return false;
        }
    }

    /// <inheritdoc/>
    public async Task MarkEnqueuedAsync(string runId, string district, string messageId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var markers = await tables.GetTableClientAsync(StorageNames.ScanFanOutTable, cancellationToken).ConfigureAwait(false);
        var done = new TableEntity(runId, district)
        {
            ["State"] = Enqueued,
            ["MessageId"] = messageId,
            ["EnqueuedAt"] = at,
        };
        await markers.UpsertEntityAsync(done, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>The scan queue (<see cref="StorageNames.ScanDistrictQueue"/>) and its poison queue over the configured storage. Thread-safe.</summary>
public sealed class QueueScanRequestSender(TableClientFactory tables) : IScanRequestSender
{
    /// <inheritdoc/>
    public async Task<string> SendAsync(string body, CancellationToken cancellationToken = default)
    {
        var queue = await tables.GetQueueClientAsync(StorageNames.ScanDistrictQueue, cancellationToken).ConfigureAwait(false);
        var receipt = await queue.SendMessageAsync(body, cancellationToken).ConfigureAwait(false);
        return receipt.Value.MessageId;
    }

    /// <inheritdoc/>
    public async Task RejectAsync(string body, CancellationToken cancellationToken = default)
    {
        var poison = await tables.GetQueueClientAsync(StorageNames.ScanDistrictPoisonQueue, cancellationToken).ConfigureAwait(false);
        await poison.SendMessageAsync(body, cancellationToken).ConfigureAwait(false);
    }
}
