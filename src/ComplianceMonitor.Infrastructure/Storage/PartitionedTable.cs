using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Tasks;
using ComplianceMonitor.Infrastructure.Composition;
using ComplianceMonitor.Infrastructure.Leases;
using ComplianceMonitor.Infrastructure.Scanning;
using ComplianceMonitor.Infrastructure.Tasks;
using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using ComplianceMonitor.Infrastructure.Storage;

namespace ComplianceMonitor.Infrastructure.Storage;

/// <summary>Maps items of one kind to and from table entities.</summary>
internal interface IEntityMapper<T>
    where T : class, IStoredItem
{
    /// <summary>The entity for <paramref name="item"/> (PartitionKey = district, RowKey = key).</summary>
    TableEntity ToEntity(T item);

    /// <summary>The item stored in <paramref name="entity"/>; throws <see cref="StoredEntityException"/> naming the bad property.</summary>
    T FromEntity(TableEntity entity);
}

/// <summary>
/// One monitoring table partitioned by district: point reads, paged queries, and conditional writes in entity-group
/// transactions of at most 100 (one request per batch).
/// </summary>
/// <remarks>
/// A create is an <c>Add</c>: an existing entity fails it with 409 and is reported <see cref="WriteOutcome.AlreadyExists"/>
/// (so a create is idempotent, also when the SDK retries our own successful insert). An update is a <c>Replace</c> under
/// the item's ETag: 412 (changed) or 404 (gone) is reported <see cref="WriteOutcome.Conflict"/>. When one action of a
/// batch fails, the service rejects the whole batch and names the failed action; that action is reported and the rest
/// is submitted again, so a batch costs one request in the normal case and a few under contention.
/// </remarks>
internal sealed class PartitionedTable<T>
    where T : class, IStoredItem
{
    /// <summary>The most actions an entity-group transaction may hold.</summary>
    public const int MaxBatch = 100;

    /// <summary>Entities per query page (the service's maximum).</summary>
    public const int PageSize = 1000;

    /// <summary>Failed actions tolerated in one batch before its remaining actions are sent one by one.</summary>
    private const int MaxBatchFailures = 3;

    private readonly TableClientFactory _factory;
    private readonly string _baseName;
    private readonly IEntityMapper<T> _mapper;

    public PartitionedTable(TableClientFactory factory, string baseName, IEntityMapper<T> mapper)
    {
        ArgumentNullException.ThrowIfNull(factory);
        _factory = factory;
        _baseName = baseName;
        _mapper = mapper;
    }

    public Task<TableClient> ClientAsync(CancellationToken cancellationToken) => _factory.GetTableClientAsync(_baseName, cancellationToken);

    public async Task<T?> GetAsync(string districtCode, string key, CancellationToken cancellationToken)
    {
        if (!IsKey(districtCode) || !IsKey(key))
        {
            // No stored row can have such a key: writes only accept valid keys.
            return null;
        }

        var table = await ClientAsync(cancellationToken).ConfigureAwait(false);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(districtCode, key, cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue && response.Value is { } entity ? _mapper.FromEntity(entity) : null;
    }

    /// <summary>Streams the entities matching <paramref name="filter"/> (built with <see cref="TableClient.CreateQueryFilter(FormattableString)"/>).</summary>
    public async IAsyncEnumerable<StoreReadItem<T>> QueryAsync(string filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var table = await ClientAsync(cancellationToken).ConfigureAwait(false);
        var pages = table.QueryAsync<TableEntity>(filter, PageSize, cancellationToken: cancellationToken).AsPages(pageSizeHint: PageSize);
        await foreach (var page in pages.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            foreach (var entity in page.Values)
            {
                yield return Read(entity);
            }
        }
    }

    public StoreReadItem<T> Read(TableEntity entity)
    {
        try
        {
            return new StoreReadItem<T>(_mapper.FromEntity(entity), entity.RowKey, null);
        }
        catch (StoredEntityException ex)
        {
            return new StoreReadItem<T>(null, entity.RowKey, ex.Message);
        }
    }

    public Task<IReadOnlyList<WriteResult>> CreateManyAsync(string districtCode, IReadOnlyList<T> items, CancellationToken cancellationToken) =>
        WriteManyAsync(districtCode, items, TableTransactionActionType.Add, cancellationToken);

    public Task<IReadOnlyList<WriteResult>> UpdateManyAsync(string districtCode, IReadOnlyList<T> items, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        foreach (var item in items)
        {
            if (string.IsNullOrEmpty(item.ETag))
            {
                throw new ArgumentException($"Item {item.Key} has no ETag: only an item that was read can be updated.", nameof(items));
            }
        }

        return WriteManyAsync(districtCode, items, TableTransactionActionType.UpdateReplace, cancellationToken);
    }

    private async Task<IReadOnlyList<WriteResult>> WriteManyAsync(string districtCode, IReadOnlyList<T> items, TableTransactionActionType type, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        RequireKey(districtCode, "districtCode");
        var entities = new TableEntity[items.Count];
        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            if (!string.Equals(item.DistrictCode, districtCode, StringComparison.Ordinal))
            {
                throw new ArgumentException($"Item {item.Key} belongs to district {item.DistrictCode}, not {districtCode}: a batch holds one district.", nameof(items));
            }

            RequireKey(item.Key, "key");
            if (!keys.Add(item.Key))
            {
                throw new ArgumentException($"Item {item.Key} appears twice in one write.", nameof(items));
            }

            entities[i] = _mapper.ToEntity(item);
        }

        var results = new WriteResult[items.Count];
        if (items.Count == 0)
        {
            return results;
        }

        var table = await ClientAsync(cancellationToken).ConfigureAwait(false);
        for (var start = 0; start < items.Count; start += MaxBatch)
        {
            var pending = Enumerable.Range(start, Math.Min(MaxBatch, items.Count - start)).ToList();
            var failures = 0;
            while (pending.Count > 1 && failures < MaxBatchFailures)
            {
                var actions = pending.Select(i => Action(type, entities[i], items[i].ETag)).ToList();
                try
                {
                    var response = await table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
                    for (var k = 0; k < pending.Count; k++)
                    {
                        results[pending[k]] = Success(items[pending[k]].Key, type, response.Value.Count > k ? response.Value[k] : null);
                    }

                    pending.Clear();
                }
                catch (TableTransactionFailedException ex) when (ex.FailedTransactionActionIndex is { } index && index >= 0 && index < pending.Count && IsExpectedFailure(type, ex.Status))
                {
                    results[pending[index]] = new WriteResult(items[pending[index]].Key, Failure(type), null);
                    pending.RemoveAt(index);
                    failures++;
                }
                catch (TableTransactionFailedException ex) when (IsExpectedFailure(type, ex.Status))
                {
                    // The service did not say which action failed: send the rest one by one.
                    break;
                }
            }

            foreach (var i in pending)
            {
                results[i] = await WriteOneAsync(table, type, items[i], entities[i], cancellationToken).ConfigureAwait(false);
            }
        }

        return results;
    }

    private static async Task<WriteResult> WriteOneAsync(TableClient table, TableTransactionActionType type, T item, TableEntity entity, CancellationToken cancellationToken)
    {
        try
        {
            var response = type == TableTransactionActionType.Add
                ? await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false)
                : await table.UpdateEntityAsync(entity, new ETag(item.ETag!), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return Success(item.Key, type, response);
        }
        catch (RequestFailedException ex) when (IsExpectedFailure(type, ex.Status))
        {
            return new WriteResult(item.Key, Failure(type), null);
        }
    }

    private static TableTransactionAction Action(TableTransactionActionType type, TableEntity entity, string? etag) =>
        type == TableTransactionActionType.Add ? new TableTransactionAction(type, entity) : new TableTransactionAction(type, entity, new ETag(etag!));

    private static bool IsExpectedFailure(TableTransactionActionType type, int status) =>
        type == TableTransactionActionType.Add ? status == 409 : status is 412 or 404;

    private static WriteOutcome Failure(TableTransactionActionType type) =>
        type == TableTransactionActionType.Add ? WriteOutcome.AlreadyExists : WriteOutcome.Conflict;

    private static WriteResult Success(string key, TableTransactionActionType type, Response? response)
    {
        string? etag = null;
        if (response is not null && response.Headers.ETag is { } e)
        {
            etag = e.ToString();
        }

        return new WriteResult(key, type == TableTransactionActionType.Add ? WriteOutcome.Created : WriteOutcome.Updated, etag);
    }

    private static bool IsKey(string? key) => !string.IsNullOrEmpty(key) && TableNaming.IsValidKey(key);

    private static void RequireKey(string value, string field)
    {
        if (!IsKey(value))
        {
            throw new ArgumentException($"{field} '{value}' cannot be a storage key (empty, over 512 characters, or holds / \\ # ? or control characters).", field);
        }
    }
}

/// <summary>Unconditional batched writes, for records with no history to protect (runs, quarantine).</summary>
internal static class TableBatches
{
    /// <summary>Creates or replaces <paramref name="entities"/> of one partition in transactions of at most 100.</summary>
    public static async Task UpsertManyAsync(TableClient table, IReadOnlyList<TableEntity> entities, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(entities);
        foreach (var chunk in entities.Chunk(PartitionedTable<IStoredItem>.MaxBatch))
        {
            if (chunk.Length == 1)
            {
                await table.UpsertEntityAsync(chunk[0], TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await table.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)), cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
