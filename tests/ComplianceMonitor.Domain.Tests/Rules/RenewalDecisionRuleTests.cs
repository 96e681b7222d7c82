using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Domain.Rules;
using static ComplianceMonitor.Domain.Tests.Rules.RuleRunner;
using static ComplianceMonitor.Domain.Tests.Rules.TestLeases;

namespace ComplianceMonitor.Domain.Tests.Rules;

/// <summary>RENEWAL_DECISION (policy revision 2, change 1): the district decides a renewal before the lease ends.</summary>
[Trait("Category", "unit")]
public class RenewalDecisionRuleTests
{
    private static readonly RenewalDecisionRule Sut = new();

    // The example: lease ending 2027-06-30, renewal applied 2027-01-20 (after the 2026-12-31 deadline), undecided.
    private static LeaseRecord Pending(string appliedOn = "2027-01-20") => Standard() with
    {
        LeaseStart = D("2022-07-01"),
        LeaseEnd = D("2027-06-30"),
        Renewal = new Renewal { AppliedOn = D(appliedOn) },
    };

    [Theory]
    [InlineData("2027-01-20", FindingStatus.Upcoming, 161, Severity.Info)]
    [InlineData("2027-06-29", FindingStatus.Upcoming, 1, Severity.Warning)]
    [InlineData("2027-06-30", FindingStatus.Due, 0, Severity.Warning)]
    [InlineData("2027-07-01", FindingStatus.Overdue, -1, Severity.Critical)]
    public void Evaluate_Undecided_DeadlineIsTheLeaseEndBeforeRenewal(string asOf, FindingStatus status, int days, Severity severity)
    {
        var f = Single(Sut, Pending(), asOf);

        AssertObligation(f, RuleCode.RENEWAL_DECISION, status, "2027-06-30", days, severity, Responsible.District, "三（五）", null);
        Assert.Equal("renewal:2027-01-20", f.Subject);
    }

    [Fact]
    public void Evaluate_Undecided_Message()
    {
        Assert.Equal(
            "土地使用权人已于2027年1月20日提出续租申请，尚未决定：区政府应在租赁期届满日2027年6月30日（星期三）前作出准予或不予续租的决定并告知土地使用权人，还剩161天。",
            Single(Sut, Pending(), "2027-01-20").Message);
    }

    [Fact]
    public void Evaluate_BeforeApplication_NoFinding() => None(Sut, Pending(), "2027-01-19");

    [Fact]
    public void Evaluate_Approved_NoFindingFromTheApprovalDay()
    {
        var lease = Pending() with { Renewal = Pending().Renewal with { ApprovedOn = D("2027-03-01"), ApprovedYears = 2 } };

        Assert.Single(Run(Sut, lease, "2027-02-28"));
        None(Sut, lease, "2027-03-01");
    }

    [Fact]
    public void Evaluate_Refused_NoFindingFromTheRefusalDay()
    {
        var lease = Pending() with { Renewal = Pending().Renewal with { RefusedOn = D("2027-03-01") } };

        Assert.Single(Run(Sut, lease, "2027-02-28"));
        None(Sut, lease, "2027-03-01");
    }

    [Fact]
    public void Evaluate_ExitCompleted_NoFinding()
    {
        var lease = Pending() with { Exit = new Exit { CompletedOn = D("2027-05-01") } };

        None(Sut, lease, "2027-05-01");
    }
}
