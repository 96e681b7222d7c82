using System.Text.Json.Nodes;
using ComplianceMonitor.Infrastructure.Import;

namespace ComplianceMonitor.Infrastructure.Tests.Import;

[Trait("Category", "unit")]
public sealed class CompactListNotationTests
{
    [Fact]
    public void SplitItems_SeparatorsEscapesAndEmptyItems_GiveTheWrittenItems()
    {
        var items = CompactListNotation.SplitItems(" a=1 ;b=2；c=3\r\nd=4#x\\;y\\\\z;; \\q ;");

        Assert.Equal(["a=1", "b=2", "c=3", "d=4#x;y\\z", "\\q"], items);
    }

    [Fact]
    public void Parse_RentSchedule_ReadsDueDateAmountAndPeriod()
    {
        var items = CompactListNotation.Parse(LedgerCellKind.RentScheduleList, "2024-03-01=7733750.00;2025-03-01=100.00@renewal;2026/3/1=1,000.5@续租");

        Assert.Equal(
            [
                """{"dueOn":"2024-03-01","amountYuan":7733750.00,"period":"lease"}""",
                """{"dueOn":"2025-03-01","amountYuan":100.00,"period":"renewal"}""",
                """{"dueOn":"2026-03-01","amountYuan":1000.5,"period":"renewal"}""",
            ],
            items.Select(i => i.Json.ToJsonString()));
        Assert.All(items, i => Assert.Empty(i.Errors));
    }

    [Fact]
    public void Parse_RentPayments_RefRunsToTheEndOfTheItem()
    {
        var item = Assert.Single(CompactListNotation.Parse(LedgerCellKind.RentPaymentList, "2024-03-01=7733750.00#竞买保证金转租金#2=@3"));

        Assert.Equal("""{"paidOn":"2024-03-01","amountYuan":7733750.00,"ref":"竞买保证金转租金#2=@3"}""", item.Json.ToJsonString(JsonOptions));
    }

    [Fact]
    public void Parse_Events_AcceptsChineseAndEnglishTypes()
    {
        var items = CompactListNotation.Parse(LedgerCellKind.EventList, "抵押@2025-06-10#京(2025)房山区不动产证明第0001234号;realEstateDevelopment@2026-01-02");

        Assert.Equal(
            [
                """{"type":"mortgage","on":"2025-06-10","ref":"京(2025)房山区不动产证明第0001234号"}""",
                """{"type":"realEstateDevelopment","on":"2026-01-02"}""",
            ],
            items.Select(i => i.Json.ToJsonString(JsonOptions)));
    }

    [Fact]
    public void Parse_BadParts_AreReportedByProperty()
    {
        var items = CompactListNotation.Parse(LedgerCellKind.EventList, "出租@2025-6-31;抵押 2025-06-10");

        Assert.Equal(
            [
                new CompactItemError("type", "「出租」不是有效值，应为 转让、转租、抵押、改变用途、改变产业类型、房地产开发（或 transfer、sublease、mortgage、useChange、industryChange、realEstateDevelopment）"),
                new CompactItemError("on", "「2025-6-31」不是有效日期，应为 yyyy-MM-dd"),
            ],
            items[0].Errors);
        Assert.Equal([new CompactItemError(null, "「抵押 2025-06-10」应写成 类型@日期，可加 #文号")], items[1].Errors);
        Assert.Equal("{}", items[1].Json.ToJsonString());
    }

    [Fact]
    public void Parse_PricePaymentWithRef_IsNotANumber()
    {
        var item = Assert.Single(CompactListNotation.Parse(LedgerCellKind.PricePaymentList, "2027-06-10=100#x"));

        Assert.Equal([new CompactItemError("amountYuan", "「100#x」不是数字")], item.Errors);
    }

    private static readonly System.Text.Json.JsonSerializerOptions JsonOptions =
        new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
