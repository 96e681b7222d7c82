using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Domain.Rules;
using static ComplianceMonitor.Domain.Tests.Rules.RuleRunner;
using static ComplianceMonitor.Domain.Tests.Rules.TestLeases;

namespace ComplianceMonitor.Domain.Tests.Rules;

/// <summary>The cases issue 8 reports wrong under revision 1, each checked through the whole engine as revision 2 reads them.</summary>
[Trait("Category", "unit")]
public class Revision2ScenarioTests
{
    private static readonly RuleEngine Engine = RuleEngine.Default;

    private static LeaseRecord EndingJune2027(Renewal renewal) => Standard() with
    {
        LeaseStart = D("2022-07-01"),
        LeaseEnd = D("2027-06-30"),
        Renewal = renewal,
    };

    // Change 1: a renewal applied after the 6-month deadline shields nothing; the district is told to decide.
    [Fact]
    public void LateUndecidedRenewal_AssessmentApplicationOverdueAndDecisionAndLateApplication()
    {
        var lease = EndingJune2027(new Renewal { AppliedOn = D("2027-01-20") });

        var findings = Engine.Check(lease, D("2027-02-01")).Findings;

        var application = Assert.Single(findings, f => f.Rule == RuleCode.ASSESSMENT_APPLICATION);
        AssertObligation(application, RuleCode.ASSESSMENT_APPLICATION, FindingStatus.Overdue, "2026-12-31", -32, Severity.Critical, Responsible.LandUser, "三（五）", null);
        var decision = Assert.Single(findings, f => f.Rule == RuleCode.RENEWAL_DECISION);
        AssertObligation(decision, RuleCode.RENEWAL_DECISION, FindingStatus.Upcoming, "2027-06-30", 149, Severity.Info, Responsible.District, "三（五）", null);
        Assert.Single(findings, f => f.Rule == RuleCode.RENEWAL_APPLICATION);
    }

    [Fact]
    public void TimelyUndecidedRenewal_ShieldsUntilTheLeaseEndsThenNot()
    {
        var lease = EndingJune2027(new Renewal { AppliedOn = D("2026-12-20") });

        Assert.DoesNotContain(Engine.Check(lease, D("2027-06-30")).Findings, f => f.Rule == RuleCode.ASSESSMENT_APPLICATION);
        var after = Engine.Check(lease, D("2027-07-01")).Findings;
        AssertObligation(Assert.Single(after, f => f.Rule == RuleCode.ASSESSMENT_APPLICATION), RuleCode.ASSESSMENT_APPLICATION, FindingStatus.Overdue, "2026-12-31", -182, Severity.Critical, Responsible.LandUser, "三（五）", null);
        AssertObligation(Assert.Single(after, f => f.Rule == RuleCode.RENEWAL_DECISION), RuleCode.RENEWAL_DECISION, FindingStatus.Overdue, "2027-06-30", -1, Severity.Critical, Responsible.District, "三（五）", null);
    }

    [Fact]
    public void RefusedRenewal_ShieldsNothing()
    {
        var lease = EndingJune2027(new Renewal { AppliedOn = D("2026-12-20"), RefusedOn = D("2027-01-15") });

        var findings = Engine.Check(lease, D("2027-01-15")).Findings;

        Assert.Equal(D("2026-12-31"), Assert.Single(findings, f => f.Rule == RuleCode.ASSESSMENT_APPLICATION).Deadline);
        Assert.DoesNotContain(findings, f => f.Rule == RuleCode.RENEWAL_DECISION);
    }

    // Change 2: approvedYears without newLeaseEnd moves the lease end.
    [Fact]
    public void ApprovedYearsWithoutNewEnd_AssessmentDeadlineFromTheRenewedEnd()
    {
        var lease = EndingJune2027(new Renewal { AppliedOn = D("2026-12-20"), ApprovedOn = D("2027-03-01"), ApprovedYears = 2 });

        var findings = Engine.Check(lease, D("2027-07-15")).Findings;

        // Renewed end AddYears(2027-07-01, 2) - 1 = 2029-06-30; 6 months before: 2028-12-31.
        AssertObligation(Assert.Single(findings, f => f.Rule == RuleCode.ASSESSMENT_APPLICATION), RuleCode.ASSESSMENT_APPLICATION, FindingStatus.Upcoming, "2028-12-31", 535, Severity.Info, Responsible.LandUser, "三（五）", null);
        Assert.DoesNotContain(findings, f => f.Severity == Severity.Critical);
        Assert.Equal(D("2029-06-30"), lease.EffectiveLeaseEnd);
    }

