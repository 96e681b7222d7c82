using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Domain.Rules;
using static ComplianceMonitor.Domain.Tests.Rules.RuleRunner;
using static ComplianceMonitor.Domain.Tests.Rules.TestLeases;

namespace ComplianceMonitor.Domain.Tests.Rules;

/// <summary>RENT_DUE (policy revision 2, change 7): the next unpaid instalment, listed before it falls due.</summary>
[Trait("Category", "unit")]
public class RentDueRuleTests
{
    private static readonly RentDueRule Sut = new();

    // An existing-land lease paid yearly: 1,000,000 due on each 1 March from 2024 to 2028; the first two paid.
    private static LeaseRecord Yearly() => Standard() with
    {
        SupplyMode = SupplyMode.Existing,
        BasePriceYuan = 20_000_000m,
        RentSchedule = [.. Enumerable.Range(0, 5).Select(i => new RentInstalment(new DateOnly(2024 + i, 3, 1), 1_000_000m, RentPeriod.Lease))],
        RentPayments = [new Payment(D("2024-03-01"), 1_000_000m, null), new Payment(D("2025-02-20"), 1_000_000m, null)],
    };

    [Theory]
    [InlineData("2025-03-02", FindingStatus.Upcoming, 364, Severity.Info)]
    [InlineData("2026-01-30", FindingStatus.Upcoming, 30, Severity.Warning)]
    [InlineData("2026-02-28", FindingStatus.Upcoming, 1, Severity.Warning)]
    [InlineData("2026-03-01", FindingStatus.Due, 0, Severity.Warning)]
    public void Evaluate_NextUnpaid_OneFindingWithItsDay(string asOf, FindingStatus status, int days, Severity severity)
    {
        var f = Single(Sut, Yearly(), asOf);

        AssertObligation(f, RuleCode.RENT_DUE, status, "2026-03-01", days, severity, Responsible.LandUser, "三（六）", 1_000_000m);
        Assert.Equal("rent:2026-03-01", f.Subject);
    }

    [Fact]
    public void Evaluate_Message()
    {
        Assert.Equal("租赁期租金1,000,000.00元应于2026年3月1日（星期日）缴纳（按合同约定时间足额缴纳），还剩30天。", Single(Sut, Yearly(), "2026-01-30").Message);
    }

    [Fact]
    public void Evaluate_DayAfterDue_RentArrearsTakesOver()
    {
        None(Sut, Yearly() with { RentSchedule = Yearly().RentSchedule.Take(3).ToArray() }, "2026-03-02");
        var arrears = Single(new RentArrearsRule(), Yearly(), "2026-03-02");
        Assert.Equal("rent:2026-03-01", arrears.Subject);
    }

    [Fact]
    public void Evaluate_PaidInAdvance_NextOneListed()
    {
        var lease = Yearly() with { RentPayments = [.. Yearly().RentPayments, new Payment(D("2026-01-05"), 1_500_000m, null)] };

        var f = Single(Sut, lease, "2026-01-30");

        // 2026-03-01 is fully paid; 500,000 of 2027-03-01 is too.
        AssertObligation(f, RuleCode.RENT_DUE, FindingStatus.Upcoming, "2027-03-01", 395, Severity.Info, Responsible.LandUser, "三（六）", 500_000m);
        Assert.Equal("租赁期租金1,000,000.00元应于2027年3月1日（星期一）缴纳（尚欠500,000.00元，按合同约定时间足额缴纳），还剩395天。", f.Message);
    }

    [Fact]
    public void Evaluate_EarlierInstalmentInArrears_OnlyTheFutureOneIsDue()
    {
        // 2025 paid late: the 2025-03-01 instalment is RENT_ARREARS' business, RENT_DUE lists 2026-03-01.
        var lease = Yearly() with { RentPayments = [Yearly().RentPayments[0]] };

        Assert.Equal(D("2026-03-01"), Single(Sut, lease, "2025-06-01").Deadline);
    }

    [Fact]
    public void Evaluate_AllPaid_NoFinding()
    {
        var lease = Yearly() with { RentPayments = [new Payment(D("2024-03-01"), 5_000_000m, null)] };

        None(Sut, lease, "2025-01-01");
    }

    [Fact]
    public void Evaluate_ScheduleNotRecorded_Skipped()
    {
        None(Sut, Yearly() with { RentSchedule = [], RentScheduleRecorded = false }, "2025-06-01");
    }

    [Fact]
    public void Evaluate_TwoInstalmentsSameDay_SecondGetsOrdinal()
    {
        var lease = Yearly() with
        {
            RentSchedule = [new RentInstalment(D("2026-03-01"), 100m, RentPeriod.Lease), new RentInstalment(D("2026-03-01"), 200m, RentPeriod.Renewal)],
            RentPayments = [new Payment(D("2026-01-01"), 100m, null)],
        };

        var f = Single(Sut, lease, "2026-02-01");

        Assert.Equal("rent:2026-03-01#2", f.Subject);
        Assert.Equal(200m, f.AmountYuan);
        Assert.StartsWith("续租期租金200.00元", f.Message, StringComparison.Ordinal);
    }
}
