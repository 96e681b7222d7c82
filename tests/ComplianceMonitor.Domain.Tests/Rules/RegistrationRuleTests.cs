using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Domain.Rules;
using static ComplianceMonitor.Domain.Tests.Rules.RuleRunner;
using static ComplianceMonitor.Domain.Tests.Rules.TestLeases;

namespace ComplianceMonitor.Domain.Tests.Rules;

public class RegistrationRuleTests
{
    private static readonly RegistrationRule Sut = new();

    private static LeaseRecord Unregistered() => Completed() with { Transfer = Completed().Transfer with { RegisteredOn = null } };

    [Theory]
    [InlineData("2029-03-01", FindingStatus.Upcoming, 29, Severity.Warning)] // lease end + 1: opens
    [InlineData("2029-03-29", FindingStatus.Upcoming, 1, Severity.Warning)]
    [InlineData("2029-03-30", FindingStatus.Due, 0, Severity.Warning)] // lease end + 30
    [InlineData("2029-03-31", FindingStatus.Overdue, -1, Severity.Warning)] // revision 2, change 5: never critical
    [InlineData("2030-03-31", FindingStatus.Overdue, -366, Severity.Warning)]
    public void Evaluate_AfterLeaseEnd_StatusDaysAndSeverity(string asOf, FindingStatus status, int days, Severity severity)
    {
        var f = Single(Sut, Unregistered(), asOf);

        AssertObligation(f, RuleCode.REGISTRATION, status, "2029-03-30", days, severity, Responsible.LandUser, "三（五）", null);
        Assert.Equal("2029-03-30", f.Subject);
    }

    [Fact]
    public void Evaluate_Open_MessageNamesWhatAndWhen()
    {
        Assert.Equal(
            "租赁期已于2029年2月28日届满，出让合同已签订、地价款已缴清：请持原不动产权证书、出让合同、地价款缴纳凭证、完税凭证等材料申请办理不动产登记。区政府督促办理的跟进目标日为2029年3月30日（星期五）（非法定期限），距目标日还有29天。",
            Single(Sut, Unregistered(), "2029-03-01").Message);
    }

    [Theory]
    [InlineData("2029-03-01")]
    [InlineData("2029-03-30")]
    [InlineData("2029-04-15")]
    public void Evaluate_AnyDay_NoDeadlineWording(string asOf)
    {
        var message = Single(Sut, Unregistered(), asOf).Message;

        Assert.DoesNotContain("最迟", message, StringComparison.Ordinal);
        Assert.DoesNotContain("逾期", message, StringComparison.Ordinal);
        Assert.Contains("跟进目标日", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_PastTarget_MessageSaysDaysPastTarget()
    {
        Assert.Equal(
            "租赁期已于2029年2月28日届满，出让合同已签订、地价款已缴清，尚未办理不动产登记：已过区政府督促办理的跟进目标日2029年3月30日（星期五）（非法定期限）16天，请尽快持材料申请办理，区政府继续督促。",
            Single(Sut, Unregistered(), "2029-04-15").Message);
    }

    [Fact]
    public void Evaluate_OnLeaseEnd_NoFindingYet() => None(Sut, Unregistered(), "2029-02-28");

    [Fact]
    public void Evaluate_Registered_NoFinding()
    {
        None(Sut, Completed(), "2029-03-10");
        None(Sut, Completed(), "2029-04-30");
    }

    [Fact]
    public void Evaluate_RegisteredAfterAsOf_StillOpen()
    {
        Assert.Equal(FindingStatus.Upcoming, Single(Sut, Completed(), "2029-03-09").Status);
    }

    [Fact]
    public void Evaluate_LandPriceNotFullyPaid_NoFinding()
    {
        var lease = Unregistered() with { Transfer = Unregistered().Transfer with { PricePayments = [new Payment(D("2028-12-10"), 20_000_000m, null)] } };

        None(Sut, lease, "2029-03-31");
    }

    [Fact]
    public void Evaluate_PaidWithinTolerance_Open()
    {
        var lease = Unregistered() with { Transfer = Unregistered().Transfer with { PricePayments = [new Payment(D("2028-12-10"), LandPrice - 1m, null)] } };

        Assert.Single(Run(Sut, lease, "2029-03-31"));
    }

    [Fact]
    public void Evaluate_ContractNotSigned_NoFinding()
    {
        var lease = Unregistered() with { Transfer = Unregistered().Transfer with { ContractSignedOn = null } };

        None(Sut, lease, "2029-03-31");
    }

    [Fact]
    public void Evaluate_ApprovedRenewal_CountsFromRenewalEnd()
    {
        var lease = Unregistered() with { Renewal = new Renewal { AppliedOn = D("2028-07-01"), ApprovedOn = D("2028-07-20"), ApprovedYears = 2, NewLeaseEnd = D("2031-02-28") } };

        None(Sut, lease, "2029-03-31");
        Assert.Equal(D("2031-03-30"), Single(Sut, lease, "2031-03-01").Deadline);
    }
}
