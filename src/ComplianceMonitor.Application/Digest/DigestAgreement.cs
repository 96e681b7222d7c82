using System.Globalization;
using ComplianceMonitor.Domain.Agreements;
using ComplianceMonitor.Domain.Deadlines;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Domain.Rules;

namespace ComplianceMonitor.Application.Digest;

/// <summary>One lease's assessment readiness as the digest input carries it (worked out by <see cref="DigestService"/> from the stored lease).</summary>
/// <param name="LeaseId">The lease.</param>
/// <param name="LandUserName">The land user.</param>
/// <param name="ParcelName">The parcel.</param>
/// <param name="Readiness">Its readiness on the digest date.</param>
public sealed record LeaseReadiness(string LeaseId, string? LandUserName, string? ParcelName, Readiness Readiness)
{
    /// <summary>The readiness of <paramref name="lease"/> on the context's day, or null when it has no agreement or was returned.</summary>
    public static LeaseReadiness? Of(LeaseRecord lease, RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(lease);
        return ReadinessAssessor.Assess(lease, context) is { } r ? new LeaseReadiness(lease.LeaseId, lease.LandUser.Name, lease.Parcel.Name, r) : null;
    }
}

/// <summary>One lease nearing its assessment that is not on track, as the digest shows it.</summary>
public sealed record DigestReadinessItem
{
    /// <summary>The lease.</summary>
    public required string LeaseId { get; init; }

    /// <summary>The land user, when known.</summary>
    public string? LandUserName { get; init; }

    /// <summary>The parcel, when known.</summary>
    public string? ParcelName { get; init; }

    /// <summary>The overall word: <c>atRisk</c>, <c>offTrack</c> or <c>notReported</c>.</summary>
    public required ReadinessWord Readiness { get; init; }

    /// <summary>The assessment application deadline (6 months before the lease ends).</summary>
    public required DateOnly AssessmentApplicationDeadline { get; init; }

    /// <summary>Days from the digest date to that deadline.</summary>
    public required int DaysRemaining { get; init; }

    /// <summary>Why the lease is not on track, one Chinese line each.</summary>
    public required IReadOnlyList<string> Reasons { get; init; }
}

/// <summary>One lease's readiness word, for every lease with an agreement in the district.</summary>
/// <param name="LeaseId">The lease.</param>
/// <param name="Readiness">The overall word on the digest date.</param>
public sealed record DigestLeaseReadiness(string LeaseId, ReadinessWord Readiness);

/// <summary>
/// The performance-agreement sections of a digest (agreement.md, issue 12): milestones due soon, late milestones, idle
/// land, and leases nearing their assessment that are not on track; with each agreement lease's readiness word.
/// </summary>
/// <remarks>
/// The first three come from the district's open MILESTONE and IDLE_LAND alerts, with status and days recomputed for
/// the digest date like every other section; the fourth and the readiness words from the stored leases (absent when the
/// digest was built without them). Counts count every item; the lists are cut at the digest's section size.
/// </remarks>
public sealed record DigestAgreementSections
{
    /// <summary>No agreement section has anything.</summary>
    public static DigestAgreementSections Empty { get; } = new()
    {
        MilestoneWindowDays = new AgreementParameters().MilestoneReminderLeadDays,
        ReadinessWindowDays = new AgreementParameters().ReadinessDigestWindowDays,
        MilestonesDueSoon = [],
        LateMilestones = [],
        IdleLand = [],
        NearingAssessment = [],
        Readiness = [],
        Counts = new DigestAgreementCounts(0, 0, 0, 0),
    };

    /// <summary>The window of <see cref="MilestonesDueSoon"/>, in days from the digest date (the reminder lead, 30).</summary>
    public required int MilestoneWindowDays { get; init; }

    /// <summary>The window of <see cref="NearingAssessment"/>, in days from the digest date to the assessment application deadline (180).</summary>
    public required int ReadinessWindowDays { get; init; }

    /// <summary>Agreed milestones not yet achieved whose agreed day is within <see cref="MilestoneWindowDays"/> (today included): soonest first.</summary>
    public required IReadOnlyList<DigestItem> MilestonesDueSoon { get; init; }

    /// <summary>Agreed milestones past their agreed day and not achieved: longest late first.</summary>
    public required IReadOnlyList<DigestItem> LateMilestones { get; init; }

    /// <summary>Construction not started after the agreed start: idle land (violations) first, then those nearing the one-year day.</summary>
    public required IReadOnlyList<DigestItem> IdleLand { get; init; }

    /// <summary>Leases whose assessment application deadline is within <see cref="ReadinessWindowDays"/> and that are not on track: soonest deadline first.</summary>
    public required IReadOnlyList<DigestReadinessItem> NearingAssessment { get; init; }

    /// <summary>Every lease of the district with an agreement (not returned), with its readiness word, by lease id.</summary>
    public required IReadOnlyList<DigestLeaseReadiness> Readiness { get; init; }

