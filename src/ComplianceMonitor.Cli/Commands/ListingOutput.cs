using System.Globalization;
using ClosedXML.Excel;
using CsvHelper;
using CsvHelper.Configuration;

namespace ComplianceMonitor.Cli.Commands;

/// <summary>A listing's rows as CSV (CsvHelper) or an Excel workbook (ClosedXML): the same columns in both.</summary>
internal static class ListingOutput
{
    /// <summary>Writes <paramref name="header"/> and <paramref name="rows"/> as RFC 4180 CSV.</summary>
    public static async Task WriteCsvAsync(TextWriter output, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string?>> rows)
    {
        ArgumentNullException.ThrowIfNull(output);
        var config = new CsvConfiguration(CultureInfo.InvariantCulture) { NewLine = "\r\n" };
        await using var csv = new CsvWriter(output, config, leaveOpen: true);
        foreach (var h in header)
        {
            csv.WriteField(h);
        }

        await csv.NextRecordAsync();
        foreach (var row in rows)
        {
            foreach (var cell in row)
            {
                csv.WriteField(cell ?? string.Empty);
            }

            await csv.NextRecordAsync();
        }

        await csv.FlushAsync();
    }

    /// <summary>Writes the rows to a one-sheet workbook at <paramref name="file"/> (header row frozen, filters on).</summary>
    public static void WriteXlsx(FileInfo file, string sheet, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string?>> rows)
    {
        ArgumentNullException.ThrowIfNull(file);
        using var workbook = new XLWorkbook();
        var ws = workbook.Worksheets.Add(sheet);
        for (var c = 0; c < header.Count; c++)
        {
            ws.Cell(1, c + 1).Value = header[c];
        }

        var r = 2;
        foreach (var row in rows)
        {
            for (var c = 0; c < row.Count; c++)
            {
                // Every cell as text: ids, codes and dates must not be reinterpreted as numbers.
                ws.Cell(r, c + 1).SetValue(row[c] ?? string.Empty);
            }

            r++;
        }

        ws.Row(1).Style.Font.Bold = true;
        ws.SheetView.FreezeRows(1);
        if (r > 2)
        {
            ws.Range(1, 1, r - 1, header.Count).SetAutoFilter();
        }

        // Fixed widths: measuring text (AdjustToContents) needs GDI fonts, which servers and containers lack.
        ws.Columns(1, header.Count).Width = 16;
        ws.Column(header.Count).Width = 80;
        file.Directory?.Create();
        workbook.SaveAs(file.FullName);
    }
}
