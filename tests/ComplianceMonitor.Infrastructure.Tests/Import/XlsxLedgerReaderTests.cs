using ComplianceMonitor.Infrastructure.Import;
using static ComplianceMonitor.Infrastructure.Tests.Import.LedgerFixtures;

namespace ComplianceMonitor.Infrastructure.Tests.Import;

[Trait("Category", "unit")]
public sealed class XlsxLedgerReaderTests : IDisposable
{
    internal static readonly string[] ChineseHeaders =
    [
        "租赁编号", "行政区", "宗地编号", "宗地名称", "用地面积（平方米）", "土地用途", "产业类型", "供应方式", "用地单位", "统一社会信用代码",
        "联系人", "电子邮箱", "手机号码", "竞得价或补缴土地收益（元）", "租赁年期", "总年期", "租赁起始日", "租赁截止日", "重大项目批准文号",
        "重大项目批准日期", "批准最长总年期", "竣工验收日期", "考核申请日期", "考核结果", "考核决定日期", "考核结果通知送达日期", "出让申请日期",
        "出让合同签订日期", "出让登记日期", "续租申请日期", "续租批准日期", "续租不予批准日期", "续租批准年期", "续租截止日", "退出完成日期",
    ];

    private static readonly string[] EnglishHeaders =
    [
        "leaseId", "districtCode", "parcel.code", "parcel.name", "parcel.areaSqm", "parcel.landUse", "parcel.industryType", "supplyMode",
        "landUser.name", "landUser.creditCode", "landUser.contactName", "landUser.email", "landUser.mobile", "basePriceYuan", "leaseYears",
        "totalYears", "leaseStart", "leaseEnd", "majorProjectApproval.ref", "majorProjectApproval.approvedOn", "majorProjectApproval.maxTotalYears",
        "constructionCompletedOn", "assessment.appliedOn", "assessment.result", "assessment.decidedOn", "assessment.noticeReceivedOn",
        "transfer.appliedOn", "transfer.contractSignedOn", "transfer.registeredOn", "renewal.appliedOn", "renewal.approvedOn",
        "renewal.refusedOn", "renewal.approvedYears", "renewal.newLeaseEnd", "exit.completedOn",
    ];

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task ReadAsync_WorkbookWithChineseHeaders_ReadsEveryFieldOfEachLease()
    {
        var path = WriteLedger("台账.xlsx", ChineseHeaders, chineseSheets: true);

        var result = await CreateSut().ReadAsync(path);

        AssertRecords(result, Fangshan, Daxing, Yizhuang);
        Assert.Equal(3 + 5 + 2 + 2 + 3, result.RowsRead);
    }

    [Fact]
    public async Task ReadAsync_WorkbookWithWireNameHeadersAndEnglishSheetNames_ReadsTheSameLeases()
    {
        var path = WriteLedger("ledger.xlsx", EnglishHeaders, chineseSheets: false);

        var result = await CreateSut().ReadAsync(path);

        AssertRecords(result, Fangshan, Daxing, Yizhuang);
    }

    [Fact]
    public async Task ReadAsync_OneBadRowAmongGoodOnes_ReturnsNoRecordAndEveryErrorBySheetRowAndHeader()
    {
        var leases = LeaseRows(ChineseHeaders);
        // Row 4 (大兴): a wrong check character, a month 13 typed as text, and an unknown supply mode.
        leases[3] = Replace(ChineseHeaders, leases[3], ("统一社会信用代码", "91110115MA00XYK12A"), ("租赁起始日", "2023-13-01"), ("供应方式", "租用"));
        var rentSchedule = RentScheduleRows("租赁编号", "应缴日期", "金额（元）", "期间");
        // 租金计划 row 4 belongs to 房山 (row 2): a negative amount.
        rentSchedule[3] = ["FS-2024-0001", new DateOnly(2025, 3, 1), -386687.5m, null];
        var path = _folder.File("bad.xlsx");
        TestWorkbook.Write(path, ("租赁台账", leases), ("租金计划", rentSchedule));

        var result = await CreateSut().ReadAsync(path);

        AssertErrors(result,
            new ImportError("租赁台账", 4, "DX-2023-0007", "supplyMode",
                "租赁台账 第4行 供应方式（H4）：「租用」不是有效值，应为 新增、存量盘活（或 new、existing）"),
            new ImportError("租赁台账", 4, "DX-2023-0007", "leaseStart", "租赁台账 第4行 租赁起始日（Q4）：「2023-13-01」不是有效日期，应为 yyyy-MM-dd"),
            new ImportError("租赁台账", 4, "DX-2023-0007", "landUser.creditCode",
                "租赁台账 第4行 统一社会信用代码（J4）：check character should be 'T', not 'A' (校验码应为T)"),
            new ImportError("租金计划", 4, "FS-2024-0001", "rentSchedule[1].amountYuan", "租金计划 第4行 金额（元）（C4）：must be greater than 0 (应大于0)"));
        Assert.Equal(3 + 5, result.RowsRead);
    }

