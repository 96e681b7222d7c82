using System.Text;
using ComplianceMonitor.Infrastructure.Import;
using static ComplianceMonitor.Infrastructure.Tests.Import.LedgerFixtures;

namespace ComplianceMonitor.Infrastructure.Tests.Import;

/// <summary>Policy revision 2 on the import paths: <c>renewal.refusedOn</c> (续租不予批准日期) in CSV and xlsx, its consistency errors by field, and an absent rent schedule.</summary>
[Trait("Category", "unit")]
public sealed class RenewalRefusedImportTests : IDisposable
{
    private const string Header =
        "leaseId,districtCode,parcel.code,parcel.name,supplyMode,landUser.name,landUser.creditCode,landUser.email,basePriceYuan," +
        "leaseYears,totalYears,leaseStart,leaseEnd,renewal.appliedOn,续租批准日期,续租不予批准日期,rentSchedule";

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static string Row(string approvedOn, string refusedOn, string schedule = "2024-03-01=7733750.00") =>
        "FS-2024-0001,110111,FS-1,窦店镇工业地块,new,北京某某科技有限公司," + FangshanCreditCode + ",zhang@example.com,30935000.00,5,20,2024-03-01,2029-02-28," +
        $"2028-08-01,{approvedOn},{refusedOn},{schedule}";

    [Fact]
    public async Task Csv_RefusedOnColumn_ReadIntoTheRecord()
    {
        var path = await WriteAsync("refused.csv", Header + "\n" + Row(string.Empty, "2028-09-01") + "\n");

        var result = await new LedgerReader().ReadAsync(path);

        Assert.Empty(result.Errors);
        var record = Assert.Single(result.Records);
        Assert.Equal((new DateOnly(2028, 8, 1), (DateOnly?)null, new DateOnly(2028, 9, 1)), (record.Renewal.AppliedOn!.Value, record.Renewal.ApprovedOn, record.Renewal.RefusedOn!.Value));
        Assert.True(record.RentScheduleRecorded);
    }

    [Fact]
    public async Task Csv_ApprovedAndRefused_ErrorOnRenewalRefusedOnNothingRead()
    {
        var path = await WriteAsync("both.csv", Header + "\n" + Row("2028-09-01", "2028-09-02") + "\n");

        var result = await new LedgerReader().ReadAsync(path);

        Assert.Empty(result.Records);
        var error = Assert.Single(result.Errors);
        Assert.Equal(("both.csv", (int?)2, "FS-2024-0001", "renewal.refusedOn"), (error.Source, error.Row, error.LeaseId, error.Field));
        Assert.Contains("续租不能既批准又拒绝", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Csv_RefusedBeforeApplied_ErrorOnRenewalRefusedOn()
    {
        var path = await WriteAsync("early.csv", Header + "\n" + Row(string.Empty, "2028-07-31") + "\n");

        var error = Assert.Single((await new LedgerReader().ReadAsync(path)).Errors);

        Assert.Equal("renewal.refusedOn", error.Field);
        Assert.Contains("must not be before appliedOn 2028-08-01", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Csv_EmptyRentScheduleCell_NotRecorded()
    {
        var path = await WriteAsync("norent.csv", Header + "\n" + Row(string.Empty, string.Empty, schedule: string.Empty) + "\n");

        var record = Assert.Single((await new LedgerReader().ReadAsync(path)).Records);

        Assert.False(record.RentScheduleRecorded);
        Assert.Empty(record.RentSchedule);
    }

    [Fact]
    public async Task Xlsx_RefusedOnColumnByChineseHeader_ReadIntoTheRecord()
    {
        var path = _folder.File("refused.xlsx");
        object?[][] leases =
        [
            ["租赁编号", "行政区", "宗地编号", "宗地名称", "供应方式", "用地单位", "统一社会信用代码", "电子邮箱", "竞得价或补缴土地收益（元）", "租赁年期", "总年期", "租赁起始日", "租赁截止日", "续租申请日期", "续租不予批准日期"],
            ["FS-2024-0001", "房山区", "FS-1", "窦店镇工业地块", "新增", "北京某某科技有限公司", FangshanCreditCode, "zhang@example.com", 30935000.0, 5, 20, new DateTime(2024, 3, 1), new DateTime(2029, 2, 28), new DateTime(2028, 8, 1), new DateTime(2028, 9, 1)],
        ];
        TestWorkbook.Write(path, ("租赁台账", leases));

        var result = await new LedgerReader().ReadAsync(path);

        Assert.Empty(result.Errors);
        var record = Assert.Single(result.Records);
        Assert.Equal(new DateOnly(2028, 9, 1), record.Renewal.RefusedOn);
        Assert.False(record.RentScheduleRecorded); // no 租金计划 rows: not recorded
    }

    [Fact]
    public void Columns_RefusedOnRightAfterApprovedOn()
    {
        var wire = LedgerColumns.Leases.Columns.Select(c => c.WireName).ToList();

        Assert.Equal(wire.IndexOf("renewal.approvedOn") + 1, wire.IndexOf("renewal.refusedOn"));
        Assert.Equal("续租不予批准日期", LedgerColumns.Leases.Columns.Single(c => c.WireName == "renewal.refusedOn").Header);
    }

    private async Task<string> WriteAsync(string name, string content)
    {
        var path = _folder.File(name);
        await File.WriteAllTextAsync(path, content, new UTF8Encoding(false));
        return path;
    }
}
