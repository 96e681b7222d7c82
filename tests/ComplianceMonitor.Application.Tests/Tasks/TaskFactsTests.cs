using System.Text.Json;
using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Tasks;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Domain.Rules;
using ComplianceMonitor.Testing.Records;

namespace ComplianceMonitor.Application.Tests.Tasks;

/// <summary>The fact that closes each rule's task, applied to the lease record (TaskFacts), and the short task ids (TaskShortId).</summary>
[Trait("Category", "unit")]
public sealed class TaskFactsTests
{
    private static EnforcementTask CreateSut(RuleCode rule, string subject = "main") => new()
    {
        DistrictCode = "110111",
        Id = AlertKey.For("FS-2024-0001", rule, subject),
        ShortId = "T-0000000A",
        LeaseId = "FS-2024-0001",
        Rule = rule,
        Department = Department.PlanningAndNaturalResources,
        Summary = "s",
        Basis = "三（五）",
        OpenedOn = new DateOnly(2026, 3, 1),
        DueOn = new DateOnly(2026, 3, 16),
        State = TaskState.Open,
    };

    private static JsonElement Json(string text)
    {
        using var d = JsonDocument.Parse(text);
        return d.RootElement.Clone();
    }

    [Fact]
    public void Apply_RentArrearsPayment_AppendedToRentPayments_AgainChangesNothing()
    {
        var lease = SampleLeases.Create();
        var fact = Json("""{"paidOn":"2026-03-05","amountYuan":1200.50,"ref":"回单1"}""");

        var (record, detail, errors) = TaskFacts.Apply(CreateSut(RuleCode.RENT_ARREARS), lease, fact);
        var (again, againDetail, _) = TaskFacts.Apply(CreateSut(RuleCode.RENT_ARREARS), record!, fact);

        Assert.Empty(errors);
        Assert.Equal(new Payment(new DateOnly(2026, 3, 5), 1200.50m, "回单1"), record!.RentPayments[^1]);
        Assert.Equal(lease.RentPayments.Count + 1, record.RentPayments.Count);
        Assert.Equal("task T-0000000A RENT_ARREARS: rentPayments += 2026-03-05 1200.50 (回单1)", detail);
        Assert.Null(again);
        Assert.Equal("RENT_ARREARS: already recorded", againDetail);
    }

    [Fact]
    public void Apply_AssessmentApplication_SetsAppliedOn_AnotherDayAlreadyRecorded_RefusedNamingTheFact()
    {
        var lease = SampleLeases.Create() with { Assessment = Assessment.Empty with { AppliedOn = new DateOnly(2026, 1, 2) } };

        var (fresh, detail, none) = TaskFacts.Apply(CreateSut(RuleCode.ASSESSMENT_APPLICATION), SampleLeases.Create(), Json("""{"appliedOn":"2026-03-04"}"""));
        var (refused, _, errors) = TaskFacts.Apply(CreateSut(RuleCode.ASSESSMENT_APPLICATION), lease, Json("""{"appliedOn":"2026-03-04"}"""));

        Assert.Empty(none);
        Assert.Equal(new DateOnly(2026, 3, 4), fresh!.Assessment.AppliedOn);
        Assert.Equal("task T-0000000A ASSESSMENT_APPLICATION: assessment.appliedOn = 2026-03-04", detail);
        Assert.Null(refused);
        var e = Assert.Single(errors);
        Assert.Equal(("fact.appliedOn", "assessment.appliedOn is already recorded as 2026-01-02: correct the record with a full write (PUT or import), not a task"), (e.Field, e.Message));
    }

    [Fact]
    public void Apply_NoticeBeforeTheDecision_RecordValidationNamesTheFactField()
    {
        var lease = SampleLeases.Create() with { Assessment = new Assessment { AppliedOn = new DateOnly(2028, 8, 1), Result = AssessmentResult.Passed, DecidedOn = new DateOnly(2029, 1, 10) } };

        var (record, _, errors) = TaskFacts.Apply(CreateSut(RuleCode.ASSESSMENT_DECISION), lease, Json("""{"noticeReceivedOn":"2029-01-05"}"""));

        Assert.Null(record);
        Assert.Equal(["fact.noticeReceivedOn"], errors.Select(e => e.Field));
    }

