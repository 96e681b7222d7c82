using ComplianceMonitor.Domain.Rules;

namespace ComplianceMonitor.Application.Contacts;

/// <summary>A stored value with the version tag its next write must match.</summary>
/// <param name="Value">The value.</param>
/// <param name="ETag">The version tag.</param>
public sealed record Versioned<T>(T Value, string ETag);

/// <summary>The enterprises' contact preferences, keyed by credit code.</summary>
public interface IContactPreferencesStore
{
    /// <summary>Reads an enterprise's preferences, or null when it never changed anything.</summary>
    Task<Versioned<ContactPreferences>?> GetAsync(string creditCode, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes <paramref name="preferences"/>: inserts when <paramref name="etag"/> is null, else replaces under it.
    /// Returns the new ETag, or null when the stored value changed meanwhile (or, on insert, exists).
    /// </summary>
    Task<string?> SaveAsync(ContactPreferences preferences, string? etag, CancellationToken cancellationToken = default);

    /// <summary>Streams the preferences of every enterprise that stopped SMS.</summary>
    IAsyncEnumerable<ContactPreferences> ListSmsStoppedAsync(CancellationToken cancellationToken = default);
}

/// <summary>The snoozes on leases' notices, partitioned by district; at most one per lease and rule (or all rules).</summary>
public interface ISnoozeStore
{
    /// <summary>Reads the snooze of <paramref name="leaseId"/> for <paramref name="rule"/> (null: the one for all rules), or null.</summary>
    Task<Versioned<Snooze>?> GetAsync(string districtCode, string leaseId, RuleCode? rule, CancellationToken cancellationToken = default);

    /// <summary>Streams a district's snoozes (ended ones included until lifted or replaced).</summary>
    IAsyncEnumerable<Snooze> ListAsync(string districtCode, CancellationToken cancellationToken = default);

    /// <summary>Inserts (<paramref name="etag"/> null) or replaces under <paramref name="etag"/>; null when it changed meanwhile.</summary>
    Task<string?> SaveAsync(string districtCode, Snooze snooze, string? etag, CancellationToken cancellationToken = default);

    /// <summary>Deletes the snooze under <paramref name="etag"/>; false when it changed or is gone.</summary>
    Task<bool> DeleteAsync(string districtCode, Snooze snooze, string etag, CancellationToken cancellationToken = default);
}

/// <summary>The audit trail of changes people make (preferences, snoozes, requeued reminders), per subject.</summary>
public interface IAuditLog
{
    /// <summary>Appends one entry.</summary>
    Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends <paramref name="entry"/> before the change it describes is written, marked pending (write-ahead); returns
    /// its id for <see cref="ConfirmAsync"/> or <see cref="DiscardAsync"/>. A writer that stops before either leaves the
    /// pending entry: a change is never stored without its entry.
    /// </summary>
    Task<string> AppendPendingAsync(AuditEntry entry, CancellationToken cancellationToken = default);

    /// <summary>Marks the pending entry <paramref name="id"/> about <paramref name="subject"/> applied: its change was written.</summary>
    Task ConfirmAsync(string subject, string id, CancellationToken cancellationToken = default);

    /// <summary>Removes the pending entry <paramref name="id"/> about <paramref name="subject"/>: its change was not written (it lost a race).</summary>
    Task DiscardAsync(string subject, string id, CancellationToken cancellationToken = default);

    /// <summary>Streams the entries about <paramref name="subject"/> (a lease id or a credit code), oldest first.</summary>
    IAsyncEnumerable<AuditEntry> ListAsync(string subject, CancellationToken cancellationToken = default);
}
