using ComplianceMonitor.Application.Scanning;

namespace ComplianceMonitor.Testing.InMemory;

/// <summary>
/// The fan-out markers in memory, with the table store's semantics: a first claim inserts (only one caller wins), a pending
/// claim older than the stale limit is taken over under its version (only one taker wins), an enqueued marker is never
/// claimed again.
/// </summary>
public sealed class InMemoryScanFanOutStore(InMemoryStorage storage) : IScanFanOutStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string RunId, string District), Marker> _markers = [];

    /// <summary>The marker of (<paramref name="runId"/>, <paramref name="district"/>), or null.</summary>
    public Marker? Get(string runId, string district)
    {
        lock (_gate)
        {
            return _markers.GetValueOrDefault((runId, district));
        }
    }

    /// <inheritdoc />
    public async Task<bool> TryClaimAsync(string runId, string district, DateOnly asOf, DateTimeOffset now, TimeSpan stalePending, CancellationToken cancellationToken = default)
    {
        await storage.StepAsync("fanout.TryClaim").ConfigureAwait(false);
        lock (_gate)
        {
            if (_markers.TryGetValue((runId, district), out var found)
                && (found.Enqueued || (found.ClaimedAt is { } at && now - at < stalePending)))
            {
                return false;
            }

            // First claim, or a stale pending one taken over: under the lock, exactly one caller gets here per version.
            _markers[(runId, district)] = new Marker(asOf, now, false, null, null);
            return true;
        }
    }

    /// <inheritdoc />
    public async Task MarkEnqueuedAsync(string runId, string district, string messageId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await storage.StepAsync("fanout.MarkEnqueued").ConfigureAwait(false);
        lock (_gate)
        {
            var marker = _markers.GetValueOrDefault((runId, district));
            _markers[(runId, district)] = new Marker(marker?.AsOf, marker?.ClaimedAt, true, messageId, at);
        }
    }

    /// <summary>One marker: the day scanned, when it was claimed, whether its message was enqueued, with which id and when.</summary>
    public sealed record Marker(DateOnly? AsOf, DateTimeOffset? ClaimedAt, bool Enqueued, string? MessageId, DateTimeOffset? EnqueuedAt);
}
