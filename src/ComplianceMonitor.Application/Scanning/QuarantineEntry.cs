using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Tasks;
namespace ComplianceMonitor.Application.Scanning;

/// <summary>A stored lease that a scan could not read or evaluate; the rest of the district was scanned.</summary>
/// <param name="DistrictCode">The district (the partition).</param>
/// <param name="LeaseId">The lease's row key.</param>
/// <param name="RunId">The run that last found it broken.</param>
/// <param name="AsOf">The Beijing date of that run.</param>
/// <param name="Reason">What went wrong (read error or rule exception).</param>
/// <param name="QuarantinedAt">When (UTC).</param>
public sealed record QuarantineEntry(string DistrictCode, string LeaseId, string RunId, DateOnly AsOf, string Reason, DateTimeOffset QuarantinedAt);
