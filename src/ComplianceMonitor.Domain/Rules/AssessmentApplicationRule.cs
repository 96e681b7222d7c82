using System.Globalization;
using ComplianceMonitor.Domain.Deadlines;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Records;

namespace ComplianceMonitor.Domain.Rules;

/// <summary>
/// ASSESSMENT_APPLICATION, 三（五）: "土地使用权人应于租赁期（含续租期）届满前至少6个月提出考核申请" - the land user
/// applies for assessment at least 6 months before the lease (including any renewal) expires.
/// </summary>
/// <remarks>
/// <para>Fires while none of these is known on the day: an assessment application, an assessment result, a
/// completed exit. Policy revision 2 (change 1): a renewal application shields the lease only while it was made on or
/// before this deadline, is still undecided (neither approved nor refused) and the lease has not yet ended; a refused or
/// late one shields nothing (RENEWAL_DECISION asks the district to decide).</para>
/// <para>Deadline: <see cref="DeadlineCalculator.MonthsBeforeExpiry"/> of the lease end in force
/// (<see cref="LeaseFacts.EffectiveLeaseEnd"/>: an approved renewal moves it to the renewal's end) and
/// <see cref="Policy.PolicyParameters.AssessmentLeadMonths"/>. Never moved for off-days; when it falls on one the
/// message says so and advises acting earlier. The obligation stays open (overdue) after the deadline: an
/// application is still required, only late.</para>
/// <para>Responsible: the land user. Subject: the deadline, <c>yyyy-MM-dd</c> (a renewal gives a new subject).</para>
/// </remarks>
public sealed class AssessmentApplicationRule : IRule
{
    /// <inheritdoc/>
    public RuleCode Code => RuleCode.ASSESSMENT_APPLICATION;

    /// <inheritdoc/>
    public string Basis => "三（五）";

    /// <inheritdoc/>
    public void Evaluate(LeaseRecord lease, RuleContext context, List<Finding> findings)
    {
        var asOf = context.AsOf;
        if (LeaseFacts.Known(lease.Assessment.AppliedOn, asOf)
            || LeaseFacts.Result(lease, asOf) is not null
            || LeaseFacts.ExitCompleted(lease, asOf))
        {
            return;
        }

        var leaseEnd = LeaseFacts.EffectiveLeaseEnd(lease, asOf);
        var months = context.Parameters.AssessmentLeadMonths;
        var deadline = DeadlineCalculator.MonthsBeforeExpiry(leaseEnd, months, context.Calendar);
        if (LeaseFacts.RenewalPending(lease, asOf) && lease.Renewal.AppliedOn <= deadline.Day && asOf <= leaseEnd)
        {
            return;
        }
        var message = deadline.FallsOnOffDay
            ? string.Create(CultureInfo.InvariantCulture, stackalloc char[160],
                $"请最迟于{RuleText.Deadline(deadline.Day)}向区政府提出考核申请（租赁期{RuleText.Day(leaseEnd)}届满前至少{months}个月）；该日为休息日，请提前在工作日办理，{RuleText.Days(deadline.Day, asOf)}。")
            : string.Create(CultureInfo.InvariantCulture, stackalloc char[160],
                $"请最迟于{RuleText.Deadline(deadline.Day)}向区政府提出考核申请（租赁期{RuleText.Day(leaseEnd)}届满前至少{months}个月），{RuleText.Days(deadline.Day, asOf)}。");
        findings.Add(context.Obligation(this, deadline, Responsible.LandUser, null, message, RuleText.Iso(deadline.Day)));
    }
}
