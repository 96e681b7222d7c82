using ComplianceMonitor.Domain.Deadlines;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Domain.Rules;
using static ComplianceMonitor.Domain.Tests.Rules.RuleRunner;
using static ComplianceMonitor.Domain.Tests.Rules.TestLeases;

namespace ComplianceMonitor.Domain.Tests.Rules;

[Trait("Category", "unit")]
public class AssessmentApplicationRuleTests
{
    private static readonly AssessmentApplicationRule Sut = new();

    [Theory]
    [InlineData("2028-08-30", FindingStatus.Upcoming, 1, Severity.Warning)]
    [InlineData("2028-08-31", FindingStatus.Due, 0, Severity.Warning)]
    [InlineData("2028-09-01", FindingStatus.Overdue, -1, Severity.Critical)]
    [InlineData("2029-03-01", FindingStatus.Overdue, -182, Severity.Critical)]
    public void Evaluate_AroundDeadline_StatusDaysAndSeverity(string asOf, FindingStatus status, int days, Severity severity)
    {
        var f = Single(Sut, Standard(), asOf);

        AssertObligation(f, RuleCode.ASSESSMENT_APPLICATION, status, "2028-08-31", days, severity, Responsible.LandUser, "三（五）", null);
        Assert.Equal("2028-08-31", f.Subject);
    }

    [Fact]
    public void Evaluate_RecordsExampleOn20260306_Upcoming909DaysInfo()
    {
        var f = Single(Sut, Standard(), "2026-03-06");

        AssertObligation(f, RuleCode.ASSESSMENT_APPLICATION, FindingStatus.Upcoming, "2028-08-31", 909, Severity.Info, Responsible.LandUser, "三（五）", null);
        Assert.Equal("请最迟于2028年8月31日（星期四）向区政府提出考核申请（租赁期2029年2月28日届满前至少6个月），还剩909天。", f.Message);
    }

    [Theory]
    [InlineData("2028-08-01", Severity.Warning)] // 30 days left: within the warning window
    [InlineData("2028-07-31", Severity.Info)] // 31 days left
    public void Evaluate_AtWarningWindowEdge_SeverityFollowsWindow(string asOf, Severity severity)
    {
        Assert.Equal(severity, Single(Sut, Standard(), asOf).Severity);
    }

    [Fact]
    public void Evaluate_Due_MessageSaysLastDay()
    {
        Assert.Equal("请最迟于2028年8月31日（星期四）向区政府提出考核申请（租赁期2029年2月28日届满前至少6个月），今天是最后一天。", Single(Sut, Standard(), "2028-08-31").Message);
    }

    [Fact]
    public void Evaluate_Overdue_MessageCountsDaysLate()
    {
        Assert.EndsWith("已逾期3天。", Single(Sut, Standard(), "2028-09-03").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_ApplicationRecorded_NoFinding()
    {
        var lease = Standard() with { Assessment = new Assessment { AppliedOn = D("2028-08-31") } };

        None(Sut, lease, "2028-08-31");
        None(Sut, lease, "2028-09-01");
    }

    [Fact]
    public void Evaluate_ApplicationDatedAfterAsOf_StillOpen()
    {
        var lease = Standard() with { Assessment = new Assessment { AppliedOn = D("2028-09-10") } };

        var f = Single(Sut, lease, "2028-09-01");

        Assert.Equal(FindingStatus.Overdue, f.Status);
        None(Sut, lease, "2028-09-10");
    }

    [Fact]
    public void Evaluate_ResultRecordedWithoutApplication_NoFinding()
    {
        var lease = Standard() with { Assessment = new Assessment { Result = AssessmentResult.Failed, DecidedOn = D("2028-10-01") } };

        None(Sut, lease, "2028-10-01");
        Assert.Single(Run(Sut, lease, "2028-09-30"));
    }

    [Fact]
    public void Evaluate_ExitCompleted_NoFinding()
    {
        var lease = Standard() with { Exit = new Exit { CompletedOn = D("2027-05-01") } };

        None(Sut, lease, "2028-09-01");
        Assert.Single(Run(Sut, lease, "2027-04-30"));
    }

    [Fact]
    public void Evaluate_RenewalPending_NoFinding()
    {
        var lease = Standard() with { Renewal = new Renewal { AppliedOn = D("2028-08-20") } };

        None(Sut, lease, "2028-09-01");
        Assert.Single(Run(Sut, lease, "2028-08-19"));
    }

    [Fact]
    public void Evaluate_RenewalApproved_DeadlineMovesToRenewalEnd()
    {
        var lease = Standard() with
        {
            Renewal = new Renewal { AppliedOn = D("2028-08-20"), ApprovedOn = D("2028-10-15"), ApprovedYears = 2, NewLeaseEnd = D("2031-02-28") },
        };

        None(Sut, lease, "2028-10-14"); // approval not yet known: still pending
        var f = Single(Sut, lease, "2028-10-15");

        AssertObligation(f, RuleCode.ASSESSMENT_APPLICATION, FindingStatus.Upcoming, "2030-08-31", 685, Severity.Info, Responsible.LandUser, "三（五）", null);
        Assert.Equal("2030-08-31", f.Subject);
        Assert.Empty(f.Warnings); // the day is never moved, so missing 2030 holiday data changes nothing
        Assert.Contains("租赁期2031年2月28日届满前", f.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_DeadlineOnOffDay_MessageSaysSoAndAdvisesActingEarlier()
    {
        // Lease end 2026-04-04: AddMonths(2026-04-05, -6) - 1 = 2025-10-04, a Saturday in the National Day holiday.
        var lease = Standard() with { LeaseStart = D("2021-04-05"), LeaseEnd = D("2026-04-04") };

        var f = Single(Sut, lease, "2025-09-30");

        AssertObligation(f, RuleCode.ASSESSMENT_APPLICATION, FindingStatus.Upcoming, "2025-10-04", 4, Severity.Warning, Responsible.LandUser, "三（五）", null);
        Assert.Empty(f.Warnings);
        Assert.Equal("请最迟于2025年10月4日（星期六）向区政府提出考核申请（租赁期2026年4月4日届满前至少6个月）；该日为休息日，请提前在工作日办理，还剩4天。", f.Message);
    }

    [Fact]
    public void Evaluate_DeadlineOnWorkingDay_NoOffDayAdvice()
    {
        Assert.DoesNotContain("休息日", Single(Sut, Standard(), "2028-08-01").Message, StringComparison.Ordinal);
    }
}
