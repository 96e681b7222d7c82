using System.Text.Json;
using ComplianceMonitor.Domain.Agreements;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Rules;
using static ComplianceMonitor.Domain.Tests.Agreements.TestAgreements;
using static ComplianceMonitor.Domain.Tests.Rules.TestLeases;

namespace ComplianceMonitor.Domain.Tests.Findings;

[Trait("Category", "unit")]
public class CheckResultReadinessJsonTests
{
    [Fact]
    public void ToJson_NoAgreement_NoReadinessPropertyAndTheSameFieldsAsBefore()
    {
        var json = CheckResultJson.ToJson(RuleEngine.Default.Check(Standard(), D("2026-11-26")), indented: false);

        using var doc = JsonDocument.Parse(json);
        Assert.Equal(["leaseId", "asOf", "ruleSet", "findings", "warnings"], doc.RootElement.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void ToJson_WithAgreement_ReadinessAfterTheContractFields()
    {
        var lease = With(Example(Investment(Actual(2025, 620m, "2026-01-20")), Energy(Actual(2024, 0.55m, "2025-02-01"), Actual(2025, 0.62m, "2026-02-01"))));

        var json = CheckResultJson.ToJson(RuleEngine.Default.Check(lease, D("2026-11-26")), indented: false);

        using var doc = JsonDocument.Parse(json);
        Assert.Equal(["leaseId", "asOf", "ruleSet", "findings", "warnings", "readiness"], doc.RootElement.EnumerateObject().Select(p => p.Name));
        var r = doc.RootElement.GetProperty("readiness");
        Assert.Equal("offTrack", r.GetProperty("overall").GetString());
        Assert.Equal("2028-08-31", r.GetProperty("assessmentApplicationDeadline").GetString());
        Assert.Equal(
            """{"kind":"constructionStart","agreedOn":"2024-09-01","achievedOn":null,"daysLate":816}""",
            r.GetProperty("milestones")[0].GetRawText());
        Assert.Equal(
            """{"code":"energyPerValue","name":"单位能耗增加值","unit":"吨标煤/万元","direction":"atMost","target":0.5,"latestPeriod":"2025","latestValue":0.62,"ratio":0.8065,"meets":false,"trend":"worsening"}""",
            r.GetProperty("indicators")[1].GetRawText());
        Assert.Equal("开工已逾期816天未完成（超过90天）", r.GetProperty("reasons")[0].GetString());
    }

    [Fact]
    public void Check_ExampleAgreement_EveryNewRuleFires()
    {
        var lease = With(Example(Investment(Actual(2024, 620m, "2025-01-20"))));

        var rules = RuleEngine.Default.Check(lease, D("2026-11-26")).Findings.Select(f => f.Rule).ToHashSet();

        Assert.Superset(new HashSet<RuleCode> { RuleCode.MILESTONE, RuleCode.IDLE_LAND, RuleCode.INDICATOR_SHORTFALL, RuleCode.INDICATOR_NOT_REPORTED }, rules);
        Assert.Equal(ReadinessWord.OffTrack, RuleEngine.Default.Check(lease, D("2026-11-26")).Readiness!.Overall);
    }
}
