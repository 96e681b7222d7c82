namespace ComplianceMonitor.Domain.Returns;

/// <summary>What a refund quote for a voluntary return needs besides the record (三（七）).</summary>
/// <param name="ReturnDay">The day the land is returned: the land user holds it up to and including this day.</param>
/// <param name="LiquidatedDamagesYuan">The liquidated damages the agreement sets for a return, deducted; null or 0 when none.</param>
/// <param name="AppraisedBuildingValueYuan">The appraised value of usable buildings (重置价 × 成新率), compensated; null when none.</param>
/// <param name="DemolitionCostYuan">The demolition cost the land user pays instead of demolishing, deducted; null when none.</param>
public sealed record ReturnQuoteInputs(DateOnly ReturnDay, decimal? LiquidatedDamagesYuan = null, decimal? AppraisedBuildingValueYuan = null, decimal? DemolitionCostYuan = null);

/// <summary>One line of a refund quote: what it is, its amount to the fen (signed: + refunded, − deducted) and its formula.</summary>
/// <param name="Label">What the line is, in Chinese.</param>
/// <param name="AmountYuan">The amount of the line, rounded to the fen: positive is owed to the land user, negative is deducted.</param>
/// <param name="Formula">How the amount is computed, in Chinese with the numbers used.</param>
public sealed record ReturnQuoteLine(string Label, decimal AmountYuan, string Formula);

/// <summary>A refund quote for a voluntary return on a day: line by line, to the fen.</summary>
/// <param name="LeaseId">The lease.</param>
/// <param name="ReturnDay">The return day quoted for.</param>
/// <param name="Lines">Each rent instalment's balance, then damages, building compensation, demolition cost.</param>
/// <param name="TotalYuan">The sum of the lines as shown: positive is refunded to the land user, negative is owed by it.</param>
/// <param name="Notes">How to read the quote.</param>
public sealed record ReturnQuote(string LeaseId, DateOnly ReturnDay, IReadOnlyList<ReturnQuoteLine> Lines, decimal TotalYuan, IReadOnlyList<string> Notes);