    // Change 7: absent rent schedule = not recorded; [] = nothing scheduled.
    [Fact]
    public void RentScheduleNotRecorded_RentRulesSkippedWithWarning()
    {
        var lease = Standard() with { RentSchedule = [], RentScheduleRecorded = false, RentPayments = [] };

        var result = Engine.Check(lease, D("2026-11-26"));

        Assert.DoesNotContain(result.Findings, f => f.Rule is RuleCode.LEASE_RENT_AMOUNT or RuleCode.RENT_DUE or RuleCode.RENT_ARREARS);
        Assert.Equal([RuleEngine.RentScheduleNotRecordedWarning], result.Warnings);
        Assert.StartsWith("rentSchedule not recorded: rent checks skipped", result.Warnings[0], StringComparison.Ordinal);
    }

    [Fact]
    public void RentScheduleEmpty_NothingScheduledIsChecked()
    {
        var lease = Standard() with { RentSchedule = [], RentPayments = [] };

        var result = Engine.Check(lease, D("2026-11-26"));

        var f = Assert.Single(result.Findings, f => f.Rule == RuleCode.LEASE_RENT_AMOUNT);
        AssertViolation(f, RuleCode.LEASE_RENT_AMOUNT, Severity.Warning, Responsible.District, "三（四）", LeaseRent, "lease-rent");
        Assert.Empty(result.Warnings);
    }

    // Change 8: with part of the land price paid and no contract, the shortfall is counted once.
    [Fact]
    public void PartPaidNoContract_ShortfallOnOneFindingOnly()
    {
        var lease = Passed(D("2026-03-02"), D("2026-03-06")) with { Transfer = new Transfer { PricePayments = [new Payment(D("2026-03-10"), 20_000_000m, null)] } };

        var findings = Engine.Check(lease, D("2026-03-10")).Findings;

        Assert.Null(Assert.Single(findings, f => f.Rule == RuleCode.TRANSFER_CONTRACT_AND_PAYMENT).AmountYuan);
        Assert.Equal(3_201_250.00m, Assert.Single(findings, f => f.Rule == RuleCode.LAND_PRICE_AMOUNT).AmountYuan);
        Assert.Equal(3_201_250.00m, findings.Sum(f => f.AmountYuan ?? 0m));
    }

    // Change 3: a passed result with no written notice, after the lease has ended.
    [Fact]
    public void PassedWithoutNotice_AfterLeaseEnd_OverdueDecision()
    {
        var lease = Standard() with { Assessment = new Assessment { AppliedOn = D("2028-08-01"), Result = AssessmentResult.Passed, DecidedOn = D("2029-01-10") } };

        var f = Assert.Single(Engine.Check(lease, D("2029-03-10")).Findings);

        AssertObligation(f, RuleCode.ASSESSMENT_DECISION, FindingStatus.Overdue, "2029-02-28", -10, Severity.Critical, Responsible.District, "三（五）", null);
    }

    // The records.md example checked on its own day (records.md "What a check returns").
    [Fact]
    public void RecordsMdExample_CheckedOn20260306_AssessmentApplication909Days()
    {
        var f = Assert.Single(Engine.Check(Standard(), D("2026-03-06")).Findings);

        AssertObligation(f, RuleCode.ASSESSMENT_APPLICATION, FindingStatus.Upcoming, "2028-08-31", 909, Severity.Info, Responsible.LandUser, "三（五）", null);
        Assert.Equal("beijing-2024", Engine.Check(Standard(), D("2026-03-06")).RuleSet);
    }
}
