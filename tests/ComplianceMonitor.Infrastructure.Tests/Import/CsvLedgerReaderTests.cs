using System.Text;
using ComplianceMonitor.Infrastructure.Import;
using static ComplianceMonitor.Infrastructure.Tests.Import.LedgerFixtures;

namespace ComplianceMonitor.Infrastructure.Tests.Import;

[Trait("Category", "unit")]
public sealed class CsvLedgerReaderTests : IDisposable
{
    /// <summary>The required columns plus the list columns, with wire-name headers.</summary>
    private const string EnglishHeader =
        "leaseId,districtCode,parcel.code,parcel.name,supplyMode,landUser.name,landUser.creditCode,landUser.email,basePriceYuan," +
        "leaseYears,totalYears,leaseStart,leaseEnd,rentSchedule,rentPayments,transfer.pricePayments,events";

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task ReadAsync_CommittedExampleCsv_ReadsTheThreeLeasesExactly()
    {
        var path = Path.Combine(RepositoryRoot.Find(), "samples", "templates", "ledger-example.csv");

        var result = await CreateSut().ReadAsync(path);

        AssertRecords(result, Fangshan, Daxing, Yizhuang);
        Assert.Equal(3, result.RowsRead);
        Assert.Equal([0xEF, 0xBB, 0xBF], (await File.ReadAllBytesAsync(path))[..3]);
    }

    [Fact]
    public async Task ReadAsync_WireNameHeadersWithoutBom_ReadsListCellsAndEnglishCodes()
    {
        var csv = EnglishHeader + "\n" +
            "FS-2024-0001,110111,FS-1,窦店镇工业地块,new,北京某某科技有限公司," + FangshanCreditCode + ",zhang@example.com,\"30,935,000.00\",5,20,2024-03-01,2029-02-28," +
            "2024-03-01=7733750.00;2029-03-01=100.00@renewal;,2024-03-01=7733750.00#竞买保证金转租金;2024-09-01=1.5#票据#A-01@x,2029-06-01=20000000,\"mortgage@2025-06-10#京(2025)房山区不动产证明第0001234号；sublease@2026-01-01#合同\\;补充\"\n";
        var path = await WriteAsync("english.csv", csv, bom: false);

        var result = await CreateSut().ReadAsync(path);

        Assert.Empty(result.Errors);
        var record = Assert.Single(result.Records);
        Assert.Equal(30935000.00m, record.BasePriceYuan);
        Assert.Equal(Domain.Records.SupplyMode.New, record.SupplyMode);
        Assert.Equal(
            [
                new Domain.Records.RentInstalment(new DateOnly(2024, 3, 1), 7733750.00m, Domain.Records.RentPeriod.Lease),
                new Domain.Records.RentInstalment(new DateOnly(2029, 3, 1), 100.00m, Domain.Records.RentPeriod.Renewal),
            ],
            record.RentSchedule);
        Assert.Equal(
            [
                new Domain.Records.Payment(new DateOnly(2024, 3, 1), 7733750.00m, "竞买保证金转租金"),
                new Domain.Records.Payment(new DateOnly(2024, 9, 1), 1.5m, "票据#A-01@x"),
            ],
            record.RentPayments);
        Assert.Equal([new Domain.Records.Payment(new DateOnly(2029, 6, 1), 20000000m, null)], record.Transfer.PricePayments);
        Assert.Equal(
            [
                new Domain.Records.LeaseEvent(Domain.Records.LeaseEventType.Mortgage, new DateOnly(2025, 6, 10), "京(2025)房山区不动产证明第0001234号"),
                new Domain.Records.LeaseEvent(Domain.Records.LeaseEventType.Sublease, new DateOnly(2026, 1, 1), "合同;补充"),
            ],
            record.Events);
    }

