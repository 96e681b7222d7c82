using System.Globalization;
using ComplianceMonitor.Domain.Deadlines;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Records;

namespace ComplianceMonitor.Domain.Rules;

/// <summary>
/// EXIT_AFTER_FAILED_ASSESSMENT, 三（五）: "未通过考核的，土地使用权人应于租赁合同到期前完成退出" - after a failed assessment the
/// land user exits before the lease contract expires; the land is then taken back and the registration cancelled.
/// </summary>
/// <remarks>
/// <para>Fires when a failed result is known and no completed exit is known.</para>
/// <para>Deadline: the lease end in force (<see cref="LeaseFacts.EffectiveLeaseEnd"/>), fixed, inclusive; overdue after it
/// until the exit is recorded (then the district takes the land back).</para>
/// <para>Responsible: the land user. Subject: the deadline, <c>yyyy-MM-dd</c>.</para>
/// </remarks>
public sealed class ExitAfterFailedAssessmentRule : IRule
{
    /// <inheritdoc/>
    public RuleCode Code => RuleCode.EXIT_AFTER_FAILED_ASSESSMENT;

    /// <inheritdoc/>
    public string Basis => "三（五）";

    /// <inheritdoc/>
    public void Evaluate(LeaseRecord lease, RuleContext context, List<Finding> findings)
    {
        var asOf = context.AsOf;
        if (LeaseFacts.Result(lease, asOf) != AssessmentResult.Failed || LeaseFacts.ExitCompleted(lease, asOf))
        {
            return;
        }

        var deadline = DeadlineCalculator.Fixed(LeaseFacts.EffectiveLeaseEnd(lease, asOf));
        var message = string.Create(CultureInfo.InvariantCulture, stackalloc char[160],
            $"考核未通过：请最迟于{RuleText.Deadline(deadline.Day)}（租赁合同到期日）完成退出，逾期由区政府依法收回土地使用权，{RuleText.Days(deadline.Day, asOf)}。");
        findings.Add(context.Obligation(this, deadline, Responsible.LandUser, null, message, RuleText.Iso(deadline.Day)));
    }
}
