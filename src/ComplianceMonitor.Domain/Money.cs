namespace ComplianceMonitor.Domain;

/// <summary>Money in yuan: rounding to the fen and tolerant comparison (deadlines.md, "Money").</summary>
public static class Money
{
    /// <summary>Rounds to the fen (0.01), half away from zero (四舍五入). Apply only when showing or comparing.</summary>
    public static decimal Round(decimal yuan) => Math.Round(yuan, 2, MidpointRounding.AwayFromZero);

    /// <summary>Whether two amounts differ by more than <paramref name="tolerance"/> after rounding to the fen.</summary>
    public static bool Differs(decimal actual, decimal expected, decimal tolerance) => Math.Abs(Round(actual) - Round(expected)) > tolerance;

    /// <summary>Formats an amount for Chinese text, e.g. 7,733,750.00元.</summary>
    public static string Format(decimal yuan) => Round(yuan).ToString("#,##0.00", System.Globalization.CultureInfo.InvariantCulture) + "元";
}
