using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Tasks;
using ComplianceMonitor.Infrastructure.Storage;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using ComplianceMonitor.Application.Leases;
using ComplianceMonitor.Domain.Records;

namespace ComplianceMonitor.Infrastructure.Leases;

/// <summary>
/// The lease records in Table Storage.
/// </summary>
/// <remarks>
/// <para>Table <c>leases</c>: PartitionKey = districtCode, RowKey = leaseId; the record's wire JSON
/// (<see cref="LeaseRecordJson"/>) chunked by <see cref="EntityChunking"/> into <c>Data_0…</c> + <c>DataChunks</c>,
/// <c>ContentHash</c> (SHA-256 of the JSON, hex) and <c>Format</c> (1).</para>
/// <para>Table <c>leaseindex</c>: PartitionKey = leaseId, RowKey = "", <c>DistrictCode</c>. It is written before the
/// lease row and makes <see cref="FindAsync"/> one point read; a leaseId is bound to its first district for good
/// (moving a lease to another district is refused with <see cref="LeaseDistrictConflictException"/>).</para>
/// <para>Concurrency: <see cref="UpsertAsync"/> replaces the whole record (the record is the district's full truth,
/// as imported), so concurrent upserts of one lease are last-writer-wins. The ETag makes every write conditional on
/// the version just read: a writer that lost a race (412, or 409 on create) re-reads and compares again, so it never
/// overwrites a newer version blindly, an identical concurrent write is reported <see cref="UpsertOutcome.Unchanged"/>,
/// and the outcome reported always describes what this call did. Callers that read, modify and write back must
/// re-read and re-apply their change themselves (the port has no expected-ETag upsert). One blur remains: when the
/// SDK retries a write of ours that had in fact succeeded (a lost response), the retry sees our own content and the
/// call reports <see cref="UpsertOutcome.Unchanged"/>; the stored data is right either way.</para>
/// <para>Column <c>ScanState</c> holds the scan's fingerprint of the lease (<see cref="ScanState"/>), merged by the
/// scan under the ETag it read; a replace by <see cref="UpsertAsync"/> drops it, which only makes the next scan
/// compare the lease's alerts in full.</para>
/// </remarks>
public sealed class TableLeaseStore : ILeaseStore, ILeaseScanStateStore
{
    /// <summary>The base name of the lease table.</summary>
    public const string LeasesTable = "leases";

    /// <summary>The base name of the lease-id index table.</summary>
    public const string IndexTable = "leaseindex";

    /// <summary>The chunked JSON property name.</summary>
    public const string DataProperty = "Data";

    /// <summary>The content hash property name.</summary>
    public const string HashProperty = "ContentHash";

    /// <summary>The storage format version property name.</summary>
    public const string FormatProperty = "Format";

    /// <summary>The district property of an index row.</summary>
    public const string DistrictProperty = "DistrictCode";

    /// <summary>The scan fingerprint property name.</summary>
    public const string ScanStateProperty = "ScanState";

    /// <summary>How many read-compare-write rounds an upsert tries before giving up under contention.</summary>
    public const int MaxAttempts = 5;

    private const int CurrentFormat = 1;
    private const int PageSize = 1000;

    private static readonly string[] HashColumns = [HashProperty];
    private static readonly string[] IndexColumns = [DistrictProperty];
    private static readonly string[] DataColumns = ["RowKey", .. EntityChunking.Columns(DataProperty)];
    private static readonly string[] ScanColumns = [.. DataColumns, ScanStateProperty];

    private readonly TableClientFactory _tables;

    /// <summary>Creates the store over <paramref name="tables"/>.</summary>
    public TableLeaseStore(TableClientFactory tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        _tables = tables;
    }

    /// <inheritdoc />
    /// <exception cref="InvalidDataException">The stored entity cannot be read back as a valid record.</exception>
    public async Task<StoredLease?> GetAsync(string districtCode, string leaseId, CancellationToken cancellationToken = default)
    {
        if (!TableNaming.IsValidKey(districtCode) || !TableNaming.IsValidKey(leaseId) || leaseId.Length == 0 || districtCode.Length == 0)
        {
            // No stored row can have such a key: writes only accept validated ids.
            return null;
        }

        var table = await _tables.GetTableClientAsync(LeasesTable, cancellationToken);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(districtCode, leaseId, DataColumns, cancellationToken);
        if (!response.HasValue || response.Value is null)
        {
            return null;
        }

        var item = ToItem(response.Value, districtCode);
        return item.Lease ?? throw new InvalidDataException($"Stored lease {leaseId} in district {districtCode} cannot be read: {item.Error}");
    }

