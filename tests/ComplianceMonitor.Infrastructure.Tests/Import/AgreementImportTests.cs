using System.Text;
using ComplianceMonitor.Domain.Agreements;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Infrastructure.Import;
using static ComplianceMonitor.Infrastructure.Tests.Import.LedgerFixtures;

namespace ComplianceMonitor.Infrastructure.Tests.Import;

/// <summary>
/// The performance agreement and the voluntary return on the import paths (issue 12 part 1): the agreement columns of
/// 租赁台账, the sheets 履约节点 / 履约指标 / 指标实绩 and the CSV compact cells give the record the JSON gives, and every
/// bad cell is named by sheet, row, column (and cell) with nothing of the ledger read.
/// </summary>
[Trait("Category", "unit")]
public sealed class AgreementImportTests : IDisposable
{
    /// <summary>The JSON equivalent of the ledgers below: one lease with an agreement and a return, one without.</summary>
    internal const string Json = """
        [
          { "leaseId": "FS-2024-0101", "districtCode": "110111",
            "parcel": { "code": "FS00-0105-0101", "name": "窦店镇工业地块" }, "supplyMode": "new",
            "landUser": { "name": "北京某某科技有限公司", "creditCode": "91110111MA01ABCD1Q", "email": "zhang@example.com" },
            "basePriceYuan": 24000000, "leaseYears": 5, "totalYears": 20, "leaseStart": "2024-03-01", "leaseEnd": "2029-02-28",
            "rentSchedule": [ { "dueOn": "2024-03-01", "amountYuan": 6000000, "period": "lease" } ],
            "agreement": {
              "ref": "房山经信〔2024〕履约12号", "signedOn": "2024-02-20",
              "milestones": [
                { "kind": "constructionStart", "agreedOn": "2024-09-01", "achievedOn": "2024-09-10" },
                { "kind": "constructionCompletion", "agreedOn": "2026-03-01" }
              ],
              "indicators": [
                { "code": "investmentIntensity", "name": "投资强度", "unit": "万元/亩", "direction": "atLeast", "target": 800,
                  "actuals": [ { "period": "2024", "value": 450, "reportedOn": "2025-01-20" }, { "period": "2025", "value": 620, "reportedOn": "2026-01-20" } ] },
                { "code": "energyPerValue", "name": "单位能耗增加值", "unit": "吨标煤/万元", "direction": "atMost", "target": 0.5,
                  "actuals": [ { "period": "2025", "value": 0.48, "reportedOn": "2026-03-15" } ] },
                { "code": "localEmployment", "name": "本地就业人数", "direction": "atLeast", "target": 120 }
              ],
              "damages": { "lateMilestonePermillePerDay": 1.5, "base": "leaseRent" }
            },
            "voluntaryReturn": { "appliedOn": "2026-09-10", "acceptedOn": "2026-10-20" } },
          { "leaseId": "FS-2024-0102", "districtCode": "110111",
            "parcel": { "code": "FS00-0105-0102", "name": "窦店镇工业地块二" }, "supplyMode": "new",
            "landUser": { "name": "北京某某科技有限公司", "creditCode": "91110111MA01ABCD1Q", "email": "zhang@example.com" },
            "basePriceYuan": 24000000, "leaseYears": 5, "totalYears": 20, "leaseStart": "2024-03-01", "leaseEnd": "2029-02-28",
            "rentSchedule": [ { "dueOn": "2024-03-01", "amountYuan": 6000000, "period": "lease" } ] }
        ]
        """;

    private static readonly string[] LeaseHeaders =
    [
        "租赁编号", "行政区", "宗地编号", "宗地名称", "供应方式", "用地单位", "统一社会信用代码", "电子邮箱", "竞得价或补缴土地收益（元）",
        "租赁年期", "总年期", "租赁起始日", "租赁截止日", "竣工验收日期", "履约监管协议编号", "履约监管协议签订日期", "节点逾期违约金（‰/日）", "违约金基数",
        "退还申请日期", "退还受理日期", "退款支付日期",
    ];

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Xlsx_AgreementColumnsAndSheets_ImportToTheRecordsTheJsonGives()
    {
        var path = WriteWorkbook();

        var result = await new LedgerReader().ReadAsync(path);

        Assert.Empty(result.Errors);
        AssertSameAsJson(result.Records);
        Assert.Equal(2 + 2 + 2 + 3 + 3, result.RowsRead);
    }

