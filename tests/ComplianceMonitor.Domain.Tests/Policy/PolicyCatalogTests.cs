using System.Globalization;
using ComplianceMonitor.Domain.Calendar;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Policy;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Domain.Rules;

namespace ComplianceMonitor.Domain.Tests.Policy;

public class PolicyCatalogTests
{
    private static DateOnly D(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static readonly PolicyParameters Hypothetical2027 = new() { Id = "hypothetical-2027", EffectiveFrom = new DateOnly(2027, 1, 1), AssessmentLeadMonths = 3 };

    private static LeaseRecord EndingEndOf2027() => new()
    {
        LeaseId = "HD-2023-0007",
        DistrictCode = "110108",
        Parcel = new Parcel { Code = "HD00-0001", Name = "海淀某地块" },
        SupplyMode = SupplyMode.New,
        LandUser = new LandUser { Name = "北京某某科技有限公司", CreditCode = "91110111MA01ABCD1Q", Email = "a@example.com" },
        BasePriceYuan = 20_000_000m,
        LeaseYears = 5,
        TotalYears = 20,
        LeaseStart = D("2023-01-01"),
        LeaseEnd = D("2027-12-31"),
        RentSchedule = [new RentInstalment(D("2023-01-01"), 5_000_000m, RentPeriod.Lease)],
        RentPayments = [new Payment(D("2023-01-01"), 5_000_000m, null)],
    };

    [Fact]
    public void Default_ShipsBeijing2024WithGuidelineValues()
    {
        var set = Assert.Single(PolicyCatalog.Default.Sets);

        Assert.Equal(
            ("beijing-2024", D("2024-02-18"), 6, 15, 5, 20, 50, 2, 30, 1m, 30, D("2029-02-18"), false),
            (set.Id, set.EffectiveFrom, set.AssessmentLeadMonths, set.TransferWindowDays, set.MaxLeaseYears, set.MaxTotalYears, set.StatutoryMaxYears,
             set.MaxRenewalYears, set.RegistrationEscalationDays, set.MoneyToleranceYuan, set.WarningWindowDays, set.PolicyLastValidDay, set.LandPriceDeductsRenewalRent));
    }

    [Fact]
    public void Default_LastValidDay_IsFiveYearsFromIssueAsTheCivilCodeCounts()
    {
        // policy.md 四（三）, deadlines.md rule 5: issued and in force 2024-02-18, five years, arts. 201-202.
        var set = Assert.Single(PolicyCatalog.Default.Sets);

        Assert.Equal(ComplianceMonitor.Domain.Deadlines.DeadlineCalculator.YearsFromDay(set.EffectiveFrom, 5), set.PolicyLastValidDay);
        Assert.Equal(D("2029-02-18"), set.PolicyLastValidDay);
    }

    [Fact]
    public void InEffectOn_BeforeFirstSet_EarliestSet()
    {
        Assert.Equal("beijing-2024", PolicyCatalog.Default.InEffectOn(D("2020-01-01")).Id);
    }

    [Fact]
    public void InEffectOn_TwoSetsInAnyOrder_LatestStartedOnOrBeforeDay()
    {
        var catalog = new PolicyCatalog([Hypothetical2027, PolicyCatalog.Default.Sets[0]]);

        Assert.Equal("beijing-2024", catalog.InEffectOn(D("2026-12-31")).Id);
        Assert.Equal("hypothetical-2027", catalog.InEffectOn(D("2027-01-01")).Id);
        Assert.Equal("hypothetical-2027", catalog.InEffectOn(D("2035-01-01")).Id);
    }

    [Fact]
    public void Constructor_NoSets_Throws() => Assert.Throws<ArgumentException>(() => new PolicyCatalog([]));

    [Fact]
    public void Constructor_TwoSetsSameDay_ThrowsNamingBoth()
    {
        var ex = Assert.Throws<ArgumentException>(() => new PolicyCatalog([Hypothetical2027, Hypothetical2027 with { Id = "other" }]));

        Assert.Contains("hypothetical-2027", ex.Message, StringComparison.Ordinal);
        Assert.Contains("other", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_SecondSetTakesOverOnItsDate_RuleSetAndDeadlineChange()
    {
        var engine = new RuleEngine(RuleCatalog.All, new PolicyCatalog([PolicyCatalog.Default.Sets[0], Hypothetical2027]), WorkingDayCalendar.Default);
        var lease = EndingEndOf2027();

        var before = engine.Check(lease, D("2026-12-31"));
        var on = engine.Check(lease, D("2027-01-01"));
        var beforeAgain = engine.Check(lease, D("2026-12-31"));

        Assert.Equal("beijing-2024", before.RuleSet);
        var a = Assert.Single(before.Findings);
        Assert.Equal((RuleCode.ASSESSMENT_APPLICATION, D("2027-06-30"), 181), (a.Rule, a.Deadline!.Value, a.DaysRemaining!.Value));
        Assert.Contains("届满前至少6个月", a.Message, StringComparison.Ordinal);

        Assert.Equal("hypothetical-2027", on.RuleSet);
        var b = Assert.Single(on.Findings);
        Assert.Equal((RuleCode.ASSESSMENT_APPLICATION, D("2027-09-30"), 272, Severity.Info), (b.Rule, b.Deadline!.Value, b.DaysRemaining!.Value, b.Severity));
        Assert.Contains("届满前至少3个月", b.Message, StringComparison.Ordinal);
        Assert.Equal("2027-09-30", b.Subject);

        Assert.Equal("beijing-2024", beforeAgain.RuleSet);
    }

    [Fact]
    public void Check_SecondSetInheritsOtherDefaults()
    {
        Assert.Equal((15, 5, 20, D("2029-02-18")), (Hypothetical2027.TransferWindowDays, Hypothetical2027.MaxLeaseYears, Hypothetical2027.MaxTotalYears, Hypothetical2027.PolicyLastValidDay));
    }
}
