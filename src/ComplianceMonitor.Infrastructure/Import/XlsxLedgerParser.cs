using ClosedXML.Excel;

namespace ComplianceMonitor.Infrastructure.Import;

/// <summary>Reads the ledger workbook: 租赁台账 (one row per lease) and the child sheets, header in row 1 of each.</summary>
internal static class XlsxLedgerParser
{
    /// <summary>Reads a workbook from a stream (copied to memory first when it cannot seek).</summary>
    public static async Task<LedgerReadResult> ReadAsync(
        Stream stream, string fileName, IProgress<LedgerProgress>? progress, CancellationToken cancellationToken)
    {
        var seekable = stream;
        if (!stream.CanSeek)
        {
            var copy = new MemoryStream();
            await stream.CopyToAsync(copy, cancellationToken);
            copy.Position = 0;
            seekable = copy;
        }

        XLWorkbook workbook;
        try
        {
            workbook = new XLWorkbook(seekable);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return Failed(fileName, $"{fileName}：无法作为 Excel 工作簿（.xlsx）打开：{ex.Message}");
        }

        using (workbook)
        {
            return Read(workbook, fileName, progress, cancellationToken);
        }
    }

    private static LedgerReadResult Read(XLWorkbook workbook, string fileName, IProgress<LedgerProgress>? progress, CancellationToken cancellationToken)
    {
        var errors = new List<ImportError>();
        var sheets = new List<(IXLWorksheet Worksheet, LedgerSheet Definition)>();
        foreach (var worksheet in workbook.Worksheets)
        {
            var definition = LedgerColumns.FindSheet(worksheet.Name);
            if (definition is not null)
            {
                if (sheets.FirstOrDefault(s => s.Definition == definition) is { Worksheet: { } other })
                {
                    errors.Add(new(worksheet.Name, null, null, "$", $"工作表「{worksheet.Name}」与「{other.Name}」重复（都是 {definition.Name}）"));
                }
                else
                {
                    sheets.Add((worksheet, definition));
                }
            }
            else if (!LedgerColumns.IsNotesSheet(worksheet.Name) && worksheet.LastCellUsed() is not null)
            {
                // A misspelt sheet name must not silently drop its rows.
                errors.Add(new(worksheet.Name, null, null, "$",
                    $"未知工作表「{worksheet.Name}」：可识别的工作表为 {string.Join("、", LedgerColumns.Sheets.Select(s => s.Name))}（{string.Join("、", LedgerColumns.NotesSheetNames)} 不读取）"));
            }
        }

        var leases = sheets.FirstOrDefault(s => s.Definition == LedgerColumns.Leases).Worksheet;
        if (leases is null)
        {
            errors.Add(new(fileName, null, null, "$", $"{fileName}：没有「{LedgerColumns.Leases.Name}」工作表"));
            return new LedgerReadResult([], errors, 0);
        }

        // Leases first, then the child sheets in template order, whatever the order of the workbook's tabs.
        sheets = [.. sheets.OrderBy(s => LedgerColumns.Sheets.ToList().IndexOf(s.Definition))];
        var total = sheets.Sum(s => Math.Max(0, LastRow(s.Worksheet) - 1));
        var examined = 0;
        var rowsRead = 0;
        var drafts = new List<LeaseDraft>();
        var byId = new Dictionary<string, LeaseDraft>(StringComparer.Ordinal);

        foreach (var (worksheet, definition) in sheets)
        {
            var header = ReadHeader(worksheet, definition, errors);
            var name = worksheet.Name;
            var lastRow = LastRow(worksheet);
            for (var row = 2; row <= lastRow; row++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress?.Report(new LedgerProgress(++examined, total));
                var cells = header.Columns.Select(c => new LedgerCell(c.Column, ReadCell(worksheet.Cell(row, c.Number)), $"{XLHelper.GetColumnLetterFromNumber(c.Number)}{row}")).ToList();
                if (cells.All(c => LedgerCells.IsEmpty(c.Raw)))
                {
                    continue;
                }

                rowsRead++;
                if (definition == LedgerColumns.Leases)
                {
                    var draft = LedgerRows.ReadLease(name, row, $"{name} 第{row}行", cells, header.Missing);
                    drafts.Add(draft);
                    if (draft.LeaseId is { Length: > 0 } id)
                    {
                        byId.TryAdd(id, draft);
                    }

                    continue;
                }

                if (header.Missing.Any(c => c.WireName == LedgerRows.LeaseIdField))
                {
                    // Reported once at the header; the rows cannot be linked to a lease.
                    continue;
                }

                var leaseId = LedgerRows.LeaseIdOf(cells);
                if (leaseId is null)
                {
                    errors.Add(new(name, row, null, LedgerRows.LeaseIdField, $"{name} 第{row}行 租赁编号：未填写，无法归入租赁"));
                }
                else if (!byId.TryGetValue(leaseId, out var owner))
                {
                    errors.Add(new(name, row, leaseId, LedgerRows.LeaseIdField,
                        $"{name} 第{row}行 租赁编号：「{leaseId}」不在「{leases.Name}」中"));
                }
                else
                {
                    LedgerRows.ReadChild(owner, definition, name, row, cells, header.Missing);
                }
            }
        }

        progress?.Report(new LedgerProgress(examined, examined));
        return LedgerAssembly.Complete(drafts, errors, rowsRead, [fileName, .. sheets.Select(s => s.Worksheet.Name)]);
    }

