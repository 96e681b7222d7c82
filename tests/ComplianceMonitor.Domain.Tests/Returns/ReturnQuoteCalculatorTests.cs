using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Domain.Returns;
using static ComplianceMonitor.Domain.Tests.Rules.TestLeases;

namespace ComplianceMonitor.Domain.Tests.Returns;

[Trait("Category", "unit")]
public class ReturnQuoteCalculatorTests
{
    /// <summary>The standard lease with yearly rent of 1,546,750.00 due each 1 March; 2024 and 2025 paid, 2026 half paid.</summary>
    private static LeaseRecord YearlyPartPaid() => Standard() with
    {
        RentSchedule = [.. Enumerable.Range(0, 5).Select(i => new RentInstalment(Start.AddYears(i), 1_546_750m, RentPeriod.Lease))],
        RentPayments =
        [
            new Payment(D("2024-03-01"), 1_546_750m, null),
            new Payment(D("2025-03-01"), 1_546_750m, null),
            new Payment(D("2026-03-01"), 773_375m, "半年租金"),
        ],
    };

    [Fact]
    public void Quote_YearlyRentPartPaid_LineByLineToTheFen()
    {
        var (quote, errors) = ReturnQuoteCalculator.Quote(YearlyPartPaid(), new ReturnQuoteInputs(D("2026-11-26"), LiquidatedDamagesYuan: 100_000m, AppraisedBuildingValueYuan: 2_000_000m));

        Assert.Empty(errors);
        Assert.NotNull(quote);
        Assert.Equal(
            [
                ("租赁期租金（应缴日2024-03-01，覆盖2024-03-01至2025-02-28，共365天）", 0.00m),
                ("租赁期租金（应缴日2025-03-01，覆盖2025-03-01至2026-02-28，共365天）", 0.00m),
                ("租赁期租金（应缴日2026-03-01，覆盖2026-03-01至2027-02-28，共365天）", -375_033.90m),
                ("扣除约定违约金", -100_000.00m),
                ("地上建筑物补偿（评估价）", 2_000_000.00m),
            ],
            quote.Lines.Select(l => (l.Label, l.AmountYuan)));
        // 773,375.00 paid − 1,546,750.00 × 271 / 365 days used (1,148,408.90) = −375,033.90 still owed for the days used
        Assert.Equal("已缴773,375.00元 − 应缴1,546,750.00元 × 已使用271天 ÷ 365天（1,148,408.90元） = −375,033.90元", quote.Lines[2].Formula);
        Assert.Equal(1_524_966.10m, quote.TotalYuan);
        Assert.Equal("合计为正：应退还土地使用权人", quote.Notes[0]);
    }

    [Fact]
    public void Quote_WholeLeaseRentPaidUpFront_RefundsTheRemainingDays()
    {
        // 7,733,750.00 for 1,826 days; 1,001 used to 2026-11-26: 7,733,750 − 4,239,585.84 = 3,494,164.16
        var (quote, errors) = ReturnQuoteCalculator.Quote(Standard(), new ReturnQuoteInputs(D("2026-11-26"), DemolitionCostYuan: 350_000.5m));

        Assert.Empty(errors);
        Assert.Equal([3_494_164.16m, -350_000.50m], quote!.Lines.Select(l => l.AmountYuan));
        Assert.Equal("扣除拆除费用", quote.Lines[1].Label);
        Assert.Equal(3_144_163.66m, quote.TotalYuan);
    }

    [Fact]
    public void Quote_PaymentsAfterTheReturnDay_NotCounted()
    {
        var (quote, _) = ReturnQuoteCalculator.Quote(YearlyPartPaid(), new ReturnQuoteInputs(D("2026-02-28")));

        // On 2026-02-28 the 2026 instalment's period has not begun and nothing is paid towards it.
        Assert.Equal(2, quote!.Lines.Count);
        Assert.Equal(0m, quote.TotalYuan);
    }

    [Theory]
    [InlineData("2024-02-29", "returnDay")]
    [InlineData("2029-02-28", "returnDay")]
    public void Quote_ReturnDayOutsideTheLease_ErrorOnReturnDay(string day, string field)
    {
        var (quote, errors) = ReturnQuoteCalculator.Quote(Standard(), new ReturnQuoteInputs(D(day)));

        Assert.Null(quote);
        Assert.Equal(field, Assert.Single(errors).Field);
    }

    [Fact]
    public void Quote_BadInputs_EveryProblemNamed()
    {
        var (_, errors) = ReturnQuoteCalculator.Quote(Standard() with { RentSchedule = [] }, new ReturnQuoteInputs(D("2026-11-26"), -1m, 10m, 0.001m));

        Assert.Equal(["liquidatedDamagesYuan", "demolitionCostYuan", "demolitionCostYuan", "rentSchedule"], errors.Select(e => e.Field));
    }
}
