using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ComplianceMonitor.Domain.Jurisdictions;

namespace ComplianceMonitor.Infrastructure.Import;

/// <summary>A cell turned into its wire JSON value, or the reason it could not be.</summary>
/// <param name="Node">The wire value; null when the cell is empty or wrong.</param>
/// <param name="Error">What is wrong with the cell, in Chinese, without its location; null when fine.</param>
internal readonly record struct CellValue(JsonNode? Node, string? Error);

/// <summary>Reads one ledger cell (a CSV string, or an Excel string, number, date or logical value) into its wire JSON value.</summary>
/// <remarks>
/// Only the cell's format is checked here (is it a date, a number, a known code); every rule of the record itself is
/// left to <c>LeaseRecordReader</c>, so a ledger is validated exactly like JSON.
/// </remarks>
internal static partial class LedgerCells
{
    /// <summary>Whether a raw cell is empty (null or only whitespace).</summary>
    public static bool IsEmpty(object? raw) => raw is null || (raw is string s && string.IsNullOrWhiteSpace(s));

    /// <summary>Converts a raw cell of the given kind (not a list kind).</summary>
    public static CellValue Convert(LedgerCellKind kind, object? raw)
    {
        if (IsEmpty(raw))
        {
            return default;
        }

        return kind switch
        {
            LedgerCellKind.Text => ToText(raw),
            LedgerCellKind.District => ToDistrict(raw),
            LedgerCellKind.Date => ToDate(raw),
            LedgerCellKind.Decimal or LedgerCellKind.Integer => ToNumber(raw),
            LedgerCellKind.SupplyMode or LedgerCellKind.AssessmentResult or LedgerCellKind.RentPeriod or LedgerCellKind.EventType
                or LedgerCellKind.MilestoneKind or LedgerCellKind.IndicatorDirection or LedgerCellKind.DamagesBase =>
                ToCode(raw, LedgerColumns.ValuesOf(kind)!),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "list cells are read by CompactListNotation"),
        };
    }

    /// <summary>How a raw cell is shown in a message.</summary>
    public static string Show(object? raw) => raw switch
    {
        null => "",
        string s => s.Trim(),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        DateTime dt => dt.TimeOfDay == TimeSpan.Zero
            ? dt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : dt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        bool b => b ? "TRUE" : "FALSE",
        TimeSpan t => t.ToString("c", CultureInfo.InvariantCulture),
        _ => System.Convert.ToString(raw, CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>Parses a date written as <c>yyyy-MM-dd</c>, <c>yyyy/M/d</c> or <c>yyyy-M-d</c> (year first, so never ambiguous).</summary>
    public static bool TryParseDate(string text, out DateOnly date)
    {
        date = default;
        var match = DatePattern().Match(text.Trim());
        if (!match.Success || match.Groups["s1"].Value != match.Groups["s2"].Value)
        {
            return false;
        }

        var year = int.Parse(match.Groups["y"].Value, CultureInfo.InvariantCulture);
        var month = int.Parse(match.Groups["m"].Value, CultureInfo.InvariantCulture);
        var day = int.Parse(match.Groups["d"].Value, CultureInfo.InvariantCulture);
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        date = new DateOnly(year, month, day);
        return true;
    }

    /// <summary>Parses a number in invariant format, with optional thousands separators (<c>7,733,750.00</c>); keeps the written scale.</summary>
    public static bool TryParseDecimal(string text, out decimal value)
    {
        value = default;
        var trimmed = text.Trim();
        return NumberPattern().IsMatch(trimmed) &&
               decimal.TryParse(trimmed.Replace(",", "", StringComparison.Ordinal), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint,
                   CultureInfo.InvariantCulture, out value);
    }

    /// <summary>The wire code for a written value (Chinese word, or wire code in any case), or null.</summary>
    public static string? MatchCode(IReadOnlyList<LedgerValue> values, string text)
    {
        var trimmed = text.Trim();
        return values.FirstOrDefault(v =>
            string.Equals(v.Chinese, trimmed, StringComparison.Ordinal) ||
            string.Equals(v.Wire, trimmed, StringComparison.OrdinalIgnoreCase))?.Wire;
    }

    /// <summary>The message for a value that is not one of the accepted codes.</summary>
    public static string UnknownCode(IReadOnlyList<LedgerValue> values, string shown) =>
        $"「{shown}」不是有效值，应为 {string.Join("、", values.Select(v => v.Chinese))}（或 {string.Join("、", values.Select(v => v.Wire))}）";

    /// <summary>The message for a cell that is not a date.</summary>
    public static string NotADate(string shown) => $"「{shown}」不是有效日期，应为 yyyy-MM-dd";

    /// <summary>The message for a cell that is not a number.</summary>
    public static string NotANumber(string shown) => $"「{shown}」不是数字";

    private static CellValue ToText(object? raw) => raw switch
    {
        string s => new(JsonValue.Create(s.Trim()), null),
        // A number typed into a text column (a mobile number, a numeric lease id) is meant as its digits.
        double d => TryToDecimal(d, out var value) ? new(JsonValue.Create(value.ToString(CultureInfo.InvariantCulture)), null) : Wrong("不是有效的文本"),
        DateTime dt => new(JsonValue.Create(FormatDate(dt)), null),
        _ => Wrong($"「{Show(raw)}」不是文本"),
    };

    private static CellValue ToDistrict(object? raw)
    {
        var text = ToText(raw);
        if (text.Node is null)
        {
            return text;
        }

        // Ledgers name the district; the wire carries its code. An unknown value goes through for the record reader to reject.
        var written = text.Node.GetValue<string>();
        var byName = Jurisdiction.All.FirstOrDefault(j => string.Equals(j.Name, written, StringComparison.Ordinal));
        return byName is null ? text : new(JsonValue.Create(byName.Code), null);
    }

    private static CellValue ToDate(object? raw) => raw switch
    {
        DateTime dt => new(JsonValue.Create(FormatDate(dt)), null),
        string s when TryParseDate(s, out var date) => new(JsonValue.Create(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), null),
        double d => Wrong($"「{Show(d)}」是数字，不是日期：请把单元格设为日期格式，或写成 yyyy-MM-dd"),
        _ => Wrong(NotADate(Show(raw))),
    };

    private static CellValue ToNumber(object? raw) => raw switch
    {
        double d when TryToDecimal(d, out var value) => new(JsonValue.Create(value), null),
        string s when TryParseDecimal(s, out var value) => new(JsonValue.Create(value), null),
        DateTime dt => Wrong($"「{Show(dt)}」是日期，不是数字"),
        _ => Wrong(NotANumber(Show(raw))),
    };

    private static CellValue ToCode(object? raw, IReadOnlyList<LedgerValue> values)
    {
        var shown = Show(raw);
        var code = raw is string s ? MatchCode(values, s) : null;
        return code is null ? Wrong(UnknownCode(values, shown)) : new(JsonValue.Create(code), null);
    }

    private static bool TryToDecimal(double d, out decimal value)
    {
        value = default;
        if (double.IsNaN(d) || double.IsInfinity(d) || Math.Abs(d) > 7.9e27)
        {
            return false;
        }

        // The conversion keeps 15 significant digits, which undoes binary noise such as 0.1 + 0.2.
        value = (decimal)d;
        return true;
    }

    private static string FormatDate(DateTime dt) => DateOnly.FromDateTime(dt).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static CellValue Wrong(string message) => new(null, message);

    [GeneratedRegex(@"^(?<y>\d{4})(?<s1>[-/])(?<m>\d{1,2})(?<s2>[-/])(?<d>\d{1,2})$", RegexOptions.CultureInvariant)]
    private static partial Regex DatePattern();

    [GeneratedRegex(@"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex NumberPattern();
}
