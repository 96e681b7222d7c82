using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Domain.Rules;
using static ComplianceMonitor.Domain.Tests.Rules.RuleRunner;
using static ComplianceMonitor.Domain.Tests.Rules.TestLeases;

namespace ComplianceMonitor.Domain.Tests.Rules;

public class AssessmentDecisionRuleTests
{
    private static readonly AssessmentDecisionRule Sut = new();

    private static LeaseRecord Applied() => Standard() with { Assessment = new Assessment { AppliedOn = D("2028-08-01") } };

    [Theory]
    [InlineData("2029-02-27", FindingStatus.Upcoming, 1, Severity.Warning)]
    [InlineData("2029-02-28", FindingStatus.Due, 0, Severity.Warning)]
    [InlineData("2029-03-01", FindingStatus.Overdue, -1, Severity.Critical)]
    public void Evaluate_AroundLeaseEnd_StatusDaysAndSeverity(string asOf, FindingStatus status, int days, Severity severity)
    {
        var f = Single(Sut, Applied(), asOf);

        AssertObligation(f, RuleCode.ASSESSMENT_DECISION, status, "2029-02-28", days, severity, Responsible.District, "三（五）", null);
        Assert.Equal("2029-02-28", f.Subject);
    }

    [Fact]
    public void Evaluate_JustApplied_UpcomingInfoWithMessage()
    {
        var f = Single(Sut, Applied(), "2028-08-01");

        AssertObligation(f, RuleCode.ASSESSMENT_DECISION, FindingStatus.Upcoming, "2029-02-28", 211, Severity.Info, Responsible.District, "三（五）", null);
        Assert.Equal("土地使用权人已于2028年8月1日提出考核申请：区政府应最迟于2029年2月28日（星期三）（租赁期届满日）完成考核并书面通知土地使用权人，还剩211天。", f.Message);
    }

    [Fact]
    public void Evaluate_NoApplication_NoFinding() => None(Sut, Standard(), "2029-03-01");

    [Fact]
    public void Evaluate_ApplicationDatedAfterAsOf_NoFinding() => None(Sut, Applied(), "2028-07-31");

    [Fact]
    public void Evaluate_ResultAndNoticeRecorded_NoFinding()
    {
        var lease = Applied() with { Assessment = Applied().Assessment with { Result = AssessmentResult.Passed, DecidedOn = D("2029-01-10"), NoticeReceivedOn = D("2029-01-12") } };

        None(Sut, lease, "2029-01-12");
        None(Sut, lease, "2029-03-01");
    }

    // Revision 2, change 3: the assessment is finished when the result AND its written notice are recorded.
    [Fact]
    public void Evaluate_PassedWithoutNotice_OpenUntilNoticeAndSaysWhatIsMissing()
    {
        var lease = Applied() with { Assessment = Applied().Assessment with { Result = AssessmentResult.Passed, DecidedOn = D("2029-01-10") } };

        var f = Single(Sut, lease, "2029-01-10");
        AssertObligation(f, RuleCode.ASSESSMENT_DECISION, FindingStatus.Upcoming, "2029-02-28", 49, Severity.Info, Responsible.District, "三（五）", null);
        Assert.Equal("考核结果（通过）已于2029年1月10日作出，但尚未记录书面通知土地使用权人（收到通知日期）：区政府应及时将考核结果书面通知土地使用权人，考核应在2029年2月28日（星期三）（租赁期届满日）前完成，还剩49天。", f.Message);

        var after = Single(Sut, lease, "2029-03-01");
        AssertObligation(after, RuleCode.ASSESSMENT_DECISION, FindingStatus.Overdue, "2029-02-28", -1, Severity.Critical, Responsible.District, "三（五）", null);
    }

    [Fact]
    public void Evaluate_FailedWithoutNotice_MessageSays未通过()
    {
        var lease = Applied() with { Assessment = Applied().Assessment with { Result = AssessmentResult.Failed, DecidedOn = D("2029-01-10") } };

        Assert.StartsWith("考核结果（未通过）已于2029年1月10日作出，但尚未记录书面通知", Single(Sut, lease, "2029-02-01").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_NoticeDatedAfterAsOf_StillOpenThenClosed()
    {
        var lease = Applied() with { Assessment = Applied().Assessment with { Result = AssessmentResult.Passed, DecidedOn = D("2029-01-10"), NoticeReceivedOn = D("2029-01-20") } };

        Assert.Contains("尚未记录书面通知", Single(Sut, lease, "2029-01-19").Message, StringComparison.Ordinal);
        None(Sut, lease, "2029-01-20");
    }

    [Fact]
    public void Evaluate_DecisionDatedAfterAsOf_StillOpen()
    {
        var lease = Applied() with { Assessment = Applied().Assessment with { Result = AssessmentResult.Passed, DecidedOn = D("2029-03-05"), NoticeReceivedOn = D("2029-03-05") } };

        Assert.Equal(FindingStatus.Overdue, Single(Sut, lease, "2029-03-04").Status);
        None(Sut, lease, "2029-03-05");
    }

    [Fact]
    public void Evaluate_ExitCompleted_NoFinding()
    {
        var lease = Applied() with { Exit = new Exit { CompletedOn = D("2028-10-01") } };

        None(Sut, lease, "2028-10-01");
    }

    [Fact]
    public void Evaluate_ApprovedRenewal_DeadlineIsRenewalEnd()
    {
        var lease = Applied() with { Renewal = new Renewal { AppliedOn = D("2028-07-01"), ApprovedOn = D("2028-07-20"), ApprovedYears = 2, NewLeaseEnd = D("2031-02-28") } };

        Assert.Equal(D("2031-02-28"), Single(Sut, lease, "2029-03-01").Deadline);
    }

    [Fact]
    public void Evaluate_ApprovedYearsWithoutNewEnd_DeadlineIsRenewalEnd()
    {
        // Revision 2, change 2: AddYears(2029-03-01, 2) - 1 day.
        var lease = Applied() with { Renewal = new Renewal { AppliedOn = D("2028-07-01"), ApprovedOn = D("2028-07-20"), ApprovedYears = 2 } };

        var f = Single(Sut, lease, "2029-03-01");

        AssertObligation(f, RuleCode.ASSESSMENT_DECISION, FindingStatus.Upcoming, "2031-02-28", 729, Severity.Info, Responsible.District, "三（五）", null);
    }
}
