using ComplianceMonitor.Domain.Calendar;
using ComplianceMonitor.Domain.Deadlines;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Policy;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Domain.Rules;
using ComplianceMonitor.Domain.Tests.Rules;
using CsCheck;

namespace ComplianceMonitor.Domain.Tests.Deadlines;

/// <summary>
/// Policy revision 2 (changes 2, 4, 9): the renewal end from approved years, the two-year renewal limit and a period in years from a
/// day, over month ends and leap days (CsCheck).
/// </summary>
[Trait("Category", "unit")]
public class RenewalEndPropertyTests
{
    private const long Iterations = 2000;

    /// <summary>Lease ends biased to the end of February and to month ends, in and around leap years, plus any day.</summary>
    private static readonly Gen<DateOnly> LeaseEnds = Gen.Frequency(
        (3, Gen.Select(Gen.Int[2020, 2060], Gen.Int[0, 2], (y, back) => new DateOnly(y, 2, DateTime.DaysInMonth(y, 2) - back))),
        (2, Gen.Select(Gen.Int[2020, 2060], Gen.Int[1, 12], Gen.Int[0, 3], (y, m, back) => new DateOnly(y, m, DateTime.DaysInMonth(y, m) - back))),
        (2, Gen.Int[new DateOnly(2020, 1, 1).DayNumber, new DateOnly(2060, 12, 31).DayNumber].Select(DateOnly.FromDayNumber)));

    private static readonly Gen<int> Years = Gen.Int[1, 5];

    [Fact]
    public void YearsAfterEnd_AnyEnd_NextTermStartsOnTheCorrespondingDay()
    {
        Gen.Select(LeaseEnds, Years).Sample((end, years) =>
        {
            var renewed = DeadlineCalculator.YearsAfterEnd(end, years);
            var start = end.AddDays(1);
            var next = renewed.AddDays(1);

            Assert.Equal(start.Year + years, next.Year);
            if (start is { Month: 2, Day: 29 } && !DateTime.IsLeapYear(next.Year))
            {
                // No 29 February in the target year: the day clamps to 28 February (deadlines.md rule 1).
                Assert.Equal(new DateOnly(next.Year, 2, 28), next);
            }
            else
            {
                Assert.Equal((start.Month, start.Day), (next.Month, next.Day));
            }

            // Between 365 and 366 days per year.
            var days = renewed.DayNumber - end.DayNumber;
            Assert.InRange(days, (365 * years) - 1, (366 * years) + 1);
        }, iter: Iterations);
    }

    [Fact]
    public void RenewalTerm_EndExactlyAtTheLimit_NoFindingAndOneDayLater_Finding()
    {
        var rule = new RenewalTermRule();
        LeaseEnds.Sample(end =>
        {
            var limit = DeadlineCalculator.YearsAfterEnd(end, 2);
            var asOf = end.AddDays(-30);
            Assert.Empty(Run(rule, Renewed(end, limit, years: null), asOf));
            Assert.Empty(Run(rule, Renewed(end, limit, years: 2), asOf));
            var f = Assert.Single(Run(rule, Renewed(end, limit.AddDays(1), years: null), asOf));
            Assert.Equal(RuleCode.RENEWAL_TERM, f.Rule);
        }, iter: Iterations);
    }

    [Fact]
    public void EffectiveLeaseEnd_ApprovedYearsWithoutNewEnd_EqualsTheEndTheYearsGive()
    {
        Gen.Select(LeaseEnds, Years).Sample((end, years) =>
        {
            var lease = Renewed(end, newEnd: null, years);

            Assert.Equal(DeadlineCalculator.YearsAfterEnd(end, years), lease.EffectiveLeaseEnd);
            var reader = LeaseRecordReader.ReadMany(LeaseRecordJson.Serialize(lease with { Renewal = lease.Renewal with { NewLeaseEnd = lease.EffectiveLeaseEnd } }));
            Assert.True(reader.IsValid, string.Join("; ", reader.Errors));
            var wrong = LeaseRecordReader.ReadMany(LeaseRecordJson.Serialize(lease with { Renewal = lease.Renewal with { NewLeaseEnd = lease.EffectiveLeaseEnd.AddDays(1) } }));
            Assert.Equal("renewal.newLeaseEnd", Assert.Single(wrong.Errors).Field);
        }, iter: 500);
    }