    /// <inheritdoc />
    /// <exception cref="InvalidDataException">The stored entity cannot be read back as a valid record.</exception>
    public async Task<StoredLease?> FindAsync(string leaseId, CancellationToken cancellationToken = default)
    {
        var district = await IndexedDistrictAsync(leaseId, cancellationToken);
        return district is null ? null : await GetAsync(district, leaseId, cancellationToken);
    }

    /// <inheritdoc />
    /// <exception cref="LeaseDistrictConflictException">The lease id is already stored under another district.</exception>
    /// <exception cref="LeaseConcurrencyException">Other writers kept changing the lease for <see cref="MaxAttempts"/> rounds.</exception>
    /// <exception cref="EntityTooLargeException">The record's JSON is too large for one entity.</exception>
    public async Task<UpsertOutcome> UpsertAsync(LeaseRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        RequireKey(record.DistrictCode, "districtCode");
        RequireKey(record.LeaseId, "leaseId");

        var entity = ToEntity(record);
        var hash = entity.GetString(HashProperty);

        var table = await _tables.GetTableClientAsync(LeasesTable, cancellationToken);
        var indexed = false;
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var current = await table.GetEntityIfExistsAsync<TableEntity>(record.DistrictCode, record.LeaseId, HashColumns, cancellationToken);
            if (current.HasValue && current.Value is { } existing)
            {
                if (string.Equals(existing.GetString(HashProperty), hash, StringComparison.Ordinal))
                {
                    return UpsertOutcome.Unchanged;
                }

                try
                {
                    await table.UpdateEntityAsync(entity, existing.ETag, TableUpdateMode.Replace, cancellationToken);
                    return UpsertOutcome.Updated;
                }
                catch (RequestFailedException ex) when (ex.Status is 412 or 404)
                {
                    // Changed (412) or deleted (404) since our read: read and compare again, after a short random pause so
                    // that writers racing on one lease do not keep colliding.
                    await ContentionPauseAsync(attempt, cancellationToken);
                    continue;
                }
            }

            if (!indexed)
            {
                // The lease row is written only after its index row, so a missing lease row is the only case that
                // needs the index: bind the lease id to this district (or learn it belongs elsewhere).
                await EnsureIndexedAsync(record.LeaseId, record.DistrictCode, cancellationToken);
                indexed = true;
            }

            try
            {
                await table.AddEntityAsync(entity, cancellationToken);
                return UpsertOutcome.Created;
            }
            catch (RequestFailedException ex) when (ex.Status == 409)
            {
                // Created concurrently (or our own insert succeeded and the SDK retried): re-read and treat as update.
                await ContentionPauseAsync(attempt, cancellationToken);
            }
        }