    [Fact]
    public async Task Xlsx_AgreementSheets_CarryExactDaysAmountsDirectionsAndUnits()
    {
        var record = (await new LedgerReader().ReadAsync(WriteWorkbook())).Records[0];

        var agreement = record.Agreement!;
        Assert.Equal(("房山经信〔2024〕履约12号", new DateOnly(2024, 2, 20)), (agreement.Ref, agreement.SignedOn!.Value));
        Assert.Equal(
            [new Milestone(MilestoneKind.ConstructionStart, new DateOnly(2024, 9, 1), new DateOnly(2024, 9, 10)),
             new Milestone(MilestoneKind.ConstructionCompletion, new DateOnly(2026, 3, 1), null)],
            agreement.Milestones);
        var energy = agreement.Indicators[1];
        Assert.Equal(("energyPerValue", "单位能耗增加值", "吨标煤/万元", IndicatorDirection.AtMost, 0.5m), (energy.Code, energy.Name, energy.Unit, energy.Direction, energy.Target));
        Assert.Equal([new IndicatorActual(2025, 0.48m, new DateOnly(2026, 3, 15))], energy.Actuals);
        var intensity = agreement.Indicators[0];
        Assert.Equal((IndicatorDirection.AtLeast, 800m, "万元/亩"), (intensity.Direction, intensity.Target, intensity.Unit));
        Assert.Equal(
            [new IndicatorActual(2024, 450m, new DateOnly(2025, 1, 20)), new IndicatorActual(2025, 620m, new DateOnly(2026, 1, 20))],
            intensity.Actuals);
        Assert.Null(agreement.Indicators[2].Unit);
        Assert.Empty(agreement.Indicators[2].Actuals);
        Assert.Equal(new AgreementDamages(1.5m, DamagesBase.LeaseRent), agreement.Damages);
        Assert.Equal(new VoluntaryReturn { AppliedOn = new DateOnly(2026, 9, 10), AcceptedOn = new DateOnly(2026, 10, 20) }, record.VoluntaryReturn);
    }

    [Fact]
    public async Task Xlsx_EnglishSheetNamesAndWireHeaders_ReadTheSameRecords()
    {
        var path = _folder.File("english.xlsx");
        TestWorkbook.Write(path,
            ("leases", LeaseRows([.. LeaseHeaders.Select(h => LedgerColumns.FindColumn(LedgerColumns.Leases.Columns, h)!.WireName)])),
            ("rentSchedule", RentRows()),
            ("milestones", [["leaseId", "kind", "agreedOn", "achievedOn"], .. MilestoneRows().Skip(1)]),
            ("indicators", [["leaseId", "code", "name", "unit", "direction", "target"], ["FS-2024-0101", "investmentIntensity", "投资强度", "万元/亩", "atLeast", 800],
                ["FS-2024-0101", "energyPerValue", "单位能耗增加值", "吨标煤/万元", "atMost", 0.5], ["FS-2024-0101", "localEmployment", "本地就业人数", null, "atLeast", 120]]),
            ("indicatorActuals", [["leaseId", "indicatorCode", "period", "value", "reportedOn"], .. ActualRows().Skip(1)]));

        var result = await new LedgerReader().ReadAsync(path);

        Assert.Empty(result.Errors);
        AssertSameAsJson(result.Records);
    }

    [Fact]
    public async Task Csv_AgreementColumnsAndCompactCells_ImportToTheRecordsTheJsonGives()
    {
        var path = await WriteCsvAsync("agreements.csv", CsvHeader, CsvAgreementRow(), CsvPlainRow);

        var result = await new LedgerReader().ReadAsync(path);

        Assert.Empty(result.Errors);
        AssertSameAsJson(result.Records);
    }

    [Fact]
    public async Task Csv_ActualsColumnBeforeTheIndicatorsColumn_StillAttachesToTheRowsIndicators()
    {
        // 指标实绩 first: its items are read after the whole row, whatever the column order.
        const string header = "指标实绩,租赁编号,行政区,宗地编号,宗地名称,供应方式,用地单位,统一社会信用代码,电子邮箱,竞得价或补缴土地收益（元）,租赁年期,总年期,租赁起始日,租赁截止日,履约监管协议编号,履约指标";
        var row = "investmentIntensity@2025=620#2026-01-20,FS-2024-0101,房山区,FS-1,窦店镇工业地块,新增,北京某某科技有限公司," + FangshanCreditCode +
                  ",zhang@example.com,24000000,5,20,2024-03-01,2029-02-28,房山经信〔2024〕履约12号,投资强度(investmentIntensity)不低于800万元/亩";
        var path = await WriteCsvAsync("order.csv", header, row);

        var record = Assert.Single((await new LedgerReader().ReadAsync(path)).Records);

        Assert.Equal([new IndicatorActual(2025, 620m, new DateOnly(2026, 1, 20))], record.Agreement!.Indicators.Single().Actuals);
    }

