using ComplianceMonitor.Application.Digest;
using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Tasks;
using ComplianceMonitor.Infrastructure.Composition;
using ComplianceMonitor.Infrastructure.Leases;
using ComplianceMonitor.Infrastructure.Scanning;
using ComplianceMonitor.Infrastructure.Tasks;
using System.Runtime.CompilerServices;
using Azure.Data.Tables;
using ComplianceMonitor.Infrastructure.Storage;
using static ComplianceMonitor.Infrastructure.Storage.EntityFields;

namespace ComplianceMonitor.Infrastructure.Digest;

/// <summary>The digest send records in table <c>digests</c>: PartitionKey = district, RowKey = <see cref="DigestRecord.KeyFor"/> of the occurrence.</summary>
/// <remarks>
/// Properties: Occurrence (date-time), DigestDate (<c>yyyy-MM-dd</c>), Status (<c>sending</c>|<c>sent</c>|<c>failed</c>|<c>abandoned</c>),
/// Attempts, ClaimedAt, ClaimedBy, NextAttemptAt, SentAt, ProviderMessageId, LastError, Subject, RecipientCount, Format (1).
/// A claim is an insert that fails when the row exists; a takeover or an outcome is a replace under the ETag
/// (<see cref="IPartitionedStore{T}"/>). Row keys sort by occurrence, so the previous digest is a range query. Thread-safe.
/// </remarks>
public sealed class TableDigestRecordStore : IDigestRecordStore
{
    /// <summary>The table's base name (prefixed by the factory).</summary>
    public const string TableName = "digests";

    private readonly PartitionedTable<DigestRecord> _table;

    /// <summary>Creates the store over <paramref name="tables"/>.</summary>
    public TableDigestRecordStore(TableClientFactory tables) => _table = new PartitionedTable<DigestRecord>(tables, TableName, new Mapper());

    /// <inheritdoc/>
    public Task<DigestRecord?> GetAsync(string districtCode, string key, CancellationToken cancellationToken = default) => _table.GetAsync(districtCode, key, cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<WriteResult>> CreateManyAsync(string districtCode, IReadOnlyList<DigestRecord> items, CancellationToken cancellationToken = default) =>
        _table.CreateManyAsync(districtCode, items, cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<WriteResult>> UpdateManyAsync(string districtCode, IReadOnlyList<DigestRecord> items, CancellationToken cancellationToken = default) =>
        _table.UpdateManyAsync(districtCode, items, cancellationToken);

    /// <inheritdoc/>
    public async Task<DigestRecord?> FindLatestSentBeforeAsync(string districtCode, DateTimeOffset before, TimeSpan lookBack, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(districtCode);
        var from = DigestRecord.KeyFor(before - lookBack);
        var to = DigestRecord.KeyFor(before);
        var sent = DigestRecord.Wire(DigestRecordStatus.Sent);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {districtCode} and RowKey ge {from} and RowKey lt {to} and Status eq {sent}");
        DigestRecord? latest = null;
        await foreach (var read in _table.QueryAsync(filter, cancellationToken).ConfigureAwait(false))
        {
            // Rows come in row-key order, i.e. by occurrence; an unreadable row is passed over.
            if (read.Item is { } record)
            {
                latest = record;
            }
        }

        return latest;
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<DigestRecord> ListAsync(string districtCode, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(districtCode);
        await foreach (var read in _table.QueryAsync(TableClient.CreateQueryFilter($"PartitionKey eq {districtCode}"), cancellationToken).ConfigureAwait(false))
        {
            if (read.Item is { } record)
            {
                yield return record;
            }
        }
    }

    private sealed class Mapper : IEntityMapper<DigestRecord>
    {
        public TableEntity ToEntity(DigestRecord r)
        {
            var e = new TableEntity(r.DistrictCode, r.Key)
            {
                ["Format"] = 1,
                ["Occurrence"] = r.Occurrence.ToUniversalTime(),
                ["DigestDate"] = Date(r.DigestDate),
                ["Status"] = DigestRecord.Wire(r.Status),
                ["Attempts"] = r.Attempts,
                ["ClaimedAt"] = r.ClaimedAt.ToUniversalTime(),
                ["ClaimedBy"] = r.ClaimedBy,
                ["RecipientCount"] = r.RecipientCount,
            };
            if (r.NextAttemptAt is { } next)
            {
                e["NextAttemptAt"] = next.ToUniversalTime();
            }

            if (r.SentAt is { } sentAt)
            {
                e["SentAt"] = sentAt.ToUniversalTime();
            }

            SetString(e, "ProviderMessageId", r.ProviderMessageId);
            SetString(e, "LastError", r.LastError);
            SetString(e, "Subject", r.Subject);
            return e;
        }

        public DigestRecord FromEntity(TableEntity e)
        {
            var occurrence = RequiredInstant(e, "Occurrence");
            if (DigestRecord.KeyFor(occurrence) != e.RowKey)
            {
                throw new StoredEntityException($"entity {e.PartitionKey}/{e.RowKey}: property Occurrence does not match the row key");
            }

            return new DigestRecord
            {
                DistrictCode = e.PartitionKey,
                Occurrence = occurrence,
                Status = Parse<DigestRecordStatus>(e, "Status", DigestRecord.TryParseStatus, "a digest status"),
                Attempts = RequiredInt(e, "Attempts"),
                ClaimedAt = RequiredInstant(e, "ClaimedAt"),
                ClaimedBy = RequiredString(e, "ClaimedBy"),
                NextAttemptAt = OptionalInstant(e, "NextAttemptAt"),
                SentAt = OptionalInstant(e, "SentAt"),
                ProviderMessageId = OptionalString(e, "ProviderMessageId"),
                LastError = OptionalString(e, "LastError"),
                Subject = OptionalString(e, "Subject"),
                RecipientCount = OptionalInt(e, "RecipientCount") ?? 0,
                ETag = e.ETag.ToString(),
            };
        }
    }
}
