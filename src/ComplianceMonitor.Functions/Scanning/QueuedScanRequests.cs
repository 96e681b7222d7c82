using ComplianceMonitor.Api.Endpoints;

namespace ComplianceMonitor.Functions.Scanning;

/// <summary>On-demand scans in Azure: one message on <see cref="ScanQueue.Name"/>, scanned by the queue trigger.</summary>
public sealed class QueuedScanRequests(ScanFanOut fanOut) : IScanRequests
{
    /// <inheritdoc/>
    public async Task<(string RunId, string Queue)> RequestAsync(string districtCode, DateOnly asOf, CancellationToken cancellationToken)
    {
        var runId = fanOut.NewManualRunId();
        await fanOut.EnqueueAsync(asOf, runId, [districtCode], cancellationToken).ConfigureAwait(false);
        return (runId, ScanQueue.Name);
    }
}
