using ComplianceMonitor.Application.Digest;
using ComplianceMonitor.Domain;

namespace ComplianceMonitor.Infrastructure.Digest;

/// <summary>The digest's sections for the rules of revision 2 (<see cref="DigestDecisionSections"/>): the decisions the district owes, and the rent coming due.</summary>
public sealed partial record DigestView
{
    /// <summary>
    /// The two sections, numbered on from <paramref name="first"/> (1 = 一; after the agreement sections); a section with nothing in it is left out, so a
    /// district without renewals, late assessments or rent instalments to come gets no empty headings.
    /// </summary>
    private static IEnumerable<DigestViewSection> DecisionSections(DigestModel model, int first)
    {
        var s = model.Decisions;
        var number = first;
        if (s.DecisionCount > 0)
        {
            yield return AlertSection(
                Heading(number++, DigestDecisionSections.DecisionsTitle),
                s.Decisions,
                s.DecisionCount,
                Purple,
                s.DecisionsOverdue > 0 ? Invariant($"其中{s.DecisionsOverdue}项已逾期，请{model.DistrictName}尽快作出决定") : null,
                "无待作出的续租决定或逾期未完成的考核。",
                model.Date);
        }

        if (s.RentDueCount > 0)
        {
            yield return AlertSection(
                Heading(number, DigestDecisionSections.RentDueTitle),
                s.RentDue,
                s.RentDueCount,
                Blue,
                $"合计{Money.Format(s.RentDueTotalYuan)}",
                "无待缴租金。",
                model.Date);
        }
    }
}
