using System.Text;
using ComplianceMonitor.Infrastructure.Import;
using static ComplianceMonitor.Infrastructure.Tests.Import.LedgerFixtures;

namespace ComplianceMonitor.Infrastructure.Tests.Import;

[Trait("Category", "unit")]
public sealed class JsonLedgerReaderTests : IDisposable
{
    private const string FangshanJson = """
        {
          "leaseId": "FS-2024-0001",
          "districtCode": "110111",
          "parcel": { "code": "FS00-0105-0012", "name": "窦店镇工业地块", "areaSqm": 35000.5, "landUse": "工业用地", "industryType": "高端制造" },
          "supplyMode": "new",
          "landUser": { "name": "北京某某科技有限公司", "creditCode": "91110111MA01ABCD1Q", "contactName": "张三", "email": "zhang@example.com", "mobile": "13800138000" },
          "basePriceYuan": 30935000.00,
          "leaseYears": 5,
          "totalYears": 20,
          "leaseStart": "2024-03-01",
          "leaseEnd": "2029-02-28",
          "majorProjectApproval": null,
          "constructionCompletedOn": null,
          "rentSchedule": [ { "dueOn": "2024-03-01", "amountYuan": 7733750.00, "period": "lease" }, { "dueOn": "2025-03-01", "amountYuan": 386687.50, "period": "lease" } ],
          "rentPayments": [ { "paidOn": "2024-03-01", "amountYuan": 7733750.00, "ref": "竞买保证金转租金" } ],
          "assessment": { "appliedOn": null, "result": null, "decidedOn": null, "noticeReceivedOn": null },
          "transfer": { "appliedOn": null, "contractSignedOn": null, "pricePayments": [], "registeredOn": null },
          "renewal": { "appliedOn": null, "approvedOn": null, "approvedYears": null, "newLeaseEnd": null },
          "events": [ { "type": "mortgage", "on": "2025-06-10", "ref": "京(2025)房山区不动产证明第0001234号" } ],
          "exit": { "completedOn": null }
        }
        """;

    private const string DaxingJson = """
        {
          "leaseId": "DX-2023-0007", "districtCode": "110115",
          "parcel": { "code": "DX-0203-0045", "name": "采育镇存量工业用地", "areaSqm": 12000, "landUse": "工业用地" },
          "supplyMode": "existing",
          "landUser": { "name": "北京某某生物医药有限公司", "creditCode": "91110115MA00XYK12T", "mobile": "13911112222" },
          "basePriceYuan": 20000000, "leaseYears": 4, "totalYears": 20, "leaseStart": "2023-09-01", "leaseEnd": "2027-08-31",
          "rentSchedule": [ { "dueOn": "2023-09-01", "amountYuan": 1000000, "period": "lease" } ],
          "assessment": { "appliedOn": "2027-03-01", "result": "passed", "decidedOn": "2027-04-15", "noticeReceivedOn": "2027-04-20" },
          "transfer": { "appliedOn": "2027-05-06", "contractSignedOn": "2027-06-01",
                        "pricePayments": [ { "paidOn": "2027-06-10", "amountYuan": 12000000 }, { "paidOn": "2027-06-20", "amountYuan": 8000000.50 } ] }
        }
        """;

    private const string YizhuangJson = """
        {
          "leaseId": "YZ_2022_3", "districtCode": "110191",
          "parcel": { "code": "YZ-15-03", "name": "亦庄新城15街区地块", "industryType": "集成电路" },
          "supplyMode": "new",
          "landUser": { "name": "北京某某半导体有限公司", "creditCode": "91110302MA01KLMN3B", "contactName": "李四", "email": "li.si@example.cn" },
          "basePriceYuan": 88000000.25, "leaseYears": 5, "totalYears": 30, "leaseStart": "2022-07-01", "leaseEnd": "2027-06-30",
          "majorProjectApproval": { "ref": "京政函〔2022〕15号", "approvedOn": "2022-05-10", "maxTotalYears": 30 },
          "constructionCompletedOn": "2023-12-20",
          "rentSchedule": [ { "dueOn": "2022-07-01", "amountYuan": 4400000, "period": "lease" }, { "dueOn": "2027-07-01", "amountYuan": 1320000, "period": "renewal" } ],
          "rentPayments": [ { "paidOn": "2022-07-01", "amountYuan": 4400000 } ],
          "renewal": { "appliedOn": "2027-01-05", "approvedOn": "2027-02-01", "approvedYears": 3, "newLeaseEnd": "2030-06-30" },
          "events": [ { "type": "sublease", "on": "2024-04-01" }, { "type": "useChange", "on": "2025-01-02", "ref": "亦规划〔2025〕3号" } ]
        }
        """;

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task ReadAsync_ArrayOfRecordsWithBom_ReadsEveryFieldOfEachLease()
    {
        var path = await WriteAsync("ledger.json", $"[{FangshanJson},{DaxingJson},{YizhuangJson}]", bom: true);

        var result = await CreateSut().ReadAsync(path);

        AssertRecords(result, Fangshan, Daxing, Yizhuang);
        Assert.Equal(3, result.RowsRead);
    }

