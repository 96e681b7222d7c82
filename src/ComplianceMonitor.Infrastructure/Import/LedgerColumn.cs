namespace ComplianceMonitor.Infrastructure.Import;

/// <summary>One column of a ledger sheet (or of the CSV): its Chinese header, its wire field and how its cells are read.</summary>
/// <param name="Header">The Chinese header written in the template; matched ignoring spaces, a trailing <c>*</c> and full/half-width parentheses.</param>
/// <param name="WireName">
/// The wire field, also accepted as the header (case-insensitive): the full path on 租赁台账 (e.g. <c>landUser.creditCode</c>),
/// the item property on a child sheet (e.g. <c>dueOn</c>); <c>leaseId</c> on a child sheet names the lease the row belongs to.
/// </param>
/// <param name="Kind">How cells are read.</param>
/// <param name="Required">Whether the column must be present (and, except for lists, filled) for a valid record.</param>
/// <param name="Format">The accepted cell format, for people (template notes and docs/ledger-columns.md).</param>
public sealed record LedgerColumn(string Header, string WireName, LedgerCellKind Kind, bool Required, string Format);
