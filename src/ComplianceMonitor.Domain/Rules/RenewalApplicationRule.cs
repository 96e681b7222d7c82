using System.Globalization;
using ComplianceMonitor.Domain.Deadlines;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Records;

namespace ComplianceMonitor.Domain.Rules;

/// <summary>
/// RENEWAL_APPLICATION, 三（五）: "特殊情况下，土地使用权人可在租赁期届满前6个月向区政府提出续租申请" - a renewal is applied for
/// 6 months before the lease expires.
/// </summary>
/// <remarks>
/// <para>Fires when a renewal application is known and was made after the assessment-application deadline computed on
/// the ORIGINAL lease end (<see cref="DeadlineCalculator.MonthsBeforeExpiry"/> of <see cref="LeaseRecord.LeaseEnd"/> and
/// <see cref="Policy.PolicyParameters.AssessmentLeadMonths"/>): the last day on which 6 full months remained.</para>
/// <para>A violation (the late day cannot be undone), so no deadline in the output; the message names both the day of
/// the application and the day it should have come by. Severity warning (a data check for the district to review).</para>
/// <para>Responsible: the district. Subject: <c>renewal:</c> + the application day.</para>
/// </remarks>
public sealed class RenewalApplicationRule : IRule
{
    /// <inheritdoc/>
    public RuleCode Code => RuleCode.RENEWAL_APPLICATION;

    /// <inheritdoc/>
    public string Basis => "三（五）";

    /// <inheritdoc/>
    public void Evaluate(LeaseRecord lease, RuleContext context, List<Finding> findings)
    {
        if (lease.Renewal.AppliedOn is not { } appliedOn || appliedOn > context.AsOf)
        {
            return;
        }

        var months = context.Parameters.AssessmentLeadMonths;
        var deadline = DeadlineCalculator.MonthsBeforeExpiry(lease.LeaseEnd, months, context.Calendar);
        if (appliedOn <= deadline.Day)
        {
            return;
        }

        var message = string.Create(CultureInfo.InvariantCulture, stackalloc char[200],
            $"续租申请于{RuleText.Deadline(appliedOn)}提出，晚于租赁期{RuleText.Day(lease.LeaseEnd)}届满前{months}个月的最后期限{RuleText.Deadline(deadline.Day)}（迟{appliedOn.DayNumber - deadline.Day.DayNumber}天）：请区政府依规审查处理。");
        findings.Add(RuleContext.Violation(this, Severity.Warning, Responsible.District, null, message, RuleText.Subject("renewal", appliedOn, 1)));
    }
}
