using System.Globalization;
using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using ComplianceMonitor.Application.Leases;
using ComplianceMonitor.Infrastructure.Storage;

namespace ComplianceMonitor.Infrastructure.Leases;

/// <summary>
/// Lease history in table <c>audit</c>: PartitionKey = <c>lease~{district}~{leaseId}</c> (lease ids and district codes
/// never hold <c>~</c>), RowKey = <c>yyyyMMddTHHmmssfffffffZ-{8 hex}</c>, so one partition query returns a lease's
/// history in time order. Columns: <c>At</c>, <c>Actor</c>, <c>Channel</c>, <c>Action</c>, <c>Detail</c>, <c>State</c>.
/// </summary>
public sealed class TableLeaseHistoryStore : ILeaseHistoryStore
{
    /// <summary>The base name of the table (shared with the contact-settings audit trail, in partitions of its own).</summary>
    public const string Table = "audit";

    private readonly TableClientFactory _tables;

    /// <summary>Creates the store over <paramref name="tables"/>.</summary>
    public TableLeaseHistoryStore(TableClientFactory tables) => _tables = tables ?? throw new ArgumentNullException(nameof(tables));

    /// <summary>The partition of one lease's history.</summary>
    public static string Partition(string districtCode, string leaseId) => $"lease~{districtCode}~{leaseId}";

    /// <inheritdoc/>
    public async Task<string> AddPendingAsync(string districtCode, string leaseId, DateTimeOffset at, string actor, string channel, string action, string? detail, CancellationToken cancellationToken = default)
    {
        var id = at.UtcDateTime.ToString("yyyyMMdd'T'HHmmssfffffff'Z'", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..8];
        var entity = new TableEntity(Partition(districtCode, leaseId), id)
        {
            ["At"] = at,
            ["Actor"] = Trim(actor, 256),
            ["Channel"] = Trim(channel, 64),
            ["Action"] = action,
            ["Detail"] = detail is null ? null : Trim(detail, 512),
            ["State"] = "pending",
        };
        var table = await _tables.GetTableClientAsync(Table, cancellationToken).ConfigureAwait(false);
        await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
        return id;
    }

    /// <inheritdoc/>
    public async Task ConfirmAsync(string districtCode, string leaseId, string entryId, string action, CancellationToken cancellationToken = default)
    {
        var table = await _tables.GetTableClientAsync(Table, cancellationToken).ConfigureAwait(false);
        var patch = new TableEntity(Partition(districtCode, leaseId), entryId) { ["State"] = "applied", ["Action"] = action };
        await table.UpdateEntityAsync(patch, ETag.All, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task DiscardAsync(string districtCode, string leaseId, string entryId, CancellationToken cancellationToken = default)
    {
        var table = await _tables.GetTableClientAsync(Table, cancellationToken).ConfigureAwait(false);
        await table.DeleteEntityAsync(Partition(districtCode, leaseId), entryId, ETag.All, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<LeaseHistoryEntry> ReadAsync(string districtCode, string leaseId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (!TableNaming.IsValidKey(districtCode) || !TableNaming.IsValidKey(leaseId) || districtCode.Contains('~', StringComparison.Ordinal) || leaseId.Contains('~', StringComparison.Ordinal))
        {
            yield break;
        }

        var table = await _tables.GetTableClientAsync(Table, cancellationToken).ConfigureAwait(false);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition(districtCode, leaseId)}");
        await foreach (var e in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return new LeaseHistoryEntry(
                districtCode,
                leaseId,
                e.RowKey,
                e.GetDateTimeOffset("At") ?? default,
                e.GetString("Actor") ?? "(unknown)",
                e.GetString("Channel") ?? "(unknown)",
                e.GetString("Action") ?? "(unknown)",
                e.GetString("Detail"),
                string.Equals(e.GetString("State"), "applied", StringComparison.Ordinal) ? LeaseHistoryState.Applied : LeaseHistoryState.Pending);
        }
    }

    private static string Trim(string value, int max) => value.Length <= max ? value : value[..max];
}