        throw new LeaseConcurrencyException(record.LeaseId, MaxAttempts);
    }

    /// <summary>A random pause of up to 10 ms times <paramref name="attempt"/> (jittered backoff between optimistic-concurrency retries).</summary>
    private static Task ContentionPauseAsync(int attempt, CancellationToken cancellationToken) =>
        Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 10 * attempt)), cancellationToken);

    /// <inheritdoc/>
    /// <remarks>Replaces only an existing lease (so its lease-id index row is already there), with <c>If-Match</c>.</remarks>
    /// <exception cref="EntityTooLargeException">The record's JSON is too large for one entity.</exception>
    public async Task<string> ReplaceAsync(LeaseRecord record, string expectedETag, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentException.ThrowIfNullOrEmpty(expectedETag);
        var entity = ToEntity(record);
        var table = await _tables.GetTableClientAsync(LeasesTable, cancellationToken);
        try
        {
            var response = await table.UpdateEntityAsync(entity, new ETag(expectedETag), TableUpdateMode.Replace, cancellationToken);
            return response.Headers.ETag?.ToString() ?? throw new InvalidOperationException("The table service returned no ETag.");
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            throw new LeaseVersionMismatchException(record.DistrictCode, record.LeaseId, expectedETag, ex);
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<LeaseReadItem> ReadDistrictAsync(string districtCode, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(districtCode);
        var table = await _tables.GetTableClientAsync(LeasesTable, cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {districtCode}");
        var pages = table.QueryAsync<TableEntity>(filter, PageSize, DataColumns, cancellationToken).AsPages(pageSizeHint: PageSize);
        await foreach (var page in pages.WithCancellation(cancellationToken))
        {
            foreach (var entity in page.Values)
            {
                yield return ToItem(entity, districtCode);
            }
        }
    }

    /// <inheritdoc />
    /// <remarks>Unlike <see cref="ReadDistrictAsync"/>, which fetches a page only when the caller reaches it, this one (a scan reads every lease)
    /// requests the next page while the caller works through the current one.</remarks>
    public async IAsyncEnumerable<ScanLeaseItem> ReadDistrictForScanAsync(string districtCode, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(districtCode);
        var table = await _tables.GetTableClientAsync(LeasesTable, cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {districtCode}");
        var pages = table.QueryAsync<TableEntity>(filter, PageSize, ScanColumns, cancellationToken).AsPages(pageSizeHint: PageSize);
        await foreach (var page in Prefetched(pages, cancellationToken))
        {
            foreach (var entity in page.Values)
            {
                // Parsed only if the scan needs the record (a lease whose stamp holds for the scan's day is not parsed).
                yield return new ScanLeaseItem(entity.RowKey, entity.GetString(ScanStateProperty), () => ToItem(entity, districtCode));
            }
        }
    }

    /// <summary>The pages of <paramref name="pages"/>, the next one requested as soon as the current one is handed out, so that parsing a page overlaps fetching the next.</summary>
    private static async IAsyncEnumerable<Page<TableEntity>> Prefetched(IAsyncEnumerable<Page<TableEntity>> pages, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var enumerator = pages.GetAsyncEnumerator(cancellationToken);
        Task<bool>? next = null;
        try
        {
            next = enumerator.MoveNextAsync().AsTask();
            while (await next.ConfigureAwait(false))
            {
                var page = enumerator.Current;
                next = enumerator.MoveNextAsync().AsTask();
                yield return page;
            }
        }
        finally
        {
            if (next is { IsCompleted: false })
            {
                // Abandoned mid-stream: let the request in flight finish (its outcome no longer matters) before disposing.
                await next.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
            }

            await enumerator.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    /// <remarks>Merges in batches of 100 under each lease's ETag; a batch that fails (a lease changed since it was read) is retried without the failed lease.</remarks>
    public async Task<int> WriteScanStatesAsync(string districtCode, IReadOnlyList<LeaseScanState> states, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(districtCode);
        ArgumentNullException.ThrowIfNull(states);
        var table = await _tables.GetTableClientAsync(LeasesTable, cancellationToken);
        var written = 0;
        foreach (var chunk in states.Chunk(100))
        {
            var batch = chunk.ToList();
            while (batch.Count > 0)
            {
                var actions = batch.Select(s => new TableTransactionAction(
                    TableTransactionActionType.UpdateMerge,
                    new TableEntity(districtCode, s.LeaseId) { [ScanStateProperty] = s.State },
                    new ETag(s.ETag)));
                try
                {
                    await table.SubmitTransactionAsync(actions, cancellationToken);
                    written += batch.Count;
                    break;
                }
                catch (TableTransactionFailedException ex) when (ex.FailedTransactionActionIndex is { } failed && failed >= 0 && failed < batch.Count)
                {
                    // That lease changed (or vanished) since the scan read it: its fingerprint is not stored; the rest are.
                    batch.RemoveAt(failed);
                }
            }
        }

        return written;
    }

    /// <summary>The district a lease id is bound to in the index, or null when it has never been stored.</summary>
    public async Task<string?> IndexedDistrictAsync(string leaseId, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(leaseId) || !TableNaming.IsValidKey(leaseId))
        {
            return null;
        }

        var index = await _tables.GetTableClientAsync(IndexTable, cancellationToken);
        var row = await index.GetEntityIfExistsAsync<TableEntity>(leaseId, string.Empty, IndexColumns, cancellationToken);
        return row.HasValue && row.Value is { } found ? found.GetString(DistrictProperty) : null;
    }

    /// <summary>The SHA-256 (lowercase hex) of the UTF-8 JSON, as stored in <see cref="HashProperty"/>.</summary>
    public static string ContentHash(string json) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)));

    private async Task EnsureIndexedAsync(string leaseId, string districtCode, CancellationToken cancellationToken)
    {
        var index = await _tables.GetTableClientAsync(IndexTable, cancellationToken);
        var row = new TableEntity(leaseId, string.Empty) { [DistrictProperty] = districtCode };
        try
        {
            await index.AddEntityAsync(row, cancellationToken);
            return;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // Already indexed: by us earlier (same district) or under another district.
        }

        var existing = await IndexedDistrictAsync(leaseId, cancellationToken);
        if (existing is not null && !string.Equals(existing, districtCode, StringComparison.Ordinal))
        {
            throw new LeaseDistrictConflictException(leaseId, existing, districtCode);
        }
    }

    /// <summary>The entity stored for <paramref name="record"/> (JSON chunks, content hash, format).</summary>
    /// <exception cref="EntityTooLargeException">The record's JSON is too large for one entity.</exception>
    internal static TableEntity ToEntity(LeaseRecord record)
    {
        var json = LeaseRecordJson.Serialize(record);
        var entity = new TableEntity(record.DistrictCode, record.LeaseId)
        {
            [HashProperty] = ContentHash(json),
            [FormatProperty] = CurrentFormat,
        };
        try
        {
            EntityChunking.Write(entity, DataProperty, json);
        }
        catch (EntityTooLargeException ex)
        {
            throw new EntityTooLargeException(ex.Length, ex.Limit, $"Lease {record.LeaseId}: its JSON has {ex.Length} characters; at most {ex.Limit} can be stored.");
        }

        return entity;
    }

    private static LeaseReadItem ToItem(TableEntity entity, string districtCode)
    {
        var leaseId = entity.RowKey;
        if (!EntityChunking.TryRead(entity, DataProperty, out var json, out var chunkError))
        {
            return new LeaseReadItem(null, leaseId, $"stored data is damaged: {chunkError}");
        }

        BatchReadResult read;
        try
        {
            read = LeaseRecordReader.ReadMany(json);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new LeaseReadItem(null, leaseId, $"stored JSON cannot be read: {ex.Message}");
        }

        if (!read.IsValid)
        {
            var problems = string.Join("; ", read.Errors.Select(e => $"{e.Field}: {e.Message}"));
            return new LeaseReadItem(null, leaseId, $"stored record is invalid: {problems}");
        }

        if (read.WasArray || read.Records.Count != 1)
        {
            return new LeaseReadItem(null, leaseId, $"stored JSON holds {read.Records.Count} records in an array; expected one record object");
        }

        var record = read.Records[0];
        if (!string.Equals(record.LeaseId, leaseId, StringComparison.Ordinal) || !string.Equals(record.DistrictCode, districtCode, StringComparison.Ordinal))
        {
            return new LeaseReadItem(null, leaseId,
                $"stored record says lease {record.LeaseId} in district {record.DistrictCode}, but is stored as lease {leaseId} in district {districtCode}");
        }

        return new LeaseReadItem(new StoredLease(record, entity.ETag.ToString()), leaseId, null);
    }

    private static void RequireKey(string value, string field)
    {
        if (string.IsNullOrEmpty(value) || !TableNaming.IsValidKey(value))
        {
            throw new ArgumentException($"{field} '{value}' cannot be a storage key (empty, too long, or contains / \\ # ? or control characters).", field);
        }
    }
}

/// <summary>A lease id is already stored under another district; leases do not move between districts.</summary>
public sealed class LeaseDistrictConflictException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public LeaseDistrictConflictException(string leaseId, string storedDistrict, string requestedDistrict)
        : base($"Lease {leaseId} is stored under district {storedDistrict}; it cannot be stored under district {requestedDistrict} (lease ids are unique across districts and leases do not move).")
    {
        LeaseId = leaseId;
        StoredDistrict = storedDistrict;
        RequestedDistrict = requestedDistrict;
    }

    /// <summary>The lease id.</summary>
    public string LeaseId { get; }

    /// <summary>The district it is stored under.</summary>
    public string StoredDistrict { get; }

    /// <summary>The district the rejected write named.</summary>
    public string RequestedDistrict { get; }
}

/// <summary>Other writers kept changing a lease while an upsert tried to write it.</summary>
public sealed class LeaseConcurrencyException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public LeaseConcurrencyException(string leaseId, int attempts)
        : base($"Lease {leaseId} kept changing under concurrent writers; gave up after {attempts} attempts.")
    {
        LeaseId = leaseId;
    }

    /// <summary>The lease id.</summary>
    public string LeaseId { get; }
}
