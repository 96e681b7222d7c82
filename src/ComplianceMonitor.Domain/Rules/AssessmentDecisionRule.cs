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
/// <para>Fires when an assessment application is known on the day and either no result is known yet or, policy revision 2
/// (change 3), the result is known but the day the written notice was received is not: the assessment counts as finished
/// when both are recorded (及时书面通知). The message says which is missing.
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
            || LeaseFacts.ExitCompleted(lease, asOf))
        {
            return;
        }

        var result = LeaseFacts.Result(lease, asOf);
        if (result is not null && LeaseFacts.Known(lease.Assessment.NoticeReceivedOn, asOf))
        {
            return;
        }

        var deadline = DeadlineCalculator.Fixed(LeaseFacts.EffectiveLeaseEnd(lease, asOf));
        string message;
        if (result is { } r)
        {
            var outcome = r == AssessmentResult.Passed ? "通过" : "未通过";
            var decided = lease.Assessment.DecidedOn ?? asOf;
            message = string.Create(CultureInfo.InvariantCulture, stackalloc char[200],
                $"考核结果（{outcome}）已于{RuleText.Day(decided)}作出，但尚未记录书面通知土地使用权人（收到通知日期）：区政府应及时将考核结果书面通知土地使用权人，考核应在{RuleText.Deadline(deadline.Day)}（租赁期届满日）前完成，{RuleText.Days(deadline.Day, asOf)}。");
        }
        else
        {
            message = string.Create(CultureInfo.InvariantCulture, stackalloc char[160],
                $"土地使用权人已于{RuleText.Day(appliedOn)}提出考核申请：区政府应最迟于{RuleText.Deadline(deadline.Day)}（租赁期届满日）完成考核并书面通知土地使用权人，{RuleText.Days(deadline.Day, asOf)}。");
        }

        findings.Add(context.Obligation(this, deadline, Responsible.District, null, message, RuleText.Iso(deadline.Day)));
    }
}
