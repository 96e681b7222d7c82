using System.Text.Json.Nodes;

namespace ComplianceMonitor.Infrastructure.Import;

/// <summary>One cell of a data row with the column it is under.</summary>
/// <param name="Column">The column, from the header.</param>
/// <param name="Raw">The raw value: null, a string, or (from Excel) a double, DateTime, bool or TimeSpan.</param>
/// <param name="Address">The workbook cell (e.g. <c>C5</c>) named in messages; null for CSV, whose messages name the row and header.</param>
internal readonly record struct LedgerCell(LedgerColumn Column, object? Raw, string? Address = null)
{
    /// <summary>How the cell's column is named in a message: the header, then the cell address when there is one, e.g. <c>约定日期（C5）</c>.</summary>
    public string Label => Address is null ? Column.Header : $"{Column.Header}（{Address}）";
}

/// <summary>Turns the cells of a lease row or a child-sheet row into a <see cref="LeaseDraft"/>'s JSON.</summary>
internal static class LedgerRows
{
    /// <summary>The wire name of the lease id column, on every sheet.</summary>
    public const string LeaseIdField = "leaseId";

    /// <summary>Reads the lease id cell of a row as text (null when absent or empty).</summary>
    public static string? LeaseIdOf(IEnumerable<LedgerCell> cells)
    {
        foreach (var cell in cells)
        {
            if (cell.Column.WireName == LeaseIdField)
            {
                return LedgerCells.Convert(LedgerCellKind.Text, cell.Raw).Node?.GetValue<string>();
            }
        }

        return null;
    }

    /// <summary>Reads a lease row (a 租赁台账 row, or a CSV row with its compact list cells).</summary>
    /// <param name="source">The sheet or file name.</param>
    /// <param name="row">The spreadsheet row.</param>
    /// <param name="rowPrefix">How the row is named in messages.</param>
    /// <param name="cells">The row's cells under known columns.</param>
    /// <param name="missingColumns">Required columns the header lacks (already reported once, so not again per row).</param>
    public static LeaseDraft ReadLease(string source, int row, string rowPrefix, IReadOnlyList<LedgerCell> cells, IEnumerable<LedgerColumn> missingColumns)
    {
        var draft = new LeaseDraft(source, row, rowPrefix) { LeaseId = LeaseIdOf(cells) };
        foreach (var column in missingColumns)
        {
            draft.Suppress(column.WireName);
        }

        // The agreement's fields are needed together (a ref for milestones on their sheet, a base with a rate): when the
        // record reader asks for one whose column the sheet lacks, the message names the column to add.
        foreach (var column in LedgerColumns.Leases.Columns.Where(c => IsAgreementField(c.WireName) && cells.All(k => k.Column != c)))
        {
            draft.NameAbsentField(column.WireName, $"{rowPrefix} {column.Header}（表中没有此列）");
        }

        foreach (var cell in cells)
        {
            var (column, raw, _) = cell;
            if (column.Kind == LedgerCellKind.IndicatorActualList)
            {
                // Read last: its items attach to the indicators of the 履约指标 cell, wherever that column is.
                continue;
            }

            if (LedgerColumns.IsListKind(column.Kind))
            {
                ReadList(draft, column, raw);
                continue;
            }

            var name = $"{rowPrefix} {cell.Label}";
            var value = LedgerCells.Convert(column.Kind, raw);
            if (value.Error is not null)
            {
                draft.FieldError(column.WireName, name, value.Error);
            }
            else
            {
                draft.SetField(column.WireName, value.Node, name);
            }
        }

        foreach (var (column, raw, _) in cells.Where(c => c.Column.Kind == LedgerCellKind.IndicatorActualList))
        {
            ReadActualList(draft, column, raw);
        }

        return draft;
    }

    private static bool IsAgreementField(string wireName) =>
        wireName.StartsWith("agreement.", StringComparison.Ordinal) || wireName.StartsWith("voluntaryReturn.", StringComparison.Ordinal);

    /// <summary>Reads a child-sheet row into an item of the lease's list.</summary>
    /// <param name="draft">The lease the row belongs to.</param>
    /// <param name="sheet">The child sheet's definition.</param>
    /// <param name="source">The worksheet name as written.</param>
    /// <param name="row">The spreadsheet row.</param>
    /// <param name="cells">The row's cells under known columns.</param>
    /// <param name="missingColumns">Required columns the header lacks (already reported once).</param>
    public static void ReadChild(LeaseDraft draft, LedgerSheet sheet, string source, int row, IReadOnlyList<LedgerCell> cells, IEnumerable<LedgerColumn> missingColumns)
    {
        var site = new ItemSite(source, row, $"{source} 第{row}行", sheet.Columns)
        {
            Addresses = cells.Where(c => c.Address is not null).ToDictionary(c => c.Column.WireName, c => c.Address!, StringComparer.Ordinal),
        };
        if (sheet == LedgerColumns.IndicatorActuals)
        {
            ReadActualRow(draft, site, cells, missingColumns);
            return;
        }

        var listPath = sheet.ListPath!;
        var item = new JsonObject();
        var index = draft.AddItem(listPath, item, site);
        foreach (var column in missingColumns)
        {
            draft.Suppress($"{listPath}[{index}].{column.WireName}");
        }

        var periodWrong = false;
        foreach (var (column, raw, _) in cells)
        {
            if (column.WireName == LeaseIdField)
            {
                continue;
            }

            var value = LedgerCells.Convert(column.Kind, raw);
            if (value.Error is not null)
            {
                draft.ItemError(listPath, index, column.WireName, site, value.Error);
                periodWrong |= column.Kind == LedgerCellKind.RentPeriod;
            }
            else if (value.Node is not null)
            {
                item[column.WireName] = value.Node;
            }
        }

        if (sheet == LedgerColumns.RentSchedule && !periodWrong && item["period"] is null)
        {
            // An empty 期间 means the lease term, as in the compact notation.
            item["period"] = "lease";
        }
    }