    [Fact]
    public async Task ReadAsync_OneBadRowAmongGoodOnes_ReturnsNoRecordAndEveryErrorByRowAndColumn()
    {
        var lines = await ExampleLinesAsync();
        // Row 3 (大兴): a bad date, an amount that is not a number, a negative instalment and an item without '='.
        lines[2] = lines[2]
            .Replace("2027-08-31", "2027-02-30", StringComparison.Ordinal)
            .Replace("2023-09-01=1000000", "2023-09-01=1000000;2024-09-01=-5;2025-09-01", StringComparison.Ordinal)
            .Replace("2027-06-20=8000000.50", "2027-06-20=八百万", StringComparison.Ordinal);
        var path = await WriteAsync("bad.csv", string.Join("\r\n", lines), bom: true);

        var result = await CreateSut().ReadAsync(path);

        AssertErrors(result,
            new ImportError("bad.csv", 3, "DX-2023-0007", "leaseEnd", "第3行 租赁截止日：「2027-02-30」不是有效日期，应为 yyyy-MM-dd"),
            new ImportError("bad.csv", 3, "DX-2023-0007", "rentSchedule[2]", "第3行 租金计划 第3项：「2025-09-01」应写成 应缴日期=金额，续租期的租金加 @续租"),
            new ImportError("bad.csv", 3, "DX-2023-0007", "transfer.pricePayments[1].amountYuan", "第3行 地价缴纳 第2项 金额（元）：「八百万」不是数字"),
            new ImportError("bad.csv", 3, "DX-2023-0007", "rentSchedule[1].amountYuan", "第3行 租金计划 第2项 金额（元）：must be greater than 0 (应大于0)"));
        Assert.Equal(3, result.RowsRead);
    }

    [Fact]
    public async Task ReadAsync_UnknownColumn_IsAnErrorNamingTheHeader()
    {
        var lines = await ExampleLinesAsync();
        lines[0] += ",leaseEnds";
        var path = await WriteAsync("unknown.csv", string.Join("\n", lines), bom: true);

        var result = await CreateSut().ReadAsync(path);

        AssertErrors(result, new ImportError("unknown.csv", 1, null, "$", "第1行：未知列「leaseEnds」（第39列）"));
    }

    [Fact]
    public async Task ReadAsync_DuplicateLeaseIds_AreErrorsOnEachLaterRow()
    {
        var lines = await ExampleLinesAsync();
        var path = await WriteAsync("duplicate.csv", string.Join("\n", [.. lines, lines[1], lines[1]]), bom: false);

        var result = await CreateSut().ReadAsync(path);

        AssertErrors(result,
            new ImportError("duplicate.csv", 5, "FS-2024-0001", "leaseId", "第5行：租赁编号「FS-2024-0001」重复，第2行已有同一编号"),
            new ImportError("duplicate.csv", 6, "FS-2024-0001", "leaseId", "第6行：租赁编号「FS-2024-0001」重复，第2行已有同一编号"));
    }

    [Fact]
    public async Task ReadAsync_RowNumbers_CountBlankLinesAndQuotedLineBreaksLikeASpreadsheet()
    {
        var lines = await ExampleLinesAsync();
        // Row 2 gets a line break inside a quoted cell; row 3 is blank; 大兴 is row 4.
        var fangshan = lines[1].Replace("窦店镇工业地块", "\"窦店镇\n工业地块\"", StringComparison.Ordinal);
        var path = await WriteAsync("rows.csv", string.Join("\n", lines[0], fangshan, "", lines[2]), bom: false);
        var progress = new RecordingProgress();

        var result = await CreateSut().ReadAsync(path, progress);

        Assert.Empty(result.Errors);
        Assert.Equal("窦店镇\n工业地块", result.Records[0].Parcel.Name);
        Assert.Equal(2, result.RowsRead);
        Assert.Equal([new(1, null), new(2, null), new(3, null), new(3, 3)], progress.Reports);
    }