    [Fact]
    public async Task Xlsx_BadAgreementCells_EveryErrorNamesSheetRowColumnAndCellAndNothingIsRead()
    {
        var milestones = MilestoneRows();
        milestones[2] = ["FS-2024-0101", "开始", "2026-03-01", null];                         // 履约节点 row 3: unknown kind
        var indicators = IndicatorRows();
        indicators[2] = ["FS-2024-0101", "energyPerValue", "单位能耗增加值", "吨标煤/万元", "不超过", -0.5m]; // 履约指标 row 3: direction, target
        var actuals = ActualRows();
        actuals[2] = ["FS-2024-0101", "investmentIntensity", "25", 620, new DateOnly(2026, 1, 20)];      // 指标实绩 row 3: period
        actuals[3] = ["FS-2024-0101", "outputPerMu", "2025", 430, new DateOnly(2026, 1, 20)];            // 指标实绩 row 4: no such indicator
        var leases = LeaseRows(LeaseHeaders);
        leases[1][Array.IndexOf(LeaseHeaders, "退还申请日期")] = null;                                   // 租赁台账 row 2: accepted, never applied
        var path = WriteWorkbook(leases, milestones: milestones, indicators: indicators, actuals: actuals);

        var result = await new LedgerReader().ReadAsync(path);

        AssertErrors(result,
            new ImportError("租赁台账", 2, "FS-2024-0101", "voluntaryReturn.acceptedOn",
                "租赁台账 第2行 退还受理日期（T2）：needs appliedOn (记录受理日期时须已有申请日期)"),
            new ImportError("履约节点", 3, "FS-2024-0101", "agreement.milestones[1].kind",
                "履约节点 第3行 节点（B3）：「开始」不是有效值，应为 交地、开工、竣工、投产、达产（或 landDelivery、constructionStart、constructionCompletion、production、fullProduction）"),
            new ImportError("履约指标", 3, "FS-2024-0101", "agreement.indicators[1].direction",
                "履约指标 第3行 方向（E3）：「不超过」不是有效值，应为 不低于、不高于（或 atLeast、atMost）"),
            new ImportError("履约指标", 3, "FS-2024-0101", "agreement.indicators[1].target", "履约指标 第3行 目标值（F3）：must be greater than 0 (应大于0)"),
            new ImportError("指标实绩", 3, "FS-2024-0101", "agreement.indicators[0].actuals[1].period",
                "指标实绩 第3行 年度（C3）：must be a year yyyy, e.g. \"2025\" (期间应为四位年份，如\"2025\")"),
            new ImportError("指标实绩", 4, "FS-2024-0101", "agreement.indicators[].actuals",
                "指标实绩 第4行 指标代码（B4）：「outputPerMu」不是该租赁在「履约指标」中的指标代码"));
    }

    [Fact]
    public async Task Xlsx_CompletionMilestoneDisagreesWithCompletionDay_ErrorOnTheMilestoneRow()
    {
        var leases = LeaseRows(LeaseHeaders);
        leases[1][Array.IndexOf(LeaseHeaders, "竣工验收日期")] = new DateOnly(2026, 4, 1);
        var milestones = MilestoneRows();
        milestones[2] = ["FS-2024-0101", "竣工", new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 20)];
        var path = WriteWorkbook(leases, milestones: milestones);

        var result = await new LedgerReader().ReadAsync(path);

