using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Domain.Rules;
using static ComplianceMonitor.Domain.Tests.Rules.RuleRunner;
using static ComplianceMonitor.Domain.Tests.Rules.TestLeases;

namespace ComplianceMonitor.Domain.Tests.Rules;

public class ExitAfterFailedAssessmentRuleTests
{
    private static readonly ExitAfterFailedAssessmentRule Sut = new();

    private static LeaseRecord Failed(string decidedOn = "2029-01-10") => Standard() with
    {
        Assessment = new Assessment { AppliedOn = D("2028-08-01"), Result = AssessmentResult.Failed, DecidedOn = D(decidedOn), NoticeReceivedOn = D(decidedOn) },
    };

    [Theory]
    [InlineData("2029-02-27", FindingStatus.Upcoming, 1, Severity.Warning)]
    [InlineData("2029-02-28", FindingStatus.Due, 0, Severity.Warning)]
    [InlineData("2029-03-01", FindingStatus.Overdue, -1, Severity.Critical)]
    public void Evaluate_AroundLeaseEnd_StatusDaysAndSeverity(string asOf, FindingStatus status, int days, Severity severity)
    {
        var f = Single(Sut, Failed(), asOf);

        AssertObligation(f, RuleCode.EXIT_AFTER_FAILED_ASSESSMENT, status, "2029-02-28", days, severity, Responsible.LandUser, "三（五）", null);
        Assert.Equal("2029-02-28", f.Subject);
    }

    [Fact]
    public void Evaluate_Open_Message()
    {
        Assert.Equal(
            "考核未通过：请于2029年2月28日（星期三）（租赁合同到期日）前完成退出，还剩49天；属地规划自然资源主管部门根据考核结果报同级人民政府依法收回土地使用权，并办理不动产注销登记。",
            Single(Sut, Failed(), "2029-01-10").Message);
    }

    [Fact]
    public void Evaluate_Overdue_MessageDoesNotTieRecoveryToLateness()
    {
        // Revision 2, change 10: recovery follows the failed result, not the lateness of the exit.
        var message = Single(Sut, Failed(), "2029-03-05").Message;

        Assert.Contains("已逾期5天；属地规划自然资源主管部门根据考核结果报同级人民政府依法收回土地使用权", message, StringComparison.Ordinal);
        Assert.DoesNotContain("逾期由", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_ExitCompleted_NoFinding()
    {
        var lease = Failed() with { Exit = new Exit { CompletedOn = D("2029-02-20") } };

        None(Sut, lease, "2029-02-20");
        None(Sut, lease, "2029-03-01");
        Assert.Single(Run(Sut, lease, "2029-02-19"));
    }

    [Fact]
    public void Evaluate_DecisionAfterAsOf_NoFinding() => None(Sut, Failed(), "2029-01-09");

    [Fact]
    public void Evaluate_Passed_NoFinding() => None(Sut, Passed(D("2029-01-10"), D("2029-01-12")), "2029-03-01");
}
