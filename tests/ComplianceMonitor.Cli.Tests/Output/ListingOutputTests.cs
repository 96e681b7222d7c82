using ComplianceMonitor.Cli.Commands;
using ComplianceMonitor.Cli.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace ComplianceMonitor.Cli.Tests.Output;

/// <summary>The one listing writer of <c>cm</c>: a Spectre.Console table as text, csv, JSON, and the xlsx beside them.</summary>
[Trait("Category", "unit")]
public class ListingOutputTests
{
    private sealed record Row(string Lease, string Enterprise, decimal Amount);

    private static readonly Row[] Rows = [new("FS-A", "北京京南精工", 1234.5m), new("DX-B", "Acme, \"Ltd\"", 7m)];

    private static Listing<Row> Listing() => new(
        "rows",
        Rows,
        ["LEASE", "ENTERPRISE", "AMOUNT"],
        r => [r.Lease, r.Enterprise, r.Amount.ToString("#,##0.00", System.Globalization.CultureInfo.InvariantCulture)],
        ["leaseId", "enterprise", "amountYuan"],
        r => [r.Lease, r.Enterprise, r.Amount.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)],
        output => output.WriteLine("[\"json\"]"),
        "2 row(s)")
    {
        Title = ["Rows of a test"],
        RightAlignedFrom = 2,
    };

    private static async Task<string> WriteAsync(string format, FileInfo? xlsx = null)
    {
        using var output = new StringWriter();
        await ListingOutput.WriteAsync(new CliContext(TextReader.Null, output, TextWriter.Null, new FakeTimeProvider(Cm.DefaultNow)), format, xlsx, Listing());
        return output.ToString().ReplaceLineEndings("\n");
    }

    [Fact]
    public async Task WriteAsync_Text_SpectreTableAlignedByDisplayWidthWithTitleAndFooter()
    {
        var text = await WriteAsync("text");

        Assert.Equal(
            """
            Rows of a test
            ╭───────┬──────────────┬──────────╮
            │ LEASE │ ENTERPRISE   │   AMOUNT │
            ├───────┼──────────────┼──────────┤
            │ FS-A  │ 北京京南精工 │ 1,234.50 │
            │ DX-B  │ Acme, "Ltd"  │     7.00 │
            ╰───────┴──────────────┴──────────╯
            2 row(s)

            """,
            text);
    }

    [Fact]
    public async Task WriteAsync_TextWithLongCell_NeverWrapsWhenRedirected()
    {
        using var output = new StringWriter();
        var message = new string('长', 300);

        ListingOutput.WriteTable(output, ["A", "MESSAGE"], [["x", message]]);

        var lines = output.ToString().ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(5, lines.Length); // top border, heading, rule, one row, bottom border
        Assert.Contains(message, lines[3], StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_Csv_HeaderAndQuotedRowsOnly()
    {
        var csv = await WriteAsync("csv");

        Assert.Equal("leaseId,enterprise,amountYuan\r\nFS-A,北京京南精工,1234.50\r\nDX-B,\"Acme, \"\"Ltd\"\"\",7.00\r\n", csv.Replace("\n", "\r\n", StringComparison.Ordinal).Replace("\r\r\n", "\r\n", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WriteAsync_JsonWithXlsx_JsonOnStdoutAndTheCsvColumnsInTheWorkbook()
    {
        var file = new FileInfo(Path.Combine(Path.GetTempPath(), $"cm-listing-{Guid.NewGuid():N}.xlsx"));
        try
        {
            var json = await WriteAsync("json", file);

            Assert.Equal("[\"json\"]\n", json);
            using var workbook = new ClosedXML.Excel.XLWorkbook(file.FullName);
            var sheet = workbook.Worksheet("rows");
            Assert.Equal(
                [["leaseId", "enterprise", "amountYuan"], ["FS-A", "北京京南精工", "1234.50"], ["DX-B", "Acme, \"Ltd\"", "7.00"]],
                Enumerable.Range(1, 3).Select(r => Enumerable.Range(1, 3).Select(c => sheet.Cell(r, c).GetString()).ToArray()).ToArray());
        }
        finally
        {
            file.Delete();
        }
    }
}