    [Fact]
    public async Task ReadAsync_UnknownColumn_IsAnErrorNamingTheHeader()
    {
        var headers = ChineseHeaders.Append("备用电话").ToArray();
        var leases = LeaseRows(headers);
        leases[1] = Replace(headers, leases[1], ("备用电话", "010-12345678"));
        var path = _folder.File("unknown-column.xlsx");
        TestWorkbook.Write(path, ("租赁台账", leases));

        var result = await CreateSut().ReadAsync(path);

        AssertErrors(result, new ImportError("租赁台账", 1, null, "$", "租赁台账 第1行：未知列「备用电话」（AJ列）"));
    }

    [Fact]
    public async Task ReadAsync_DateCellHoldingAPlainNumber_IsAnErrorOnThatCell()
    {
        var leases = LeaseRows(ChineseHeaders);
        leases[1] = Replace(ChineseHeaders, leases[1], ("租赁截止日", 20290228));
        var path = _folder.File("number-date.xlsx");
        TestWorkbook.Write(path, ("租赁台账", leases));

        var result = await CreateSut().ReadAsync(path);

        AssertErrors(result, new ImportError("租赁台账", 2, "FS-2024-0001", "leaseEnd",
            "租赁台账 第2行 租赁截止日（R2）：「20290228」是数字，不是日期：请把单元格设为日期格式，或写成 yyyy-MM-dd"));
    }

    [Fact]
    public async Task ReadAsync_ChildRowWithBadDateCell_IsAnErrorOnTheChildSheetRow()
    {
        var events = EventRows("租赁编号", "类型", "日期", "文号");
        events[2] = ["YZ_2022_3", "转租", "2024年4月1日", null];
        var path = _folder.File("bad-event.xlsx");
        TestWorkbook.Write(path, ("租赁台账", LeaseRows(ChineseHeaders)), ("事项", events));

        var result = await CreateSut().ReadAsync(path);

        AssertErrors(result, new ImportError("事项", 3, "YZ_2022_3", "events[0].on", "事项 第3行 日期（C3）：「2024年4月1日」不是有效日期，应为 yyyy-MM-dd"));
    }

    [Fact]
    public async Task ReadAsync_DuplicateLeaseId_IsAnErrorOnTheLaterRow()
    {
        var leases = LeaseRows(ChineseHeaders);
        leases[4] = Replace(ChineseHeaders, leases[4], ("租赁编号", "FS-2024-0001"));
        var path = _folder.File("duplicate.xlsx");
        TestWorkbook.Write(path, ("租赁台账", leases));

        var result = await CreateSut().ReadAsync(path);

        AssertErrors(result, new ImportError("租赁台账", 5, "FS-2024-0001", "leaseId", "租赁台账 第5行：租赁编号「FS-2024-0001」重复，租赁台账 第2行已有同一编号"));
    }

    [Fact]
    public async Task ReadAsync_ChildRowForAnUnknownLease_IsAnError()
    {
        var payments = RentPaymentRows("租赁编号", "缴纳日期", "金额（元）", "备注");
        payments[2] = ["YZ-2022-3", new DateOnly(2022, 7, 1), 4400000m, null];
        var path = _folder.File("orphan.xlsx");
        TestWorkbook.Write(path, ("租赁台账", LeaseRows(ChineseHeaders)), ("租金缴纳", payments));

        var result = await CreateSut().ReadAsync(path);

        AssertErrors(result, new ImportError("租金缴纳", 3, "YZ-2022-3", "leaseId", "租金缴纳 第3行 租赁编号：「YZ-2022-3」不在「租赁台账」中"));
    }

