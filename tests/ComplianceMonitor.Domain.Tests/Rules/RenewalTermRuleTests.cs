using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Domain.Rules;
using static ComplianceMonitor.Domain.Tests.Rules.RuleRunner;
using static ComplianceMonitor.Domain.Tests.Rules.TestLeases;

namespace ComplianceMonitor.Domain.Tests.Rules;

public class RenewalTermRuleTests
{
    private static readonly RenewalTermRule Sut = new();

    private static LeaseRecord Approved(int? years, string? newEnd, string approvedOn = "2028-08-20") => Standard() with
    {
        Renewal = new Renewal { AppliedOn = D("2028-08-01"), ApprovedOn = D(approvedOn), ApprovedYears = years, NewLeaseEnd = newEnd is null ? null : D(newEnd) },
    };

    [Theory]
    [InlineData(2, "2031-02-28")]
    [InlineData(1, "2030-02-28")]
    [InlineData(null, "2031-02-28")]
    [InlineData(2, null)]
    public void Evaluate_WithinTwoYears_NoFinding(int? years, string? newEnd) => None(Sut, Approved(years, newEnd), "2028-09-01");

    [Fact]
    public void Evaluate_ThreeYearsApproved_WarningViolation()
    {
        var f = Single(Sut, Approved(3, "2032-02-29"), "2028-09-01");

        AssertViolation(f, RuleCode.RENEWAL_TERM, Severity.Warning, Responsible.District, "三（五）", null, "renewal:2028-08-20");
        Assert.Equal("续租批准3年、至2032年2月29日，超过续租期限原则上不超过2年的规定（原则上最迟续至2031年2月28日）：请区政府核查是否确属特殊情况。", f.Message);
    }

    [Fact]
    public void Evaluate_YearsTooManyWithoutEnd_MessageNamesYears()
    {
        Assert.Equal("续租批准3年，超过续租期限原则上不超过2年的规定（原则上最迟续至2031年2月28日）：请区政府核查是否确属特殊情况。", Single(Sut, Approved(3, null), "2028-09-01").Message);
    }

    [Fact]
    public void Evaluate_EndOneDayTooLate_Violation()
    {
        var f = Single(Sut, Approved(2, "2031-03-01"), "2028-09-01");

        Assert.Equal(FindingStatus.Violation, f.Status);
        Assert.Equal("续租至2031年3月1日，超过续租期限原则上不超过2年的规定（原租赁期2029年2月28日届满，原则上最迟续至2031年2月28日）：请区政府核查是否确属特殊情况。", f.Message);
    }

    [Fact]
    public void Evaluate_ApprovalAfterAsOf_NoFinding() => None(Sut, Approved(3, null, "2028-09-02"), "2028-09-01");

    [Fact]
    public void Evaluate_NotApproved_NoFinding()
    {
        var lease = Standard() with { Renewal = new Renewal { AppliedOn = D("2028-08-01"), ApprovedYears = 5 } };

        None(Sut, lease, "2028-09-01");
    }

    // Revision 2, change 4: two years counted as the Civil Code counts them (deadlines.md: lease end 2026-02-28, limit 2028-02-29).
    [Fact]
    public void Evaluate_RenewalToLeapDayExactlyTwoYears_NoFinding()
    {
        var lease = Standard() with
        {
            LeaseStart = D("2021-03-01"),
            LeaseEnd = D("2026-02-28"),
            Renewal = new Renewal { AppliedOn = D("2025-08-01"), ApprovedOn = D("2025-09-01"), ApprovedYears = 2, NewLeaseEnd = D("2028-02-29") },
        };

        None(Sut, lease, "2026-11-26");
    }

    [Fact]
    public void Evaluate_RenewalOneDayPastLeapDayLimit_Violation()
    {
        var lease = Standard() with
        {
            LeaseStart = D("2021-03-01"),
            LeaseEnd = D("2026-02-28"),
            Renewal = new Renewal { AppliedOn = D("2025-08-01"), ApprovedOn = D("2025-09-01"), NewLeaseEnd = D("2028-03-01") },
        };

        var f = Single(Sut, lease, "2026-11-26");

        AssertViolation(f, RuleCode.RENEWAL_TERM, Severity.Warning, Responsible.District, "三（五）", null, "renewal:2025-09-01");
        Assert.Contains("原则上最迟续至2028年2月29日", f.Message, StringComparison.Ordinal);
    }
}
