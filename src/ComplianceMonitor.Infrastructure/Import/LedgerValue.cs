namespace ComplianceMonitor.Infrastructure.Import;

/// <summary>A value accepted for a coded column: the Chinese word used in ledgers and the wire code it stands for.</summary>
/// <param name="Chinese">The Chinese word, e.g. 新增.</param>
/// <param name="Wire">The wire code, e.g. <c>new</c>; also accepted in cells (case-insensitive).</param>
public sealed record LedgerValue(string Chinese, string Wire);