    /// <summary>The sections' full counts.</summary>
    public required DigestAgreementCounts Counts { get; init; }

    /// <summary>The readiness word of <paramref name="leaseId"/>, or null when it has none.</summary>
    public ReadinessWord? ReadinessOf(string leaseId)
    {
        foreach (var r in Readiness)
        {
            if (string.Equals(r.LeaseId, leaseId, StringComparison.Ordinal))
            {
                return r.Readiness;
            }
        }

        return null;
    }

    /// <summary>Builds the sections from the digest's items (statuses as of <paramref name="date"/>) and the leases' readiness.</summary>
    /// <param name="items">The district's open alerts as digest items.</param>
    /// <param name="readiness">The readiness of the district's agreement leases, or null when not read.</param>
    /// <param name="date">The digest date.</param>
    /// <param name="parameters">The agreement parameters (windows).</param>
    /// <param name="max">The most items a section lists.</param>
    /// <param name="notes">The digest's notes: a cut section adds one.</param>
    public static DigestAgreementSections Build(IReadOnlyList<DigestItem> items, IReadOnlyList<LeaseReadiness>? readiness, DateOnly date, AgreementParameters parameters, int max, List<string> notes)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(notes);
        var window = parameters.MilestoneReminderLeadDays;
        var due = items.Where(i => i.Rule == RuleCode.MILESTONE && i.Deadline is { } d && d >= date && d.DayNumber - date.DayNumber <= window)
            .OrderBy(i => i.Deadline).ThenBy(i => i.LeaseId, StringComparer.Ordinal).ThenBy(i => i.AlertKey, StringComparer.Ordinal)
            .ToList();
        var late = items.Where(i => i.Rule == RuleCode.MILESTONE && i.Status == FindingStatus.Overdue)
            .OrderBy(i => i.Deadline).ThenBy(i => i.LeaseId, StringComparer.Ordinal).ThenBy(i => i.AlertKey, StringComparer.Ordinal)
            .ToList();
        var idle = items.Where(i => i.Rule == RuleCode.IDLE_LAND)
            .OrderBy(i => i.Status == FindingStatus.Violation ? 0 : 1).ThenBy(i => i.Deadline ?? DateOnly.MaxValue).ThenBy(i => i.LeaseId, StringComparer.Ordinal)
            .ToList();

        var readinessWindow = parameters.ReadinessDigestWindowDays;
        var all = (readiness ?? []).OrderBy(r => r.LeaseId, StringComparer.Ordinal).ToList();
        var nearing = all
            .Where(r => r.Readiness.Overall != ReadinessWord.OnTrack)
            .Select(r => new DigestReadinessItem
            {
                LeaseId = r.LeaseId,
                LandUserName = r.LandUserName,
                ParcelName = r.ParcelName,
                Readiness = r.Readiness.Overall,
                AssessmentApplicationDeadline = r.Readiness.AssessmentApplicationDeadline,
                DaysRemaining = DeadlineCalculator.DaysRemaining(r.Readiness.AssessmentApplicationDeadline, date),
                Reasons = r.Readiness.Reasons,
            })
            .Where(r => r.DaysRemaining >= 0 && r.DaysRemaining <= readinessWindow)
            .OrderBy(r => r.AssessmentApplicationDeadline).ThenBy(r => r.LeaseId, StringComparer.Ordinal)
            .ToList();

        return new DigestAgreementSections
        {
            MilestoneWindowDays = window,
            ReadinessWindowDays = readinessWindow,
            MilestonesDueSoon = Cap(due, max, string.Create(CultureInfo.InvariantCulture, $"{window}日内到期的履约节点"), notes),
            LateMilestones = Cap(late, max, "逾期未完成的履约节点", notes),
            IdleLand = Cap(idle, max, "土地闲置", notes),
            NearingAssessment = Cap(nearing, max, "临近考核且未达预期的项目", notes),
            Readiness = [.. all.Select(r => new DigestLeaseReadiness(r.LeaseId, r.Readiness.Overall))],
            Counts = new DigestAgreementCounts(due.Count, late.Count, idle.Count, nearing.Count),
        };
    }

    private static List<T> Cap<T>(List<T> items, int max, string section, List<string> notes)
    {
        if (items.Count <= max)
        {
            return items;
        }

        notes.Add(string.Create(CultureInfo.InvariantCulture, $"“{section}”仅列出前{max}条，共{items.Count}条。"));
        return items.GetRange(0, max);
    }
}

/// <summary>The full counts of the agreement sections.</summary>
/// <param name="MilestonesDueSoon">Milestones due within the window.</param>
/// <param name="LateMilestones">Late milestones.</param>
/// <param name="IdleLand">Idle-land findings.</param>
/// <param name="NearingAssessment">Leases nearing their assessment, not on track.</param>
public sealed record DigestAgreementCounts(int MilestonesDueSoon, int LateMilestones, int IdleLand, int NearingAssessment);
