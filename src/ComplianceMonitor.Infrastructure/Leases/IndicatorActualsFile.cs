using System.Globalization;
using System.Text;
using ClosedXML.Excel;
using ComplianceMonitor.Application.Leases;
using CsvHelper;
using CsvHelper.Configuration;

namespace ComplianceMonitor.Infrastructure.Leases;

/// <summary>One row of an indicator-actuals file: the lease and the actual it reports.</summary>
/// <param name="Row">The row number in the file (the header is row 1).</param>
/// <param name="LeaseId">The lease id, or null when the cell is empty.</param>
/// <param name="Report">The actual.</param>
public sealed record IndicatorActualsRow(int Row, string? LeaseId, IndicatorReport Report);

/// <summary>A problem of an indicator-actuals file: its row, its column, what is wrong.</summary>
/// <param name="Row">The row (1 = the header), or null for the file.</param>
/// <param name="Column">The column's name (the file's header), or <c>$</c>.</param>
/// <param name="Message">What is wrong.</param>
/// <param name="LeaseId">The row's lease id, when known.</param>
public sealed record IndicatorActualsError(int? Row, string Column, string Message, string? LeaseId = null);

/// <summary>
/// Reads a batch of indicator actuals from a CSV (UTF-8) or an xlsx workbook (its first sheet): one actual per row,
/// columns by their header, English or Chinese: <c>leaseId</c>/租赁合同编号 (or 租赁编号), <c>indicator</c>/指标代码, <c>period</c>/年度,
/// <c>value</c>/实际值, <c>reportedOn</c>/报送日期 (optional: empty means today). Other columns are refused.
/// </summary>
public static class IndicatorActualsFile
{
    /// <summary>The columns: wire name and Chinese header.</summary>
    public static IReadOnlyList<(string Name, string Chinese, bool Required)> Columns { get; } =
    [
        ("leaseId", "租赁合同编号", true),
        ("indicator", "指标代码", true),
        ("period", "年度", true),
        ("value", "实际值", true),
        ("reportedOn", "报送日期", false),
    ];

    /// <summary>Reads <paramref name="path"/> (by its extension: <c>.csv</c> or <c>.xlsx</c>).</summary>
    public static (IReadOnlyList<IndicatorActualsRow> Rows, IReadOnlyList<IndicatorActualsError> Errors) Read(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var extension = Path.GetExtension(path).ToLowerInvariant();
        List<(int Row, List<object?> Cells)> table;
        switch (extension)
        {
            case ".csv":
                table = ReadCsv(path);
                break;
            case ".xlsx":
                table = ReadXlsx(path);
                break;
            default:
                return ([], [new IndicatorActualsError(null, "$", $"'{path}' is neither .csv nor .xlsx")]);
        }

        return Parse(table);
    }

    private static (IReadOnlyList<IndicatorActualsRow>, IReadOnlyList<IndicatorActualsError>) Parse(List<(int Row, List<object?> Cells)> table)
    {
        var errors = new List<IndicatorActualsError>();
        if (table.Count == 0)
        {
            return ([], [new IndicatorActualsError(null, "$", "the file is empty: a header row is required (leaseId, indicator, period, value, reportedOn)")]);
        }

        var (_, header) = table[0];
        var map = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Count; i++)
        {
            var text = Text(header[i]);
            if (text is null)
            {
                continue;
            }

            // 租赁编号 is the ledger workbook's 指标实绩 header: its rows can be pasted as they are.
            var column = Columns.FirstOrDefault(c => string.Equals(c.Name, text, StringComparison.OrdinalIgnoreCase) || c.Chinese == text || (c.Name == "leaseId" && text == "租赁编号"));
            if (column.Name is null)
            {
                errors.Add(new IndicatorActualsError(1, text, $"is not a column of an actuals file (one of {string.Join(", ", Columns.Select(c => $"{c.Name}/{c.Chinese}"))})"));
            }
            else if (!map.TryAdd(column.Name, i))
            {
                errors.Add(new IndicatorActualsError(1, text, "appears twice"));
            }
        }

