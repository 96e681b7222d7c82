namespace ComplianceMonitor.Application.Leases;

/// <summary>Whether a history entry's change is known to have been stored.</summary>
public enum LeaseHistoryState
{
    /// <summary>Recorded before the write; the write's outcome was never confirmed (the writer stopped in between).</summary>
    Pending,

    /// <summary>The write was stored.</summary>
    Applied,
}

/// <summary>One change of a lease: who, when, through what, and what.</summary>
/// <param name="DistrictCode">The lease's district.</param>
/// <param name="LeaseId">The lease.</param>
/// <param name="EntryId">The entry's id (time-ordered).</param>
/// <param name="At">When the change was made (UTC).</param>
/// <param name="Actor">Who made it (the signed-in name, or <c>cli:user@host</c>).</param>
/// <param name="Channel">Through what: <c>api</c>, <c>cli import</c>, <c>cli run</c>, …</param>
/// <param name="Action"><c>created</c>, <c>updated</c> or <c>event</c>.</param>
/// <param name="Detail">For an event, <c>TYPE on yyyy-MM-dd</c>; else the record's content hash.</param>
/// <param name="State">Whether the write is confirmed.</param>
public sealed record LeaseHistoryEntry(
    string DistrictCode,
    string LeaseId,
    string EntryId,
    DateTimeOffset At,
    string Actor,
    string Channel,
    string Action,
    string? Detail,
    LeaseHistoryState State);

/// <summary>The history of every lease write (see <see cref="LeaseWriter"/>).</summary>
public interface ILeaseHistoryStore
{
    /// <summary>Records a change about to be written, as <see cref="LeaseHistoryState.Pending"/>; returns the entry id.</summary>
    Task<string> AddPendingAsync(string districtCode, string leaseId, DateTimeOffset at, string actor, string channel, string action, string? detail, CancellationToken cancellationToken = default);

    /// <summary>Marks an entry <see cref="LeaseHistoryState.Applied"/>, with the action that was in fact done.</summary>
    Task ConfirmAsync(string districtCode, string leaseId, string entryId, string action, CancellationToken cancellationToken = default);

    /// <summary>Removes a pending entry whose write did not happen (nothing changed, or the write was refused).</summary>
    Task DiscardAsync(string districtCode, string leaseId, string entryId, CancellationToken cancellationToken = default);

    /// <summary>The entries of one lease, oldest first.</summary>
    IAsyncEnumerable<LeaseHistoryEntry> ReadAsync(string districtCode, string leaseId, CancellationToken cancellationToken = default);
}
