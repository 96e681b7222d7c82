using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Rules;
using static ComplianceMonitor.Domain.Tests.Rules.RuleRunner;
using static ComplianceMonitor.Domain.Tests.Rules.TestLeases;

namespace ComplianceMonitor.Domain.Tests.Rules;

public class PolicyValidityRuleTests
{
    private static readonly PolicyValidityRule Sut = new();

    [Theory]
    [InlineData("2024-03-01")]
    [InlineData("2029-02-17")]
    [InlineData("2029-02-18")] // the last valid day itself (revision 2, change 9: arts. 201-202)
    public void Evaluate_StartWithinValidity_NoFinding(string start) =>
        None(Sut, Standard() with { LeaseStart = D(start), LeaseEnd = D(start).AddYears(5).AddDays(-1) }, "2026-03-06");

    [Fact]
    public void Evaluate_StartAfterLastValidDay_InfoForCity()
    {
        var f = Single(Sut, Standard() with { LeaseStart = D("2029-02-19"), LeaseEnd = D("2034-02-18") }, "2026-03-06");

        Assert.Equal(RuleCode.POLICY_VALIDITY, f.Rule);
        Assert.Equal(FindingStatus.Info, f.Status);
        Assert.Equal(Severity.Info, f.Severity);
        Assert.Equal(Responsible.City, f.Responsible);
        Assert.Equal("四（三）", f.Basis);
        Assert.Null(f.Deadline);
        Assert.Null(f.DaysRemaining);
        Assert.Null(f.AmountYuan);
        Assert.Equal("policy-validity", f.Subject);
        Assert.Equal("租赁期始于2029年2月19日，晚于所依据指导意见的有效期最后一日2029年2月18日（规则集beijing-2024）：请市规划自然资源委确认适用的政策依据。", f.Message);
    }
}
