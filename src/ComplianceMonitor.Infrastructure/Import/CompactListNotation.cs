using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ComplianceMonitor.Infrastructure.Import;

/// <summary>A problem with one item of a compact list cell.</summary>
/// <param name="Property">The item property at fault (e.g. <c>amountYuan</c>), or null when the item as a whole cannot be read.</param>
/// <param name="Message">What is wrong, in Chinese, without its location.</param>
internal sealed record CompactItemError(string? Property, string Message);

/// <summary>One item of a compact list cell, read into its wire JSON object.</summary>
/// <param name="Text">The item as written.</param>
/// <param name="Json">The item's wire object, holding the parts that could be read.</param>
/// <param name="Errors">What could not be read.</param>
internal sealed record CompactItem(string Text, JsonObject Json, IReadOnlyList<CompactItemError> Errors);

/// <summary>
/// Reads the compact notation CSV cells use for child lists (docs/ledger-columns.md): items separated by <c>;</c>
/// (or <c>；</c> or a line break), each <c>date=amount[@period]</c> (rent schedule), <c>date=amount[#ref]</c>
/// (rent payments), <c>date=amount</c> (land price payments), <c>type@date[#ref]</c> (events), and for the performance
/// agreement <c>kind@agreedOn[=achievedOn]</c> (milestones), <c>name(code)不低于|不高于target[unit]</c> (indicators) and
/// <c>code@year=value#reportedOn</c> (indicator actuals).
/// </summary>
/// <remarks>
/// A ref runs from the first <c>#</c> to the end of the item, so it may hold <c>#</c>, <c>@</c> and <c>=</c>; a
/// separator inside a ref is written <c>\;</c> (and a backslash <c>\\</c>). Empty items (a trailing <c>;</c>) are skipped.
/// </remarks>
internal static partial class CompactListNotation
{
    /// <summary>Splits a cell into its items, unescaping <c>\;</c>, <c>\；</c> and <c>\\</c>; empty items are dropped.</summary>
    public static IReadOnlyList<string> SplitItems(string cell)
    {
        var items = new List<string>();
        var current = new StringBuilder();
        for (var i = 0; i < cell.Length; i++)
        {
            var c = cell[i];
            if (c == '\\' && i + 1 < cell.Length && cell[i + 1] is ';' or '；' or '\\')
            {
                current.Append(cell[++i]);
            }
            else if (c is ';' or '；' or '\n' or '\r')
            {
                Flush();
            }
            else
            {
                current.Append(c);
            }
        }

        Flush();
        return items;

        void Flush()
        {
            var item = current.ToString().Trim();
            if (item.Length > 0)
            {
                items.Add(item);
            }

            current.Clear();
        }
    }

    /// <summary>Reads every item of a list cell of the given list kind.</summary>
    public static IReadOnlyList<CompactItem> Parse(LedgerCellKind kind, string cell) =>
        SplitItems(cell).Select(item => ParseItem(kind, item)).ToList();

