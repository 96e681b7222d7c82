using ComplianceMonitor.Domain.Agreements;
using ComplianceMonitor.Domain.Records;

namespace ComplianceMonitor.Domain.Tests.Records;

[Trait("Category", "unit")]
public class AgreementReaderTests
{
    /// <summary>agreement.md's example, with an actual and a voluntary return recorded.</summary>
    private const string Example = """
        { "ref": "房山经信〔2024〕履约12号", "signedOn": "2024-02-20",
          "milestones": [
            { "kind": "constructionStart", "agreedOn": "2024-09-01", "achievedOn": null },
            { "kind": "constructionCompletion", "agreedOn": "2026-03-01", "achievedOn": null },
            { "kind": "production", "agreedOn": "2026-09-01", "achievedOn": null } ],
          "indicators": [
            { "code": "investmentIntensity", "name": "投资强度", "unit": "万元/亩", "direction": "atLeast",
              "target": 800, "actuals": [ { "period": "2025", "value": 620, "reportedOn": "2026-01-20" } ] } ],
          "damages": { "lateMilestonePermillePerDay": 1.0, "base": "basePrice" } }
        """;

    private static LeaseJson WithAgreement() => LeaseJson.Valid().With("agreement", Example);

    [Fact]
    public void Read_AgreementMdExample_GivesEveryField()
    {
        var record = WithAgreement().With("voluntaryReturn", """{ "appliedOn": "2026-09-15", "acceptedOn": null, "refundPaidOn": null }""").ReadValid();

        var a = record.Agreement!;
        Assert.Equal("房山经信〔2024〕履约12号", a.Ref);
        Assert.Equal(new DateOnly(2024, 2, 20), a.SignedOn);
        Assert.Equal(
            [
                new Milestone(MilestoneKind.ConstructionStart, new DateOnly(2024, 9, 1), null),
                new Milestone(MilestoneKind.ConstructionCompletion, new DateOnly(2026, 3, 1), null),
                new Milestone(MilestoneKind.Production, new DateOnly(2026, 9, 1), null),
            ],
            a.Milestones);
        var i = Assert.Single(a.Indicators);
        Assert.Equal(("investmentIntensity", "投资强度", "万元/亩", IndicatorDirection.AtLeast, 800m), (i.Code, i.Name, i.Unit, i.Direction, i.Target));
        Assert.Equal([new IndicatorActual(2025, 620m, new DateOnly(2026, 1, 20))], i.Actuals);
        Assert.Equal(new AgreementDamages(1.0m, DamagesBase.BasePrice), a.Damages);
        Assert.Equal(new VoluntaryReturn { AppliedOn = new DateOnly(2026, 9, 15) }, record.VoluntaryReturn);
    }