    [Fact]
    public async Task ReadAsync_SingleRecord_ReadsIt()
    {
        await using var stream = new MemoryStream(Encoding.UTF8.GetBytes(YizhuangJson));

        var result = await CreateSut().ReadAsync(stream, LedgerFormat.Json, "yz.json");

        AssertRecords(result, Yizhuang);
    }

    [Fact]
    public async Task ReadAsync_OneBadRecordAmongGoodOnes_ReturnsNoRecordAndErrorsByArrayPosition()
    {
        var bad = DaxingJson
            .Replace("\"2027-04-20\"", "\"2027-04-10\"", StringComparison.Ordinal)
            .Replace("\"amountYuan\": 1000000", "\"amountYuan\": 1000000.001", StringComparison.Ordinal);
        var path = await WriteAsync("ledger.json", $"[{FangshanJson},{bad},{YizhuangJson}]", bom: false);

        var result = await CreateSut().ReadAsync(path);

        AssertErrors(result,
            new ImportError("ledger.json", 2, "DX-2023-0007", "rentSchedule[0].amountYuan",
                "第2条记录 rentSchedule[0].amountYuan：must have at most two decimals (金额最多两位小数)"),
            new ImportError("ledger.json", 2, "DX-2023-0007", "assessment.noticeReceivedOn",
                "第2条记录 assessment.noticeReceivedOn：must not be before decidedOn 2027-04-15 (通知日期不得早于决定日期)"));
    }

    [Fact]
    public async Task ReadAsync_DuplicateLeaseIds_IsAnErrorOnTheLaterRecord()
    {
        var path = await WriteAsync("dup.json", $"[{FangshanJson},{DaxingJson},{FangshanJson}]", bom: false);

        var result = await CreateSut().ReadAsync(path);

        AssertErrors(result, new ImportError("dup.json", 3, "FS-2024-0001", "leaseId", "第3条记录 leaseId：租赁编号「FS-2024-0001」重复，第1条记录已有同一编号"));
    }

    [Fact]
    public async Task ReadAsync_MalformedJson_IsAnErrorOnTheWholeFile()
    {
        var path = await WriteAsync("broken.json", "[{\"leaseId\": \"FS-2024-0001\",}]", bom: false);

        var result = await CreateSut().ReadAsync(path);

        var error = Assert.Single(result.Errors);
        Assert.Equal(("broken.json", (int?)null, (string?)null, "$"), (error.Source, error.Row, error.LeaseId, error.Field));
        Assert.Equal("broken.json：不是有效的 JSON，第1行第29个字节附近：The JSON object contains a trailing comma at the end which is not supported in this mode. Change the reader options.", error.Message);
        Assert.Empty(result.Records);
    }

    [Fact]
    public async Task ReadAsync_TopLevelNumber_IsAnError()
    {
        var path = await WriteAsync("number.json", "42", bom: false);

        var result = await CreateSut().ReadAsync(path);

        AssertErrors(result, new ImportError("number.json", null, null, "$", "number.json：应为一条记录（JSON 对象）或记录数组"));
    }

    [Fact]
    public async Task ReadAsync_Array_ReportsProgressAgainstTheArrayLength()
    {
        var path = await WriteAsync("ledger.json", $"[{FangshanJson},{DaxingJson},{YizhuangJson}]", bom: false);
        var progress = new RecordingProgress();

        await CreateSut().ReadAsync(path, progress);

        Assert.Equal([new(1, 3), new(2, 3), new(3, 3)], progress.Reports);
    }

    private static LedgerReader CreateSut() => new();

    private async Task<string> WriteAsync(string name, string content, bool bom)
    {
        var path = _folder.File(name);
        await File.WriteAllTextAsync(path, content, new UTF8Encoding(bom));
        return path;
    }
}
