using ComplianceMonitor.Domain.Records;

namespace ComplianceMonitor.Infrastructure.Import;

/// <summary>The outcome of reading a ledger: every record when all are valid, else no record and every problem.</summary>
/// <param name="Records">The records in file order; empty whenever <paramref name="Errors"/> is not.</param>
/// <param name="Errors">Every problem found, in file order (header problems first, then by sheet and row).</param>
/// <param name="RowsRead">The non-empty data rows read: leases, plus the child-sheet rows of a workbook.</param>
public sealed record LedgerReadResult(IReadOnlyList<LeaseRecord> Records, IReadOnlyList<ImportError> Errors, int RowsRead)
{
    /// <summary>Whether the whole ledger is valid (no error at all).</summary>
    public bool IsValid => Errors.Count == 0;
}
