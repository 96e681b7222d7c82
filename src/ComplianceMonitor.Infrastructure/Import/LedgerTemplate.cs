using ClosedXML.Excel;
using ComplianceMonitor.Domain.Jurisdictions;

namespace ComplianceMonitor.Infrastructure.Import;

/// <summary>Writes the empty ledger workbook a district fills in: the sheets and Chinese headers of <see cref="LedgerColumns"/>, with drop-down lists and notes.</summary>
/// <remarks>
/// Required headers are shaded; every header carries a comment with its wire field and format; date, number and
/// coded columns get Excel data validation (a warning, not a block, since the reader also accepts the English codes and
/// text dates); text columns are formatted as text so credit codes and mobile numbers keep every digit.
/// </remarks>
public static class LedgerTemplate
{
    /// <summary>The number of data rows that get data validation (column formats apply to the whole column).</summary>
    public const int PreparedRows = 2000;

    /// <summary>The name of the notes sheet (never read by <see cref="LedgerReader"/>).</summary>
    public const string NotesSheetName = "说明";

    private static readonly XLColor RequiredFill = XLColor.FromArgb(0xFF, 0xF2, 0xCC);
    private static readonly XLColor OptionalFill = XLColor.FromArgb(0xDD, 0xEB, 0xF7);

    /// <summary>Writes the template workbook (.xlsx) to <paramref name="stream"/>.</summary>
    public static void WriteXlsx(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var workbook = new XLWorkbook();
        // Fixed document dates keep the committed template stable across regenerations.
        workbook.Properties.Created = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);
        workbook.Properties.Modified = workbook.Properties.Created;
        workbook.Properties.Title = "先租后让 租赁台账";
        foreach (var sheet in LedgerColumns.Sheets)
        {
            WriteSheet(workbook.Worksheets.Add(sheet.Name), sheet);
        }

