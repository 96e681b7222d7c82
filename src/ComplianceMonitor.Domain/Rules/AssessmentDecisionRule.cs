using System.Globalization;
using ComplianceMonitor.Domain.Deadlines;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Records;

namespace ComplianceMonitor.Domain.Rules;

/// <summary>
/// ASSESSMENT_DECISION, 三（五）: "考核工作应在租赁期届满前完成，并及时将考核结果书面通知土地使用权人" - the district
/// government finishes the assessment before the lease expires and notifies the land user in writing.
/// </summary>
/// <remarks>
/// <para>Fires when an assessment application is known on the day and no result is known yet.
/// Added interpretation: not after a completed exit (the lease is over; nothing is left to assess).</para>
/// <para>Deadline: the lease end in force (<see cref="LeaseFacts.EffectiveLeaseEnd"/>), fixed, inclusive.</para>
/// <para>Responsible: the district. Subject: the deadline, <c>yyyy-MM-dd</c>.</para>
/// </remarks>
public sealed class AssessmentDecisionRule : IRule
{
    /// <inheritdoc/>
    public RuleCode Code => RuleCode.ASSESSMENT_DECISION;

    /// <inheritdoc/>
    public string Basis => "三（五）";

    /// <inheritdoc/>
    public void Evaluate(LeaseRecord lease, RuleContext context, List<Finding> findings)
    {
        var asOf = context.AsOf;
        if (lease.Assessment.AppliedOn is not { } appliedOn
            || appliedOn > asOf
            || LeaseFacts.Result(lease, asOf) is not null
            || LeaseFacts.ExitCompleted(lease, asOf))
        {
            return;
        }

        var deadline = DeadlineCalculator.Fixed(LeaseFacts.EffectiveLeaseEnd(lease, asOf));
        var message = string.Create(CultureInfo.InvariantCulture, stackalloc char[160],
            $"土地使用权人已于{RuleText.Day(appliedOn)}提出考核申请：区政府应最迟于{RuleText.Deadline(deadline.Day)}（租赁期届满日）完成考核并书面通知土地使用权人，{RuleText.Days(deadline.Day, asOf)}。");
        findings.Add(context.Obligation(this, deadline, Responsible.District, null, message, RuleText.Iso(deadline.Day)));
    }
}