    private static SheetHeader ReadHeader(IXLWorksheet worksheet, LedgerSheet definition, List<ImportError> errors)
    {
        var name = worksheet.Name;
        var columns = new List<(int Number, LedgerColumn Column)>();
        var lastColumn = worksheet.LastColumnUsed()?.ColumnNumber() ?? 0;
        var lastRow = LastRow(worksheet);
        for (var number = 1; number <= lastColumn; number++)
        {
            var text = LedgerCells.Show(ReadCell(worksheet.Cell(1, number)));
            var letter = XLHelper.GetColumnLetterFromNumber(number);
            if (text.Length == 0)
            {
                var firstData = Enumerable.Range(2, Math.Max(0, lastRow - 1))
                    .FirstOrDefault(r => !LedgerCells.IsEmpty(ReadCell(worksheet.Cell(r, number))));
                if (firstData != 0)
                {
                    errors.Add(new(name, firstData, null, "$", $"{name} 第{letter}列没有表头，但第{firstData}行有数据"));
                }

                continue;
            }

            var column = LedgerColumns.FindColumn(definition.Columns, text);
            if (column is null)
            {
                var listColumn = definition == LedgerColumns.Leases ? LedgerColumns.FindColumn(LedgerColumns.CsvListColumns, text) : null;
                errors.Add(new(name, 1, null, "$", listColumn is null
                    ? $"{name} 第1行：未知列「{text}」（{letter}列）"
                    : $"{name} 第1行：列「{text}」（{letter}列）只用于 CSV，工作簿中请填在「{LedgerColumns.ChildSheetOf(listColumn.Kind).Name}」工作表"));
            }
            else if (columns.FirstOrDefault(c => c.Column == column) is { Column: not null } earlier)
            {
                errors.Add(new(name, 1, null, "$",
                    $"{name} 第1行：列「{text}」（{letter}列）与{XLHelper.GetColumnLetterFromNumber(earlier.Number)}列重复，都是 {column.Header}"));
            }
            else
            {
                columns.Add((number, column));
            }
        }

        var missing = definition.Columns.Where(c => c.Required && columns.All(k => k.Column != c)).ToList();
        foreach (var column in missing)
        {
            errors.Add(new(name, 1, null, definition.ListPath is null ? column.WireName : "$",
                $"{name} 第1行：缺少必填列「{column.Header}」（{column.WireName}）"));
        }

        return new SheetHeader(columns, missing);
    }

    private static object? ReadCell(IXLCell cell)
    {
        if (cell.IsEmpty())
        {
            return null;
        }

        object value;
        try
        {
            value = cell.Value;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A formula ClosedXML cannot evaluate: use the value Excel saved with it.
            value = cell.CachedValue;
        }

        return value switch
        {
            string s => s,
            double or DateTime or bool or TimeSpan => value,
            _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture),
        };
    }

    private static int LastRow(IXLWorksheet worksheet) => worksheet.LastRowUsed()?.RowNumber() ?? 0;

    private static LedgerReadResult Failed(string source, string message) => new([], [new ImportError(source, null, null, "$", message)], 0);

    private sealed record SheetHeader(IReadOnlyList<(int Number, LedgerColumn Column)> Columns, IReadOnlyList<LedgerColumn> Missing);
}
