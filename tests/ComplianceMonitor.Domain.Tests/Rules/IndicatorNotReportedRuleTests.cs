using ComplianceMonitor.Domain.Agreements;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Domain.Rules;
using static ComplianceMonitor.Domain.Tests.Agreements.TestAgreements;
using static ComplianceMonitor.Domain.Tests.Rules.RuleRunner;
using static ComplianceMonitor.Domain.Tests.Rules.TestLeases;

namespace ComplianceMonitor.Domain.Tests.Rules;

[Trait("Category", "unit")]
public class IndicatorNotReportedRuleTests
{
    private static readonly IndicatorNotReportedRule Sut = new();

    private static LeaseRecord WithIndicators(params Indicator[] indicators) =>
        With(new Agreement { Ref = Ref, SignedOn = D("2024-02-20"), Indicators = indicators });

    [Theory]
    [InlineData("2026-01-01", FindingStatus.Upcoming, 90, Severity.Info)]
    [InlineData("2026-03-15", FindingStatus.Upcoming, 17, Severity.Warning)]
    [InlineData("2026-04-01", FindingStatus.Due, 0, Severity.Warning)]
    [InlineData("2026-11-26", FindingStatus.Overdue, -239, Severity.Critical)]
    public void Evaluate_LastYearNotReported_DueOnTheReportingDay(string asOf, FindingStatus status, int days, Severity severity)
    {
        var f = Single(Sut, WithIndicators(Investment(Actual(2024, 700m, "2025-03-01"))), asOf);

        AssertObligation(f, RuleCode.INDICATOR_NOT_REPORTED, status, "2026-04-01", days, severity, Responsible.LandUser, "三（五）", null);
        Assert.Equal("report:2025", f.Subject);
    }

    [Fact]
    public void Evaluate_TwoMissing_OneFindingNamingBoth()
    {
        var f = Single(Sut, WithIndicators(Investment(), Energy(Actual(2025, 0.4m, "2026-02-01"), Actual(2024, 0.4m, "2025-02-01"))), "2026-04-02");

        Assert.Equal("请于2026年4月1日（星期三）前报送2025年度履约监管协议指标实际值（尚缺：投资强度），已逾期1天。", f.Message);

        var both = Single(Sut, WithIndicators(Investment(), Energy()), "2026-04-02");
        Assert.Contains("尚缺：投资强度、单位能耗增加值", both.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_Reported_NoFinding()
    {
        var lease = WithIndicators(Investment(Actual(2025, 620m, "2026-03-20")));

        None(Sut, lease, "2026-03-20");
        Assert.Single(Run(Sut, lease, "2026-03-19"));
    }

    [Fact]
    public void Evaluate_LeaseStartedAfterTheYear_NoFinding()
    {
        // The lease starts 2024-03-01: 2023 is not a year of the lease.
        None(Sut, WithIndicators(Investment()), "2024-06-01");
        Assert.Equal("report:2024", Single(Sut, WithIndicators(Investment()), "2025-01-01").Subject);
    }

    [Fact]
    public void Evaluate_AgreementSignedAfterTheYear_NoFinding()
    {
        var lease = With(new Agreement { Ref = Ref, SignedOn = D("2025-06-01"), Indicators = [Investment()] });

        None(Sut, lease, "2025-03-01");
        Assert.Single(Run(Sut, lease, "2026-03-01"));
    }

    [Fact]
    public void Evaluate_ReportingDayIsAParameter()
    {
        var context = new RuleContext(D("2026-05-01"), Context(D("2026-05-01")).Parameters with
        {
            Agreement = new AgreementParameters { IndicatorReportingMonth = 6, IndicatorReportingDay = 30 },
        }, Context(D("2026-05-01")).Calendar);
        var findings = new List<Finding>();

        Sut.Evaluate(WithIndicators(Investment()), context, findings);

        Assert.Equal(D("2026-06-30"), Assert.Single(findings).Deadline);
    }
}
