using Azure.Data.Tables;
using ComplianceMonitor.Infrastructure.Storage;

namespace ComplianceMonitor.Testing.Storage;

/// <summary>
/// Every entity (table, partition, row, ETag) and every queue's message count under one table prefix: taken before and
/// after an attack, two equal snapshots prove that nothing was written, changed or deleted.
/// </summary>
public sealed record StorageSnapshot(IReadOnlyList<string> Entities, IReadOnlyDictionary<string, int> QueueMessages)
{
    /// <summary>Reads every table of <see cref="StorageNames.Tables"/> and queue of <see cref="StorageNames.Queues"/>.</summary>
    public static async Task<StorageSnapshot> TakeAsync(TableClientFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        var entities = new List<string>();
        foreach (var name in StorageNames.Tables)
        {
            var table = await factory.GetTableClientAsync(name);
            await foreach (var e in table.QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey"]))
            {
                entities.Add($"{name}/{e.PartitionKey}/{e.RowKey}@{e.ETag}");
            }
        }

        var queues = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var name in StorageNames.Queues)
        {
            var queue = await factory.GetQueueClientAsync(name);
            var properties = await queue.GetPropertiesAsync();
            queues[name] = properties.Value.ApproximateMessagesCount;
        }

        entities.Sort(StringComparer.Ordinal);
        return new StorageSnapshot(entities, queues);
    }

    /// <summary>The differences from <paramref name="before"/>, for an assertion message (empty when equal).</summary>
    public string DifferencesFrom(StorageSnapshot before)
    {
        ArgumentNullException.ThrowIfNull(before);
        var added = Entities.Except(before.Entities, StringComparer.Ordinal).Select(e => "+ " + e);
        var removed = before.Entities.Except(Entities, StringComparer.Ordinal).Select(e => "- " + e);
        var queues = QueueMessages.Where(q => before.QueueMessages.GetValueOrDefault(q.Key) != q.Value)
            .Select(q => $"queue {q.Key}: {before.QueueMessages.GetValueOrDefault(q.Key)} -> {q.Value}");
        return string.Join("\n", added.Concat(removed).Concat(queues));
    }
}
