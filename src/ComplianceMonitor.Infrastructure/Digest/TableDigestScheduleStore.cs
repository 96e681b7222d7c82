using ComplianceMonitor.Application.Digest;
using ComplianceMonitor.Infrastructure.Composition;
using ComplianceMonitor.Infrastructure.Leases;
using ComplianceMonitor.Infrastructure.Scanning;
using ComplianceMonitor.Infrastructure.Tasks;
using Azure;
using Azure.Data.Tables;
using ComplianceMonitor.Infrastructure.Storage;
using static ComplianceMonitor.Infrastructure.Storage.EntityFields;

namespace ComplianceMonitor.Infrastructure.Digest;

/// <summary>Per-district digest schedules in table <c>digestschedules</c>: PartitionKey = district, RowKey = <c>schedule</c>.</summary>
/// <remarks>
/// Properties: Cron, Recipients (comma separated; an empty string means "none"), Enabled, UpdatedBy, UpdatedAt, Format (1).
/// An absent Cron or Recipients property keeps the configured value. The whole table is one small query (one row per
/// district at most). Values are validated before they are written. Thread-safe.
/// </remarks>
public sealed class TableDigestScheduleStore : IDigestScheduleStore
{
    /// <summary>The table's base name (prefixed by the factory).</summary>
    public const string TableName = "digestschedules";

    /// <summary>The one row key of a district's schedule.</summary>
    public const string RowKey = "schedule";

    private readonly TableClientFactory _tables;

    /// <summary>Creates the store over <paramref name="tables"/>.</summary>
    public TableDigestScheduleStore(TableClientFactory tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        _tables = tables;
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<StoredDigestSchedule>> ListAsync(CancellationToken cancellationToken = default)
    {
        var table = await _tables.GetTableClientAsync(TableName, cancellationToken).ConfigureAwait(false);
        var list = new List<StoredDigestSchedule>();
        await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"RowKey eq {RowKey}"), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            list.Add(FromEntity(e));
        }

        return list;
    }

    /// <inheritdoc/>
    public async Task<StoredDigestSchedule?> GetAsync(string districtCode, CancellationToken cancellationToken = default)
    {
        if (!TableNaming.IsValidKey(districtCode) || string.IsNullOrEmpty(districtCode))
        {
            return null;
        }

        var table = await _tables.GetTableClientAsync(TableName, cancellationToken).ConfigureAwait(false);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(districtCode, RowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue && response.Value is { } e ? FromEntity(e) : null;
    }

    /// <inheritdoc/>
    public async Task<StoredDigestSchedule> PutAsync(StoredDigestSchedule schedule, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        schedule.Validate();
        var e = new TableEntity(schedule.DistrictCode, RowKey)
        {
            ["Format"] = 1,
            ["Enabled"] = schedule.Enabled,
        };
        SetString(e, "Cron", schedule.Cron?.Trim());
        SetString(e, "Recipients", schedule.Recipients is null ? null : DigestRecipients.Join(DigestRecipients.Parse(schedule.Recipients, "recipients")));
        SetString(e, "UpdatedBy", schedule.UpdatedBy);
        if (schedule.UpdatedAt is { } at)
        {
            e["UpdatedAt"] = at.ToUniversalTime();
        }

        var table = await _tables.GetTableClientAsync(TableName, cancellationToken).ConfigureAwait(false);
        var response = await table.UpsertEntityAsync(e, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        return schedule with { ETag = response.Headers.ETag?.ToString() };
    }

    /// <inheritdoc/>
    public async Task<bool> DeleteAsync(string districtCode, CancellationToken cancellationToken = default)
    {
        if (!TableNaming.IsValidKey(districtCode) || string.IsNullOrEmpty(districtCode))
        {
            return false;
        }

        var table = await _tables.GetTableClientAsync(TableName, cancellationToken).ConfigureAwait(false);
        try
        {
            var response = await table.DeleteEntityAsync(districtCode, RowKey, ETag.All, cancellationToken).ConfigureAwait(false);
            return response.Status is >= 200 and < 300;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return false;
        }
    }

    private static StoredDigestSchedule FromEntity(TableEntity e) => new()
    {
        DistrictCode = e.PartitionKey,
        Cron = OptionalString(e, "Cron"),
        Recipients = OptionalString(e, "Recipients"),
        Enabled = !e.TryGetValue("Enabled", out var enabled) || enabled is null || (enabled is bool b ? b : throw new StoredEntityException($"entity {e.PartitionKey}/{e.RowKey}: property Enabled is not a boolean")),
        UpdatedBy = OptionalString(e, "UpdatedBy"),
        UpdatedAt = OptionalInstant(e, "UpdatedAt"),
        ETag = e.ETag.ToString(),
    };
}
