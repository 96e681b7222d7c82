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

    /// <summary>
    /// Replaces the stored lease of <paramref name="record"/> only if it is still the version <paramref name="expectedETag"/>
    /// (optimistic concurrency, for read-modify-write such as appending an event).
    /// </summary>
    /// <returns>The new ETag.</returns>
    /// <exception cref="LeaseVersionMismatchException">The stored lease changed (or was deleted) since that version was read; nothing was written.</exception>
    Task<string> ReplaceAsync(LeaseRecord record, string expectedETag, CancellationToken cancellationToken = default);

    /// <summary>Streams every lease of a district, page by page; an unreadable entity is yielded with its error, never thrown.</summary>
    IAsyncEnumerable<LeaseReadItem> ReadDistrictAsync(string districtCode, CancellationToken cancellationToken = default);
}

/// <summary>A conditional replace found the lease changed (or deleted) since the expected version was read; nothing was written.</summary>
public sealed class LeaseVersionMismatchException : InvalidOperationException
{
    /// <summary>Creates the exception for <paramref name="leaseId"/> of <paramref name="districtCode"/> and the version the caller expected.</summary>
    public LeaseVersionMismatchException(string districtCode, string leaseId, string expectedETag, Exception? innerException = null)
        : base($"Lease {leaseId} (district {districtCode}) is no longer version {expectedETag}: it changed or was deleted since it was read.", innerException)
    {
        DistrictCode = districtCode;
        LeaseId = leaseId;
        ExpectedETag = expectedETag;
    }

    /// <summary>The district.</summary>
    public string DistrictCode { get; }

    /// <summary>The lease id.</summary>
    public string LeaseId { get; }

    /// <summary>The version the caller expected.</summary>
    public string ExpectedETag { get; }
}
