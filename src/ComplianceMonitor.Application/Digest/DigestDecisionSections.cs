using System.Globalization;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Rules;

namespace ComplianceMonitor.Application.Digest;

/// <summary>The digest's sections for the rules of revision 2 (issue 8 part 3): the decisions the district owes, and the rent coming due.</summary>
/// <remarks>
/// <para><see cref="Decisions"/>: every open RENEWAL_DECISION (the district decides a renewal before the lease ends, whether or
/// not the day has passed) and every overdue ASSESSMENT_DECISION (the assessment, with its written notice, was due by the lease
/// end): longest overdue / soonest first. An ASSESSMENT_DECISION not yet due stays in the ordinary sections only.</para>
/// <para><see cref="RentDue"/>: every open RENT_DUE, the next unpaid instalment of each lease before its day, soonest first,
/// with the amount still to pay; <see cref="RentDueTotalYuan"/> sums all of them (not only the rows listed).</para>
/// <para>Both lists are capped at the digest's section size, with a note when cut; the counts count every item.</para>
/// </remarks>
public sealed record DigestDecisionSections
{
    /// <summary>The section heading of the decisions (also used in the truncation note).</summary>
    public const string DecisionsTitle = "区政府待作决定";

    /// <summary>The section heading of the rent coming due.</summary>
    public const string RentDueTitle = "租金即将到期";

    /// <summary>No items (a digest built before these sections existed).</summary>
    public static DigestDecisionSections Empty { get; } = new();

    /// <summary>Decisions the district owes: RENEWAL_DECISION (any status) and overdue ASSESSMENT_DECISION.</summary>
    public IReadOnlyList<DigestItem> Decisions { get; init; } = [];

    /// <summary>All such decisions (the list may be cut short).</summary>
    public int DecisionCount { get; init; }

    /// <summary>Of those, past their day.</summary>
    public int DecisionsOverdue { get; init; }

    /// <summary>The next unpaid rent instalment of each lease, before its day (RENT_DUE).</summary>
    public IReadOnlyList<DigestItem> RentDue { get; init; } = [];

    /// <summary>All RENT_DUE items (the list may be cut short).</summary>
    public int RentDueCount { get; init; }

    /// <summary>The rent still to pay on all RENT_DUE items, in yuan.</summary>
    public decimal RentDueTotalYuan { get; init; }

    /// <summary>Builds the sections from the digest's items (statuses as of the digest date), at most <paramref name="max"/> rows each; a cut section adds a note.</summary>
    public static DigestDecisionSections Build(IReadOnlyList<DigestItem> items, int max, List<string> notes)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(notes);
        var decisions = items
            .Where(i => i.Rule == RuleCode.RENEWAL_DECISION || (i.Rule == RuleCode.ASSESSMENT_DECISION && i.Status == FindingStatus.Overdue))
            .OrderBy(i => i.Deadline ?? DateOnly.MaxValue).ThenBy(i => i.LeaseId, StringComparer.Ordinal).ThenBy(i => i.AlertKey, StringComparer.Ordinal)
            .ToList();
        var rent = items
            .Where(i => i.Rule == RuleCode.RENT_DUE)
            .OrderBy(i => i.Deadline ?? DateOnly.MaxValue).ThenBy(i => i.LeaseId, StringComparer.Ordinal).ThenBy(i => i.AlertKey, StringComparer.Ordinal)
            .ToList();
        return new DigestDecisionSections
        {
            Decisions = Cap(decisions, max, DecisionsTitle, notes),
            DecisionCount = decisions.Count,
            DecisionsOverdue = decisions.Count(i => i.Status == FindingStatus.Overdue),
            RentDue = Cap(rent, max, RentDueTitle, notes),
            RentDueCount = rent.Count,
            RentDueTotalYuan = rent.Sum(i => i.AmountYuan ?? 0m),
        };
    }

    private static List<DigestItem> Cap(List<DigestItem> items, int max, string section, List<string> notes)
    {
        if (items.Count <= max)
        {
            return items;
        }

        notes.Add(string.Create(CultureInfo.InvariantCulture, $"“{section}”仅列出前{max}条，共{items.Count}条。"));
        return items.GetRange(0, max);
    }
}
