using System.Globalization;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Domain.Rules;
using static ComplianceMonitor.Domain.Tests.Rules.RuleRunner;
using static ComplianceMonitor.Domain.Tests.Rules.TestLeases;

namespace ComplianceMonitor.Domain.Tests.Rules;

[Trait("Category", "unit")]
public class RenewalRentRuleTests
{
    private static readonly RenewalRentRule Sut = new();

    // Earlier term: 7,733,750 over 5 years = 1,546,750 a year; two renewal years should cost 3,093,500.
    private static LeaseRecord Renewed(decimal renewalRent, int? years = 2, string? newEnd = "2031-02-28") => Standard() with
    {
        Renewal = new Renewal { AppliedOn = D("2028-08-01"), ApprovedOn = D("2028-08-20"), ApprovedYears = years, NewLeaseEnd = newEnd is null ? null : D(newEnd) },
        RentSchedule = [new RentInstalment(Start, LeaseRent, RentPeriod.Lease), new RentInstalment(D("2029-03-01"), renewalRent, RentPeriod.Renewal)],
    };

    [Theory]
    [InlineData("3093500")]
    [InlineData("3093501.98")] // 0.99 a year more: within tolerance
    [InlineData("3093498.00")] // 1.00 a year less: within tolerance
    public void Evaluate_AverageAnnualRent_NoFinding(string renewalRent) =>
        None(Sut, Renewed(decimal.Parse(renewalRent, CultureInfo.InvariantCulture)), "2028-09-01");

    [Fact]
    public void Evaluate_JustOverTolerance_Violation()
    {
        var f = Single(Sut, Renewed(3_093_502.02m), "2028-09-01");

        AssertViolation(f, RuleCode.RENEWAL_RENT, Severity.Warning, Responsible.District, "三（五）", 1.01m, "renewal:2028-08-20");
    }

    [Fact]
    public void Evaluate_LowRenewalRent_PerYearDifferenceAndMessage()
    {
        var f = Single(Sut, Renewed(3_000_000m), "2028-09-01");

        AssertViolation(f, RuleCode.RENEWAL_RENT, Severity.Warning, Responsible.District, "三（五）", 46_750.00m, "renewal:2028-08-20");
        Assert.Equal(
            "续租期年租金1,500,000.00元（3,000,000.00元÷2年）与前期平均年租金1,546,750.00元（7,733,750.00元÷5年）每年相差46,750.00元：续租租金应按前期平均年租金缴纳，请区政府核查租金计划。",
            f.Message);
    }

    [Fact]
    public void Evaluate_YearsNotRecorded_DerivedFromRenewedEnd()
    {
        // 2029-03-01 .. 2030-02-28 is 12 whole months: 1 year.
        Assert.Equal(1_453_250.00m, Single(Sut, Renewed(3_000_000m, null, "2030-02-28"), "2028-09-01").AmountYuan);
        None(Sut, Renewed(1_546_750m, null, "2030-02-28"), "2028-09-01");
    }

    [Fact]
    public void Evaluate_NoRenewalInstalments_NoFinding()
    {
        var lease = Renewed(1m) with { RentSchedule = [new RentInstalment(Start, LeaseRent, RentPeriod.Lease)] };

        None(Sut, lease, "2028-09-01");
    }

    [Fact]
    public void Evaluate_ApprovalAfterAsOf_NoFinding() => None(Sut, Renewed(1m), "2028-08-19");

    [Fact]
    public void Evaluate_NoLeasePeriodRentScheduled_NoFinding()
    {
        var lease = Renewed(1m) with { RentSchedule = [new RentInstalment(D("2029-03-01"), 1m, RentPeriod.Renewal)] };

        None(Sut, lease, "2028-09-01");
    }
}
