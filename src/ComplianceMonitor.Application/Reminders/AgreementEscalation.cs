using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Policy;
using ComplianceMonitor.Domain.Rules;

namespace ComplianceMonitor.Application.Reminders;

/// <summary>The agreement watch's reminder and task timing (agreement.md), read from the parameter set in effect on the day.</summary>
/// <remarks>
/// MILESTONE reminders start <see cref="Domain.Agreements.AgreementParameters.MilestoneReminderLeadDays"/> (30) days before the
/// agreed day (the 《限期开工告知书》 practice), not 90; its task opens only when the milestone is more than
/// <see cref="Domain.Agreements.AgreementParameters.MilestoneEscalationDays"/> (15) days late. Every other rule keeps the default.
/// </remarks>
public static class AgreementEscalation
{
    /// <summary>Whether an overdue or violating <paramref name="finding"/> opens its task on <paramref name="asOf"/>.</summary>
    public static bool TaskDue(Finding finding, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(finding);
        if (finding.Rule != RuleCode.MILESTONE || finding.Deadline is not { } agreed)
        {
            return true;
        }

        var escalation = PolicyCatalog.Default.InEffectOn(asOf).Agreement.MilestoneEscalationDays;
        return asOf.DayNumber - agreed.DayNumber > escalation;
    }

    /// <summary>The days-before stages for <paramref name="rule"/>: for MILESTONE, only those within the lead days.</summary>
    public static IReadOnlyList<int> DaysBefore(RuleCode rule, IReadOnlyList<int> defaults, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        if (rule != RuleCode.MILESTONE)
        {
            return defaults;
        }

        var lead = PolicyCatalog.Default.InEffectOn(today).Agreement.MilestoneReminderLeadDays;
        return [.. defaults.Where(d => d <= lead)];
    }
}
