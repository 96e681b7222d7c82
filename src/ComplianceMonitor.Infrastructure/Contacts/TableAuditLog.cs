using ComplianceMonitor.Application.Contacts;
using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Tasks;
using ComplianceMonitor.Infrastructure.Leases;
using ComplianceMonitor.Infrastructure.Delivery;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Azure;
using Azure.Data.Tables;
using ComplianceMonitor.Infrastructure.Storage;
using static ComplianceMonitor.Infrastructure.Storage.EntityFields;

namespace ComplianceMonitor.Infrastructure.Contacts;

/// <summary>The audit trail in table <c>audit</c>: PartitionKey = escaped subject, RowKey = <c>yyyyMMddTHHmmssfffffffZ-xxxxxxxx</c>.</summary>
/// <remarks>Properties: At, Actor, Action, Subject, Before, After, Reason, Format (1), State (<c>pending</c> until the
/// change is confirmed, then <c>applied</c>; a row without State is applied). Rows are added, confirmed, or, when their
/// change lost a race and was not written, removed. Thread-safe.</remarks>
public sealed class TableAuditLog : IAuditLog
{
    private const string StateProperty = "State";
    private const string PendingState = "pending";
    private const string AppliedState = "applied";

    private readonly TableClientFactory _tables;

    /// <summary>Creates the log over <paramref name="tables"/>.</summary>
    public TableAuditLog(TableClientFactory tables) => _tables = tables ?? throw new ArgumentNullException(nameof(tables));

    /// <inheritdoc/>
    public async Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default) =>
        await WriteAsync(entry, pending: false, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    public Task<string> AppendPendingAsync(AuditEntry entry, CancellationToken cancellationToken = default) =>
        WriteAsync(entry, pending: true, cancellationToken);

    /// <inheritdoc/>
    public async Task ConfirmAsync(string subject, string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentException.ThrowIfNullOrEmpty(id);
        var table = await _tables.GetTableClientAsync(DeliveryTables.Audit, cancellationToken).ConfigureAwait(false);
        await table.UpdateEntityAsync(new TableEntity(AlertKey.Escape(subject), id) { [StateProperty] = AppliedState }, ETag.All, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task DiscardAsync(string subject, string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentException.ThrowIfNullOrEmpty(id);
        var table = await _tables.GetTableClientAsync(DeliveryTables.Audit, cancellationToken).ConfigureAwait(false);
        await table.DeleteEntityAsync(AlertKey.Escape(subject), id, ETag.All, cancellationToken).ConfigureAwait(false);
    }

    private async Task<string> WriteAsync(AuditEntry entry, bool pending, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var partition = AlertKey.Escape(entry.Subject);
        if (!TableNaming.IsValidKey(partition))
        {
            throw new ArgumentException($"subject: '{entry.Subject}' cannot be a storage key", nameof(entry));
        }

        var rowKey = string.Concat(
            entry.At.UtcDateTime.ToString("yyyyMMdd'T'HHmmssfffffff'Z'", CultureInfo.InvariantCulture),
            "-",
            Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)));
        var e = new TableEntity(partition, rowKey)
        {
            ["Format"] = 1,
            ["At"] = entry.At,
            ["Actor"] = entry.Actor,
            ["Action"] = entry.Action,
            ["Subject"] = entry.Subject,
            [StateProperty] = pending ? PendingState : AppliedState,
        };
        SetString(e, "Before", entry.Before);
        SetString(e, "After", entry.After);
        SetString(e, "Reason", entry.Reason);
        var table = await _tables.GetTableClientAsync(DeliveryTables.Audit, cancellationToken).ConfigureAwait(false);

        // Upsert: a retry of our own insert must not fail (the random suffix keeps distinct changes apart).
        await table.UpsertEntityAsync(e, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        return rowKey;
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<AuditEntry> ListAsync(string subject, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var table = await _tables.GetTableClientAsync(DeliveryTables.Audit, cancellationToken).ConfigureAwait(false);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {AlertKey.Escape(subject)}");
        await foreach (var e in table.QueryAsync<TableEntity>(filter, 1000, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return new AuditEntry(
                RequiredInstant(e, "At"),
                RequiredString(e, "Actor"),
                RequiredString(e, "Action"),
                RequiredString(e, "Subject"),
                OptionalString(e, "Before"),
                OptionalString(e, "After"),
                OptionalString(e, "Reason"))
            {
                // Rows written before the State column existed were written after their change: applied.
                Pending = string.Equals(e.GetString(StateProperty), PendingState, StringComparison.Ordinal),
            };
        }
    }
}
