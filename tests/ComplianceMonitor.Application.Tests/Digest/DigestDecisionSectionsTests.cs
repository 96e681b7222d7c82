using ComplianceMonitor.Application.Digest;
using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Domain.Calendar;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Rules;
using static ComplianceMonitor.Application.Tests.Digest.DigestTestData;

namespace ComplianceMonitor.Application.Tests.Digest;

/// <summary>The digest's revision-2 sections (<see cref="DigestDecisionSections"/>), built by <see cref="DigestBuilder"/> on Thursday 2026-11-26.</summary>
[Trait("Category", "unit")]
public sealed class DigestDecisionSectionsTests
{
    private static DateOnly D(int month, int day, int year = 2026) => new(year, month, day);

    private static DigestModel Build(IReadOnlyList<Alert> alerts, int maxItems = 50) =>
        new DigestBuilder(new DigestOptions { MaxItemsPerSection = maxItems }, WorkingDayCalendar.Default).Build(new DigestInput
        {
            DistrictCode = Fangshan,
            Date = Day,
            GeneratedAt = new DateTimeOffset(2026, 11, 26, 0, 30, 0, TimeSpan.Zero),
            Alerts = alerts,
            Tasks = [],
            Outbox = [],
        });

    private static (string LeaseId, RuleCode Rule, FindingStatus Status, int? Days, decimal? Amount) Row(DigestItem i) => (i.LeaseId, i.Rule, i.Status, i.DaysRemaining, i.AmountYuan);

    [Fact]
    public void Build_DecisionsAndRent_ListTheRenewalDecisionsTheOverdueAssessmentDecisionsAndTheRentDueSoonestFirst()
    {
        var alerts = new List<Alert>
        {
            Obligation("FS-R1", RuleCode.RENEWAL_DECISION, D(3, 31, 2027), D(11, 26), responsible: Responsible.District),
            Obligation("FS-R2", RuleCode.RENEWAL_DECISION, D(8, 31), D(9, 1), FindingStatus.Overdue, Severity.Critical, Responsible.District),
            Obligation("FS-A1", RuleCode.ASSESSMENT_DECISION, D(6, 30), D(7, 1), FindingStatus.Overdue, Severity.Critical, Responsible.District),
            Obligation("FS-A2", RuleCode.ASSESSMENT_DECISION, D(3, 14, 2027), D(9, 1), responsible: Responsible.District), // not yet due: not listed
            // Stored as upcoming by yesterday's scan; the digest speaks for its own date: due today, then overdue tomorrow.
            Obligation("FS-A3", RuleCode.ASSESSMENT_DECISION, D(11, 25), D(9, 1), responsible: Responsible.District),
            Obligation("FS-P1", RuleCode.RENT_DUE, D(3, 1, 2027), D(11, 20), amount: 1_000_000m),
            Obligation("FS-P2", RuleCode.RENT_DUE, D(12, 10), D(11, 20), severity: Severity.Warning, amount: 500_000m),
            Obligation("FS-P3", RuleCode.RENT_ARREARS, D(9, 1), D(9, 2), FindingStatus.Overdue, Severity.Critical, amount: 600_000m), // arrears: not rent due
            Obligation("FS-X", RuleCode.ASSESSMENT_APPLICATION, D(12, 15), D(11, 20), severity: Severity.Warning),
        };

        var digest = Build(alerts);

        Assert.Equal(
            [
                ("FS-A1", RuleCode.ASSESSMENT_DECISION, FindingStatus.Overdue, (int?)-149, (decimal?)null),
                ("FS-R2", RuleCode.RENEWAL_DECISION, FindingStatus.Overdue, -87, null),
                ("FS-A3", RuleCode.ASSESSMENT_DECISION, FindingStatus.Overdue, -1, null),
                ("FS-R1", RuleCode.RENEWAL_DECISION, FindingStatus.Upcoming, 125, null),
            ],
            digest.Decisions.Decisions.Select(Row));
        Assert.Equal((4, 3), (digest.Decisions.DecisionCount, digest.Decisions.DecisionsOverdue));
        Assert.Equal(
            [
                ("FS-P2", RuleCode.RENT_DUE, FindingStatus.Upcoming, (int?)14, (decimal?)500_000m),
                ("FS-P1", RuleCode.RENT_DUE, FindingStatus.Upcoming, 95, 1_000_000m),
            ],
            digest.Decisions.RentDue.Select(Row));
        Assert.Equal((2, 1_500_000m), (digest.Decisions.RentDueCount, digest.Decisions.RentDueTotalYuan));
        Assert.Equal(["本区尚无扫描记录，以下内容可能不完整。"], digest.Notes); // no section cut short
    }

    [Fact]
    public void Build_MoreThanTheSectionSize_CutWithANoteAndCountedInFull()
    {
        var alerts = Enumerable.Range(1, 3)
            .Select(i => Obligation($"FS-P{i}", RuleCode.RENT_DUE, D(12, i), D(11, 20), amount: 100_000m * i))
            .Concat(Enumerable.Range(1, 3).Select(i => Obligation($"FS-R{i}", RuleCode.RENEWAL_DECISION, D(1, i, 2027), D(11, 20), responsible: Responsible.District)))
            .ToList();

        var digest = Build(alerts, maxItems: 2);

        Assert.Equal(["FS-P1", "FS-P2"], digest.Decisions.RentDue.Select(i => i.LeaseId));
        Assert.Equal((3, 600_000m), (digest.Decisions.RentDueCount, digest.Decisions.RentDueTotalYuan));
        Assert.Equal(["FS-R1", "FS-R2"], digest.Decisions.Decisions.Select(i => i.LeaseId));
        Assert.Contains("“区政府待作决定”仅列出前2条，共3条。", digest.Notes);
        Assert.Contains("“租金即将到期”仅列出前2条，共3条。", digest.Notes);
    }

    [Fact]
    public void Json_RoundTrip_KeepsTheSections()
    {
        var digest = Build([Obligation("FS-R1", RuleCode.RENEWAL_DECISION, D(3, 31, 2027), D(11, 26), responsible: Responsible.District)]);

        var json = DigestJson.Serialize(digest);
        var back = DigestJson.Deserialize(json);

        Assert.Contains("\"decisions\": {", json, StringComparison.Ordinal);
        Assert.Equal("FS-R1", Assert.Single(back.Decisions.Decisions).LeaseId);
    }
}
