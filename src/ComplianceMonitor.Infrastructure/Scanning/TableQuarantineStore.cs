using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Tasks;
using ComplianceMonitor.Infrastructure.Composition;
using ComplianceMonitor.Infrastructure.Leases;
using ComplianceMonitor.Infrastructure.Tasks;
using System.Runtime.CompilerServices;
using Azure.Data.Tables;
using ComplianceMonitor.Infrastructure.Storage;
using static ComplianceMonitor.Infrastructure.Storage.EntityFields;

namespace ComplianceMonitor.Infrastructure.Scanning;

/// <summary>The quarantined leases in table <c>quarantine</c>: PartitionKey = district, RowKey = lease id; the latest finding replaces the earlier.</summary>
public sealed class TableQuarantineStore : IQuarantineStore
{
    private const int MaxReasonChars = 16_000;
    private readonly TableClientFactory _tables;

    /// <summary>Creates the store over <paramref name="tables"/>.</summary>
    public TableQuarantineStore(TableClientFactory tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        _tables = tables;
    }

    /// <inheritdoc/>
    public async Task PutManyAsync(string districtCode, IReadOnlyList<QuarantineEntry> entries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0)
        {
            return;
        }

        var entities = new List<TableEntity>(entries.Count);
        foreach (var q in entries)
        {
            if (!string.Equals(q.DistrictCode, districtCode, StringComparison.Ordinal))
            {
                throw new ArgumentException($"Entry {q.LeaseId} belongs to district {q.DistrictCode}, not {districtCode}.", nameof(entries));
            }

            // An unreadable row's key came from storage, so it is a valid key; guard anyway.
            if (string.IsNullOrEmpty(q.LeaseId) || !TableNaming.IsValidKey(q.LeaseId))
            {
                continue;
            }

            entities.Add(new TableEntity(q.DistrictCode, q.LeaseId)
            {
                ["RunId"] = q.RunId,
                ["AsOf"] = Date(q.AsOf),
                ["Reason"] = q.Reason.Length > MaxReasonChars ? q.Reason[..MaxReasonChars] : q.Reason,
                ["QuarantinedAt"] = q.QuarantinedAt,
            });
        }

        var table = await _tables.GetTableClientAsync(MonitoringTables.Quarantine, cancellationToken).ConfigureAwait(false);
        await TableBatches.UpsertManyAsync(table, entities, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task RemoveManyAsync(string districtCode, IReadOnlyList<string> leaseIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(leaseIds);
        if (leaseIds.Count == 0)
        {
            return;
        }

        var table = await _tables.GetTableClientAsync(MonitoringTables.Quarantine, cancellationToken).ConfigureAwait(false);
        foreach (var id in leaseIds.Distinct(StringComparer.Ordinal).Where(id => id.Length > 0 && TableNaming.IsValidKey(id)))
        {
            // One request each: releases are rare, and DeleteEntity is idempotent (a missing row is no error),
            // unlike a delete inside a transaction, which a concurrent release would fail as a whole.
            await table.DeleteEntityAsync(districtCode, id, Azure.ETag.All, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<QuarantineEntry> ListAsync(string districtCode, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(districtCode);
        var table = await _tables.GetTableClientAsync(MonitoringTables.Quarantine, cancellationToken).ConfigureAwait(false);
        await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {districtCode}"), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return new QuarantineEntry(
                e.PartitionKey,
                e.RowKey,
                OptionalString(e, "RunId") ?? "",
                RequiredDate(e, "AsOf"),
                OptionalString(e, "Reason") ?? "",
                RequiredInstant(e, "QuarantinedAt"));
        }
    }
}