    [Fact]
    public async Task ReadAsync_ChildRowWithoutLeaseIdAndDataUnderNoHeader_AreErrors()
    {
        var schedule = RentScheduleRows("租赁编号", "应缴日期", "金额（元）", "期间");
        schedule[2] = [null, new DateOnly(2022, 7, 1), 4400000m, null];
        schedule[4] = ["DX-2023-0007", new DateOnly(2023, 9, 1), 1000000m, "lease", null, "备注写在了表头外"];
        var path = _folder.File("child.xlsx");
        TestWorkbook.Write(path, ("租赁台账", LeaseRows(ChineseHeaders)), ("租金计划", schedule));

        var result = await CreateSut().ReadAsync(path);

        AssertErrors(result,
            new ImportError("租金计划", 3, null, "leaseId", "租金计划 第3行 租赁编号：未填写，无法归入租赁"),
            new ImportError("租金计划", 5, null, "$", "租金计划 第F列没有表头，但第5行有数据"));
    }

    [Fact]
    public async Task ReadAsync_MissingRequiredColumnAndUnknownSheet_ReportsEachOnceNotPerRow()
    {
        var leases = LeaseRows(ChineseHeaders).Select(r => r.Where((_, i) => ChineseHeaders[i] != "租赁截止日").ToArray()).ToArray();
        var path = _folder.File("missing-column.xlsx");
        TestWorkbook.Write(path, ("租赁台账", leases), ("租金记录", [["租赁编号"], ["FS-2024-0001"]]));

        var result = await CreateSut().ReadAsync(path);

        AssertErrors(result,
            new ImportError("租金记录", null, null, "$", "未知工作表「租金记录」：可识别的工作表为 租赁台账、租金计划、租金缴纳、地价缴纳、事项、履约节点、履约指标、指标实绩（说明、填写说明、notes 不读取）"),
            new ImportError("租赁台账", 1, null, "leaseEnd", "租赁台账 第1行：缺少必填列「租赁截止日」（leaseEnd）"));
    }

    [Fact]
    public async Task ReadAsync_CompactListColumnOnTheLeaseSheet_IsAnErrorPointingToTheChildSheet()
    {
        var headers = ChineseHeaders.Append("租金计划").ToArray();
        var path = _folder.File("list-column.xlsx");
        TestWorkbook.Write(path, ("租赁台账", LeaseRows(headers)));

        var result = await CreateSut().ReadAsync(path);

        AssertErrors(result, new ImportError("租赁台账", 1, null, "$", "租赁台账 第1行：列「租金计划」（AJ列）只用于 CSV，工作簿中请填在「租金计划」工作表"));
    }

    [Fact]
    public async Task ReadAsync_WorkbookWithoutLeaseSheet_IsAnError()
    {
        var path = _folder.File("no-leases.xlsx");
        TestWorkbook.Write(path, ("说明", [["只有说明"]]));

        var result = await CreateSut().ReadAsync(path);

        AssertErrors(result, new ImportError("no-leases.xlsx", null, null, "$", "no-leases.xlsx：没有「租赁台账」工作表"));
    }

    [Fact]
    public async Task ReadAsync_FileThatIsNotAWorkbook_IsAnError()
    {
        var path = _folder.File("fake.xlsx");
        await File.WriteAllTextAsync(path, "租赁编号,行政区");

        var result = await CreateSut().ReadAsync(path);

        var error = Assert.Single(result.Errors);
        Assert.Equal(("fake.xlsx", (int?)null, "$"), (error.Source, error.Row, error.Field));
        Assert.StartsWith("fake.xlsx：无法作为 Excel 工作簿（.xlsx）打开：", error.Message, StringComparison.Ordinal);
        Assert.Empty(result.Records);
    }