    [Fact]
    public void Read_WithoutAgreement_NullAndWrittenExactlyAsBefore()
    {
        var record = LeaseJson.Valid().ReadValid();

        Assert.Null(record.Agreement);
        Assert.Null(record.VoluntaryReturn);
        var json = LeaseRecordJson.Serialize(record);
        Assert.DoesNotContain("agreement", json, StringComparison.Ordinal);
        Assert.DoesNotContain("voluntaryReturn", json, StringComparison.Ordinal);
        Assert.EndsWith("\"exit\":{\"completedOn\":null}}", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NullAgreement_NotRecorded()
    {
        Assert.Null(LeaseJson.Valid().With("agreement", "null").With("voluntaryReturn", "null").ReadValid().Agreement);
    }

    [Fact]
    public void WriteThenRead_GivesTheSameRecord()
    {
        var record = WithAgreement().With("voluntaryReturn", """{ "appliedOn": "2026-09-15", "acceptedOn": "2026-10-01", "refundPaidOn": null }""").ReadValid();

        var json = LeaseRecordJson.Serialize(record);
        var again = LeaseRecordReader.ReadMany(json);

        Assert.True(again.IsValid, string.Join("; ", again.Errors));
        var back = Assert.Single(again.Records);
        Assert.Equal(record.Agreement!.Milestones, back.Agreement!.Milestones);
        Assert.Equal(record.Agreement.Indicators[0].Actuals, back.Agreement.Indicators[0].Actuals);
        Assert.Equal(record.Agreement with { Milestones = [], Indicators = [] }, back.Agreement with { Milestones = [], Indicators = [] });
        Assert.Equal(record.VoluntaryReturn, back.VoluntaryReturn);
        Assert.Contains("\"period\":\"2025\"", json, StringComparison.Ordinal);
        Assert.Equal(json, LeaseRecordJson.Serialize(back));
    }

    [Fact]
    public void Read_ManyProblems_EveryOneReportedWithItsPath()
    {
        var result = WithAgreement().Apply(
            "agreement.ref=\" \" ; agreement.signedOn=\"2024/02/20\" ; agreement.milestones[0].kind=\"groundBreaking\" ; "
            + "agreement.milestones[1].agreedOn=\"2026-02-30\" ; -agreement.milestones[2].agreedOn ; "
            + "agreement.indicators[0].direction=\"up\" ; agreement.indicators[0].target=0 ; "
            + "agreement.indicators[0].actuals[0].period=\"2025年\" ; agreement.indicators[0].actuals[0].value=-1 ; "
            + "agreement.damages.base=\"rent\" ; agreement.extra=1 ; "
            + "voluntaryReturn={ \"appliedOn\": \"2026-10-02\", \"acceptedOn\": \"2026-10-01\", \"refundPaidOn\": null }").Read();

        Assert.False(result.IsValid);
        Assert.Equal(
            [
                "agreement.extra",
                "agreement.ref",
                "agreement.signedOn",
                "agreement.milestones[0].kind",
                "agreement.milestones[1].agreedOn",
                "agreement.milestones[2].agreedOn",
                "agreement.indicators[0].direction",
                "agreement.indicators[0].target",
                "agreement.indicators[0].actuals[0].period",
                "agreement.indicators[0].actuals[0].value",
                "agreement.damages.base",
                "voluntaryReturn.acceptedOn",
            ],
            result.Errors.Select(e => e.Field));
        Assert.All(result.Errors, e => Assert.Equal(LeaseJson.LeaseId, e.LeaseId));
        Assert.Equal("'2026-02-30' is not a calendar date (日期不存在)", result.Errors[4].Message);
        Assert.Equal("must be a year yyyy, e.g. \"2025\" (期间应为四位年份，如\"2025\")", result.Errors[8].Message);
        Assert.Equal("must not be before appliedOn 2026-10-02 (日期不得早于appliedOn)", result.Errors[11].Message);
    }

    [Fact]
    public void Read_Duplicates_ReportedOnTheLaterOne()
    {
        var result = WithAgreement().Apply(
            "agreement.milestones[2].kind=\"constructionStart\" ; "
            + "agreement.indicators=[ { \"code\": \"investmentIntensity\", \"name\": \"投资强度\", \"direction\": \"atLeast\", \"target\": 800, "
            + "\"actuals\": [ { \"period\": \"2025\", \"value\": 620, \"reportedOn\": \"2026-01-20\" }, { \"period\": \"2025\", \"value\": 1, \"reportedOn\": \"2026-01-21\" } ] }, "
            + "{ \"code\": \"investmentIntensity\", \"name\": \"投资强度\", \"direction\": \"atLeast\", \"target\": 1, \"actuals\": [] } ]").Read();

        Assert.Equal(
            [
                ("agreement.milestones[2].kind", "milestone 'constructionStart' appears more than once (节点'constructionStart'重复)"),
                ("agreement.indicators[0].actuals[1].period", "period '2025' appears more than once (期间'2025'重复)"),
                ("agreement.indicators[1].code", "indicator 'investmentIntensity' appears more than once (指标'investmentIntensity'重复)"),
            ],
            result.Errors.Select(e => (e.Field, e.Message)));
    }

    [Fact]
    public void Read_CompletionMilestoneDisagreesWithConstructionCompletedOn_ErrorOnAchievedOn()
    {
        var result = WithAgreement().Apply("constructionCompletedOn=\"2026-02-20\" ; agreement.milestones[1].achievedOn=\"2026-02-21\"").Read();

        var error = Assert.Single(result.Errors);
        Assert.Equal("agreement.milestones[1].achievedOn", error.Field);
        Assert.Equal("must equal constructionCompletedOn 2026-02-20 when both are given (竣工节点实际日期应与竣工日期一致)", error.Message);
    }

    [Fact]
    public void Read_CompletionMilestoneAgreesOrOnlyOneGiven_Valid()
    {
        WithAgreement().Apply("constructionCompletedOn=\"2026-02-20\" ; agreement.milestones[1].achievedOn=\"2026-02-20\"").ReadValid();
        WithAgreement().Apply("constructionCompletedOn=\"2026-02-20\"").ReadValid();
        WithAgreement().Apply("agreement.milestones[1].achievedOn=\"2026-02-20\"").ReadValid();
    }

    [Theory]
    [InlineData("""{ "appliedOn": null, "acceptedOn": "2026-10-01", "refundPaidOn": null }""", "voluntaryReturn.acceptedOn", "needs appliedOn (记录受理日期时须已有申请日期)")]
    [InlineData("""{ "appliedOn": "2026-09-01", "acceptedOn": null, "refundPaidOn": "2026-10-01" }""", "voluntaryReturn.refundPaidOn", "needs acceptedOn (记录退款日期时须已受理)")]
    [InlineData("""{ "appliedOn": "2026-09-01", "acceptedOn": "2026-10-01", "refundPaidOn": "2026-09-30" }""", "voluntaryReturn.refundPaidOn", "must not be before acceptedOn 2026-10-01 (日期不得早于acceptedOn)")]
    [InlineData("""{ "appliedOn": "2026-09-01", "acceptedOn": "2026-10-01", "returnedOn": "2026-09-30" }""", "voluntaryReturn.returnedOn", "unknown property 'returnedOn' (未知字段'returnedOn')")]
    public void Read_VoluntaryReturnOutOfOrder_ErrorOnTheField(string json, string field, string message)
    {
        var error = Assert.Single(LeaseJson.Valid().With("voluntaryReturn", json).Read().Errors);

        Assert.Equal((field, message), (error.Field, error.Message));
    }
}
