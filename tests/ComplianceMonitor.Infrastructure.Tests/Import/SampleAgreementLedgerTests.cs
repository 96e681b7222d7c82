using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClosedXML.Excel;
using ComplianceMonitor.Domain.Jurisdictions;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Infrastructure.Import;

namespace ComplianceMonitor.Infrastructure.Tests.Import;

/// <summary>
/// <c>samples/ledger-agreements.xlsx</c> and <c>samples/ledger-agreements.csv</c> hold the agreement leases of
/// <c>samples/ledger.json</c> as a district keeps them; each imports to exactly the records the JSON gives (every field,
/// rent and agreement alike). When those leases change in the JSON, regenerate both with <c>CM_REGENERATE_SAMPLES=1</c>
/// (leases added to the JSON later do not fail these tests: each sample lease is compared with the JSON lease of its id).
/// </summary>
[Trait("Category", "unit")]
public sealed class SampleAgreementLedgerTests
{
    /// <summary>The leases of samples/ledger.json with a performance agreement or a voluntary return, in ledger order.</summary>
    private static IReadOnlyList<LeaseRecord> JsonLeases()
    {
        var read = LeaseRecordReader.ReadMany(File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "samples", "ledger.json")));
        Assert.Empty(read.Errors);
        return [.. read.Records.Where(r => r.Agreement is not null || r.VoluntaryReturn is not null)];
    }

    [Fact]
    public async Task SampleWorkbook_ImportsToTheAgreementLeasesOfTheJsonLedger()
    {
        var expected = JsonLeases();
        var path = Path.Combine(RepositoryRoot.Find(), "samples", "ledger-agreements.xlsx");
        if (Environment.GetEnvironmentVariable("CM_REGENERATE_SAMPLES") == "1")
        {
            WriteWorkbook(path, expected);
        }

        var result = await new LedgerReader().ReadAsync(path);

        Assert.Empty(result.Errors);
        AssertSameRecords(expected, result.Records);
    }

    [Fact]
    public async Task SampleCsv_ImportsToTheAgreementLeasesOfTheJsonLedger()
    {
        var expected = JsonLeases();
        var path = Path.Combine(RepositoryRoot.Find(), "samples", "ledger-agreements.csv");
        if (Environment.GetEnvironmentVariable("CM_REGENERATE_SAMPLES") == "1")
        {
            WriteCsv(path, expected);
        }

        var result = await new LedgerReader().ReadAsync(path);

        Assert.Empty(result.Errors);
        AssertSameRecords(expected, result.Records);
    }

    /// <summary>
    /// Each sample lease has the stored form of the JSON lease of its id, numbers compared by value (a workbook's
    /// 24000000 is the JSON's 24000000.00); the sample holds at least the five agreement leases the README shows.
    /// </summary>
    private static void AssertSameRecords(IReadOnlyList<LeaseRecord> json, IReadOnlyList<LeaseRecord> sample)
    {
        const string Regenerate = "; regenerate the samples with CM_REGENERATE_SAMPLES=1 (SampleAgreementLedgerTests)";
        Assert.True(sample.Count >= 5, $"only {sample.Count} leases in the sample{Regenerate}");
        Assert.All(sample, r => Assert.True(r.Agreement is not null || r.VoluntaryReturn is not null, $"{r.LeaseId} has no agreement"));
        foreach (var got in sample)
        {
            var expected = json.FirstOrDefault(r => r.LeaseId == got.LeaseId);
            Assert.True(expected is not null, $"{got.LeaseId} is not an agreement lease of samples/ledger.json{Regenerate}");
            var want = JsonNode.Parse(LeaseRecordJson.Serialize(expected));
            var have = JsonNode.Parse(LeaseRecordJson.Serialize(got));
            Assert.True(SameJson(want, have), $"{got.LeaseId}{Regenerate}:\nexpected {want?.ToJsonString()}\nactual   {have?.ToJsonString()}");
        }
    }

    private static bool SameJson(JsonNode? a, JsonNode? b) => (a, b) switch
    {
        (null, null) => true,
        (JsonObject x, JsonObject y) => x.Count == y.Count && x.All(p => y.ContainsKey(p.Key) && SameJson(p.Value, y[p.Key])),
        (JsonArray x, JsonArray y) => x.Count == y.Count && x.Zip(y).All(p => SameJson(p.First, p.Second)),
        (JsonValue x, JsonValue y) when x.GetValueKind() == JsonValueKind.Number && y.GetValueKind() == JsonValueKind.Number =>
            x.GetValue<decimal>() == y.GetValue<decimal>(),
        (JsonValue x, JsonValue y) => x.ToJsonString() == y.ToJsonString(),
        _ => false,
    };

    // ---- writing the samples from the JSON (a test helper, not a product exporter) ----

    private static void WriteWorkbook(string path, IReadOnlyList<LeaseRecord> leases)
    {
        var json = leases.Select(r => JsonNode.Parse(LeaseRecordJson.Serialize(r))!.AsObject()).ToList();
        using var workbook = new XLWorkbook();
        workbook.Properties.Created = new DateTime(2026, 11, 26, 0, 0, 0, DateTimeKind.Unspecified);
        workbook.Properties.Modified = workbook.Properties.Created;
        foreach (var sheet in LedgerColumns.Sheets)
        {
            var worksheet = workbook.Worksheets.Add(sheet.Name);
            for (var c = 0; c < sheet.Columns.Count; c++)
            {
                worksheet.Cell(1, c + 1).SetValue(sheet.Columns[c].Header).Style.Font.SetBold(true);
            }

            var row = 2;
            foreach (var values in json.SelectMany(l => RowsOf(sheet, l)))
            {
                for (var c = 0; c < sheet.Columns.Count; c++)
                {
                    SetCell(worksheet.Cell(row, c + 1), sheet.Columns[c], values(sheet.Columns[c]));
                }

                row++;
            }

            for (var c = 0; c < sheet.Columns.Count; c++)
            {
                // Fixed widths (AutoFit needs a font library the build machines lack).
                worksheet.Column(c + 1).Width = sheet.Columns[c].Kind == LedgerCellKind.Date ? 12 : Math.Clamp(sheet.Columns[c].Header.Length * 2.2 + 2, 10, 30);
            }

            worksheet.SheetView.FreezeRows(1);
        }

        workbook.SaveAs(path);
    }

    /// <summary>The rows a lease has on a sheet: one on 租赁台账, one per item on a child sheet; each row gives a column's JSON value.</summary>
    private static IEnumerable<Func<LedgerColumn, JsonNode?>> RowsOf(LedgerSheet sheet, JsonObject lease)
    {
        var id = lease["leaseId"]!.DeepClone();
        if (sheet.ListPath is null)
        {
            yield return c => At(lease, c.WireName);
        }
        else if (sheet == LedgerColumns.IndicatorActuals)
        {
            foreach (var indicator in Items(At(lease, "agreement.indicators")))
            {
                foreach (var actual in Items(indicator["actuals"]))
                {
                    yield return c => c.WireName == "leaseId" ? id : c.WireName == LedgerColumns.IndicatorCodeLink ? indicator["code"] : actual[c.WireName];
                }
            }
        }
        else
        {
            foreach (var item in Items(At(lease, sheet.ListPath)))
            {
                yield return c => c.WireName == "leaseId" ? id : item[c.WireName];
            }
        }
    }

    private static void SetCell(IXLCell cell, LedgerColumn column, JsonNode? value)
    {
        if (value is null)
        {
            return;
        }

        var text = value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString();
        switch (column.Kind)
        {
            case LedgerCellKind.Date:
                cell.SetValue(DateTime.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture));
                cell.Style.NumberFormat.Format = "yyyy-mm-dd";
                break;
            case LedgerCellKind.Decimal or LedgerCellKind.Integer:
                cell.SetValue(double.Parse(text, CultureInfo.InvariantCulture));
                break;
            default:
                cell.SetValue(Written(column, text));
                cell.DataType = XLDataType.Text;
                break;
        }
    }

    private static void WriteCsv(string path, IReadOnlyList<LeaseRecord> leases)
    {
        var columns = LedgerColumns.CsvColumns;
        var lines = new List<string> { string.Join(",", columns.Select(c => Quote(c.Header))) };
        foreach (var lease in leases.Select(r => JsonNode.Parse(LeaseRecordJson.Serialize(r))!.AsObject()))
        {
            lines.Add(string.Join(",", columns.Select(c => Quote(LedgerColumns.IsListKind(c.Kind) ? Compact(c, lease) : Plain(c, At(lease, c.WireName))))));
        }

        File.WriteAllText(path, string.Join("\r\n", lines) + "\r\n", new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
    }

    private static string Plain(LedgerColumn column, JsonNode? value) =>
        value is null ? "" : Written(column, value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString());

    /// <summary>A list in the compact notation of docs/ledger-columns.md.</summary>
    private static string Compact(LedgerColumn column, JsonObject lease)
    {
        string S(JsonNode? n) => n is null ? "" : n.GetValueKind() == JsonValueKind.String ? n.GetValue<string>() : n.ToJsonString();
        string Word(LedgerCellKind kind, JsonNode? n) => LedgerColumns.ValuesOf(kind)!.First(v => v.Wire == S(n)).Chinese;
        IEnumerable<string> items = column.Kind switch
        {
            LedgerCellKind.RentScheduleList => Items(At(lease, "rentSchedule")).Select(i =>
                $"{S(i["dueOn"])}={S(i["amountYuan"])}{(S(i["period"]) == "renewal" ? "@续租" : "")}"),
            LedgerCellKind.RentPaymentList => Items(At(lease, "rentPayments")).Select(i =>
                $"{S(i["paidOn"])}={S(i["amountYuan"])}{(i["ref"] is null ? "" : "#" + S(i["ref"]))}"),
            LedgerCellKind.PricePaymentList => Items(At(lease, "transfer.pricePayments")).Select(i => $"{S(i["paidOn"])}={S(i["amountYuan"])}"),
            LedgerCellKind.EventList => Items(At(lease, "events")).Select(i =>
                $"{Word(LedgerCellKind.EventType, i["type"])}@{S(i["on"])}{(i["ref"] is null ? "" : "#" + S(i["ref"]))}"),
            LedgerCellKind.MilestoneList => Items(At(lease, "agreement.milestones")).Select(i =>
                $"{Word(LedgerCellKind.MilestoneKind, i["kind"])}@{S(i["agreedOn"])}{(i["achievedOn"] is null ? "" : "=" + S(i["achievedOn"]))}"),
            LedgerCellKind.IndicatorList => Items(At(lease, "agreement.indicators")).Select(i =>
                $"{S(i["name"])}({S(i["code"])}){Word(LedgerCellKind.IndicatorDirection, i["direction"])}{S(i["target"])}{S(i["unit"])}"),
            LedgerCellKind.IndicatorActualList => Items(At(lease, "agreement.indicators")).SelectMany(i => Items(i["actuals"]).Select(a =>
                $"{S(i["code"])}@{S(a["period"])}={S(a["value"])}#{S(a["reportedOn"])}")),
            _ => throw new ArgumentOutOfRangeException(nameof(column), column.Kind, "not a list column"),
        };
        var written = items.ToList();
        Assert.DoesNotContain(written, i => i.Contains(';', StringComparison.Ordinal) || i.Contains('；', StringComparison.Ordinal));
        return string.Join(";", written);
    }

    /// <summary>How a district writes a value: the Chinese word of a coded value, the name of a district.</summary>
    private static string Written(LedgerColumn column, string wire) => column.Kind switch
    {
        LedgerCellKind.District => Jurisdiction.All.First(j => j.Code == wire).Name,
        _ when LedgerColumns.ValuesOf(column.Kind) is { } values => values.First(v => v.Wire == wire).Chinese,
        _ => wire,
    };

    private static string Quote(string cell) =>
        cell.IndexOfAny([',', '"', '\n', '\r']) < 0 ? cell : "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static JsonNode? At(JsonObject root, string path)
    {
        JsonNode? node = root;
        foreach (var part in path.Split('.'))
        {
            node = node is JsonObject o ? o[part] : null;
        }

        return node;
    }

    private static IEnumerable<JsonObject> Items(JsonNode? list) => list is JsonArray array ? array.OfType<JsonObject>() : [];
}