    private static CompactItem ParseItem(LedgerCellKind kind, string text)
    {
        var json = new JsonObject();
        var errors = new List<CompactItemError>();
        switch (kind)
        {
            case LedgerCellKind.RentScheduleList:
                if (SplitAt(text, '=') is not ({ } due, { } rest))
                {
                    errors.Add(new(null, $"「{text}」应写成 应缴日期=金额，续租期的租金加 @续租"));
                    break;
                }

                var (amount, period) = SplitOptional(rest, '@');
                Put(json, errors, "dueOn", LedgerCellKind.Date, due);
                Put(json, errors, "amountYuan", LedgerCellKind.Decimal, amount);
                Put(json, errors, "period", LedgerCellKind.RentPeriod, string.IsNullOrWhiteSpace(period) ? "lease" : period);
                break;

            case LedgerCellKind.RentPaymentList:
                if (SplitAt(text, '=') is not ({ } paid, { } paidRest))
                {
                    errors.Add(new(null, $"「{text}」应写成 缴纳日期=金额，可加 #备注"));
                    break;
                }

                var (paidAmount, reference) = SplitOptional(paidRest, '#');
                Put(json, errors, "paidOn", LedgerCellKind.Date, paid);
                Put(json, errors, "amountYuan", LedgerCellKind.Decimal, paidAmount);
                Put(json, errors, "ref", LedgerCellKind.Text, reference);
                break;

            case LedgerCellKind.PricePaymentList:
                if (SplitAt(text, '=') is not ({ } pricePaid, { } priceAmount))
                {
                    errors.Add(new(null, $"「{text}」应写成 缴纳日期=金额"));
                    break;
                }

                Put(json, errors, "paidOn", LedgerCellKind.Date, pricePaid);
                Put(json, errors, "amountYuan", LedgerCellKind.Decimal, priceAmount);
                break;

            case LedgerCellKind.EventList:
                if (SplitAt(text, '@') is not ({ } type, { } eventRest))
                {
                    errors.Add(new(null, $"「{text}」应写成 类型@日期，可加 #文号"));
                    break;
                }

                var (on, eventRef) = SplitOptional(eventRest, '#');
                Put(json, errors, "type", LedgerCellKind.EventType, type);
                Put(json, errors, "on", LedgerCellKind.Date, on);
                Put(json, errors, "ref", LedgerCellKind.Text, eventRef);
                break;

            case LedgerCellKind.MilestoneList:
                if (SplitAt(text, '@') is not ({ } milestone, { } days))
                {
                    errors.Add(new(null, $"「{text}」应写成 节点@约定日期，已完成的加 =实际日期，如 开工@2024-09-01=2024-08-28"));
                    break;
                }

                var (agreed, achieved) = SplitOptional(days, '=');
                Put(json, errors, "kind", LedgerCellKind.MilestoneKind, milestone);
                Put(json, errors, "agreedOn", LedgerCellKind.Date, agreed);
                Put(json, errors, "achievedOn", LedgerCellKind.Date, achieved);
                break;

            case LedgerCellKind.IndicatorList:
                if (IndicatorItem().Match(text) is not { Success: true } indicator)
                {
                    errors.Add(new(null, $"「{text}」应写成 名称(代码)不低于目标值单位 或 名称(代码)不高于目标值单位，如 投资强度(investmentIntensity)不低于800万元/亩"));
                    break;
                }

                Put(json, errors, "code", LedgerCellKind.Text, indicator.Groups["code"].Value);
                Put(json, errors, "name", LedgerCellKind.Text, indicator.Groups["name"].Value);
                Put(json, errors, "unit", LedgerCellKind.Text, indicator.Groups["unit"].Value);
                Put(json, errors, "direction", LedgerCellKind.IndicatorDirection, indicator.Groups["direction"].Value);
                Put(json, errors, "target", LedgerCellKind.Decimal, indicator.Groups["target"].Value);
                break;

            case LedgerCellKind.IndicatorActualList:
                if (SplitAt(text, '@') is not ({ } code, { } reported) || SplitAt(reported, '=') is not ({ } year, { } valueAndDay))
                {
                    errors.Add(new(null, $"「{text}」应写成 指标代码@年度=实际值#报送日期，如 investmentIntensity@2025=620#2026-01-20"));
                    break;
                }

                var (value, reportedOn) = SplitOptional(valueAndDay, '#');
                Put(json, errors, LedgerColumns.IndicatorCodeLink, LedgerCellKind.Text, code);
                Put(json, errors, "period", LedgerCellKind.Text, year);
                Put(json, errors, "value", LedgerCellKind.Decimal, value);
                Put(json, errors, "reportedOn", LedgerCellKind.Date, reportedOn);
                break;

            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a list column");
        }

        return new CompactItem(text, json, errors);
    }

    private static void Put(JsonObject json, List<CompactItemError> errors, string property, LedgerCellKind kind, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            // Left out: the record reader reports a required part as missing, under the item's own path.
            return;
        }

        var value = LedgerCells.Convert(kind, text);
        if (value.Error is not null)
        {
            errors.Add(new(property, value.Error));
        }
        else if (value.Node is not null)
        {
            json[property] = value.Node;
        }
    }

    // name(code) direction target unit: the code is the last parenthesised code before the direction, so a name may
    // hold full-width parentheses of its own (亩均（地均）产出(outputPerMu)不低于500万元/亩).
    [GeneratedRegex(@"^(?<name>.+?)\s*[(（]\s*(?<code>[A-Za-z0-9_-]+)\s*[)）]\s*(?<direction>不低于|不高于|atLeast|atMost)\s*(?<target>[+-]?[0-9][0-9,]*(\.[0-9]+)?)\s*(?<unit>.*)$",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex IndicatorItem();

    private static (string Before, string? After) SplitOptional(string text, char separator) =>
        SplitAt(text, separator) is { } split ? (split.Before, split.After) : (text, null);

    private static (string Before, string After)? SplitAt(string text, char separator)
    {
        var at = text.IndexOf(separator, StringComparison.Ordinal);
        return at < 0 ? null : (text[..at].Trim(), text[(at + 1)..].Trim());
    }
}
