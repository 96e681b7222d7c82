using System.Globalization;
using ComplianceMonitor.Domain.Deadlines;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Records;

namespace ComplianceMonitor.Domain.Rules;

/// <summary>
/// RENEWAL_DECISION, 三（五）: "特殊情况下，土地使用权人可在租赁期届满前6个月向区政府提出续租申请" - the land user applies to the district
/// government for a renewal; the district decides it (approves or refuses) before the lease expires.
/// </summary>
/// <remarks>
/// <para>Policy revision 2, change 1. Fires when a renewal application is known on the day and neither its approval nor its
/// refusal (<see cref="Renewal.RefusedOn"/>) is known. Added interpretation, as for ASSESSMENT_DECISION: not after a completed
/// exit.</para>
/// <para>Deadline: the lease end before renewal (<see cref="LeaseRecord.LeaseEnd"/>), fixed, inclusive: a renewal decided after
/// the lease has expired comes too late. Overdue after it (critical): the lease has ended with nothing decided.</para>
/// <para>Responsible: the district. Subject: <c>renewal:</c> + the application day.</para>
/// </remarks>
public sealed class RenewalDecisionRule : IRule
{
    /// <inheritdoc/>
    public RuleCode Code => RuleCode.RENEWAL_DECISION;

    /// <inheritdoc/>
    public string Basis => "三（五）";

    /// <inheritdoc/>
    public void Evaluate(LeaseRecord lease, RuleContext context, List<Finding> findings)
    {
        var asOf = context.AsOf;
        if (lease.Renewal.AppliedOn is not { } appliedOn
            || appliedOn > asOf
            || !LeaseFacts.RenewalPending(lease, asOf)
            || LeaseFacts.ExitCompleted(lease, asOf))
        {
            return;
        }

        var deadline = DeadlineCalculator.Fixed(lease.LeaseEnd);
        var message = string.Create(CultureInfo.InvariantCulture, stackalloc char[200],
            $"土地使用权人已于{RuleText.Day(appliedOn)}提出续租申请，尚未决定：区政府应在租赁期届满日{RuleText.Deadline(deadline.Day)}前作出准予或不予续租的决定并告知土地使用权人，{RuleText.Days(deadline.Day, asOf)}。");
        findings.Add(context.Obligation(this, deadline, Responsible.District, null, message, RuleText.Subject("renewal", appliedOn, 1)));
    }
}
