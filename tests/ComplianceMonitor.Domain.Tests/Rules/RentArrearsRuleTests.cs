using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Domain.Rules;
using static ComplianceMonitor.Domain.Tests.Rules.RuleRunner;
using static ComplianceMonitor.Domain.Tests.Rules.TestLeases;

namespace ComplianceMonitor.Domain.Tests.Rules;

[Trait("Category", "unit")]
public class RentArrearsRuleTests
{
    private const decimal Yearly = 1_546_750m;
    private static readonly RentArrearsRule Sut = new();

    private static RentInstalment[] Yearlies() =>
    [
        new(D("2024-03-01"), Yearly, RentPeriod.Lease),
        new(D("2025-03-01"), Yearly, RentPeriod.Lease),
        new(D("2026-03-01"), Yearly, RentPeriod.Lease),
        new(D("2027-03-01"), Yearly, RentPeriod.Lease),
        new(D("2028-03-01"), Yearly, RentPeriod.Lease),
    ];

    private static LeaseRecord Yearly2025PartPaid() => Standard() with
    {
        RentSchedule = Yearlies(),
        RentPayments = [new Payment(D("2024-03-01"), Yearly, "首期"), new Payment(D("2025-03-05"), 1_000_000m, "二期部分")],
    };

    [Theory]
    [InlineData("2025-02-28")]
    [InlineData("2025-03-01")] // the due day itself: not yet in arrears
    public void Evaluate_UpToDueDay_NoFinding(string asOf) => None(Sut, Yearly2025PartPaid(), asOf);

    [Fact]
    public void Evaluate_DayAfterDueDay_OverdueCriticalWholeInstalment()
    {
        var f = Single(Sut, Yearly2025PartPaid(), "2025-03-02");

        AssertObligation(f, RuleCode.RENT_ARREARS, FindingStatus.Overdue, "2025-03-01", -1, Severity.Critical, Responsible.LandUser, "三（六）", 1_546_750.00m);
        Assert.Equal("rent:2025-03-01", f.Subject);
        Assert.Equal("应于2025年3月1日（星期六）缴纳的租赁期租金1,546,750.00元尚欠1,546,750.00元：请立即足额缴纳，已逾期1天。", f.Message);
    }

    [Fact]
    public void Evaluate_AfterPartPayment_OutstandingRemainder()
    {
        var f = Single(Sut, Yearly2025PartPaid(), "2025-03-05");

        AssertObligation(f, RuleCode.RENT_ARREARS, FindingStatus.Overdue, "2025-03-01", -4, Severity.Critical, Responsible.LandUser, "三（六）", 546_750.00m);
    }

    [Fact]
    public void Evaluate_TwoInstalmentsUnpaid_OneFindingEach()
    {
        var findings = Run(Sut, Yearly2025PartPaid(), "2026-03-02");

        Assert.Equal(2, findings.Count);
        Assert.Equal(("rent:2025-03-01", 546_750.00m, -366), (findings[0].Subject, findings[0].AmountYuan!.Value, findings[0].DaysRemaining!.Value));
        Assert.Equal(("rent:2026-03-01", 1_546_750.00m, -1), (findings[1].Subject, findings[1].AmountYuan!.Value, findings[1].DaysRemaining!.Value));
    }

    [Fact]
    public void Evaluate_UnorderedSchedule_PaymentsGoToOldestInstalmentFirst()
    {
        var schedule = Yearlies();
        Array.Reverse(schedule);
        var lease = Standard() with { RentSchedule = schedule, RentPayments = [new Payment(D("2026-01-10"), 2_000_000m, null)] };

        var findings = Run(Sut, lease, "2026-03-02");

        // 2024 fully covered; 2025 gets 453,250 and still owes 1,093,500; 2026 owes all of it.
        Assert.Equal(2, findings.Count);
        Assert.Equal(1_093_500.00m, Assert.Single(findings, f => f.Subject == "rent:2025-03-01").AmountYuan);
        Assert.Equal(1_546_750.00m, Assert.Single(findings, f => f.Subject == "rent:2026-03-01").AmountYuan);
    }

    [Fact]
    public void Evaluate_AllPaid_NoFinding()
    {
        var lease = Yearly2025PartPaid() with { RentPayments = [new Payment(D("2024-03-01"), Yearly * 3, null)] };

        None(Sut, lease, "2026-03-02");
    }

    [Fact]
    public void Evaluate_PaidOneFenShort_Finding()
    {
        var lease = Yearly2025PartPaid() with { RentPayments = [new Payment(D("2024-03-01"), (Yearly * 2) - 0.01m, null)] };

        Assert.Equal(0.01m, Single(Sut, lease, "2025-03-02").AmountYuan);
    }

    [Fact]
    public void Evaluate_PaymentAfterAsOf_NotCounted()
    {
        var lease = Yearly2025PartPaid() with { RentPayments = [new Payment(D("2024-03-01"), Yearly, null), new Payment(D("2025-03-10"), Yearly, null)] };

        Assert.Equal(1_546_750.00m, Single(Sut, lease, "2025-03-09").AmountYuan);
        None(Sut, lease, "2025-03-10");
    }

    [Fact]
    public void Evaluate_TwoInstalmentsSameDay_DistinctSubjects()
    {
        var lease = Standard() with
        {
            RentSchedule = [new RentInstalment(D("2025-03-01"), 100m, RentPeriod.Lease), new RentInstalment(D("2025-03-01"), 200m, RentPeriod.Lease)],
            RentPayments = [new Payment(D("2025-03-01"), 50m, null)],
        };

        var findings = Run(Sut, lease, "2025-03-02");

        Assert.Equal(["rent:2025-03-01", "rent:2025-03-01#2"], findings.Select(f => f.Subject));
        Assert.Equal([50.00m, 200.00m], findings.Select(f => f.AmountYuan!.Value));
    }

    [Fact]
    public void Evaluate_RenewalInstalment_MessageSaysRenewalRent()
    {
        var lease = Standard() with
        {
            RentSchedule = [new RentInstalment(Start, LeaseRent, RentPeriod.Lease), new RentInstalment(D("2029-03-01"), 3_093_500m, RentPeriod.Renewal)],
        };

        Assert.StartsWith("应于2029年3月1日（星期四）缴纳的续租期租金3,093,500.00元尚欠3,093,500.00元", Single(Sut, lease, "2029-03-02").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_EmptySchedule_NoFinding() => None(Sut, Standard() with { RentSchedule = [], RentPayments = [] }, "2026-03-02");
}