    [Fact]
    public void YearsFromDay_AnyDay_CorrespondingDayOrMonthEnd()
    {
        Gen.Select(LeaseEnds, Years).Sample((day, years) =>
        {
            var last = DeadlineCalculator.YearsFromDay(day, years);

            Assert.Equal(day.Year + years, last.Year);
            Assert.Equal(day.Month, last.Month);
            Assert.Equal(Math.Min(day.Day, DateTime.DaysInMonth(last.Year, last.Month)), last.Day);
        }, iter: Iterations);
    }

    [Theory]
    [InlineData("2026-02-28", 2, "2028-02-29")] // deadlines.md rule 1: a renewal to 29 February can be exactly two years
    [InlineData("2029-02-28", 2, "2031-02-28")]
    [InlineData("2027-06-30", 2, "2029-06-30")]
    [InlineData("2028-02-28", 1, "2029-02-27")] // the spec's formula as written: 2028-02-29 + 1 year clamps to 2029-02-28, minus 1 day (reported to the lead)
    [InlineData("2027-02-28", 1, "2028-02-29")]
    [InlineData("2031-12-31", 3, "2034-12-31")]
    public void YearsAfterEnd_WorkedExamples(string end, int years, string expected)
    {
        Assert.Equal(TestLeases.D(expected), DeadlineCalculator.YearsAfterEnd(TestLeases.D(end), years));
    }

    [Theory]
    [InlineData("2024-02-18", 5, "2029-02-18")] // deadlines.md rule 5, policy.md 四（三）
    [InlineData("2024-02-29", 1, "2025-02-28")] // art. 202: no corresponding day, the month's last day
    [InlineData("2024-02-29", 4, "2028-02-29")]
    public void YearsFromDay_WorkedExamples(string start, int years, string expected)
    {
        Assert.Equal(TestLeases.D(expected), DeadlineCalculator.YearsFromDay(TestLeases.D(start), years));
    }

    [Theory]
    [InlineData("2024-03-01", "2029-02-28", 5)]
    [InlineData("2024-03-01", "2029-03-01", 6)]
    [InlineData("2024-03-01", "2031-02-28", 7)]
    [InlineData("2024-03-01", "2024-03-01", 1)]
    [InlineData("2024-02-29", "2029-02-27", 5)]
    public void YearsCovering_Examples(string start, string end, int years)
    {
        Assert.Equal(years, DeadlineCalculator.YearsCovering(TestLeases.D(start), TestLeases.D(end)));
    }

    [Fact]
    public void YearsCovering_AnyLease_LeastYearsWhoseEndReachesTheLeaseEnd()
    {
        Gen.Select(LeaseEnds, Gen.Int[0, 4000]).Sample((start, length) =>
        {
            var end = start.AddDays(length);
            var n = DeadlineCalculator.YearsCovering(start, end);

            Assert.True(DeadlineCalculator.LeaseEndFor(start, n) >= end);
            Assert.True(n == 1 || DeadlineCalculator.LeaseEndFor(start, n - 1) < end);
        }, iter: Iterations);
    }

    private static LeaseRecord Renewed(DateOnly end, DateOnly? newEnd, int? years) => TestLeases.Standard() with
    {
        LeaseStart = end.AddDays(1).AddYears(-5),
        LeaseEnd = end,
        Renewal = new Renewal { AppliedOn = end.AddDays(-200), ApprovedOn = end.AddDays(-100), ApprovedYears = years, NewLeaseEnd = newEnd },
    };

    private static List<Finding> Run(IRule rule, LeaseRecord lease, DateOnly asOf)
    {
        var findings = new List<Finding>();
        rule.Evaluate(lease, new RuleContext(asOf, PolicyCatalog.Default.InEffectOn(asOf), WorkingDayCalendar.Default), findings);
        return findings;
    }
}