    [Theory]
    [InlineData(RuleCode.RENT_ARREARS, """{"paidOn":"2026-02-30","amountYuan":0}""", new[] { "fact.paidOn", "fact.amountYuan" })]
    [InlineData(RuleCode.RENT_ARREARS, """{"amountYuan":"100","extra":1}""", new[] { "fact.extra", "fact.paidOn", "fact.amountYuan" })]
    [InlineData(RuleCode.RENEWAL_DECISION, """{"approvedOn":"2026-03-01","refusedOn":"2026-03-01"}""", new[] { "fact" })]
    [InlineData(RuleCode.TRANSFER_CONTRACT_AND_PAYMENT, """{"paidOn":"2026-03-01"}""", new[] { "fact.amountYuan" })]
    [InlineData(RuleCode.USE_VIOLATION, """{"on":"2026-03-01"}""", new[] { "fact" })]
    [InlineData(RuleCode.INDICATOR_SHORTFALL, """{}""", new[] { "fact" })]
    public void Apply_BadFact_EveryFieldNamed_NothingChanged(RuleCode rule, string fact, string[] fields)
    {
        var (record, _, errors) = TaskFacts.Apply(CreateSut(rule), SampleLeases.Create(), Json(fact));

        Assert.Null(record);
        Assert.Equal(fields, errors.Select(e => e.Field));
    }

    [Fact]
    public void Derive_IsT_And8CrockfordCharacters_StablePerDistrictAndKey_AttemptsDiffer()
    {
        var key = AlertKey.For("FS-2024-0001", RuleCode.RENT_ARREARS, "rent:2026-05-01");

        var id = TaskShortId.Derive("110111", key);

        Assert.Matches("^T-[0-9A-HJKMNP-TV-Z]{8}$", id);
        Assert.Equal("T-RQDJQ25W", id); // SHA-256 of "110111\nkey", first 40 bits in Crockford base32 (checked by hand); ids already given out come from it.
        Assert.Equal(id, TaskShortId.Derive("110111", key));
        Assert.NotEqual(id, TaskShortId.Derive("110112", key));
        Assert.NotEqual(id, TaskShortId.Derive("110111", key, attempt: 1));
        Assert.DoesNotContain('|', id);
    }

    [Theory]
    [InlineData("t-7k3qx9dm", true, "T-7K3QX9DM")]
    [InlineData(" T-OIL00000 ", true, "T-01100000")]
    [InlineData("T-7K3QX9D", false, "")]
    [InlineData("T-7K3QX9DU", false, "")]
    [InlineData("X-7K3QX9DM", false, "")]
    [InlineData("FS-1|RENT_ARREARS|main", false, "")]
    public void TryNormalize_CaseAndCrockfordLookalikes_ReadAsTheCanonicalId(string text, bool ok, string canonical)
    {
        Assert.Equal((ok, canonical), (TaskShortId.TryNormalize(text, out var id), id));
    }

    [Fact]
    public void Resolve_ByAPerson_AwaitsTheScan_ReopenStillFoundKeepsDueDate_ConfirmLeavesItResolved()
    {
        var at = new DateTimeOffset(2026, 3, 2, 2, 0, 0, TimeSpan.Zero);
        var task = CreateSut(RuleCode.RENT_ARREARS) with { Escalated = true, EscalatedOn = new DateOnly(2026, 3, 17) };

        var unchanged = task.Resolve("li", at, "已缴清", TaskResolution.RecordUnchanged);
        var byScan = task.Resolve(EnforcementTask.SystemActor, at, EnforcementTask.ObligationMetNote);
        var reopened = unchanged.ReopenStillFound(new DateOnly(2026, 3, 9), at.AddDays(7));
        var confirmed = unchanged.ConfirmResolved(new DateOnly(2026, 3, 9), at.AddDays(7));

        Assert.Equal((TaskResolution.RecordUnchanged, true), (unchanged.Resolution, unchanged.AwaitsScan));
        Assert.Equal((TaskResolution.ObligationMet, false), (byScan.Resolution!.Value, byScan.AwaitsScan));
        Assert.Equal((TaskState.Open, new DateOnly(2026, 3, 16), true, (TaskResolution?)null, false), (reopened.State, reopened.DueOn, reopened.Escalated, reopened.Resolution, reopened.AwaitsScan));
        Assert.Equal((TaskState.Resolved, "confirmed", false), (confirmed.State, confirmed.History[^1].Action, confirmed.AwaitsScan));
        Assert.Throws<TaskTransitionException>(() => byScan.ReopenStillFound(new DateOnly(2026, 3, 9), at));
    }
}
