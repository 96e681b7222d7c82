using ComplianceMonitor.Infrastructure.Leases;
using System.Globalization;
using Azure;
using Azure.Data.Tables;
using ComplianceMonitor.Infrastructure.Storage;
using Microsoft.Extensions.Logging;

namespace ComplianceMonitor.Functions.Scanning;

/// <summary>What a fan-out did.</summary>
/// <param name="RunId">The run id.</param>
/// <param name="AsOf">The Beijing date.</param>
/// <param name="Enqueued">The districts whose message this call put on the queue.</param>
/// <param name="AlreadyEnqueued">The districts skipped because this run's message was already put on the queue.</param>
public sealed record FanOutResult(string RunId, DateOnly AsOf, IReadOnlyList<string> Enqueued, IReadOnlyList<string> AlreadyEnqueued);

/// <summary>Puts one <see cref="ScanRequestMessage"/> per district on <see cref="ScanQueue.Name"/>, once per run and district.</summary>
/// <remarks>
/// <para>A timer may fire twice. Each (run, district) gets a marker row in <see cref="ScanQueue.FanOutTable"/> inserted
/// before its message is sent (a conditional insert: the second firing finds it and skips the district) and marked
/// <c>enqueued</c> after. A marker left <c>pending</c> for longer than <see cref="StalePending"/> means a fan-out died
/// between the two steps; the next call for the run sends that district's message. In the narrow window of two
/// fan-outs at the same moment a message may still go twice; the scan is idempotent, so that costs a second pass only.</para>
/// <para>Thread-safe.</para>
/// </remarks>
public sealed class ScanFanOut
{
    /// <summary>How long a pending marker is trusted to belong to a fan-out still at work.</summary>
    public static readonly TimeSpan StalePending = TimeSpan.FromMinutes(5);

    private const string Pending = "pending";
    private const string Enqueued = "enqueued";

    private readonly TableClientFactory _tables;
    private readonly TimeProvider _time;
    private readonly ILogger<ScanFanOut> _logger;

    /// <summary>Creates the fan-out over the configured storage.</summary>
    public ScanFanOut(TableClientFactory tables, TimeProvider time, ILogger<ScanFanOut> logger)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _tables = tables;
        _time = time;
        _logger = logger;
    }

    /// <summary>The deterministic run id of the daily scan for a Beijing date: <c>daily-yyyyMMdd</c>.</summary>
    public static string DailyRunId(DateOnly asOf) => "daily-" + asOf.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    /// <summary>A fresh run id for an on-demand scan: <c>manual-yyyyMMddTHHmmssZ-xxxxxx</c>.</summary>
    public string NewManualRunId() =>
        "manual-" + _time.GetUtcNow().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + "-" + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray(), 0, 3);

    /// <summary>Enqueues the scan of each of <paramref name="districts"/> for <paramref name="asOf"/> under <paramref name="runId"/>, skipping those already enqueued for the run.</summary>
    public async Task<FanOutResult> EnqueueAsync(DateOnly asOf, string runId, IReadOnlyList<string> districts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(districts);
        if (!ScanRequestMessage.IsValidRunId(runId))
        {
            throw new ArgumentException($"runId: '{runId}' must be 1-64 letters, digits, '-' or '_'.", nameof(runId));
        }

        var markers = await _tables.GetTableClientAsync(ScanQueue.FanOutTable, cancellationToken).ConfigureAwait(false);
        var queue = await _tables.GetQueueClientAsync(ScanQueue.Name, cancellationToken).ConfigureAwait(false);
        var enqueued = new List<string>();
        var skipped = new List<string>();
        foreach (var district in districts)
        {
            if (!await ClaimAsync(markers, runId, district, asOf, cancellationToken).ConfigureAwait(false))
            {
                skipped.Add(district);
                FunctionsLog.FanOutSkipped(_logger, runId, district);
                continue;
            }

            var message = new ScanRequestMessage(district, asOf, runId);
            var receipt = await queue.SendMessageAsync(message.ToJson(), cancellationToken).ConfigureAwait(false);
            var done = new TableEntity(runId, district)
            {
                ["State"] = Enqueued,
                ["MessageId"] = receipt.Value.MessageId,
                ["EnqueuedAt"] = _time.GetUtcNow(),
            };
            await markers.UpsertEntityAsync(done, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
            enqueued.Add(district);
        }

        FunctionsLog.FannedOut(_logger, runId, asOf, enqueued.Count, skipped.Count);
        return new FanOutResult(runId, asOf, enqueued, skipped);
    }

    /// <summary>Puts a message that cannot be processed on <see cref="ScanQueue.PoisonName"/> unchanged, where the host's poison messages go too.</summary>
    public async Task RejectAsync(string body, CancellationToken cancellationToken = default)
    {
        var poison = await _tables.GetQueueClientAsync(ScanQueue.PoisonName, cancellationToken).ConfigureAwait(false);
        await poison.SendMessageAsync(body, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Claims (run, district): true when this call should send the message.</summary>
    private async Task<bool> ClaimAsync(TableClient markers, string runId, string district, DateOnly asOf, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
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
        if (claimedAt is { } at && now - at < StalePending)
        {
            return false;
        }

        // A stale claim: take it over under its ETag so that only one taker sends.
        marker["ClaimedAt"] = now;
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
}
