using System.Runtime.CompilerServices;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Infrastructure.Storage;

namespace ComplianceMonitor.Testing.InMemory;

/// <summary>An in-memory <see cref="IPartitionedStore{T}"/>: conditional create, ETag-guarded replace, reads in (district, key) ordinal order.</summary>
/// <typeparam name="T">The item type.</typeparam>
public abstract class InMemoryPartitionedStore<T> : IPartitionedStore<T>
    where T : class, IStoredItem
{
    private readonly SortedDictionary<(string District, string Key), T> _items = new(PartitionKeyComparer.Instance);
    private readonly Lock _gate = new();
    private readonly string _name;

    protected InMemoryPartitionedStore(InMemoryStorage storage, string name)
    {
        Storage = storage;
        _name = name;
    }

    protected InMemoryStorage Storage { get; }

    /// <summary>How many item writes were attempted (created, updated or refused).</summary>
    public int Writes { get; private set; }

    /// <summary>The item with a new ETag.</summary>
    protected abstract T WithETag(T item, string etag);

    public async Task<T?> GetAsync(string districtCode, string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(districtCode);
        ArgumentNullException.ThrowIfNull(key);
        await Storage.StepAsync(_name + ".Get").ConfigureAwait(false);
        if (!TableNaming.IsValidKey(districtCode) || !TableNaming.IsValidKey(key))
        {
            // As the table store: no stored row can have such a key.
            return null;
        }

        lock (_gate)
        {
            return _items.GetValueOrDefault((districtCode, key));
        }
    }

    public async Task<IReadOnlyList<WriteResult>> CreateManyAsync(string districtCode, IReadOnlyList<T> items, CancellationToken cancellationToken = default)
    {
        Validate(districtCode, items, update: false);
        await Storage.StepAsync(_name + ".CreateMany").ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var results = new List<WriteResult>(items.Count);
            foreach (var item in items)
            {
                Writes++;
                if (_items.ContainsKey((districtCode, item.Key)))
                {
                    // 409 Conflict on insert: an idempotent create.
                    results.Add(new WriteResult(item.Key, WriteOutcome.AlreadyExists, null));
                    continue;
                }

                var etag = Storage.NextETag();
                _items[(districtCode, item.Key)] = WithETag(item, etag);
                results.Add(new WriteResult(item.Key, WriteOutcome.Created, etag));
            }

            return results;
        }
    }

    public async Task<IReadOnlyList<WriteResult>> UpdateManyAsync(string districtCode, IReadOnlyList<T> items, CancellationToken cancellationToken = default)
    {
        Validate(districtCode, items, update: true);
        await Storage.StepAsync(_name + ".UpdateMany").ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var results = new List<WriteResult>(items.Count);
            foreach (var item in items)
            {
                Writes++;

                // 404 (gone) and 412 (changed) alike: nothing written.
                if (!_items.TryGetValue((districtCode, item.Key), out var current) || current.ETag != item.ETag)
                {
                    results.Add(new WriteResult(item.Key, WriteOutcome.Conflict, null));
                    continue;
                }

                var etag = Storage.NextETag();
                _items[(districtCode, item.Key)] = WithETag(item, etag);
                results.Add(new WriteResult(item.Key, WriteOutcome.Updated, etag));
            }

            return results;
        }
    }

    /// <summary>Every item of a district, in key order (no step: for assertions).</summary>
    public IReadOnlyList<T> Snapshot(string districtCode)
    {
        lock (_gate)
        {
            return [.. _items.Where(kv => kv.Key.District == districtCode).Select(kv => kv.Value)];
        }
    }

    /// <summary>Streams the items of a district that match, in key order; the snapshot is taken when the stream starts.</summary>
    protected async IAsyncEnumerable<StoreReadItem<T>> StreamAsync(string operation, string districtCode, Func<T, bool> match, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(districtCode);
        await Storage.StepAsync(_name + "." + operation).ConfigureAwait(false);
        List<T> page;
        lock (_gate)
        {
            page = [.. _items.Where(kv => kv.Key.District == districtCode && match(kv.Value)).Select(kv => kv.Value)];
        }

        foreach (var item in page)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return new StoreReadItem<T>(item, item.Key, null);
        }
    }

    /// <summary>Finds an item by key in any district.</summary>
    protected async Task<T?> FindAnyAsync(string key)
    {
        await Storage.StepAsync(_name + ".Find").ConfigureAwait(false);
        lock (_gate)
        {
            return _items.Where(kv => kv.Key.Key == key).Select(kv => kv.Value).FirstOrDefault();
        }
    }

    /// <summary>Finds the first item in any partition matching <paramref name="predicate"/>, or null.</summary>
    protected async Task<T?> FindAnyWhereAsync(Func<T, bool> predicate)
    {
        await Storage.StepAsync(_name + ".Find").ConfigureAwait(false);
        lock (_gate)
        {
            return _items.Values.Where(predicate).FirstOrDefault();
        }
    }

    /// <summary>Refuses a bad write whole before anything is written, with the table store's checks and messages.</summary>
    private static void Validate(string districtCode, IReadOnlyList<T> items, bool update)
    {
        ArgumentNullException.ThrowIfNull(districtCode);
        ArgumentNullException.ThrowIfNull(items);
        RequireKey(districtCode, "districtCode");
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (update && string.IsNullOrEmpty(item.ETag))
            {
                throw new ArgumentException($"Item {item.Key} has no ETag: only an item that was read can be updated.", nameof(items));
            }

            if (!string.Equals(item.DistrictCode, districtCode, StringComparison.Ordinal))
            {
                throw new ArgumentException($"Item {item.Key} belongs to district {item.DistrictCode}, not {districtCode}: a batch holds one district.", nameof(items));
            }

            RequireKey(item.Key, "key");
            if (!keys.Add(item.Key))
            {
                throw new ArgumentException($"Item {item.Key} appears twice in one write.", nameof(items));
            }
        }
    }

    private static void RequireKey(string value, string field)
    {
        if (string.IsNullOrEmpty(value) || !TableNaming.IsValidKey(value))
        {
            throw new ArgumentException($"{field} '{value}' cannot be a storage key (empty, over 512 characters, or holds / \\ # ? or control characters).", field);
        }
    }
}

/// <summary>Orders (partition, row) keys as the table service does: ordinal.</summary>
internal sealed class PartitionKeyComparer : IComparer<(string District, string Key)>
{
    public static readonly PartitionKeyComparer Instance = new();

    public int Compare((string District, string Key) x, (string District, string Key) y)
    {
        var c = string.CompareOrdinal(x.District, y.District);
        return c != 0 ? c : string.CompareOrdinal(x.Key, y.Key);
    }
}
