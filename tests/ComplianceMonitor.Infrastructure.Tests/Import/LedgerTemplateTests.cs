using System.IO.Compression;
using ClosedXML.Excel;
using ComplianceMonitor.Infrastructure.Import;
using static ComplianceMonitor.Infrastructure.Tests.Import.LedgerFixtures;

namespace ComplianceMonitor.Infrastructure.Tests.Import;

[Trait("Category", "unit")]
public sealed class LedgerTemplateTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void WriteXlsx_Template_HasEverySheetWithChineseHeadersInOrderAndANotesSheet()
    {
        using var workbook = Generate();

        Assert.Equal(["租赁台账", "租金计划", "租金缴纳", "地价缴纳", "事项", "履约节点", "履约指标", "指标实绩", "说明"], workbook.Worksheets.Select(w => w.Name));
        Assert.Equal(
            [.. XlsxLedgerReaderTests.ChineseHeaders, "履约监管协议编号", "履约监管协议签订日期", "节点逾期违约金（‰/日）", "违约金基数", "退还申请日期", "退还受理日期", "退款支付日期"],
            Headers(workbook.Worksheet("租赁台账")));
        Assert.Equal(["租赁编号", "应缴日期", "金额（元）", "期间"], Headers(workbook.Worksheet("租金计划")));
        Assert.Equal(["租赁编号", "缴纳日期", "金额（元）", "备注"], Headers(workbook.Worksheet("租金缴纳")));
        Assert.Equal(["租赁编号", "缴纳日期", "金额（元）"], Headers(workbook.Worksheet("地价缴纳")));
        Assert.Equal(["租赁编号", "类型", "日期", "文号"], Headers(workbook.Worksheet("事项")));
        Assert.Equal(["租赁编号", "节点", "约定日期", "实际日期"], Headers(workbook.Worksheet("履约节点")));
        Assert.Equal(["租赁编号", "指标代码", "指标名称", "单位", "方向", "目标值"], Headers(workbook.Worksheet("履约指标")));
        Assert.Equal(["租赁编号", "指标代码", "年度", "实际值", "报送日期"], Headers(workbook.Worksheet("指标实绩")));
    }

    [Fact]
    public void WriteXlsx_Template_NotesSheetShowsAnExampleRowOfEachAgreementSheet()
    {
        using var workbook = Generate();
        var notes = workbook.Worksheet("说明");

        var rows = notes.RowsUsed().Select(r => string.Join("|", r.CellsUsed().Select(c => c.GetString()))).ToList();

        Assert.Contains("履约节点|租赁编号|节点|约定日期|实际日期", rows);
        Assert.Contains("FS-2024-0001|开工|2024-09-01|2024-08-28", rows);
        Assert.Contains("履约指标|租赁编号|指标代码|指标名称|单位|方向|目标值", rows);
        Assert.Contains("FS-2024-0001|investmentIntensity|投资强度|万元/亩|不低于|800", rows);
        Assert.Contains("指标实绩|租赁编号|指标代码|年度|实际值|报送日期", rows);
        Assert.Contains("FS-2024-0001|investmentIntensity|2025|620|2026-01-20", rows);
        Assert.Contains("FS-2024-0001|房山经信〔2024〕履约12号|2024-02-20|1|竞得价或补缴土地收益", rows);
    }

    [Fact]
    public void WriteXlsx_Template_AgreementCodedColumnsHaveDropDownLists()
    {
        var sheets = SheetXml();

        // sheet6 = 履约节点 (节点 B), sheet7 = 履约指标 (方向 E); 租赁台账's 违约金基数 is column AM.
        Assert.Contains("""sqref="B2:B2001"><x:formula1>"交地,开工,竣工,投产,达产"</x:formula1>""", sheets[6], StringComparison.Ordinal);
        Assert.Contains("""sqref="E2:E2001"><x:formula1>"不低于,不高于"</x:formula1>""", sheets[7], StringComparison.Ordinal);
        Assert.Contains("""sqref="AM2:AM2001"><x:formula1>"竞得价或补缴土地收益,租赁期租金"</x:formula1>""", sheets[1], StringComparison.Ordinal);
    }

    [Fact]
    public void WriteXlsx_Template_WritesDropDownListsAsQuotedExcelLists()
    {
        var sheets = SheetXml();

        // sheet1 = 租赁台账 (供应方式 H, 行政区 B, 考核结果 X), sheet2 = 租金计划 (期间 D), sheet5 = 事项 (类型 B).
        Assert.Contains("""sqref="H2:H2001"><x:formula1>"新增,存量盘活"</x:formula1>""", sheets[1], StringComparison.Ordinal);
        Assert.Contains("""sqref="X2:X2001"><x:formula1>"通过,不通过"</x:formula1>""", sheets[1], StringComparison.Ordinal);
        Assert.Contains("""<x:formula1>"东城区,西城区,朝阳区,丰台区,石景山区,海淀区,门头沟区,房山区,通州区,顺义区,昌平区,大兴区,怀柔区,平谷区,密云区,延庆区,北京经济技术开发区,临空经济区（大兴）"</x:formula1>""", sheets[1], StringComparison.Ordinal);
        Assert.Contains("""sqref="D2:D2001"><x:formula1>"租赁,续租"</x:formula1>""", sheets[2], StringComparison.Ordinal);
        Assert.Contains("""sqref="B2:B2001"><x:formula1>"转让,转租,抵押,改变用途,改变产业类型,房地产开发"</x:formula1>""", sheets[5], StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteXlsx_EmptyTemplate_ReadsAsAValidEmptyLedger()
    {
        var path = _folder.File("template.xlsx");
        await using (var file = File.Create(path))
        {
            LedgerTemplate.WriteXlsx(file);
        }

        var progress = new RecordingProgress();
        var result = await new LedgerReader().ReadAsync(path, progress);

        Assert.True(result.IsValid);
        Assert.Empty(result.Records);
        Assert.Equal(0, result.RowsRead);
        Assert.Equal([new LedgerProgress(0, 0)], progress.Reports);
    }

    [Fact]
    public async Task WriteXlsx_TemplateFilledInLikeAUser_ReadsTheLease()
    {
        var path = _folder.File("filled.xlsx");
        using (var workbook = Generate())
        {
            // Typed as a person would: text into the text-formatted columns, dates and amounts as Excel values.
            Fill(workbook.Worksheet("租赁台账"), 2,
                "FS-2024-0001", "房山区", "FS00-0105-0012", "窦店镇工业地块", 35000.5, "工业用地", "高端制造", "新增", "北京某某科技有限公司", FangshanCreditCode,
                "张三", "zhang@example.com", "13800138000", 30935000.0, 5, 20, new DateTime(2024, 3, 1), new DateTime(2029, 2, 28));
            Fill(workbook.Worksheet("租金计划"), 2, "FS-2024-0001", new DateTime(2024, 3, 1), 7733750.0, "租赁");
            Fill(workbook.Worksheet("租金计划"), 3, "FS-2024-0001", new DateTime(2025, 3, 1), 386687.5);
            Fill(workbook.Worksheet("租金缴纳"), 2, "FS-2024-0001", new DateTime(2024, 3, 1), 7733750.0, "竞买保证金转租金");
            Fill(workbook.Worksheet("事项"), 2, "FS-2024-0001", "抵押", new DateTime(2025, 6, 10), "京(2025)房山区不动产证明第0001234号");
            workbook.SaveAs(path);
        }

        var result = await new LedgerReader().ReadAsync(path);

        AssertRecords(result, Fangshan);
        Assert.Equal(5, result.RowsRead);
    }

    [Fact]
    public void WriteXlsx_CommittedTemplate_MatchesTheGenerator()
    {
        var committed = Path.Combine(RepositoryRoot.Find(), "samples", "templates", "ledger-template.xlsx");
        if (Environment.GetEnvironmentVariable("CM_REGENERATE_SAMPLES") == "1")
        {
            using var file = File.Create(committed);
            LedgerTemplate.WriteXlsx(file);
        }

        using var generated = Generate();
        using var saved = new XLWorkbook(committed);

        Assert.Equal(Describe(generated), Describe(saved));
    }

    private static XLWorkbook Generate()
    {
        var stream = new MemoryStream();
        LedgerTemplate.WriteXlsx(stream);
        stream.Position = 0;
        return new XLWorkbook(stream);
    }

    /// <summary>The worksheets' XML by sheet number (1-based, in workbook order).</summary>
    private static Dictionary<int, string> SheetXml()
    {
        using var stream = new MemoryStream();
        LedgerTemplate.WriteXlsx(stream);
        stream.Position = 0;
        using var zip = new ZipArchive(stream, ZipArchiveMode.Read);
        return Enumerable.Range(1, 9).ToDictionary(n => n, n =>
        {
            using var reader = new StreamReader(zip.GetEntry($"xl/worksheets/sheet{n}.xml")!.Open());
            return reader.ReadToEnd();
        });
    }

    private static string[] Headers(IXLWorksheet worksheet) =>
        worksheet.Row(1).CellsUsed().Select(c => c.GetString()).ToArray();

    private static void Fill(IXLWorksheet worksheet, int row, params object[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            var cell = worksheet.Cell(row, i + 1);
            switch (values[i])
            {
                case string text:
                    cell.SetValue(text);
                    cell.DataType = XLDataType.Text;
                    break;
                case DateTime date:
                    cell.SetValue(date);
                    break;
                case double number:
                    cell.SetValue(number);
                    break;
                case int number:
                    cell.SetValue(number);
                    break;
            }
        }
    }

    /// <summary>What a person sees of a workbook: sheets, every non-empty cell, comments, validations and number formats of row 2.</summary>
    private static List<string> Describe(XLWorkbook workbook)
    {
        var lines = new List<string>();
        foreach (var worksheet in workbook.Worksheets)
        {
            lines.Add($"sheet {worksheet.Name}");
            lines.AddRange(worksheet.CellsUsed().Select(c =>
                $"{c.Address} {c.GetString()} {(c.HasComment ? c.Comment.Text : "")} {worksheet.Cell(2, c.Address.ColumnNumber).Style.NumberFormat.Format}"));
            lines.AddRange(worksheet.DataValidations.Select(v =>
                $"validation {string.Join(",", v.Ranges.Select(r => r.RangeAddress.ToString()))} {v.AllowedValues} {v.Operator} {v.Value} {v.MinValue} {v.MaxValue} {v.ErrorStyle}"));
        }

        return lines;
    }
}
