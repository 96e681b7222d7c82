using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Tasks;
namespace ComplianceMonitor.Application.Storage;

/// <summary>A monitoring record stored in a district's partition under a stable key.</summary>
public interface IStoredItem
{
    /// <summary>The district code: the partition the item lives in.</summary>
    string DistrictCode { get; }

    /// <summary>The item's key within the district (the row key).</summary>
    string Key { get; }

    /// <summary>The version tag of the stored item, or null for an item not yet stored.</summary>
    string? ETag { get; }
}

/// <summary>What a conditional write did to one item.</summary>
public enum WriteOutcome
{
    /// <summary>The item did not exist and has been inserted.</summary>
    Created,

    /// <summary>An item with the same key already existed; nothing was written (an idempotent create is a success).</summary>
    AlreadyExists,

    /// <summary>The item has been replaced under its ETag.</summary>
    Updated,

    /// <summary>The stored item changed (or disappeared) since it was read; nothing was written.</summary>
    Conflict,
}

/// <summary>The result of a conditional write of one item.</summary>
/// <param name="Key">The item's key.</param>
/// <param name="Outcome">What the write did.</param>
/// <param name="ETag">The new version tag after <see cref="WriteOutcome.Created"/> or <see cref="WriteOutcome.Updated"/>, else null.</param>
public sealed record WriteResult(string Key, WriteOutcome Outcome, string? ETag)
{
    /// <summary>Whether the store now holds this item as written or as an equal earlier create (Created, AlreadyExists, Updated).</summary>
    public bool Succeeded => Outcome is not WriteOutcome.Conflict;
}

/// <summary>One item of a partition read: the item, or a stored entity that could not be read.</summary>
/// <param name="Item">The item when it could be read.</param>
/// <param name="Key">The stored row key, known even when the entity is unreadable.</param>
/// <param name="Error">Why the entity could not be read, else null.</param>
public sealed record StoreReadItem<T>(T? Item, string Key, string? Error)
    where T : class;

/// <summary>Thrown when an ETag-guarded update finds that the stored item has changed since it was read.</summary>
public sealed class ConcurrencyConflictException : Exception
{
    /// <summary>Creates the exception for the item <paramref name="key"/> of <paramref name="districtCode"/>.</summary>
    public ConcurrencyConflictException(string districtCode, string key)
        : base($"The stored item {key} of district {districtCode} changed since it was read; re-read it and try again.")
    {
        DistrictCode = districtCode;
        Key = key;
    }

    /// <summary>The district of the item.</summary>
    public string DistrictCode { get; }

    /// <summary>The key of the item.</summary>
    public string Key { get; }
}

/// <summary>Conditional create and ETag-guarded update of the items of one kind, partitioned by district.</summary>
/// <typeparam name="T">The item type.</typeparam>
/// <remarks>
/// Writes of many items are sent in batches of at most 100 per district (one entity-group transaction each),
/// so the cost grows with batches, not items. Results come back in input order.
/// </remarks>
public interface IPartitionedStore<T>
    where T : class, IStoredItem
{
    /// <summary>Reads one item, or null when there is none.</summary>
    Task<T?> GetAsync(string districtCode, string key, CancellationToken cancellationToken = default);

    /// <summary>Inserts each item unless one with its key exists: an existing item is reported <see cref="WriteOutcome.AlreadyExists"/> and left as it is.</summary>
    Task<IReadOnlyList<WriteResult>> CreateManyAsync(string districtCode, IReadOnlyList<T> items, CancellationToken cancellationToken = default);

    /// <summary>Replaces each item under its <see cref="IStoredItem.ETag"/>; a stale or missing item is reported <see cref="WriteOutcome.Conflict"/>.</summary>
    Task<IReadOnlyList<WriteResult>> UpdateManyAsync(string districtCode, IReadOnlyList<T> items, CancellationToken cancellationToken = default);
}

/// <summary>Single-item helpers over <see cref="IPartitionedStore{T}"/>.</summary>
public static class PartitionedStoreExtensions
{
    /// <summary>Inserts one item unless it exists; true when this call created it.</summary>
    public static async Task<bool> CreateAsync<T>(this IPartitionedStore<T> store, T item, CancellationToken cancellationToken = default)
        where T : class, IStoredItem
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(item);
        var results = await store.CreateManyAsync(item.DistrictCode, [item], cancellationToken).ConfigureAwait(false);
        return results[0].Outcome == WriteOutcome.Created;
    }

    /// <summary>Replaces one item under its ETag and returns the new ETag; throws <see cref="ConcurrencyConflictException"/> when it changed.</summary>
    public static async Task<string> UpdateAsync<T>(this IPartitionedStore<T> store, T item, CancellationToken cancellationToken = default)
        where T : class, IStoredItem
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(item);
        var results = await store.UpdateManyAsync(item.DistrictCode, [item], cancellationToken).ConfigureAwait(false);
        return results[0].Outcome == WriteOutcome.Updated && results[0].ETag is { } etag
            ? etag
            : throw new ConcurrencyConflictException(item.DistrictCode, item.Key);
    }
}
