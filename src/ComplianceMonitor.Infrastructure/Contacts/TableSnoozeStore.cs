using ComplianceMonitor.Application.Contacts;
using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Tasks;
using ComplianceMonitor.Infrastructure.Composition;
using ComplianceMonitor.Infrastructure.Leases;
using ComplianceMonitor.Infrastructure.Scanning;
using ComplianceMonitor.Infrastructure.Tasks;
using ComplianceMonitor.Infrastructure.Delivery;
using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using ComplianceMonitor.Domain.Rules;
using ComplianceMonitor.Infrastructure.Storage;
using static ComplianceMonitor.Infrastructure.Storage.EntityFields;

namespace ComplianceMonitor.Infrastructure.Contacts;

/// <summary>Snoozes in table <c>snoozes</c>: PartitionKey = district, RowKey = escaped lease id + <c>|</c> + rule code or <c>*</c>.</summary>
/// <remarks>Properties: LeaseId, Rule (absent for all rules), Reason, Until (yyyy-MM-dd, inclusive), By, CreatedAt, Format (1). Thread-safe.</remarks>
public sealed class TableSnoozeStore : ISnoozeStore
{
    private readonly TableClientFactory _tables;

    /// <summary>Creates the store over <paramref name="tables"/>.</summary>
    public TableSnoozeStore(TableClientFactory tables) => _tables = tables ?? throw new ArgumentNullException(nameof(tables));

    /// <summary>The row key of the snooze of <paramref name="leaseId"/> for <paramref name="rule"/> (null: all rules).</summary>
    public static string RowKey(string leaseId, RuleCode? rule) => AlertKey.Escape(leaseId) + "|" + (rule?.ToString() ?? "*");

    /// <inheritdoc/>
    public async Task<Versioned<Snooze>?> GetAsync(string districtCode, string leaseId, RuleCode? rule, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(districtCode);
        ArgumentNullException.ThrowIfNull(leaseId);
        var rowKey = RowKey(leaseId, rule);
        if (!TableNaming.IsValidKey(districtCode) || !TableNaming.IsValidKey(rowKey))
        {
            return null;
        }

        var table = await _tables.GetTableClientAsync(DeliveryTables.Snoozes, cancellationToken).ConfigureAwait(false);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(districtCode, rowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue && response.Value is { } e ? new Versioned<Snooze>(FromEntity(e), e.ETag.ToString()) : null;
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<Snooze> ListAsync(string districtCode, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(districtCode);
        var table = await _tables.GetTableClientAsync(DeliveryTables.Snoozes, cancellationToken).ConfigureAwait(false);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {districtCode}");
        await foreach (var e in table.QueryAsync<TableEntity>(filter, 1000, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return FromEntity(e);
        }
    }

    /// <inheritdoc/>
    public async Task<string?> SaveAsync(string districtCode, Snooze snooze, string? etag, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snooze);
        var rowKey = RowKey(snooze.LeaseId, snooze.Rule);
        if (!TableNaming.IsValidKey(districtCode) || !TableNaming.IsValidKey(rowKey))
        {
            throw new ArgumentException($"leaseId: '{snooze.LeaseId}' of district '{districtCode}' cannot be a storage key", nameof(snooze));
        }

        var entity = new TableEntity(districtCode, rowKey)
        {
            ["Format"] = 1,
            ["LeaseId"] = snooze.LeaseId,
            ["Reason"] = snooze.Reason,
            ["Until"] = Date(snooze.Until),
            ["By"] = snooze.By,
            ["CreatedAt"] = snooze.CreatedAt,
        };
        SetString(entity, "Rule", snooze.Rule?.ToString());
        var table = await _tables.GetTableClientAsync(DeliveryTables.Snoozes, cancellationToken).ConfigureAwait(false);
        try
        {
            var response = etag is null
                ? await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false)
                : await table.UpdateEntityAsync(entity, new ETag(etag), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return response.Headers.ETag?.ToString() ?? string.Empty;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412 or 404)
        {
            return null;
        }
    }

    /// <inheritdoc/>
    public async Task<bool> DeleteAsync(string districtCode, Snooze snooze, string etag, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snooze);
        ArgumentException.ThrowIfNullOrEmpty(etag);
        var table = await _tables.GetTableClientAsync(DeliveryTables.Snoozes, cancellationToken).ConfigureAwait(false);
        try
        {
            // The SDK answers a missing entity with its 404 response rather than an exception.
            var response = await table.DeleteEntityAsync(districtCode, RowKey(snooze.LeaseId, snooze.Rule), new ETag(etag), cancellationToken).ConfigureAwait(false);
            return response.Status != 404;
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            return false;
        }
    }

    private static Snooze FromEntity(TableEntity e)
    {
        var ruleText = OptionalString(e, "Rule");
        RuleCode? rule = null;
        if (ruleText is not null)
        {
            rule = TryParseEnum<RuleCode>(ruleText, out var r)
                ? r
                : throw new StoredEntityException($"entity {e.PartitionKey}/{e.RowKey}: property Rule is '{ruleText}', not a rule code");
        }

        return new Snooze(
            RequiredString(e, "LeaseId"),
            rule,
            RequiredString(e, "Reason"),
            RequiredDate(e, "Until"),
            RequiredString(e, "By"),
            RequiredInstant(e, "CreatedAt"));
    }
}
