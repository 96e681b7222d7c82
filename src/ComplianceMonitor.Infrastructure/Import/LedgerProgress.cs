namespace ComplianceMonitor.Infrastructure.Import;

/// <summary>How far a ledger import has got, for a progress bar.</summary>
/// <param name="RowsRead">Data rows examined so far (empty rows included), across all sheets of a workbook; records for JSON.</param>
/// <param name="TotalRows">
/// The number of data rows there are to examine when known (XLSX, JSON arrays); null while unknown (CSV until the
/// last report, which always carries the total).
/// </param>
public readonly record struct LedgerProgress(int RowsRead, int? TotalRows);