        WriteNotes(workbook.Worksheets.Add(NotesSheetName));
        workbook.SaveAs(stream);
    }

    private static void WriteSheet(IXLWorksheet worksheet, LedgerSheet sheet)
    {
        for (var i = 0; i < sheet.Columns.Count; i++)
        {
            var column = sheet.Columns[i];
            var number = i + 1;
            var cell = worksheet.Cell(1, number);
            cell.SetValue(column.Header);
            cell.DataType = XLDataType.Text;
            cell.Style.Font.Bold = true;
            cell.Style.Fill.BackgroundColor = column.Required ? RequiredFill : OptionalFill;
            cell.Style.Alignment.WrapText = true;
            cell.Comment.AddText($"{column.WireName}{(column.Required ? "（必填）" : "")}\n{column.Format}");

            // A column style (stored once) rather than 2000 styled cells keeps the file small and quick to write.
            var sheetColumn = worksheet.Column(number);
            sheetColumn.Width = Math.Clamp(column.Header.Length * 2.2 + 2, 12, 30);
            sheetColumn.Style.NumberFormat.Format = column.Kind switch
            {
                LedgerCellKind.Date => "yyyy-mm-dd",
                LedgerCellKind.Decimal => "#,##0.00",
                LedgerCellKind.Integer => "0",
                _ => "@",
            };
            cell.Style.NumberFormat.Format = "@";
            AddValidation(worksheet.Range(2, number, PreparedRows + 1, number), column);
        }

        worksheet.SheetView.FreezeRows(1);
        worksheet.Row(1).Height = 30;
    }

    private static void AddValidation(IXLRange data, LedgerColumn column)
    {
        var values = column.Kind == LedgerCellKind.District
            ? Jurisdiction.All.Select(j => j.Name).ToList()
            : LedgerColumns.ValuesOf(column.Kind)?.Select(v => v.Chinese).ToList();
        IXLDataValidation validation;
        if (values is not null)
        {
            validation = data.SetDataValidation();
            validation.List($"\"{string.Join(",", values)}\"", true);
        }
        else if (column.Kind == LedgerCellKind.Date)
        {
            validation = data.SetDataValidation();
            validation.Date.EqualOrGreaterThan(new DateTime(1990, 1, 1, 0, 0, 0, DateTimeKind.Unspecified));
        }
        else if (column.Kind == LedgerCellKind.Decimal)
        {
            validation = data.SetDataValidation();
            if (column == LedgerColumns.IndicatorActuals.Columns.Single(c => c.WireName == "value"))
            {
                // An actual may be 0 (nothing invested yet, no energy used).
                validation.Decimal.EqualOrGreaterThan(0);
            }
            else
            {
                validation.Decimal.GreaterThan(0);
            }
        }
        else if (column.Kind == LedgerCellKind.Integer)
        {
            validation = data.SetDataValidation();
            validation.WholeNumber.Between(1, 99);
        }
        else
        {
            return;
        }

        validation.IgnoreBlanks = true;
        validation.ErrorStyle = XLErrorStyle.Warning;
        validation.ShowErrorMessage = true;
        validation.ErrorTitle = Truncate(column.Header, 32);
        validation.ErrorMessage = Truncate(column.Format, 225);
        validation.ShowInputMessage = true;
        validation.InputTitle = Truncate(column.Header, 32);
        validation.InputMessage = Truncate(column.Format, 250);
    }

    private static void WriteNotes(IXLWorksheet notes)
    {
        var row = 1;
        notes.Cell(row++, 1).SetValue("先租后让 租赁台账 填写说明").Style.Font.SetBold(true).Font.SetFontSize(14);
        string[] lines =
        [
            "每宗租赁在「租赁台账」占一行；租金计划、租金缴纳、地价缴纳、事项 各占一行，用「租赁编号」对应到租赁。",
            "第1行是表头，不要改动；表头也可以写英文字段名（如 leaseId）。多余或拼错的列会被拒绝，以免漏掉数据。",
            "日期填 Excel 日期或 yyyy-MM-dd 文本；金额填数字（元，最多两位小数）。空行会被跳过。",
            "导入时全部校验：任何一行有错，整个文件都不导入，并列出每个错误所在的工作表、行和列。",
            "黄色表头为必填列；蓝色为选填。邮箱和手机号码至少填一项。本「说明」工作表不会被读取。",
            "履约监管协议：协议编号、签订日期、违约金和退还土地的日期填在「租赁台账」右侧各列；履约节点、履约指标、指标实绩 各占一行，用「租赁编号」（实绩再用「指标代码」）对应。示例见下方。",
        ];
        foreach (var line in lines)
        {
            notes.Cell(row++, 1).SetValue(line);
        }

        row++;
        string[] headers = ["工作表", "列（表头）", "字段", "格式", "必填"];
        for (var i = 0; i < headers.Length; i++)
        {
            notes.Cell(row, i + 1).SetValue(headers[i]).Style.Font.SetBold(true).Fill.SetBackgroundColor(OptionalFill);
        }

        row++;
        foreach (var sheet in LedgerColumns.Sheets)
        {
            foreach (var column in sheet.Columns)
            {
                notes.Cell(row, 1).SetValue(sheet.Name);
                notes.Cell(row, 2).SetValue(column.Header);
                notes.Cell(row, 3).SetValue(sheet.ListPath is null ? column.WireName : $"{sheet.ListPath}[].{column.WireName}");
                notes.Cell(row, 4).SetValue(column.Format);
                notes.Cell(row, 5).SetValue(column.Required ? "是" : "");
                row++;
            }
        }

        row++;
        notes.Cell(row++, 1).SetValue("示例：履约监管协议（示例行只在本说明中，不会被读取）").Style.Font.SetBold(true);
        foreach (var (sheet, example) in AgreementExamples)
        {
            notes.Cell(row, 1).SetValue(sheet.Name).Style.Font.SetBold(true);
            var column = 2;
            foreach (var (header, _) in example)
            {
                notes.Cell(row, column++).SetValue(header).Style.Fill.SetBackgroundColor(OptionalFill);
            }

            row++;
            column = 2;
            foreach (var (_, value) in example)
            {
                notes.Cell(row, column++).SetValue(value).DataType = XLDataType.Text;
            }

            row++;
        }

        row++;
        notes.Cell(row++, 1).SetValue("行政区代码").Style.Font.SetBold(true);
        foreach (var jurisdiction in Jurisdiction.All)
        {
            notes.Cell(row, 1).SetValue(jurisdiction.Code).DataType = XLDataType.Text;
            notes.Cell(row, 2).SetValue(jurisdiction.Name);
            row++;
        }

        notes.Column(1).Width = 14;
        notes.Column(2).Width = 28;
        notes.Column(3).Width = 36;
        notes.Column(4).Width = 60;
        notes.Column(5).Width = 8;
    }

    /// <summary>One example row per agreement sheet (and the agreement columns of 租赁台账), for the notes sheet.</summary>
    private static IReadOnlyList<(LedgerSheet Sheet, (string Header, string Value)[] Row)> AgreementExamples { get; } =
    [
        (LedgerColumns.Leases,
        [
            ("租赁编号", "FS-2024-0001"), ("履约监管协议编号", "房山经信〔2024〕履约12号"), ("履约监管协议签订日期", "2024-02-20"),
            ("节点逾期违约金（‰/日）", "1"), ("违约金基数", "竞得价或补缴土地收益"), ("退还申请日期", ""), ("退还受理日期", ""), ("退款支付日期", ""),
        ]),
        (LedgerColumns.Milestones, [("租赁编号", "FS-2024-0001"), ("节点", "开工"), ("约定日期", "2024-09-01"), ("实际日期", "2024-08-28")]),
        (LedgerColumns.Indicators,
        [
            ("租赁编号", "FS-2024-0001"), ("指标代码", "investmentIntensity"), ("指标名称", "投资强度"), ("单位", "万元/亩"), ("方向", "不低于"), ("目标值", "800"),
        ]),
        (LedgerColumns.IndicatorActuals,
        [
            ("租赁编号", "FS-2024-0001"), ("指标代码", "investmentIntensity"), ("年度", "2025"), ("实际值", "620"), ("报送日期", "2026-01-20"),
        ]),
    ];

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}
