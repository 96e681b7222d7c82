namespace ComplianceMonitor.Infrastructure.Import;

/// <summary>One problem found while importing a ledger, located in the file the user edits.</summary>
/// <param name="Source">The file name (JSON, CSV) or the worksheet name (XLSX) where the problem is.</param>
/// <param name="Row">
/// The 1-based spreadsheet row (the header is row 1, so the first lease is row 2) for CSV and XLSX; the array
/// index + 1 for a JSON array; null for a single JSON object and for problems with the file or sheet as a whole.
/// </param>
/// <param name="LeaseId">The lease id of the row when it could be read, else null.</param>
/// <param name="Field">The field path in the wire format (records.md), e.g. <c>rentSchedule[2].amountYuan</c>; <c>$</c> when the problem is not about one field.</param>
/// <param name="Message">What is wrong, for a person, in Chinese; names the sheet, row and column header where there is one.</param>
public sealed record ImportError(string Source, int? Row, string? LeaseId, string Field, string Message);
