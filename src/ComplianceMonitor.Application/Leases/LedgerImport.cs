using ComplianceMonitor.Domain.Records;

namespace ComplianceMonitor.Application.Leases;

/// <summary>What importing one record of a ledger would do to the stored lease.</summary>
public enum LedgerImportChange
{
    /// <summary>No lease with the id is stored: it is created.</summary>
    New,

    /// <summary>The lease is stored in the same district with other content (or unreadable there): it is replaced.</summary>
    Updated,

    /// <summary>The lease is stored in the same district with the same content: nothing is written.</summary>
    Unchanged,

    /// <summary>The lease id is stored under another district: refused (leases never move between districts).</summary>
    OtherDistrict,

    /// <summary>The lease id is stored under another district but that record cannot be read: refused.</summary>
    Unreadable,
}

/// <summary>One record of a ledger and what importing it would do.</summary>
/// <param name="Index">The record's position in the ledger (0-based).</param>
/// <param name="Record">The record.</param>
/// <param name="Change">What importing it would do.</param>
/// <param name="StoredDistrict">For <see cref="LedgerImportChange.OtherDistrict"/>, the district the id is stored under.</param>
/// <param name="Error">For <see cref="LedgerImportChange.Unreadable"/>, why the stored record cannot be read.</param>
public sealed record LedgerImportItem(int Index, LeaseRecord Record, LedgerImportChange Change, string? StoredDistrict = null, string? Error = null)
{
    /// <summary>Whether this record stops the import (the whole ledger is refused).</summary>
    public bool IsRefused => Change is LedgerImportChange.OtherDistrict or LedgerImportChange.Unreadable;
}

/// <summary>What writing a ledger did.</summary>
/// <param name="Created">Leases created.</param>
/// <param name="Updated">Leases replaced.</param>
/// <param name="Unchanged">Leases left as they were (same content).</param>
public sealed record LedgerImportCounts(int Created, int Updated, int Unchanged)
{
    /// <summary>Every lease the write went through.</summary>
    public int Total => Created + Updated + Unchanged;
}

/// <summary>Writing a ledger stopped part way: <see cref="Written"/> leases were written before <see cref="Exception.InnerException"/>.</summary>
public sealed class LedgerImportWriteException : Exception
{
    /// <summary>Creates the exception.</summary>
    public LedgerImportWriteException(int written, Exception cause)
        : base($"writing stopped after {written} lease(s): {cause?.Message}", cause)
    {
        Written = written;
    }

    /// <summary>How many leases were written (or found unchanged) before the failure.</summary>
    public int Written { get; }
}

/// <summary>
/// Importing a ledger (Flow: import): its valid records are planned against the stored leases (new, updated, unchanged,
/// or refused because the id belongs to another district), then written through <see cref="LeaseWriter"/> so that every
/// change records who made it. Used by <c>cm import</c>, <c>cm run</c>, <c>cm serve</c> and the console's import.
/// </summary>
/// <remarks>
/// Reading and validating the file is the caller's (the ledger parsers live with the adapters); callers check the plan
/// and write only when nothing is refused (all or nothing). Writes are idempotent: importing the same ledger again
/// changes nothing. Thread-safe.
/// </remarks>
public sealed class LedgerImport
{
    /// <summary>How many lookups and writes run at once when a caller asks for parallelism.</summary>
    public const int DefaultParallelism = 8;

    private readonly ILeaseStore _leases;
    private readonly LeaseWriter _writer;

    /// <summary>Creates the use case over the lease store and the writer.</summary>
    public LedgerImport(ILeaseStore leases, LeaseWriter writer)
    {
        _leases = leases ?? throw new ArgumentNullException(nameof(leases));
        _writer = writer ?? throw new ArgumentNullException(nameof(writer));
    }

    /// <summary>What importing each of <paramref name="records"/> would do, in ledger order; writes nothing.</summary>
    /// <remarks>One paged read per district finds the leases already where the ledger puts them (the common re-import);
    /// only the others are looked up by id across districts, <paramref name="parallelism"/> at a time.</remarks>
    public async Task<IReadOnlyList<LedgerImportItem>> PlanAsync(IReadOnlyList<LeaseRecord> records, int parallelism = 1, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1);
        var present = new Dictionary<(string District, string LeaseId), LeaseRecord?>();
        foreach (var district in records.Select(r => r.DistrictCode).Distinct(StringComparer.Ordinal))
        {
            await foreach (var item in _leases.ReadDistrictAsync(district, cancellationToken).ConfigureAwait(false))
            {
                present[(district, item.LeaseId)] = item.Lease?.Record;
            }
        }

        var plan = new LedgerImportItem[records.Count];
        var toLookUp = new List<int>();
        for (var i = 0; i < records.Count; i++)
        {
            var record = records[i];
            if (present.TryGetValue((record.DistrictCode, record.LeaseId), out var stored))
            {
                plan[i] = new LedgerImportItem(i, record, Compare(stored, record));
            }
            else
            {
                toLookUp.Add(i);
            }
        }

        await Parallel.ForEachAsync(toLookUp, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            var record = records[i];
            try
            {
                var stored = await _leases.FindAsync(record.LeaseId, ct).ConfigureAwait(false);
                plan[i] = stored is null
                    ? new LedgerImportItem(i, record, LedgerImportChange.New)
                    : string.Equals(stored.Record.DistrictCode, record.DistrictCode, StringComparison.Ordinal)
                        ? new LedgerImportItem(i, record, Compare(stored.Record, record))
                        : new LedgerImportItem(i, record, LedgerImportChange.OtherDistrict, stored.Record.DistrictCode);
            }
            catch (InvalidDataException e)
            {
                plan[i] = new LedgerImportItem(i, record, LedgerImportChange.Unreadable, Error: e.Message);
            }
        }).ConfigureAwait(false);

        return plan;
    }

    /// <summary>
    /// Writes every record as <paramref name="actor"/> through <paramref name="channel"/>, <paramref name="parallelism"/>
    /// at a time (1: in ledger order); <paramref name="onWritten"/> is called after each.
    /// </summary>
    /// <exception cref="LedgerImportWriteException">A write failed; it says how many were written and carries the cause
    /// (e.g. the store's district conflict when another district claimed an id since the plan).</exception>
    public async Task<LedgerImportCounts> WriteAsync(
        IReadOnlyList<LeaseRecord> records,
        string actor,
        string channel,
        int parallelism = 1,
        Action? onWritten = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1);
        var counts = new int[3];
        var written = 0;
        try
        {
            await Parallel.ForEachAsync(records, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken }, async (record, ct) =>
            {
                var outcome = await _writer.UpsertAsync(record, actor, channel, ct).ConfigureAwait(false);
                Interlocked.Increment(ref counts[(int)outcome]);
                Interlocked.Increment(ref written);
                onWritten?.Invoke();
            }).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var cause = e is AggregateException { InnerExceptions.Count: > 0 } all ? all.InnerExceptions[0] : e;
            throw new LedgerImportWriteException(Volatile.Read(ref written), cause);
        }

        return new LedgerImportCounts(counts[(int)UpsertOutcome.Created], counts[(int)UpsertOutcome.Updated], counts[(int)UpsertOutcome.Unchanged]);
    }

    private static LedgerImportChange Compare(LeaseRecord? stored, LeaseRecord record) =>
        LeaseWriter.IsUnchanged(stored, LeaseRecordJson.Serialize(record))
            ? LedgerImportChange.Unchanged
            : LedgerImportChange.Updated;
}
