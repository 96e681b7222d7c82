using ComplianceMonitor.Domain.Records;

namespace ComplianceMonitor.Application.Leases;

/// <summary>What an upsert did.</summary>
public enum UpsertOutcome
{
    /// <summary>The lease was new and has been written.</summary>
    Created,
    /// <summary>The lease existed with different content and has been replaced under its ETag.</summary>
    Updated,
    /// <summary>The lease existed with the same content; nothing was written.</summary>
    Unchanged,
}

/// <summary>A lease as stored, with the version tag used for optimistic concurrency.</summary>
public sealed record StoredLease(LeaseRecord Record, string ETag);

/// <summary>One item of a district read: a lease, or a stored entity that could not be read.</summary>
/// <param name="Lease">The lease when it could be read.</param>
/// <param name="LeaseId">The stored row's lease id (the row key), known even when the record is unreadable.</param>
/// <param name="Error">Why the stored entity could not be read, else null.</param>
public sealed record LeaseReadItem(StoredLease? Lease, string LeaseId, string? Error);

/// <summary>The lease records, partitioned by district.</summary>
public interface ILeaseStore
{
    /// <summary>Reads one lease, or null when there is none.</summary>
    Task<StoredLease?> GetAsync(string districtCode, string leaseId, CancellationToken cancellationToken = default);

    /// <summary>Finds a lease by id in any district (leaseIds are unique across the product), or null.</summary>
    Task<StoredLease?> FindAsync(string leaseId, CancellationToken cancellationToken = default);

    /// <summary>Creates or replaces a validated record; unchanged content writes nothing. Concurrent changes are detected by ETag.</summary>
    Task<UpsertOutcome> UpsertAsync(LeaseRecord record, CancellationToken cancellationToken = default);

    /// <summary>Streams every lease of a district, page by page; an unreadable entity is yielded with its error, never thrown.</summary>
    IAsyncEnumerable<LeaseReadItem> ReadDistrictAsync(string districtCode, CancellationToken cancellationToken = default);
}
