using Azure;
using Azure.Data.Tables;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Infrastructure.Storage;

namespace ComplianceMonitor.Functions.Leases;

/// <summary>
/// <see cref="ILeaseConditionalWriter"/> over the <c>leases</c> table of <see cref="TableLeaseStore"/>: the same entity
/// layout (chunked wire JSON, content hash, format 1), written with <c>If-Match</c>.
/// </summary>
/// <remarks>Only replaces a lease that exists, so the lease-id index row is already there. Thread-safe.</remarks>
public sealed class TableLeaseConditionalWriter : ILeaseConditionalWriter
{
    // TableLeaseStore's storage format version; keep in step until this write moves into TableLeaseStore.
    private const int Format = 1;

    private readonly TableClientFactory _tables;

    /// <summary>Creates the writer over <paramref name="tables"/>.</summary>
    public TableLeaseConditionalWriter(TableClientFactory tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        _tables = tables;
    }

    /// <inheritdoc/>
    public async Task<string?> ReplaceIfMatchAsync(LeaseRecord record, string etag, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentException.ThrowIfNullOrEmpty(etag);
        var json = LeaseRecordJson.Serialize(record);
        var entity = new TableEntity(record.DistrictCode, record.LeaseId)
        {
            [TableLeaseStore.HashProperty] = TableLeaseStore.ContentHash(json),
            [TableLeaseStore.FormatProperty] = Format,
        };
        EntityChunking.Write(entity, TableLeaseStore.DataProperty, json);

        var table = await _tables.GetTableClientAsync(TableLeaseStore.LeasesTable, cancellationToken).ConfigureAwait(false);
        try
        {
            var response = await table.UpdateEntityAsync(entity, new ETag(etag), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return response.Headers.ETag?.ToString() ?? throw new InvalidOperationException("The table service returned no ETag.");
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            return null;
        }
    }
}
