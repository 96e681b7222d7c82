using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Domain.Rules;
using static ComplianceMonitor.Domain.Tests.Rules.RuleRunner;
using static ComplianceMonitor.Domain.Tests.Rules.TestLeases;

namespace ComplianceMonitor.Domain.Tests.Rules;

public class LandPriceAmountRuleTests
{
    private static readonly LandPriceAmountRule Sut = new();

    // Notice 2026-03-06: +15 = Saturday 2026-03-21, moved to Monday 2026-03-23.
    private static LeaseRecord PaidShort(decimal paid, string paidOn = "2026-03-10") => Passed(D("2026-03-02"), D("2026-03-06")) with
    {
        Transfer = new Transfer { ContractSignedOn = D("2026-03-10"), PricePayments = [new Payment(D(paidOn), paid, "地价款")] },
    };

    [Theory]
    [InlineData("2026-03-22", FindingStatus.Upcoming, 1, Severity.Warning)]
    [InlineData("2026-03-23", FindingStatus.Due, 0, Severity.Warning)]
    [InlineData("2026-03-24", FindingStatus.Overdue, -1, Severity.Critical)]
    public void Evaluate_AroundDeadline_StatusDaysSeverityAndShortfall(string asOf, FindingStatus status, int days, Severity severity)
    {
        var f = Single(Sut, PaidShort(20_000_000m), asOf);

        AssertObligation(f, RuleCode.LAND_PRICE_AMOUNT, status, "2026-03-23", days, severity, Responsible.LandUser, "三（四）", 3_201_250.00m);
        Assert.Equal("2026-03-23", f.Subject);
    }

    [Fact]
    public void Evaluate_Short_MessageShowsFormulaAndShortfall()
    {
        var f = Single(Sut, PaidShort(20_000_000m), "2026-03-10");

        Assert.Equal(
            "已缴地价款20,000,000.00元，少于应缴地价款23,201,250.00元（竞得价30,935,000.00元减租赁期已缴租金7,733,750.00元；按解释参数landPriceDeductsRenewalRent=false，仅扣除租赁期已缴租金，不含续租期租金）：请最迟于2026年3月23日（星期一）补缴3,201,250.00元，还剩13天。",
            f.Message);
    }

    [Fact]
    public void Evaluate_RenewalRentPaid_DeductedOnlyWhenTheReadingSaysSo()
    {
        // Lease rent 7,733,750 plus a renewal instalment of 3,093,500 paid; 20,000,000 of land price paid.
        var lease = PaidShort(20_000_000m) with
        {
            RentSchedule = [new RentInstalment(Start, LeaseRent, RentPeriod.Lease), new RentInstalment(D("2025-03-01"), 3_093_500m, RentPeriod.Renewal)],
            RentPayments = [new Payment(Start, LeaseRent, null), new Payment(D("2025-03-01"), 3_093_500m, null)],
        };

        var byDefault = Single(Sut, lease, "2026-03-10");
        Assert.Equal(3_201_250.00m, byDefault.AmountYuan);

        var deducting = ComplianceMonitor.Domain.Policy.PolicyCatalog.Default.Sets[0] with { LandPriceDeductsRenewalRent = true };
        var findings = new List<Finding>();
        Sut.Evaluate(lease, new RuleContext(D("2026-03-10"), deducting, ComplianceMonitor.Domain.Calendar.WorkingDayCalendar.Default), findings);

        var f = Assert.Single(findings);
        Assert.Equal(107_750.00m, f.AmountYuan); // 30,935,000 - 10,827,250 - 20,000,000
        Assert.Contains("减已缴租金10,827,250.00元；按解释参数landPriceDeductsRenewalRent=true，扣除租赁期及续租期已缴租金", f.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("23201250.00")]
    [InlineData("23201249.00")] // exactly 1 yuan short: within tolerance
    [InlineData("23201300.00")] // overpaid
    public void Evaluate_PaidWithinTolerance_NoFinding(string paid)
    {
        None(Sut, PaidShort(decimal.Parse(paid, System.Globalization.CultureInfo.InvariantCulture)), "2026-03-24");
    }

    [Fact]
    public void Evaluate_JustOverTolerance_FindingWithShortfall()
    {
        Assert.Equal(1.01m, Single(Sut, PaidShort(23_201_248.99m), "2026-03-24").AmountYuan);
    }

    [Fact]
    public void Evaluate_NoPaymentRecorded_NoFinding()
    {
        var lease = PaidShort(20_000_000m) with { Transfer = new Transfer { ContractSignedOn = D("2026-03-10") } };

        None(Sut, lease, "2026-03-24");
    }

    [Fact]
    public void Evaluate_PaymentAfterAsOf_NotYetKnown()
    {
        None(Sut, PaidShort(20_000_000m, "2026-03-12"), "2026-03-11");
        Assert.Single(Run(Sut, PaidShort(20_000_000m, "2026-03-12"), "2026-03-12"));
    }

    [Fact]
    public void Evaluate_RenewalRentPaid_OnlyLeasePeriodRentDeducted()
    {
        var lease = PaidShort(20_000_000m) with
        {
            RentSchedule = [new RentInstalment(D("2029-03-01"), 3_093_500m, RentPeriod.Renewal), new RentInstalment(Start, LeaseRent, RentPeriod.Lease)],
            RentPayments = [new Payment(Start, LeaseRent, null), new Payment(D("2025-03-01"), 3_093_500m, null)],
        };

        // Oldest instalment first: the lease instalment (listed second) takes 7,733,750, the renewal one the rest.
        Assert.Equal(3_201_250.00m, Single(Sut, lease, "2026-03-24").AmountYuan);
    }

    [Fact]
    public void Evaluate_RentUnderpaid_LandPriceKeepsUnpaidRent()
    {
        var lease = PaidShort(20_000_000m) with { RentPayments = [new Payment(Start, 7_000_000m, null)] };

        // 30,935,000 - 7,000,000 = 23,935,000; paid 20,000,000.
        Assert.Equal(3_935_000.00m, Single(Sut, lease, "2026-03-24").AmountYuan);
    }

    [Fact]
    public void Evaluate_EmptySchedule_EveryRentPaymentCounts()
    {
        var lease = PaidShort(20_000_000m) with { RentSchedule = [], RentPayments = [new Payment(Start, 5_000_000m, null), new Payment(D("2025-03-01"), 2_733_750m, null)] };

        Assert.Equal(3_201_250.00m, Single(Sut, lease, "2026-03-24").AmountYuan);
    }

    [Fact]
    public void Evaluate_ExistingSupply_MessageNamesLandRevenue()
    {
        var lease = PaidShort(20_000_000m) with { SupplyMode = SupplyMode.Existing };

        Assert.Contains("补缴政府土地收益30,935,000.00元", Single(Sut, lease, "2026-03-24").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_NotPassed_NoFinding()
    {
        var lease = PaidShort(20_000_000m) with { Assessment = PaidShort(1m).Assessment with { Result = AssessmentResult.Failed } };

        None(Sut, lease, "2026-03-24");
    }
}