        AssertErrors(result, new ImportError("履约节点", 3, "FS-2024-0101", "agreement.milestones[1].achievedOn",
            "履约节点 第3行 实际日期（D3）：must equal constructionCompletedOn 2026-04-01 when both are given (竣工节点实际日期应与竣工日期一致)"));
    }

    [Fact]
    public async Task Xlsx_DuplicateActualYearAndDuplicateMilestone_ErrorsOnTheLaterRows()
    {
        var milestones = MilestoneRows();
        milestones[2] = ["FS-2024-0101", "开工", new DateOnly(2026, 3, 1), null];
        var actuals = ActualRows();
        actuals[2] = ["FS-2024-0101", "investmentIntensity", "2024", 620, new DateOnly(2026, 1, 20)];
        var path = WriteWorkbook(milestones: milestones, actuals: actuals);

        var result = await new LedgerReader().ReadAsync(path);

        AssertErrors(result,
            new ImportError("履约节点", 3, "FS-2024-0101", "agreement.milestones[1].kind",
                "履约节点 第3行 节点（B3）：milestone 'constructionStart' appears more than once (节点'constructionStart'重复)"),
            new ImportError("指标实绩", 3, "FS-2024-0101", "agreement.indicators[0].actuals[1].period",
                "指标实绩 第3行 年度（C3）：period '2024' appears more than once (期间'2024'重复)"));
    }

    [Fact]
    public async Task Xlsx_MilestonesWithoutAgreementRef_ErrorOnTheRefColumnOfTheLeaseRow()
    {
        var leases = LeaseRows(LeaseHeaders);
        leases[1][Array.IndexOf(LeaseHeaders, "履约监管协议编号")] = null;
        var path = WriteWorkbook(leases);

        var error = Assert.Single((await new LedgerReader().ReadAsync(path)).Errors);

        Assert.Equal(("租赁台账", (int?)2, "agreement.ref"), (error.Source, error.Row, error.Field));
        Assert.StartsWith("租赁台账 第2行 履约监管协议编号（O2）：", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Xlsx_MilestonesButNoRefColumnAtAll_ErrorNamesTheColumnToAdd()
    {
        string[] headers = [.. LeaseHeaders.Where(h => h != "履约监管协议编号")];
        var leases = LeaseRows(LeaseHeaders).Select(r => r.Where((_, i) => i >= LeaseHeaders.Length || LeaseHeaders[i] != "履约监管协议编号").ToArray()).ToArray();
        leases[0] = headers;
        var path = WriteWorkbook(leases);

        var error = Assert.Single((await new LedgerReader().ReadAsync(path)).Errors);

        Assert.Equal(("租赁台账", (int?)2, "agreement.ref"), (error.Source, error.Row, error.Field));
        Assert.StartsWith("租赁台账 第2行 履约监管协议编号（表中没有此列）：", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Xlsx_DamagesRateWithoutBase_ErrorOnTheBaseColumn()
    {
        var leases = LeaseRows(LeaseHeaders);
        leases[1][Array.IndexOf(LeaseHeaders, "违约金基数")] = null;
        var path = WriteWorkbook(leases);

        var error = Assert.Single((await new LedgerReader().ReadAsync(path)).Errors);

        Assert.Equal(("租赁台账", (int?)2, "agreement.damages.base"), (error.Source, error.Row, error.Field));
        Assert.StartsWith("租赁台账 第2行 违约金基数（R2）：", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Xlsx_ActualsSheetWithoutIndicatorCodeColumn_ReportedOnceAtTheHeader()
    {
        var actuals = ActualRows().Select(r => new[] { r[0], r[2], r[3], r[4] }).ToArray();
        actuals[0] = ["租赁编号", "年度", "实际值", "报送日期"];
        var path = WriteWorkbook(actuals: actuals);

        var result = await new LedgerReader().ReadAsync(path);

        AssertErrors(result, new ImportError("指标实绩", 1, null, "$", "指标实绩 第1行：缺少必填列「指标代码」（indicatorCode）"));
    }

    [Fact]
    public async Task Xlsx_AgreementListColumnOnTheLeaseSheet_PointsToItsSheet()
    {
        var leases = LeaseRows([.. LeaseHeaders, "履约节点"]);
        var path = WriteWorkbook(leases);

        var result = await new LedgerReader().ReadAsync(path);

        AssertErrors(result, new ImportError("租赁台账", 1, null, "$", "租赁台账 第1行：列「履约节点」（V列）只用于 CSV，工作簿中请填在「履约节点」工作表"));
    }

    [Fact]
    public async Task Csv_BadCompactItems_ErrorsNameRowColumnAndItemAndNothingIsRead()
    {
        var row = CsvAgreementRow(
            milestones: "开工@2024-09-01=2024-09-10;竣工:2026-03-01",
            indicators: "投资强度(investmentIntensity)不低于800万元/亩;单位能耗增加值 不高于0.5",
            actuals: "investmentIntensity@2024=450#2025-01-20;outputPerMu@2025=430#2026-01-20;investmentIntensity@2025=六百二#2026-01-20");
        var path = await WriteCsvAsync("bad.csv", CsvHeader, row, CsvPlainRow);

        var result = await new LedgerReader().ReadAsync(path);

        AssertErrors(result,
            new ImportError("bad.csv", 2, "FS-2024-0101", "agreement.milestones[1]",
                "第2行 履约节点 第2项：「竣工:2026-03-01」应写成 节点@约定日期，已完成的加 =实际日期，如 开工@2024-09-01=2024-08-28"),
            new ImportError("bad.csv", 2, "FS-2024-0101", "agreement.indicators[1]",
                "第2行 履约指标 第2项：「单位能耗增加值 不高于0.5」应写成 名称(代码)不低于目标值单位 或 名称(代码)不高于目标值单位，如 投资强度(investmentIntensity)不低于800万元/亩"),
            new ImportError("bad.csv", 2, "FS-2024-0101", "agreement.indicators[].actuals",
                "第2行 指标实绩 第2项 指标代码：「outputPerMu」不是该租赁在「履约指标」中的指标代码"),
            new ImportError("bad.csv", 2, "FS-2024-0101", "agreement.indicators[0].actuals[1].value", "第2行 指标实绩 第3项 实际值：「六百二」不是数字"));
    }

    [Fact]
    public async Task Csv_IndicatorNameWithItsOwnParentheses_KeepsTheNameAndReadsTheLastCode()
    {
        var row = CsvAgreementRow(indicators: "亩均（地均）产出(outputPerMu)不低于500万元/亩;单位能耗增加值（energyPerValue）不高于 0.5 吨标煤/万元", actuals: string.Empty);
        var path = await WriteCsvAsync("names.csv", CsvHeader, row);

        var indicators = Assert.Single((await new LedgerReader().ReadAsync(path)).Records).Agreement!.Indicators;

        Assert.Equal(("outputPerMu", "亩均（地均）产出", "万元/亩", IndicatorDirection.AtLeast, 500m), (indicators[0].Code, indicators[0].Name, indicators[0].Unit, indicators[0].Direction, indicators[0].Target));
        Assert.Equal(("energyPerValue", "单位能耗增加值", "吨标煤/万元", IndicatorDirection.AtMost, 0.5m), (indicators[1].Code, indicators[1].Name, indicators[1].Unit, indicators[1].Direction, indicators[1].Target));
    }

    [Fact]
    public async Task Csv_EmptyAgreementCells_NoAgreementAndNoReturnRecorded()
    {
        var path = await WriteCsvAsync("empty.csv", CsvHeader, CsvPlainRow);

        var record = Assert.Single((await new LedgerReader().ReadAsync(path)).Records);

        Assert.Null(record.Agreement);
        Assert.Null(record.VoluntaryReturn);
        Assert.DoesNotContain("agreement", LeaseRecordJson.Serialize(record), StringComparison.Ordinal);
    }

    private const string CsvHeader =
        "租赁编号,行政区,宗地编号,宗地名称,供应方式,用地单位,统一社会信用代码,电子邮箱,竞得价或补缴土地收益（元）,租赁年期,总年期,租赁起始日,租赁截止日,租金计划," +
        "履约监管协议编号,履约监管协议签订日期,节点逾期违约金（‰/日）,违约金基数,履约节点,履约指标,指标实绩,退还申请日期,退还受理日期,退款支付日期";

    private static readonly string CsvPlainRow =
        "FS-2024-0102,房山区,FS00-0105-0102,窦店镇工业地块二,新增,北京某某科技有限公司," + FangshanCreditCode + ",zhang@example.com,24000000,5,20,2024-03-01,2029-02-28,2024-03-01=6000000,,,,,,,,,,";

    private static string CsvAgreementRow(
        string milestones = "开工@2024-09-01=2024-09-10;竣工@2026-03-01",
        string indicators = "投资强度(investmentIntensity)不低于800万元/亩;单位能耗增加值(energyPerValue)不高于0.5吨标煤/万元;本地就业人数(localEmployment)不低于120",
        string actuals = "investmentIntensity@2024=450#2025-01-20;investmentIntensity@2025=620#2026-01-20;energyPerValue@2025=0.48#2026-03-15") =>
        "FS-2024-0101,房山区,FS00-0105-0101,窦店镇工业地块,新增,北京某某科技有限公司," + FangshanCreditCode + ",zhang@example.com,24000000,5,20,2024-03-01,2029-02-28,2024-03-01=6000000," +
        $"房山经信〔2024〕履约12号,2024-02-20,1.5,租赁期租金,{milestones},{indicators},{actuals},2026-09-10,2026-10-20,";

    private static void AssertSameAsJson(IReadOnlyList<LeaseRecord> records)
    {
        var expected = LeaseRecordReader.ReadMany(Json);
        Assert.Empty(expected.Errors);
        Assert.Equal(expected.Records.Select(LeaseRecordJson.Serialize), records.Select(LeaseRecordJson.Serialize));
        Assert.Null(records[1].Agreement);
        Assert.Null(records[1].VoluntaryReturn);
    }

    private string WriteWorkbook(object?[][]? leases = null, object?[][]? milestones = null, object?[][]? indicators = null, object?[][]? actuals = null)
    {
        var path = _folder.File($"agreements-{Guid.NewGuid():N}.xlsx");
        WriteWorkbookFile(path, leases, milestones, indicators, actuals);
        return path;
    }

    /// <summary>Writes the workbook equivalent of <see cref="Json"/> (sheets in an order unlike the template's: 指标实绩 before 履约指标).</summary>
    internal static void WriteWorkbookFile(string path, object?[][]? leases = null, object?[][]? milestones = null, object?[][]? indicators = null, object?[][]? actuals = null) =>
        TestWorkbook.Write(path,
            ("租赁台账", leases ?? LeaseRows(LeaseHeaders)),
            ("租金计划", RentRows()),
            ("指标实绩", actuals ?? ActualRows()),
            ("履约节点", milestones ?? MilestoneRows()),
            ("履约指标", indicators ?? IndicatorRows()));

    private static object?[][] LeaseRows(string[] headers)
    {
        object?[] agreement =
        [
            "FS-2024-0101", "房山区", "FS00-0105-0101", "窦店镇工业地块", "新增", "北京某某科技有限公司", FangshanCreditCode, "zhang@example.com", 24000000,
            5, 20, new DateOnly(2024, 3, 1), new DateOnly(2029, 2, 28), null, "房山经信〔2024〕履约12号", new DateOnly(2024, 2, 20), 1.5m, "租赁期租金",
            new DateOnly(2026, 9, 10), "2026-10-20", null,
        ];
        object?[] plain =
        [
            "FS-2024-0102", "房山区", "FS00-0105-0102", "窦店镇工业地块二", "新增", "北京某某科技有限公司", FangshanCreditCode, "zhang@example.com", 24000000,
            5, 20, new DateOnly(2024, 3, 1), new DateOnly(2029, 2, 28),
        ];
        return [headers, agreement, plain];
    }

    private static object?[][] RentRows() =>
    [
        ["租赁编号", "应缴日期", "金额（元）"],
        ["FS-2024-0101", new DateOnly(2024, 3, 1), 6000000],
        ["FS-2024-0102", new DateOnly(2024, 3, 1), 6000000],
    ];

    private static object?[][] MilestoneRows() =>
    [
        ["租赁编号", "节点", "约定日期", "实际日期"],
        ["FS-2024-0101", "开工", new DateOnly(2024, 9, 1), new DateOnly(2024, 9, 10)],
        ["FS-2024-0101", "constructionCompletion", "2026-03-01", null],
    ];

    private static object?[][] IndicatorRows() =>
    [
        ["租赁编号", "指标代码", "指标名称", "单位", "方向", "目标值"],
        ["FS-2024-0101", "investmentIntensity", "投资强度", "万元/亩", "不低于", 800],
        ["FS-2024-0101", "energyPerValue", "单位能耗增加值", "吨标煤/万元", "不高于", 0.5m],
        ["FS-2024-0101", "localEmployment", "本地就业人数", null, "不低于", "120"],
    ];

    /// <summary>指标实绩, the year typed as a number in one row and as text in the others.</summary>
    private static object?[][] ActualRows() =>
    [
        ["租赁编号", "指标代码", "年度", "实际值", "报送日期"],
        ["FS-2024-0101", "investmentIntensity", 2024, 450, new DateOnly(2025, 1, 20)],
        ["FS-2024-0101", "investmentIntensity", "2025", 620, "2026-01-20"],
        ["FS-2024-0101", "energyPerValue", "2025", 0.48m, new DateOnly(2026, 3, 15)],
    ];

    private async Task<string> WriteCsvAsync(string name, params string[] lines)
    {
        var path = _folder.File(name);
        await File.WriteAllTextAsync(path, string.Join("\n", lines) + "\n", new UTF8Encoding(true));
        return path;
    }
}
