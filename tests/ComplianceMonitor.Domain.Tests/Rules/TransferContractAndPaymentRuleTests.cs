using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Domain.Rules;
using static ComplianceMonitor.Domain.Tests.Rules.RuleRunner;
using static ComplianceMonitor.Domain.Tests.Rules.TestLeases;

namespace ComplianceMonitor.Domain.Tests.Rules;

public class TransferContractAndPaymentRuleTests
{
    private static readonly TransferContractAndPaymentRule Sut = new();

    // Notice 2025-09-22: +15 = 2025-10-07 (National Day), moved to 2025-10-09.
    private static LeaseRecord Notified() => Passed(D("2025-09-20"), D("2025-09-22"));

    [Theory]
    [InlineData("2025-10-08", FindingStatus.Upcoming, 1, Severity.Warning)]
    [InlineData("2025-10-09", FindingStatus.Due, 0, Severity.Warning)]
    [InlineData("2025-10-10", FindingStatus.Overdue, -1, Severity.Critical)]
    public void Evaluate_AroundMovedDeadline_StatusDaysSeverityAndLandPriceOwed(string asOf, FindingStatus status, int days, Severity severity)
    {
        var f = Single(Sut, Notified(), asOf);

        AssertObligation(f, RuleCode.TRANSFER_CONTRACT_AND_PAYMENT, status, "2025-10-09", days, severity, Responsible.LandUser, "三（五）", 23_201_250.00m);
        Assert.Equal("2025-10-09", f.Subject);
        Assert.Empty(f.Warnings);
    }

    [Fact]
    public void Evaluate_OnNoticeDay_MessageNamesDeadlineMoveAmountAndDays()
    {
        var f = Single(Sut, Notified(), "2025-09-22");

        Assert.Equal(
            "考核已通过（2025年9月22日收到书面通知）：请最迟于2025年10月9日（星期四）（期限末日为休息日，顺延至其后第一个工作日）向属地规划自然资源主管部门提出书面申请、签订出让合同并缴纳地价款23,201,250.00元（收到通知后15日内），还剩17天。",
            f.Message);
    }

    [Theory]
    [InlineData("2025-09-13", "2025-09-28")] // Sunday, but an adjusted working day
    [InlineData("2026-03-06", "2026-03-23")] // +15 = Saturday 2026-03-21
    [InlineData("2025-09-22", "2025-10-09")] // +15 = 2025-10-07, National Day
    public void Evaluate_WorkedExamples_DeadlineAsDeadlinesMd(string notice, string deadline)
    {
        var f = Single(Sut, Passed(D(notice).AddDays(-2), D(notice)), notice);

        Assert.Equal(D(deadline), f.Deadline);
    }

