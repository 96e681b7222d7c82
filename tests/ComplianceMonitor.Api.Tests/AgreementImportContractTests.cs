using System.Net;
using System.Text;
using ClosedXML.Excel;
using ComplianceMonitor.Application.Leases;
using ComplianceMonitor.Domain.Agreements;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Testing.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceMonitor.Api.Tests;

/// <summary>
/// The console's import (<c>POST imports/preview</c>, <c>POST imports</c>) reads the agreement sheets and columns (issue 12):
/// it is the same <c>LedgerReader</c>, so a workbook or CSV with agreements previews and stores the record its JSON gives,
/// and a bad agreement row is listed by sheet, row and cell with nothing written. Run against both hosts.
/// </summary>
public abstract class AgreementImportContractTests
{
    private const string CreditCode = "91110111MA01ABCD1Q";
    private const string WsRoleType = "http://schemas.microsoft.com/ws/2008/06/identity/claims/role";

    /// <summary>The record the workbook and the CSV below stand for.</summary>
    private const string ExpectedJson = """
        { "leaseId": "FS-2024-0301", "districtCode": "110111",
          "parcel": { "code": "FS00-0105-0301", "name": "窦店镇工业地块" }, "supplyMode": "new",
          "landUser": { "name": "北京某某科技有限公司", "creditCode": "91110111MA01ABCD1Q", "email": "zhang@example.com" },
          "basePriceYuan": 24000000, "leaseYears": 5, "totalYears": 20, "leaseStart": "2024-03-01", "leaseEnd": "2029-02-28",
          "agreement": {
            "ref": "房山经信〔2024〕履约12号", "signedOn": "2024-02-20",
            "milestones": [ { "kind": "constructionStart", "agreedOn": "2024-09-01", "achievedOn": "2024-09-10" },
                            { "kind": "constructionCompletion", "agreedOn": "2026-03-01" } ],
            "indicators": [
              { "code": "investmentIntensity", "name": "投资强度", "unit": "万元/亩", "direction": "atLeast", "target": 800,
                "actuals": [ { "period": "2025", "value": 620, "reportedOn": "2026-01-20" } ] },
              { "code": "energyPerValue", "name": "单位能耗增加值", "unit": "吨标煤/万元", "direction": "atMost", "target": 0.5 } ],
            "damages": { "lateMilestonePermillePerDay": 1, "base": "basePrice" } },
          "voluntaryReturn": { "appliedOn": "2026-09-10" } }
        """;

    protected abstract Task<IApiHost> StartAsync();

    private static string District(string code) =>
        ComplianceMonitor.Api.Auth.ClientPrincipal.Encode("aad",
            [new("name", "wang.officer"), new(WsRoleType, ComplianceMonitor.Api.Auth.ClientPrincipal.DistrictRolePrefix + code)], "name", WsRoleType);

