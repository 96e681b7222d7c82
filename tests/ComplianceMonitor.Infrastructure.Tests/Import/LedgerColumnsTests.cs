using ComplianceMonitor.Infrastructure.Import;

namespace ComplianceMonitor.Infrastructure.Tests.Import;

[Trait("Category", "unit")]
public sealed class LedgerColumnsTests
{
    public static TheoryData<string, string> DocumentedColumns()
    {
        var data = new TheoryData<string, string>();
        var columns = LedgerColumns.Sheets.SelectMany(s => s.Columns).Concat(LedgerColumns.CsvListColumns);
        foreach (var (header, wireName) in columns.Select(c => (c.Header, c.WireName)).Distinct())
        {
            data.Add(header, wireName);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(DocumentedColumns))]
    public void LedgerColumnsDoc_EveryColumn_HasATableRowWithItsHeaderAndWireField(string header, string wireName)
    {
        var doc = File.ReadAllLines(Path.Combine(RepositoryRoot.Find(), "docs", "ledger-columns.md"));

        Assert.Contains(doc, line => line.StartsWith($"| {header} | {wireName} |", StringComparison.Ordinal));
    }

    [Fact]
    public void Sheets_HeadersAndWireNames_AreUniqueWithinEachSheet()
    {
        foreach (var columns in LedgerColumns.Sheets.Select(s => s.Columns).Append(LedgerColumns.CsvColumns))
        {
            Assert.Equal(columns.Count, columns.Select(c => LedgerColumns.NormalizeHeader(c.Header)).Distinct().Count());
            Assert.Equal(columns.Count, columns.Select(c => c.WireName.ToUpperInvariant()).Distinct().Count());
        }
    }

    [Theory]
    [InlineData("租赁编号", "leaseId")]
    [InlineData(" 租赁编号* ", "leaseId")]
    [InlineData("用地面积(平方米)", "parcel.areaSqm")]
    [InlineData("用地面积 （平方米）＊", "parcel.areaSqm")]
    [InlineData("LANDUSER.CREDITCODE", "landUser.creditCode")]
    [InlineData("transfer.registeredOn", "transfer.registeredOn")]
    public void FindColumn_ChineseOrWireHeader_FindsTheColumn(string header, string expectedWireName) =>
        Assert.Equal(expectedWireName, LedgerColumns.FindColumn(LedgerColumns.Leases.Columns, header)?.WireName);

    [Theory]
    [InlineData("租赁编码")]
    [InlineData("creditCode")]
    [InlineData("租金计划")]
    public void FindColumn_UnknownHeader_IsNull(string header) => Assert.Null(LedgerColumns.FindColumn(LedgerColumns.Leases.Columns, header));

    [Theory]
    [InlineData("租金计划", "rentSchedule")]
    [InlineData(" rentschedule ", "rentSchedule")]
    [InlineData("地价缴纳", "transfer.pricePayments")]
    [InlineData("pricePayments", "transfer.pricePayments")]
    public void FindSheet_ChineseOrEnglishName_FindsTheChildSheet(string name, string expectedListPath) =>
        Assert.Equal(expectedListPath, LedgerColumns.FindSheet(name)?.ListPath);
}