    [Fact]
    public void Evaluate_DeadlineNotMoved_NoMoveNote()
    {
        Assert.DoesNotContain("顺延", Single(Sut, Passed(D("2025-09-11"), D("2025-09-13")), "2025-09-13").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_SignedAndPaid_NoFinding()
    {
        var lease = Notified() with { Transfer = new Transfer { ContractSignedOn = D("2025-10-09"), PricePayments = [new Payment(D("2025-10-09"), LandPrice, null)] } };

        None(Sut, lease, "2025-10-09");
        None(Sut, lease, "2025-10-10");
    }

    [Fact]
    public void Evaluate_SignedAndPaidAfterAsOf_StillOpen()
    {
        var lease = Notified() with { Transfer = new Transfer { ContractSignedOn = D("2025-10-12"), PricePayments = [new Payment(D("2025-10-12"), LandPrice, null)] } };

        var f = Single(Sut, lease, "2025-10-11");

        AssertObligation(f, RuleCode.TRANSFER_CONTRACT_AND_PAYMENT, FindingStatus.Overdue, "2025-10-09", -2, Severity.Critical, Responsible.LandUser, "三（五）", 23_201_250.00m);
        None(Sut, lease, "2025-10-12");
    }

    [Fact]
    public void Evaluate_ContractSignedAfterAsOf_OpenForContract()
    {
        var lease = Notified() with { Transfer = new Transfer { ContractSignedOn = D("2025-10-12"), PricePayments = [new Payment(D("2025-09-30"), LandPrice, null)] } };

        var f = Single(Sut, lease, "2025-10-11");

        AssertObligation(f, RuleCode.TRANSFER_CONTRACT_AND_PAYMENT, FindingStatus.Overdue, "2025-10-09", -2, Severity.Critical, Responsible.LandUser, "三（五）", null);
        Assert.Equal("考核已通过（2025年9月22日收到书面通知）：请最迟于2025年10月9日（星期四）（期限末日为休息日，顺延至其后第一个工作日）向属地规划自然资源主管部门提出书面申请并签订出让合同（收到通知后15日内），已逾期2天。", f.Message);
        None(Sut, lease, "2025-10-12");
    }

    [Fact]
    public void Evaluate_SignedButNothingPaid_OpenForPaymentWithWholePrice()
    {
        var lease = Notified() with { Transfer = new Transfer { ContractSignedOn = D("2025-09-30") } };

        var f = Single(Sut, lease, "2025-10-09");

        Assert.Equal(23_201_250.00m, f.AmountYuan);
        Assert.Equal("考核已通过，出让合同已签订：请最迟于2025年10月9日（星期四）（期限末日为休息日，顺延至其后第一个工作日）缴纳地价款23,201,250.00元（收到通知后15日内），今天是最后一天。", f.Message);
    }

    [Fact]
    public void Evaluate_PartPaidButNotSigned_OpenForContractNoAmount()
    {
        // Revision 2, change 8: the shortfall (3,201,250.00) is on LAND_PRICE_AMOUNT only.
        var lease = Notified() with { Transfer = new Transfer { PricePayments = [new Payment(D("2025-09-30"), 20_000_000m, null)] } };

        var f = Single(Sut, lease, "2025-10-08");

        Assert.Null(f.AmountYuan);
        Assert.Contains("签订出让合同", f.Message, StringComparison.Ordinal);
        var land = Assert.Single(RuleEngine.Default.Check(lease, D("2025-10-08")).Findings, x => x.Rule == RuleCode.LAND_PRICE_AMOUNT);
        Assert.Equal(3_201_250.00m, land.AmountYuan);
        Assert.Equal(3_201_250.00m, RuleEngine.Default.Check(lease, D("2025-10-08")).Findings.Sum(x => x.AmountYuan ?? 0m));
    }

    [Fact]
    public void Evaluate_FullyPaidButNotSigned_OpenWithoutAmount()
    {
        var lease = Notified() with { Transfer = new Transfer { PricePayments = [new Payment(D("2025-09-30"), LandPrice, null)] } };

        var f = Single(Sut, lease, "2025-10-08");

        Assert.Null(f.AmountYuan);
        Assert.Equal(FindingStatus.Upcoming, f.Status);
    }

    [Fact]
    public void Evaluate_LeaseRentPartlyPaid_LandPriceIsBaseLessRentPaid()
    {
        var lease = Notified() with { RentPayments = [new Payment(Start, 5_000_000m, null)] };

        Assert.Equal(25_935_000.00m, Single(Sut, lease, "2025-10-01").AmountYuan);
    }

    [Fact]
    public void Evaluate_RentPaidAfterAsOf_NotYetDeducted()
    {
        var lease = Notified() with { RentPayments = [new Payment(D("2025-10-05"), LeaseRent, null)] };

        Assert.Equal(30_935_000.00m, Single(Sut, lease, "2025-10-04").AmountYuan);
        Assert.Equal(23_201_250.00m, Single(Sut, lease, "2025-10-05").AmountYuan);
    }

    [Fact]
    public void Evaluate_NoticeAfterAsOf_NoFinding() => None(Sut, Notified(), "2025-09-21");

    [Fact]
    public void Evaluate_DecisionAfterAsOf_NoFinding()
    {
        var lease = Notified() with { Assessment = Notified().Assessment with { DecidedOn = D("2025-09-25"), NoticeReceivedOn = D("2025-09-25") } };

        None(Sut, lease, "2025-09-24");
    }

    [Fact]
    public void Evaluate_Failed_NoFinding()
    {
        var lease = Notified() with { Assessment = Notified().Assessment with { Result = AssessmentResult.Failed } };

        None(Sut, lease, "2025-10-10");
    }
}
