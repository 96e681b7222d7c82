using System.Globalization;
using ComplianceMonitor.Application.Scanning;
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
/// <para>A timer may fire twice. Each (run, district) gets a marker (<see cref="IScanFanOutStore"/>, in
/// <see cref="ScanQueue.FanOutTable"/>) claimed before its message is sent (a conditional insert: the second firing finds
/// it and skips the district) and marked <c>enqueued</c> after. A marker left <c>pending</c> for longer than <see cref="StalePending"/> means a fan-out died
/// between the two steps; the next call for the run sends that district's message. In the narrow window of two
/// fan-outs at the same moment a message may still go twice; the scan is idempotent, so that costs a second pass only.</para>
/// <para>Thread-safe.</para>
/// </remarks>
public sealed class ScanFanOut
{
    /// <summary>How long a pending marker is trusted to belong to a fan-out still at work.</summary>
    public static readonly TimeSpan StalePending = TimeSpan.FromMinutes(5);

    private readonly IScanFanOutStore _markers;
    private readonly IScanRequestSender _queue;
    private readonly TimeProvider _time;
    private readonly ILogger<ScanFanOut> _logger;

    /// <summary>Creates the fan-out over its markers and the scan queue.</summary>
    public ScanFanOut(IScanFanOutStore markers, IScanRequestSender queue, TimeProvider time, ILogger<ScanFanOut> logger)
    {
        ArgumentNullException.ThrowIfNull(markers);
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _markers = markers;
        _queue = queue;
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

        var enqueued = new List<string>();
        var skipped = new List<string>();
        foreach (var district in districts)
        {
            if (!await _markers.TryClaimAsync(runId, district, asOf, _time.GetUtcNow(), StalePending, cancellationToken).ConfigureAwait(false))
            {
                skipped.Add(district);
                FunctionsLog.FanOutSkipped(_logger, runId, district);
                continue;
            }

            var messageId = await _queue.SendAsync(new ScanRequestMessage(district, asOf, runId).ToJson(), cancellationToken).ConfigureAwait(false);
            await _markers.MarkEnqueuedAsync(runId, district, messageId, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            enqueued.Add(district);
        }

        FunctionsLog.FannedOut(_logger, runId, asOf, enqueued.Count, skipped.Count);
        return new FanOutResult(runId, asOf, enqueued, skipped);
    }

    /// <summary>Puts a message that cannot be processed on <see cref="ScanQueue.PoisonName"/> unchanged, where the host's poison messages go too.</summary>
    public Task RejectAsync(string body, CancellationToken cancellationToken = default) => _queue.RejectAsync(body, cancellationToken);
}
