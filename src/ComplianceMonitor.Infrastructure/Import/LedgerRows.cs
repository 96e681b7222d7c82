using System.Text.Json.Nodes;

namespace ComplianceMonitor.Infrastructure.Import;

/// <summary>One cell of a data row with the column it is under.</summary>
/// <param name="Column">The column, from the header.</param>
/// <param name="Raw">The raw value: null, a string, or (from Excel) a double, DateTime, bool or TimeSpan.</param>
internal readonly record struct LedgerCell(LedgerColumn Column, object? Raw);

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

        foreach (var (column, raw) in cells)
        {
            if (column.Kind is LedgerCellKind.RentScheduleList or LedgerCellKind.RentPaymentList or LedgerCellKind.PricePaymentList or LedgerCellKind.EventList)
            {
                ReadList(draft, column, raw);
                continue;
            }

            var name = $"{rowPrefix} {column.Header}";
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

        return draft;
    }

    /// <summary>Reads a child-sheet row into an item of the lease's list.</summary>
    /// <param name="draft">The lease the row belongs to.</param>
    /// <param name="sheet">The child sheet's definition.</param>
    /// <param name="source">The worksheet name as written.</param>
    /// <param name="row">The spreadsheet row.</param>
    /// <param name="cells">The row's cells under known columns.</param>
    /// <param name="missingColumns">Required columns the header lacks (already reported once).</param>
    public static void ReadChild(LeaseDraft draft, LedgerSheet sheet, string source, int row, IReadOnlyList<LedgerCell> cells, IEnumerable<LedgerColumn> missingColumns)
    {
        var listPath = sheet.ListPath!;
        var site = new ItemSite(source, row, $"{source} 第{row}行", sheet.Columns);
        var item = new JsonObject();
        var index = draft.AddItem(listPath, item, site);
        foreach (var column in missingColumns)
        {
            draft.Suppress($"{listPath}[{index}].{column.WireName}");
        }

        var periodWrong = false;
        foreach (var (column, raw) in cells)
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
