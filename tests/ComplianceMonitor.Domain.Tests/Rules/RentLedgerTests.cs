using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Domain.Rules;
using static ComplianceMonitor.Domain.Tests.Rules.TestLeases;

namespace ComplianceMonitor.Domain.Tests.Rules;

public class RentLedgerTests
{
    [Fact]
    public void ExpectedLeaseRent_WorkedExample_7733750()
    {
        // deadlines.md: new supply, base price 30,935,000, 20 years in all, 5 years lease.
        Assert.Equal(7_733_750.00m, Money.Round(RentLedger.ExpectedLeaseRent(Standard())));
    }

    [Fact]
    public void LandPrice_WorkedExampleRentPaid_23201250()
    {
        Assert.Equal(23_201_250.00m, Money.Round(RentLedger.LandPrice(Standard(), D("2026-03-06"), ComplianceMonitor.Domain.Policy.PolicyCatalog.Default.Sets[0])));
    }

    [Fact]
    public void LandPrice_BeforeRentPaid_WholeBasePrice()
    {
        Assert.Equal(30_935_000m, RentLedger.LandPrice(Standard(), D("2024-02-29"), ComplianceMonitor.Domain.Policy.PolicyCatalog.Default.Sets[0]));
    }

    [Fact]
    public void LeasePeriodRentPaid_OverpaidSchedule_CappedAtLeaseInstalments()
    {
        var lease = Standard() with { RentPayments = [new Payment(Start, LeaseRent + 500m, null)] };

        Assert.Equal(LeaseRent, RentLedger.LeasePeriodRentPaid(lease, D("2026-03-06")));
    }

    [Fact]
    public void LeasePeriodRentPaid_RenewalInstalmentDueEarlierInList_StillOldestFirst()
    {
        var lease = Standard() with
        {
            RentSchedule =
            [
                new RentInstalment(D("2029-03-01"), 3_000_000m, RentPeriod.Renewal),
                new RentInstalment(D("2025-03-01"), 4_000_000m, RentPeriod.Lease),
                new RentInstalment(D("2024-03-01"), 3_733_750m, RentPeriod.Lease),
            ],
            RentPayments = [new Payment(D("2024-03-01"), 5_000_000m, null)],
        };

        Assert.Equal(5_000_000m, RentLedger.LeasePeriodRentPaid(lease, D("2026-03-06")));
        Assert.Equal(
            7_733_750m,
            RentLedger.LeasePeriodRentPaid(lease with { RentPayments = [new Payment(D("2024-03-01"), 9_000_000m, null)] }, D("2026-03-06")));
    }

    [Fact]
    public void LeasePeriodRentPaid_EmptySchedule_AllPaymentsUpToAsOf()
    {
        var lease = Standard() with { RentSchedule = [], RentPayments = [new Payment(D("2024-03-01"), 100m, null), new Payment(D("2026-03-07"), 50m, null)] };

        Assert.Equal(100m, RentLedger.LeasePeriodRentPaid(lease, D("2026-03-06")));
        Assert.Equal(150m, RentLedger.LeasePeriodRentPaid(lease, D("2026-03-07")));
    }

    [Theory]
    [InlineData(150, 100, 50, 50)]
    [InlineData(0, 0, 50, 0)]
    [InlineData(120, 100, 50, 20)]
    [InlineData(200, 100, 50, 50)]
    [InlineData(90, 100, 50, 0)]
    public void Allocated_PoolAgainstInstalment_ClampedShare(int paid, int before, int amount, int expected)
    {
        Assert.Equal(expected, RentLedger.Allocated(paid, before, amount));
    }
}
