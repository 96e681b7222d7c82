using System.Globalization;
using ComplianceMonitor.Domain.Calendar;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Policy;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Domain.Rules;

namespace ComplianceMonitor.Domain.Tests.Rules;

/// <summary>Builds lease records directly (the reader is another helper's work): the records.md example, varied with <c>with</c>.</summary>
internal static class TestLeases
{
    public static readonly DateOnly Start = new(2024, 3, 1);
    public static readonly DateOnly End = new(2029, 2, 28);
    public const decimal BasePrice = 30_935_000m;
    public const decimal LeaseRent = 7_733_750m;
    public const decimal LandPrice = 23_201_250m;

    /// <summary>The records.md example without its mortgage: new supply, 5 of 20 years, the lease rent paid from the deposit.</summary>
    public static LeaseRecord Standard() => new()
    {
        LeaseId = "FS-2024-0001",
        DistrictCode = "110111",
        Parcel = new Parcel { Code = "FS00-0105-0012", Name = "窦店镇工业地块", AreaSqm = 35000.5m, LandUse = "工业用地", IndustryType = "高端制造" },
        SupplyMode = SupplyMode.New,
        LandUser = new LandUser { Name = "北京某某科技有限公司", CreditCode = "91110111MA01ABCD1Q", ContactName = "张三", Email = "zhang@example.com", Mobile = "13800138000" },
        BasePriceYuan = BasePrice,
        LeaseYears = 5,
        TotalYears = 20,
        LeaseStart = Start,
        LeaseEnd = End,
        RentSchedule = [new RentInstalment(Start, LeaseRent, RentPeriod.Lease)],
        RentPayments = [new Payment(Start, LeaseRent, "竞买保证金转租金")],
    };

    /// <summary>The standard lease with an assessment applied for, passed, and its notice received on the days given.</summary>
    public static LeaseRecord Passed(DateOnly decidedOn, DateOnly noticeReceivedOn) => Standard() with
    {
        Assessment = new Assessment
        {
            AppliedOn = decidedOn.AddDays(-30),
            Result = AssessmentResult.Passed,
            DecidedOn = decidedOn,
            NoticeReceivedOn = noticeReceivedOn,
        },
    };

    /// <summary>A lease whose whole life is done: applied, passed, signed, paid, registered. No rule fires on it.</summary>
    public static LeaseRecord Completed() => Standard() with
    {
        Assessment = new Assessment { AppliedOn = D("2028-07-01"), Result = AssessmentResult.Passed, DecidedOn = D("2028-12-01"), NoticeReceivedOn = D("2028-12-03") },
        Transfer = new Transfer
        {
            AppliedOn = D("2028-12-05"),
            ContractSignedOn = D("2028-12-10"),
            PricePayments = [new Payment(D("2028-12-10"), LandPrice, "地价款")],
            RegisteredOn = D("2029-03-10"),
        },
    };

    public static DateOnly D(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>Runs one rule on one day with the product's parameters and calendar.</summary>
internal static class RuleRunner
{
    public static RuleContext Context(DateOnly asOf) => new(asOf, PolicyCatalog.Default.InEffectOn(asOf), WorkingDayCalendar.Default);

    public static List<Finding> Run(IRule rule, LeaseRecord lease, DateOnly asOf)
    {
        var findings = new List<Finding>();
        rule.Evaluate(lease, Context(asOf), findings);
        return findings;
    }

    public static List<Finding> Run(IRule rule, LeaseRecord lease, string asOf) => Run(rule, lease, TestLeases.D(asOf));

    public static Finding Single(IRule rule, LeaseRecord lease, string asOf) => Assert.Single(Run(rule, lease, asOf));

    public static void None(IRule rule, LeaseRecord lease, string asOf) => Assert.Empty(Run(rule, lease, asOf));

    /// <summary>Asserts every contract field of an obligation finding.</summary>
    public static void AssertObligation(Finding f, RuleCode rule, FindingStatus status, string deadline, int daysRemaining, Severity severity, Responsible responsible, string basis, decimal? amount)
    {
        Assert.Equal(rule, f.Rule);
        Assert.Equal(status, f.Status);
        Assert.Equal(TestLeases.D(deadline), f.Deadline);
        Assert.Equal(daysRemaining, f.DaysRemaining);
        Assert.Equal(severity, f.Severity);
        Assert.Equal(responsible, f.Responsible);
        Assert.Equal(basis, f.Basis);
        Assert.Equal(amount, f.AmountYuan);
        Assert.False(string.IsNullOrWhiteSpace(f.Message));
        Assert.DoesNotContain('\n', f.Message);
    }

    /// <summary>Asserts every contract field of a violation finding (no deadline).</summary>
    public static void AssertViolation(Finding f, RuleCode rule, Severity severity, Responsible responsible, string basis, decimal? amount, string subject)
    {
        Assert.Equal(rule, f.Rule);
        Assert.Equal(FindingStatus.Violation, f.Status);
        Assert.Null(f.Deadline);
        Assert.Null(f.DaysRemaining);
        Assert.Equal(severity, f.Severity);
        Assert.Equal(responsible, f.Responsible);
        Assert.Equal(basis, f.Basis);
        Assert.Equal(amount, f.AmountYuan);
        Assert.Equal(subject, f.Subject);
        Assert.False(string.IsNullOrWhiteSpace(f.Message));
        Assert.DoesNotContain('\n', f.Message);
    }
}