        foreach (var c in Columns.Where(c => c.Required && !map.ContainsKey(c.Name)))
        {
            errors.Add(new IndicatorActualsError(1, c.Name, $"is missing: the header needs {c.Name} ({c.Chinese})"));
        }

        if (errors.Count > 0)
        {
            return ([], errors);
        }

        var rows = new List<IndicatorActualsRow>();
        foreach (var (number, cells) in table.Skip(1))
        {
            object? Cell(string name) => map.TryGetValue(name, out var i) && i < cells.Count ? cells[i] : null;
            if (Columns.All(c => Text(Cell(c.Name)) is null))
            {
                continue; // a blank row
            }

            var leaseId = Text(Cell("leaseId"));
            decimal? value = null;
            var rawValue = Cell("value");
            if (rawValue is double d)
            {
                value = (decimal)d;
            }
            else if (Text(rawValue) is { } v)
            {
                if (decimal.TryParse(v, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var parsed))
                {
                    value = parsed;
                }
                else
                {
                    errors.Add(new IndicatorActualsError(number, "value", $"'{v}' is not a number", leaseId));
                }
            }

            DateOnly? reportedOn = null;
            var rawDay = Cell("reportedOn");
            if (rawDay is DateTime dt)
            {
                reportedOn = DateOnly.FromDateTime(dt);
            }
            else if (Text(rawDay) is { } t)
            {
                if (DateOnly.TryParseExact(t, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                {
                    reportedOn = day;
                }
                else
                {
                    errors.Add(new IndicatorActualsError(number, "reportedOn", $"'{t}' is not a date in the form yyyy-MM-dd", leaseId));
                }
            }

            var period = Cell("period") is double p ? p.ToString("0", CultureInfo.InvariantCulture) : Text(Cell("period"));
            rows.Add(new IndicatorActualsRow(number, leaseId, new IndicatorReport(Text(Cell("indicator")), period, value, reportedOn)));
        }

        return (rows, errors);
    }

    private static string? Text(object? cell) => cell switch
    {
        null => null,
        string s => string.IsNullOrWhiteSpace(s) ? null : s.Trim(),
        double d => d.ToString(CultureInfo.InvariantCulture),
        DateTime dt => dt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => Convert.ToString(cell, CultureInfo.InvariantCulture) is { Length: > 0 } t ? t.Trim() : null,
    };

    private static List<(int, List<object?>)> ReadCsv(string path)
    {
        var table = new List<(int, List<object?>)>();
        using var reader = new StreamReader(path, new UTF8Encoding(false, true), detectEncodingFromByteOrderMarks: true);
        using var parser = new CsvParser(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { HasHeaderRecord = false, DetectColumnCountChanges = false });
        var row = 0;
        while (parser.Read())
        {
            row++;
            table.Add((row, [.. (parser.Record ?? []).Select(f => (object?)f)]));
        }

        return table;
    }

    private static List<(int, List<object?>)> ReadXlsx(string path)
    {
        var table = new List<(int, List<object?>)>();
        using var workbook = new XLWorkbook(path);
        var sheet = workbook.Worksheets.First();
        var lastRow = sheet.LastRowUsed()?.RowNumber() ?? 0;
        var lastColumn = sheet.LastColumnUsed()?.ColumnNumber() ?? 0;
        for (var r = 1; r <= lastRow; r++)
        {
            var cells = new List<object?>();
            for (var c = 1; c <= lastColumn; c++)
            {
                var cell = sheet.Cell(r, c);
                cells.Add(cell.IsEmpty() ? null : cell.Value switch
                {
                    string s => s,
                    double or DateTime => cell.Value,
                    var other => Convert.ToString(other, CultureInfo.InvariantCulture),
                });
            }

            table.Add((r, cells));
        }

        return table;
    }
}
