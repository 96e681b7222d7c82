using System.Globalization;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Domain.Rules;
using static ComplianceMonitor.Domain.Tests.Rules.RuleRunner;
using static ComplianceMonitor.Domain.Tests.Rules.TestLeases;

namespace ComplianceMonitor.Domain.Tests.Rules;

[Trait("Category", "unit")]
public class LeaseRentAmountRuleTests
{
    private static readonly LeaseRentAmountRule Sut = new();

    private static LeaseRecord Scheduled(params decimal[] leaseInstalments) => Standard() with
    {
        RentSchedule = leaseInstalments.Select((a, i) => new RentInstalment(Start.AddYears(i), a, RentPeriod.Lease)).ToArray(),
    };

    [Theory]
    [InlineData("7733750")] // the worked example: 30,935,000 / 20 x 5
    [InlineData("7733749.00")] // 1 yuan off: within tolerance
    [InlineData("7733751.00")]
    public void Evaluate_MatchesFormula_NoFinding(string total) => None(Sut, Scheduled(decimal.Parse(total, CultureInfo.InvariantCulture)), "2026-03-06");

    [Fact]
    public void Evaluate_InstalmentsAddUpToFormula_NoFinding() => None(Sut, Scheduled(1_546_750m, 1_546_750m, 1_546_750m, 1_546_750m, 1_546_750m), "2026-03-06");

    [Fact]
    public void Evaluate_JustOverTolerance_WarningViolationWithDifference()
    {
        var f = Single(Sut, Scheduled(7_733_748.99m), "2026-03-06");

        AssertViolation(f, RuleCode.LEASE_RENT_AMOUNT, Severity.Warning, Responsible.District, "三（四）", 1.01m, "lease-rent");
    }

    [Fact]
    public void Evaluate_RentTooLow_MessageShowsFormula()
    {
        var f = Single(Sut, Scheduled(7_700_000m), "2026-03-06");

        Assert.Equal(33_750.00m, f.AmountYuan);
        Assert.Equal(
            "租金计划中租赁期租金合计7,700,000.00元，与按竞得价30,935,000.00元÷租赁和出让总年期20年×租赁年期5年计算的7,733,750.00元相差33,750.00元：请区政府核查租金计划。",
            f.Message);
    }

    [Fact]
    public void Evaluate_NonTerminatingDivision_ComparedAfterRounding()
    {
        // 10,000,000 / 3 x 1 = 3,333,333.333...: a schedule of 3,333,333.33 matches.
        var lease = Standard() with { BasePriceYuan = 10_000_000m, LeaseYears = 1, TotalYears = 3, RentSchedule = [new RentInstalment(Start, 3_333_333.33m, RentPeriod.Lease)] };

        None(Sut, lease, "2026-03-06");
        var off = Single(Sut, lease with { RentSchedule = [new RentInstalment(Start, 3_333_000m, RentPeriod.Lease)] }, "2026-03-06");
        Assert.Equal(333.33m, off.AmountYuan);
    }

    [Fact]
    public void Evaluate_RenewalInstalments_NotCounted()
    {
        var lease = Standard() with
        {
            RentSchedule = [new RentInstalment(Start, LeaseRent, RentPeriod.Lease), new RentInstalment(D("2029-03-01"), 3_093_500m, RentPeriod.Renewal)],
        };

        None(Sut, lease, "2026-03-06");
    }

    [Fact]
    public void Evaluate_EmptySchedule_WholeRentMissing() => Assert.Equal(7_733_750.00m, Single(Sut, Scheduled(), "2026-03-06").AmountYuan);

    [Fact]
    public void Evaluate_ExistingSupply_MessageNamesLandRevenue()
    {
        var lease = Scheduled(7_000_000m) with { SupplyMode = SupplyMode.Existing };

        Assert.Contains("按补缴政府土地收益30,935,000.00元", Single(Sut, lease, "2026-03-06").Message, StringComparison.Ordinal);
    }
}