    [Fact]
    public async Task ReadAsync_Workbook_ReportsEveryRowExaminedAgainstTheKnownTotal()
    {
        var path = WriteLedger("progress.xlsx", ChineseHeaders, chineseSheets: true);
        var progress = new RecordingProgress();

        await CreateSut().ReadAsync(path, progress);

        // 4 lease rows (one empty) + 5 + 2 + 2 + 3 child rows.
        const int total = 16;
        Assert.Equal(Enumerable.Range(1, total).Select(n => new LedgerProgress(n, total)).Append(new LedgerProgress(total, total)), progress.Reports);
    }

    [Fact]
    public async Task ReadAsync_StreamThatCannotSeek_ReadsTheWorkbook()
    {
        var path = WriteLedger("stream.xlsx", ChineseHeaders, chineseSheets: true);
        await using var stream = new NonSeekableStream(await File.ReadAllBytesAsync(path));

        var result = await CreateSut().ReadAsync(stream, LedgerFormat.Xlsx);

        AssertRecords(result, Fangshan, Daxing, Yizhuang);
    }

    private static LedgerReader CreateSut() => new();

    private string WriteLedger(string name, string[] headers, bool chineseSheets)
    {
        var path = _folder.File(name);
        WriteLedgerFile(path, headers, chineseSheets);
        return path;
    }

    /// <summary>Writes the three fixture leases as a workbook of the pre-agreement layout (five sheets and 说明).</summary>
    internal static void WriteLedgerFile(string path, string[] headers, bool chineseSheets)
    {
        var english = !chineseSheets;
        TestWorkbook.Write(path,
            (english ? "leases" : "租赁台账", LeaseRows(headers)),
            (english ? "rentSchedule" : "租金计划", english ? RentScheduleRows("leaseId", "dueOn", "amountYuan", "period") : RentScheduleRows("租赁编号", "应缴日期", "金额（元）", "期间")),
            (english ? "rentPayments" : "租金缴纳", english ? RentPaymentRows("leaseId", "paidOn", "amountYuan", "ref") : RentPaymentRows("租赁编号", "缴纳日期", "金额（元）", "备注")),
            (english ? "pricePayments" : "地价缴纳", english ? PricePaymentRows("leaseId", "paidOn", "amountYuan") : PricePaymentRows("租赁编号", "缴纳日期", "金额（元）")),
            (english ? "events" : "事项", english ? EventRows("leaseId", "type", "on", "ref") : EventRows("租赁编号", "类型", "日期", "文号")),
            ("说明", [["这张工作表只给人看"], ["不会被读取"]]));
    }

    /// <summary>The header row and the three leases, with an empty row between 房山 and 大兴 (rows 2, 4, 5; row 3 empty).</summary>
    private static object?[][] LeaseRows(string[] headers) =>
    [
        headers,
        Row(headers,
            ("租赁编号", "FS-2024-0001"), ("行政区", "110111"), ("宗地编号", "FS00-0105-0012"), ("宗地名称", "窦店镇工业地块"),
            ("用地面积（平方米）", 35000.5m), ("土地用途", "工业用地"), ("产业类型", "高端制造"), ("供应方式", "新增"),
            ("用地单位", "北京某某科技有限公司"), ("统一社会信用代码", FangshanCreditCode), ("联系人", "张三"), ("电子邮箱", "zhang@example.com"),
            ("手机号码", 13800138000d), ("竞得价或补缴土地收益（元）", 30935000.00m), ("租赁年期", 5), ("总年期", 20),
            ("租赁起始日", new DateOnly(2024, 3, 1)), ("租赁截止日", new DateOnly(2029, 2, 28))),
        Row(headers, ("租赁编号", "  ")),
        Row(headers,
            ("租赁编号", "DX-2023-0007"), ("行政区", "大兴区"), ("宗地编号", "DX-0203-0045"), ("宗地名称", "采育镇存量工业用地"),
            ("用地面积（平方米）", "12000"), ("土地用途", "工业用地"), ("供应方式", "existing"),
            ("用地单位", "北京某某生物医药有限公司"), ("统一社会信用代码", DaxingCreditCode), ("手机号码", "13911112222"),
            ("竞得价或补缴土地收益（元）", "20,000,000.00"), ("租赁年期", "4"), ("总年期", 20),
            ("租赁起始日", "2023-09-01"), ("租赁截止日", "2027/8/31"),
            ("考核申请日期", new DateOnly(2027, 3, 1)), ("考核结果", "通过"), ("考核决定日期", new DateOnly(2027, 4, 15)),
            ("考核结果通知送达日期", new DateOnly(2027, 4, 20)), ("出让申请日期", new DateOnly(2027, 5, 6)),
            ("出让合同签订日期", "2027-06-01")),
        Row(headers,
            ("租赁编号", "YZ_2022_3"), ("行政区", "北京经济技术开发区"), ("宗地编号", "YZ-15-03"), ("宗地名称", "亦庄新城15街区地块"),
            ("产业类型", "集成电路"), ("供应方式", "新增"), ("用地单位", "北京某某半导体有限公司"), ("统一社会信用代码", YizhuangCreditCode),
            ("联系人", "李四"), ("电子邮箱", " li.si@example.cn "), ("竞得价或补缴土地收益（元）", 88000000.25m), ("租赁年期", 5), ("总年期", 30),
            ("租赁起始日", new DateOnly(2022, 7, 1)), ("租赁截止日", new DateOnly(2027, 6, 30)),
            ("重大项目批准文号", "京政函〔2022〕15号"), ("重大项目批准日期", new DateOnly(2022, 5, 10)), ("批准最长总年期", 30),
            ("竣工验收日期", new DateOnly(2023, 12, 20)), ("续租申请日期", new DateOnly(2027, 1, 5)), ("续租批准日期", new DateOnly(2027, 2, 1)),
            ("续租批准年期", 3), ("续租截止日", new DateOnly(2030, 6, 30))),
    ];

