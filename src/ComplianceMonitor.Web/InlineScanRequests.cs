using System.Globalization;
using ComplianceMonitor.Api.Endpoints;
using ComplianceMonitor.Application.Scanning;

namespace ComplianceMonitor.Web;

/// <summary>On-demand scans in <c>cm serve</c>: there is no queue trigger locally, so the scan runs before the 202 answers.</summary>
public sealed class InlineScanRequests(ScanService scan, TimeProvider time) : IScanRequests
{
    /// <summary>What the response's <c>queue</c> says for a scan run at once.</summary>
    public const string Inline = "inline";

    /// <inheritdoc/>
    public async Task<(string RunId, string Queue)> RequestAsync(string districtCode, DateOnly asOf, CancellationToken cancellationToken)
    {
        var runId = string.Create(CultureInfo.InvariantCulture, $"serve-{time.GetUtcNow():yyyyMMddHHmmssfff}");
        await scan.ScanDistrictAsync(districtCode, asOf, runId, cancellationToken).ConfigureAwait(false);
        return (runId, Inline);
    }
}
