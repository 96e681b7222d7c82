using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Domain.Rules;
using static ComplianceMonitor.Domain.Tests.Rules.RuleRunner;
using static ComplianceMonitor.Domain.Tests.Rules.TestLeases;

namespace ComplianceMonitor.Domain.Tests.Rules;

[Trait("Category", "unit")]
public class UseViolationRuleTests
{
    private static readonly UseViolationRule Sut = new();

    [Theory]
    [InlineData(LeaseEventType.UseChange, "useChange:2025-06-10", "擅自改变土地用途")]
    [InlineData(LeaseEventType.IndustryChange, "industryChange:2025-06-10", "转换产业类型")]
    [InlineData(LeaseEventType.RealEstateDevelopment, "realEstateDevelopment:2025-06-10", "变相进行房地产开发")]
    public void Evaluate_UseEvent_CriticalViolation(LeaseEventType type, string subject, string words)
    {
        var f = Single(Sut, Standard() with { Events = [new LeaseEvent(type, D("2025-06-10"), "区规自分局检查记录")] }, "2025-06-10");

        AssertViolation(f, RuleCode.USE_VIOLATION, Severity.Critical, Responsible.LandUser, "三（六）", null, subject);
        Assert.Equal(
            $"2025年6月10日记录{words}（区规自分局检查记录），违反按合同约定用途使用土地的规定：由区政府组织相关部门依法依约处置，情节严重的解除合同、收回土地使用权。",
            f.Message);
    }

    [Fact]
    public void Evaluate_EventAfterAsOf_NotYetKnown() =>
        None(Sut, Standard() with { Events = [new LeaseEvent(LeaseEventType.UseChange, D("2025-06-10"), null)] }, "2025-06-09");

    [Fact]
    public void Evaluate_EventAfterLeaseEnd_StillReported() =>
        Assert.Single(Run(Sut, Standard() with { Events = [new LeaseEvent(LeaseEventType.RealEstateDevelopment, D("2030-01-01"), null)] }, "2030-01-02"));

    [Theory]
    [InlineData(LeaseEventType.Transfer)]
    [InlineData(LeaseEventType.Sublease)]
    [InlineData(LeaseEventType.Mortgage)]
    public void Evaluate_DispositionEvents_NotThisRule(LeaseEventType type) =>
        None(Sut, Standard() with { Events = [new LeaseEvent(type, D("2025-06-10"), null)] }, "2026-03-06");

    [Fact]
    public void Evaluate_NoEvents_NoFinding() => None(Sut, Standard(), "2026-03-06");
}
