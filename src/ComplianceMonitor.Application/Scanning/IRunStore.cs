using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Tasks;
namespace ComplianceMonitor.Application.Scanning;

/// <summary>The records of scan runs, partitioned by district and keyed by run id.</summary>
public interface IRunStore
{
    /// <summary>Creates or replaces the record of a run.</summary>
    Task PutAsync(ScanRun run, CancellationToken cancellationToken = default);

    /// <summary>Reads one run, or null.</summary>
    Task<ScanRun?> GetAsync(string districtCode, string runId, CancellationToken cancellationToken = default);

    /// <summary>Streams a district's runs.</summary>
    IAsyncEnumerable<ScanRun> ListAsync(string districtCode, CancellationToken cancellationToken = default);
}