    [Fact]
    public async Task ReadAsync_ErrorAfterQuotedLineBreakAndBlankLine_NamesTheSpreadsheetRow()
    {
        var lines = await ExampleLinesAsync();
        var fangshan = lines[1].Replace("窦店镇工业地块", "\"窦店镇\n工业地块\"", StringComparison.Ordinal);
        var daxing = lines[2].Replace("13911112222", "1391111222", StringComparison.Ordinal);
        var path = await WriteAsync("rows.csv", string.Join("\n", lines[0], fangshan, "", daxing), bom: false);

        var result = await CreateSut().ReadAsync(path);

        AssertErrors(result, new ImportError("rows.csv", 4, "DX-2023-0007", "landUser.mobile",
            "第4行 手机号码：must be a mainland mobile number: 11 digits starting 13-19 (手机号应为1[3-9]开头的11位数字)"));
    }

    [Fact]
    public async Task ReadAsync_GbkEncodedFile_IsAnErrorAskingForUtf8()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var lines = await ExampleLinesAsync();
        var path = _folder.File("gbk.csv");
        await File.WriteAllBytesAsync(path, Encoding.GetEncoding("GB18030").GetBytes(string.Join("\r\n", lines)));

        var result = await CreateSut().ReadAsync(path);

        AssertErrors(result, new ImportError("gbk.csv", 1, null, "$", "gbk.csv：第1行附近不是 UTF-8 编码：请在 Excel 中另存为「CSV UTF-8（逗号分隔）」"));
    }

    [Fact]
    public async Task ReadAsync_HeadersWithRequiredMarkAndHalfWidthParentheses_AreRecognised()
    {
        var lines = await ExampleLinesAsync();
        lines[0] = lines[0].Replace("租赁编号", "租赁编号*", StringComparison.Ordinal).Replace("用地面积（平方米）", "用地面积 (平方米)", StringComparison.Ordinal);
        var path = await WriteAsync("marked.csv", string.Join("\n", lines), bom: true);

        var result = await CreateSut().ReadAsync(path);

        AssertRecords(result, Fangshan, Daxing, Yizhuang);
    }

    [Fact]
    public async Task ReadAsync_DataUnderNoHeaderAndEmptyFile_AreErrors()
    {
        var lines = await ExampleLinesAsync();
        var extra = await WriteAsync("extra.csv", string.Join("\n", lines[0], lines[1] + ",多出来的"), bom: false);
        var empty = await WriteAsync("empty.csv", "", bom: false);

        var extraResult = await CreateSut().ReadAsync(extra);
        var emptyResult = await CreateSut().ReadAsync(empty);

        AssertErrors(extraResult, new ImportError("extra.csv", 2, "FS-2024-0001", "$", "第2行：有 39 个单元格，多于表头的 38 列"));
        AssertErrors(emptyResult, new ImportError("empty.csv", null, null, "$", "empty.csv：文件为空，没有表头"));
    }

    [Fact]
    public async Task ReadAsync_RuleAboutAGroupOfFields_NamesTheRowAndTheGroupPath()
    {
        var lines = await ExampleLinesAsync();
        lines[2] = lines[2].Replace("13911112222", "", StringComparison.Ordinal);
        var path = await WriteAsync("contact.csv", string.Join("\n", lines), bom: false);

        var result = await CreateSut().ReadAsync(path);

        AssertErrors(result, new ImportError("contact.csv", 3, "DX-2023-0007", "landUser", "第3行 landUser：needs an email or a mobile (邮箱和手机号至少填写一项)"));
    }

    private static LedgerReader CreateSut() => new();

    private static async Task<string[]> ExampleLinesAsync()
    {
        var text = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Find(), "samples", "templates", "ledger-example.csv"));
        // The example has no line break inside a cell, so lines are rows (whatever line endings a checkout gives).
        return text.TrimStart('\uFEFF').ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    private async Task<string> WriteAsync(string name, string content, bool bom)
    {
        var path = _folder.File(name);
        await File.WriteAllTextAsync(path, content, new UTF8Encoding(bom));
        return path;
    }
}
