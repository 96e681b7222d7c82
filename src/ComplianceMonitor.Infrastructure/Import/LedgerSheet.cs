namespace ComplianceMonitor.Infrastructure.Import;

/// <summary>A worksheet of the ledger workbook.</summary>
/// <param name="Name">The Chinese sheet name written in the template.</param>
/// <param name="WireName">The English sheet name, also accepted.</param>
/// <param name="ListPath">For a child sheet, the wire path of the list its rows fill (e.g. <c>transfer.pricePayments</c>); null for 租赁台账.</param>
/// <param name="Columns">The columns, in template order.</param>
public sealed record LedgerSheet(string Name, string WireName, string? ListPath, IReadOnlyList<LedgerColumn> Columns);