    /// <summary>租金计划, interleaved across leases; rows 2-6.</summary>
    private static object?[][] RentScheduleRows(params string[] headers) =>
    [
        headers,
        ["FS-2024-0001", new DateOnly(2024, 3, 1), 7733750.00m, "租赁"],
        ["YZ_2022_3", "2022-07-01", 4400000m, null],
        ["FS-2024-0001", new DateOnly(2025, 3, 1), 386687.5m, null],
        ["DX-2023-0007", new DateOnly(2023, 9, 1), 1000000m, "lease"],
        ["YZ_2022_3", new DateOnly(2027, 7, 1), 1320000m, "续租"],
    ];

    private static object?[][] RentPaymentRows(params string[] headers) =>
    [
        headers,
        ["FS-2024-0001", new DateOnly(2024, 3, 1), 7733750.00m, "竞买保证金转租金"],
        ["YZ_2022_3", new DateOnly(2022, 7, 1), "4400000", null],
    ];

    private static object?[][] PricePaymentRows(params string[] headers) =>
    [
        headers,
        ["DX-2023-0007", new DateOnly(2027, 6, 10), 12000000m],
        ["DX-2023-0007", "2027/6/20", "8,000,000.50"],
    ];

    private static object?[][] EventRows(params string[] headers) =>
    [
        headers,
        ["FS-2024-0001", "抵押", new DateOnly(2025, 6, 10), "京(2025)房山区不动产证明第0001234号"],
        ["YZ_2022_3", "sublease", new DateOnly(2024, 4, 1), null],
        ["YZ_2022_3", "改变用途", new DateOnly(2025, 1, 2), "亦规划〔2025〕3号"],
    ];

    /// <summary>A data row laid out under <paramref name="headers"/>; cells are named by their Chinese header.</summary>
    private static object?[] Row(string[] headers, params (string Header, object? Value)[] cells) =>
        Replace(headers, new object?[headers.Length], cells);

    private static object?[] Replace(string[] headers, object?[] row, params (string Header, object? Value)[] cells)
    {
        var copy = (object?[])row.Clone();
        foreach (var (header, value) in cells)
        {
            // Headers are aligned with ChineseHeaders (EnglishHeaders too); appended ones are looked up by name.
            var at = Array.IndexOf(ChineseHeaders, header);
            if (at < 0)
            {
                at = Array.IndexOf(headers, header);
            }

            if (at < 0)
            {
                throw new ArgumentException($"no column {header}", nameof(cells));
            }

            copy[at] = value;
        }

        return copy;
    }

    private sealed class NonSeekableStream(byte[] content) : MemoryStream(content)
    {
        public override bool CanSeek => false;
    }
}
