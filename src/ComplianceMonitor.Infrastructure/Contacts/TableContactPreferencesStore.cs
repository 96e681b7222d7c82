using ComplianceMonitor.Application.Contacts;
using ComplianceMonitor.Infrastructure.Leases;
using ComplianceMonitor.Infrastructure.Delivery;
using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using ComplianceMonitor.Infrastructure.Storage;
using static ComplianceMonitor.Infrastructure.Storage.EntityFields;

namespace ComplianceMonitor.Infrastructure.Contacts;

/// <summary>Contact preferences in table <c>preferences</c>: PartitionKey = <c>enterprise</c>, RowKey = credit code.</summary>
/// <remarks>Properties: SmsStopped (bool), ChangedAt, ChangedBy, SmsStoppedUntil (absent: no end), StopReason, Format (1). One partition: the list of enterprises that stopped SMS is one query. Thread-safe.</remarks>
public sealed class TableContactPreferencesStore : IContactPreferencesStore
{
    /// <summary>The single partition.</summary>
    public const string Partition = "enterprise";

    private readonly TableClientFactory _tables;

    /// <summary>Creates the store over <paramref name="tables"/>.</summary>
    public TableContactPreferencesStore(TableClientFactory tables) => _tables = tables ?? throw new ArgumentNullException(nameof(tables));

    /// <inheritdoc/>
    public async Task<Versioned<ContactPreferences>?> GetAsync(string creditCode, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(creditCode);
        if (!TableNaming.IsValidKey(creditCode))
        {
            return null;
        }

        var table = await _tables.GetTableClientAsync(DeliveryTables.Preferences, cancellationToken).ConfigureAwait(false);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(Partition, creditCode, cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue && response.Value is { } e ? new Versioned<ContactPreferences>(FromEntity(e), e.ETag.ToString()) : null;
    }

    /// <inheritdoc/>
    public async Task<string?> SaveAsync(ContactPreferences preferences, string? etag, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(preferences);
        if (!TableNaming.IsValidKey(preferences.CreditCode))
        {
            throw new ArgumentException($"creditCode: '{preferences.CreditCode}' cannot be a storage key", nameof(preferences));
        }

        var table = await _tables.GetTableClientAsync(DeliveryTables.Preferences, cancellationToken).ConfigureAwait(false);
        var entity = new TableEntity(Partition, preferences.CreditCode)
        {
            ["Format"] = 1,
            ["SmsStopped"] = preferences.SmsStopped,
        };
        if (preferences.ChangedAt is { } at)
        {
            entity["ChangedAt"] = at;
        }

        SetString(entity, "ChangedBy", preferences.ChangedBy);
        SetDate(entity, "SmsStoppedUntil", preferences.SmsStoppedUntil);
        SetString(entity, "StopReason", preferences.StopReason);
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
    public async IAsyncEnumerable<ContactPreferences> ListSmsStoppedAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var table = await _tables.GetTableClientAsync(DeliveryTables.Preferences, cancellationToken).ConfigureAwait(false);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and SmsStopped eq {true}");
        await foreach (var e in table.QueryAsync<TableEntity>(filter, 1000, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return FromEntity(e);
        }
    }

    private static ContactPreferences FromEntity(TableEntity e) =>
        new(e.RowKey, OptionalBool(e, "SmsStopped"), OptionalInstant(e, "ChangedAt"), OptionalString(e, "ChangedBy"))
        {
            SmsStoppedUntil = OptionalDate(e, "SmsStoppedUntil"),
            StopReason = OptionalString(e, "StopReason"),
        };
}