    /// <summary>Reads a 指标实绩 row: the actual of the indicator its 指标代码 names, appended to that indicator's actuals.</summary>
    private static void ReadActualRow(LeaseDraft draft, ItemSite site, IReadOnlyList<LedgerCell> cells, IEnumerable<LedgerColumn> missingColumns)
    {
        if (missingColumns.Any(c => c.WireName == LedgerColumns.IndicatorCodeLink))
        {
            // Reported once at the header; the row cannot be linked to an indicator.
            return;
        }

        var code = cells.Where(c => c.Column.WireName == LedgerColumns.IndicatorCodeLink)
            .Select(c => LedgerCells.Convert(LedgerCellKind.Text, c.Raw).Node?.GetValue<string>())
            .FirstOrDefault();
        var item = new JsonObject();
        if (Attach(draft, code, item, site) is not (string listPath, int index))
        {
            return;
        }

        foreach (var column in missingColumns)
        {
            draft.Suppress($"{listPath}[{index}].{column.WireName}");
        }

        foreach (var (column, raw, _) in cells)
        {
            if (column.WireName is LeaseIdField or LedgerColumns.IndicatorCodeLink)
            {
                continue;
            }

            var value = LedgerCells.Convert(column.Kind, raw);
            if (value.Error is not null)
            {
                draft.ItemError(listPath, index, column.WireName, site, value.Error);
            }
            else if (value.Node is not null)
            {
                item[column.WireName] = value.Node;
            }
        }
    }

    /// <summary>Reads a CSV 指标实绩 cell: each item goes to the indicator of the row's 履约指标 cell its code names.</summary>
    private static void ReadActualList(LeaseDraft draft, LedgerColumn column, object? raw)
    {
        if (LedgerCells.IsEmpty(raw))
        {
            return;
        }

        var items = CompactListNotation.Parse(column.Kind, LedgerCells.Show(raw));
        for (var i = 0; i < items.Count; i++)
        {
            var site = new ItemSite(draft.Source, draft.Row, $"{draft.RowPrefix} {column.Header} 第{i + 1}项", LedgerColumns.IndicatorActuals.Columns);
            var json = items[i].Json;
            var code = json[LedgerColumns.IndicatorCodeLink]?.GetValue<string>();
            json.Remove(LedgerColumns.IndicatorCodeLink);
            var unreadable = items[i].Errors.FirstOrDefault(e => e.Property is null);
            if (unreadable is not null)
            {
                draft.SiteError(site, LedgerColumns.IndicatorActualsPath, null, unreadable.Message);
                continue;
            }

            if (Attach(draft, code, json, site) is not (string listPath, int index))
            {
                continue;
            }

            foreach (var error in items[i].Errors)
            {
                draft.ItemError(listPath, index, error.Property, site, error.Message);
            }
        }
    }

    /// <summary>Appends an actual to the indicator <paramref name="code"/> names and returns the list's path and the item's index; reports and returns null when there is none.</summary>
    private static (string ListPath, int Index)? Attach(LeaseDraft draft, string? code, JsonObject item, ItemSite site)
    {
        if (code is null)
        {
            draft.SiteError(site, LedgerColumns.IndicatorActualsPath, LedgerColumns.IndicatorCodeLink, "未填写，无法归入指标");
            return null;
        }

        if (draft.FindIndicator(code) is not { } found)
        {
            draft.SiteError(site, LedgerColumns.IndicatorActualsPath, LedgerColumns.IndicatorCodeLink,
                $"「{code}」不是该租赁在「{LedgerColumns.Indicators.Name}」中的指标代码");
            return null;
        }

        var listPath = $"agreement.indicators[{found.Index}].actuals";
        return (listPath, draft.AddItem(found.Indicator, "actuals", listPath, item, site));
    }

    private static void ReadList(LeaseDraft draft, LedgerColumn column, object? raw)
    {
        if (LedgerCells.IsEmpty(raw))
        {
            return;
        }

        var childSheet = LedgerColumns.ChildSheetOf(column.Kind);
        var items = CompactListNotation.Parse(column.Kind, LedgerCells.Show(raw));
        for (var i = 0; i < items.Count; i++)
        {
            var site = new ItemSite(draft.Source, draft.Row, $"{draft.RowPrefix} {column.Header} 第{i + 1}项", childSheet.Columns);
            var index = draft.AddItem(column.WireName, items[i].Json, site);
            foreach (var error in items[i].Errors)
            {
                draft.ItemError(column.WireName, index, error.Property, site, error.Message);
            }
        }
    }
}
