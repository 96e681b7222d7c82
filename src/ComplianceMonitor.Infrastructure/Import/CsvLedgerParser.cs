using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;

namespace ComplianceMonitor.Infrastructure.Import;

/// <summary>Reads a UTF-8 CSV ledger (with or without BOM): a header row, then one lease per row.</summary>
/// <remarks>
/// Rows are numbered as a spreadsheet shows them (the header is row 1, a quoted cell with line breaks stays one row,
/// a blank line is a row), so an error's row is the row the user sees when opening the file in Excel.
/// </remarks>
internal static class CsvLedgerParser
{
    private static readonly Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads a CSV ledger from a stream.</summary>
    public static async Task<LedgerReadResult> ReadAsync(
        Stream stream, string source, IProgress<LedgerProgress>? progress, CancellationToken cancellationToken)
    {
        var errors = new List<ImportError>();
        var drafts = new List<LeaseDraft>();
        var badFields = new List<string>();
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            HasHeaderRecord = false,
            IgnoreBlankLines = false,
            DetectColumnCountChanges = false,
            BadDataFound = args => badFields.Add(args.Field),
        };

        var row = 0;
        var rowsRead = 0;
        using var reader = new StreamReader(stream, StrictUtf8, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
        using var parser = new CsvParser(reader, config, leaveOpen: true);
        try
        {
            // A BOM decodes to U+FEFF; it is skipped before the parser sees it, so a quoted first header stays quoted.
            if (reader.Peek() == '\uFEFF')
            {
                reader.Read();
            }

            if (!await parser.ReadAsync())
            {
                return new LedgerReadResult([], [new ImportError(source, null, null, "$", $"{source}：文件为空，没有表头")], 0);
            }

            row = 1;
            var header = ReadHeader(parser.Record ?? [], source, errors);
            while (await parser.ReadAsync())
            {
                cancellationToken.ThrowIfCancellationRequested();
                row++;
                progress?.Report(new LedgerProgress(row - 1, null));
                var record = parser.Record ?? [];
                var rowProblems = badFields
                    .Select(f => $"引号使用不正确（「{f.Trim()}」）：含逗号、引号或换行的单元格须整体用双引号括起，内部的双引号写两次")
                    .ToList();
                badFields.Clear();
                if (record.All(string.IsNullOrWhiteSpace))
                {
                    errors.AddRange(rowProblems.Select(p => new ImportError(source, row, null, "$", $"第{row}行：{p}")));
                    continue;
                }

                rowsRead++;
                if (record.Skip(header.Columns.Count).Any(f => !string.IsNullOrWhiteSpace(f)))
                {
                    rowProblems.Add($"有 {record.Length} 个单元格，多于表头的 {header.Columns.Count} 列");
                }

                var cells = new List<LedgerCell>();
                for (var i = 0; i < header.Columns.Count; i++)
                {
                    var raw = i < record.Length ? record[i] : null;
                    if (header.Columns[i] is { } column)
                    {
                        cells.Add(new LedgerCell(column, raw));
                    }
                    else if (header.Headerless.Contains(i) && !string.IsNullOrWhiteSpace(raw))
                    {
                        rowProblems.Add($"第{i + 1}列没有表头，但有数据「{raw.Trim()}」");
                    }
                }

                var draft = LedgerRows.ReadLease(source, row, $"第{row}行", cells, header.Missing);
                foreach (var problem in rowProblems)
                {
                    draft.RowError("$", problem);
                }

                drafts.Add(draft);
            }
        }
        catch (Exception ex) when (ex is DecoderFallbackException || ex.InnerException is DecoderFallbackException)
        {
            errors.Add(new(source, row + 1, null, "$",
                $"{source}：第{row + 1}行附近不是 UTF-8 编码：请在 Excel 中另存为「CSV UTF-8（逗号分隔）」"));
            return new LedgerReadResult([], errors, rowsRead);
        }

        progress?.Report(new LedgerProgress(row - 1, row - 1));
        return LedgerAssembly.Complete(drafts, errors, rowsRead, [source]);
    }

    private static CsvHeader ReadHeader(string[] fields, string source, List<ImportError> errors)
    {
        var columns = new List<LedgerColumn?>();
        var headerless = new HashSet<int>();
        for (var i = 0; i < fields.Length; i++)
        {
            var text = fields[i].Trim();
            if (text.Length == 0)
            {
                // Checked per row: data under an empty header must not be dropped silently.
                headerless.Add(i);
                columns.Add(null);
                continue;
            }

            var column = LedgerColumns.FindColumn(LedgerColumns.CsvColumns, text);
            var earlier = column is null ? -1 : columns.IndexOf(column);
            if (column is null)
            {
                errors.Add(new(source, 1, null, "$", $"第1行：未知列「{text}」（第{i + 1}列）"));
            }
            else if (earlier >= 0)
            {
                errors.Add(new(source, 1, null, "$", $"第1行：列「{text}」（第{i + 1}列）与第{earlier + 1}列重复，都是 {column.Header}"));
                column = null;
            }

            columns.Add(column);
        }

        // Trailing empty headers (Excel writes them for formatted columns) are dropped so their empty cells are not "extra".
        while (columns.Count > 0 && columns[^1] is null && string.IsNullOrWhiteSpace(fields[columns.Count - 1]))
        {
            columns.RemoveAt(columns.Count - 1);
        }

        var missing = LedgerColumns.CsvColumns.Where(c => c.Required && !columns.Contains(c)).ToList();
        foreach (var column in missing)
        {
            errors.Add(new(source, 1, null, column.WireName, $"第1行：缺少必填列「{column.Header}」（{column.WireName}）"));
        }

        return new CsvHeader(columns, headerless, missing);
    }

    private sealed record CsvHeader(IReadOnlyList<LedgerColumn?> Columns, IReadOnlySet<int> Headerless, IReadOnlyList<LedgerColumn> Missing);
}
