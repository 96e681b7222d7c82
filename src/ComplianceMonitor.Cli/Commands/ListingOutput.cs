using System.Globalization;
using ClosedXML.Excel;
using CsvHelper;
using CsvHelper.Configuration;
using Spectre.Console;

namespace ComplianceMonitor.Cli.Commands;

/// <summary>
/// One listing of <c>cm</c> (alerts, tasks, outbox, holds, reminders, lease history, …): its items and how each is shown
/// as a text table row, a CSV/xlsx row and JSON. <see cref="ListingOutput.WriteAsync{T}"/> writes it in any format.
/// </summary>
/// <typeparam name="T">The listed item.</typeparam>
/// <param name="Sheet">The worksheet name of <c>--xlsx</c>.</param>
/// <param name="Items">The items, in the order listed.</param>
/// <param name="Columns">The text table's column headings.</param>
/// <param name="Cells">One item's text table cells, one per column.</param>
/// <param name="CsvHeader">The csv and xlsx header row (stable field names).</param>
/// <param name="CsvRow">One item's csv and xlsx cells.</param>
/// <param name="Json">Writes the items as JSON to standard output.</param>
/// <param name="Footer">The text format's last line, e.g. <c>3 alert(s)</c>; null for none.</param>
internal sealed record Listing<T>(
    string Sheet,
    IReadOnlyList<T> Items,
    IReadOnlyList<string> Columns,
    Func<T, IReadOnlyList<string>> Cells,
    IReadOnlyList<string> CsvHeader,
    Func<T, IReadOnlyList<string?>> CsvRow,
    Action<TextWriter> Json,
    string? Footer)
{
    /// <summary>Lines written before the text table (e.g. which lease); none by default.</summary>
    public IReadOnlyList<string> Title { get; init; } = [];

    /// <summary>Text columns from this index on are right-aligned (numbers); none by default.</summary>
    public int RightAlignedFrom { get; init; } = int.MaxValue;
}

/// <summary>
/// Writes listings in the formats of <c>--format text|json|csv</c> and <c>--xlsx FILE</c>: text as a Spectre.Console
/// table, csv by CsvHelper, the workbook by ClosedXML (the same columns as csv), JSON by each listing's own writer.
/// </summary>
internal static class ListingOutput
{
    /// <summary>The width text tables get when standard output is not a terminal: wide enough that no row wraps.</summary>
    public const int RedirectedWidth = 4096;

    /// <summary>Writes <paramref name="listing"/> to standard output in <paramref name="format"/>, and to <paramref name="xlsx"/> when given.</summary>
    public static async Task WriteAsync<T>(CliContext context, string? format, FileInfo? xlsx, Listing<T> listing)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(listing);
        if (xlsx is not null)
        {
            WriteXlsx(xlsx, listing.Sheet, listing.CsvHeader, listing.Items.Select(listing.CsvRow));
        }

        switch (format ?? OutputFormats.Text)
        {
            case OutputFormats.Csv:
                await WriteCsvAsync(context.Stdout, listing.CsvHeader, listing.Items.Select(listing.CsvRow));
                break;
            case OutputFormats.Json:
                listing.Json(context.Stdout);
                break;
            default:
                foreach (var line in listing.Title)
                {
                    await context.Stdout.WriteLineAsync(line);
                }

                WriteTable(context.Stdout, listing.Columns, [.. listing.Items.Select(listing.Cells)], listing.RightAlignedFrom);
                if (listing.Footer is not null)
                {
                    await context.Stdout.WriteLineAsync(listing.Footer);
                }

                break;
        }
    }

    /// <summary>
    /// Writes a table (Spectre.Console, rounded border, no colour); Chinese text is measured by display width. On a
    /// terminal the table fits its width (long cells wrap); redirected, rows never wrap. Columns from
    /// <paramref name="rightAlignedFrom"/> on are right-aligned.
    /// </summary>
    public static void WriteTable(TextWriter output, IReadOnlyList<string> headings, IReadOnlyList<IReadOnlyList<string>> rows, int rightAlignedFrom = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(headings);
        ArgumentNullException.ThrowIfNull(rows);
        var table = new Table().Border(TableBorder.Rounded);
        for (var i = 0; i < headings.Count; i++)
        {
            var column = new TableColumn(new Text(headings[i]));
            table.AddColumn(i >= rightAlignedFrom ? column.RightAligned() : column);
        }

        foreach (var row in rows)
        {
            table.AddRow([.. headings.Select((_, i) => (Spectre.Console.Rendering.IRenderable)new Text(i < row.Count ? row[i] ?? string.Empty : string.Empty))]);
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = TerminalWidth(output) ?? RedirectedWidth;
        console.Profile.Capabilities.Unicode = true;
        console.Write(table);
    }

    /// <summary>The terminal's width when <paramref name="output"/> is the process's standard output on a terminal; else null.</summary>
    private static int? TerminalWidth(TextWriter output)
    {
        if (!ReferenceEquals(output, Console.Out) || Console.IsOutputRedirected)
        {
            return null;
        }

        try
        {
            return Console.WindowWidth > 0 ? Console.WindowWidth : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

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