    [Fact]
    public async Task ImportXlsx_AgreementSheets_PreviewWritesNothingConfirmStoresTheRecordTheJsonGives()
    {
        await using var host = await StartAsync();
        var leases = host.Services.GetRequiredService<ILeaseStore>();
        var workbook = Workbook(milestoneKind: "开工");

        var preview = await host.SendBytesAsync("POST", "/api/imports/preview?format=xlsx&name=ledger.xlsx", workbook, District("110111"));
        var afterPreview = await leases.FindAsync("FS-2024-0301");
        var confirm = await host.SendBytesAsync("POST", "/api/imports?format=xlsx&name=ledger.xlsx", workbook, District("110111"));

        Assert.True(preview.Status == HttpStatusCode.OK, preview.Body);
        Assert.Equal(["FS-2024-0301"], preview.Json.GetProperty("new").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(1 + 2 + 2 + 1, preview.Json.GetProperty("rows").GetInt32());
        Assert.Equal(0, preview.Json.GetProperty("errors").GetArrayLength());
        Assert.Null(afterPreview);
        Assert.True(confirm.Status == HttpStatusCode.OK, confirm.Body);
        var stored = (await leases.FindAsync("FS-2024-0301"))!.Record;
        Assert.Equal(LeaseRecordJson.Serialize(Expected()), LeaseRecordJson.Serialize(stored));
        Assert.Equal(IndicatorDirection.AtMost, stored.Agreement!.Indicators[1].Direction);
    }

    [Fact]
    public async Task ImportXlsx_BadMilestoneRow_PreviewNamesSheetRowAndCellConfirmIs400AndWritesNothing()
    {
        await using var host = await StartAsync();
        var leases = host.Services.GetRequiredService<ILeaseStore>();
        var workbook = Workbook(milestoneKind: "开始");

        var preview = await host.SendBytesAsync("POST", "/api/imports/preview?format=xlsx&name=ledger.xlsx", workbook, District("110111"));
        var confirm = await host.SendBytesAsync("POST", "/api/imports?format=xlsx&name=ledger.xlsx", workbook, District("110111"));

        Assert.Equal(HttpStatusCode.OK, preview.Status);
        var error = Assert.Single(preview.Json.GetProperty("errors").EnumerateArray());
        Assert.Equal(("履约节点", 2, "agreement.milestones[0].kind"),
            (error.GetProperty("source").GetString(), error.GetProperty("row").GetInt32(), error.GetProperty("field").GetString()));
        Assert.StartsWith("履约节点 第2行 节点（B2）：「开始」不是有效值", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, confirm.Status);
        Assert.Equal("row 2: agreement.milestones[0].kind", Assert.Single(confirm.Json.GetProperty("errors").EnumerateArray()).GetProperty("field").GetString());
        Assert.Null(await leases.FindAsync("FS-2024-0301"));
    }

    [Fact]
    public async Task ImportCsv_AgreementColumnsAndCompactCells_ConfirmStoresTheRecordTheJsonGives()
    {
        await using var host = await StartAsync();
        var leases = host.Services.GetRequiredService<ILeaseStore>();
        const string csv =
            "租赁编号,行政区,宗地编号,宗地名称,供应方式,用地单位,统一社会信用代码,电子邮箱,竞得价或补缴土地收益（元）,租赁年期,总年期,租赁起始日,租赁截止日," +
            "履约监管协议编号,履约监管协议签订日期,节点逾期违约金（‰/日）,违约金基数,履约节点,履约指标,指标实绩,退还申请日期\n" +
            "FS-2024-0301,房山区,FS00-0105-0301,窦店镇工业地块,新增,北京某某科技有限公司," + CreditCode + ",zhang@example.com,24000000,5,20,2024-03-01,2029-02-28," +
            "房山经信〔2024〕履约12号,2024-02-20,1,竞得价或补缴土地收益,开工@2024-09-01=2024-09-10;竣工@2026-03-01," +
            "投资强度(investmentIntensity)不低于800万元/亩;单位能耗增加值(energyPerValue)不高于0.5吨标煤/万元,investmentIntensity@2025=620#2026-01-20,2026-09-10\n";

        var confirm = await host.SendAsync("POST", "/api/imports?format=csv&name=ledger.csv", csv, District("110111"));

        Assert.True(confirm.Status == HttpStatusCode.OK, confirm.Body);
        Assert.Equal(LeaseRecordJson.Serialize(Expected()), LeaseRecordJson.Serialize((await leases.FindAsync("FS-2024-0301"))!.Record));
    }

    private static LeaseRecord Expected()
    {
        var read = LeaseRecordReader.Read(System.Text.Json.JsonDocument.Parse(ExpectedJson).RootElement);
        Assert.Empty(read.Errors);
        return read.Record!;
    }

    /// <summary>租赁台账 with the agreement columns, then 履约节点, 履约指标 and 指标实绩.</summary>
    private static byte[] Workbook(string milestoneKind)
    {
        using var workbook = new XLWorkbook();
        Fill(workbook.Worksheets.Add("租赁台账"),
            ["租赁编号", "行政区", "宗地编号", "宗地名称", "供应方式", "用地单位", "统一社会信用代码", "电子邮箱", "竞得价或补缴土地收益（元）", "租赁年期", "总年期",
             "租赁起始日", "租赁截止日", "履约监管协议编号", "履约监管协议签订日期", "节点逾期违约金（‰/日）", "违约金基数", "退还申请日期"],
            ["FS-2024-0301", "房山区", "FS00-0105-0301", "窦店镇工业地块", "新增", "北京某某科技有限公司", CreditCode, "zhang@example.com", 24000000d, 5d, 20d,
             new DateTime(2024, 3, 1), new DateTime(2029, 2, 28), "房山经信〔2024〕履约12号", new DateTime(2024, 2, 20), 1d, "竞得价或补缴土地收益", new DateTime(2026, 9, 10)]);
        Fill(workbook.Worksheets.Add("履约节点"),
            ["租赁编号", "节点", "约定日期", "实际日期"],
            ["FS-2024-0301", milestoneKind, new DateTime(2024, 9, 1), new DateTime(2024, 9, 10)],
            ["FS-2024-0301", "竣工", new DateTime(2026, 3, 1), null]);
        Fill(workbook.Worksheets.Add("履约指标"),
            ["租赁编号", "指标代码", "指标名称", "单位", "方向", "目标值"],
            ["FS-2024-0301", "investmentIntensity", "投资强度", "万元/亩", "不低于", 800d],
            ["FS-2024-0301", "energyPerValue", "单位能耗增加值", "吨标煤/万元", "不高于", 0.5d]);
        Fill(workbook.Worksheets.Add("指标实绩"),
            ["租赁编号", "指标代码", "年度", "实际值", "报送日期"],
            ["FS-2024-0301", "investmentIntensity", 2025d, 620d, new DateTime(2026, 1, 20)]);
        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }

    private static void Fill(IXLWorksheet sheet, params object?[][] rows)
    {
        for (var r = 0; r < rows.Length; r++)
        {
            for (var c = 0; c < rows[r].Length; c++)
            {
                var cell = sheet.Cell(r + 1, c + 1);
                switch (rows[r][c])
                {
                    case string text:
                        cell.SetValue(text);
                        cell.DataType = XLDataType.Text;
                        break;
                    case DateTime day:
                        cell.SetValue(day);
                        break;
                    case double number:
                        cell.SetValue(number);
                        break;
                }
            }
        }
    }
}

/// <summary>The agreement import against the Functions app's triggers.</summary>
[Collection("azurite")]
[Trait("Category", "azurite")]
public sealed class FunctionsAgreementImportContractTests(AzuriteFixture azurite) : AgreementImportContractTests
{
    protected override Task<IApiHost> StartAsync() => Task.FromResult<IApiHost>(new FunctionsApiHost(azurite));
}

/// <summary>The agreement import against <c>cm serve</c>'s ASP.NET Core host over HTTP.</summary>
[Collection("azurite")]
[Trait("Category", "azurite")]
public sealed class AspNetCoreAgreementImportContractTests(AzuriteFixture azurite) : AgreementImportContractTests
{
    protected override async Task<IApiHost> StartAsync() => await AspNetCoreApiHost.StartAsync(azurite);
}
