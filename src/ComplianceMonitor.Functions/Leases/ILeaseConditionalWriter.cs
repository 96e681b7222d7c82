using ComplianceMonitor.Domain.Records;

namespace ComplianceMonitor.Functions.Leases;

/// <summary>Replaces a stored lease only when it is still the version the caller read (optimistic concurrency by ETag).</summary>
/// <remarks>
/// <see cref="Application.Leases.ILeaseStore.UpsertAsync"/> is last-writer-wins by design (a record is the district's full
/// truth), so a read-modify-write such as appending an event needs this narrower port to avoid overwriting a change made
/// in between. It belongs beside <c>ILeaseStore</c> (e.g. <c>ReplaceAsync(record, expectedETag)</c>); it lives here until
/// the storage owner adds it.
/// </remarks>
public interface ILeaseConditionalWriter
{
    /// <summary>Replaces the stored lease of <paramref name="record"/> if its ETag is still <paramref name="etag"/>.</summary>
    /// <returns>The new ETag, or null when the stored lease changed or disappeared since it was read (nothing written).</returns>
    Task<string?> ReplaceIfMatchAsync(LeaseRecord record, string etag, CancellationToken cancellationToken = default);
}
