using System.Globalization;
using ComplianceMonitor.Domain.Deadlines;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Records;

namespace ComplianceMonitor.Domain.Rules;

/// <summary>
/// EXIT_AFTER_FAILED_ASSESSMENT, 三（五）: "未通过考核的，土地使用权人应于租赁合同到期前完成退出" - after a failed assessment the
/// land user exits before the lease contract expires; "属地规划自然资源主管部门根据考核结果，报同级人民政府依法收回土地使用权，并办理不动产注销登记" -
/// the land is taken back because of the failed result (not because of lateness) and the registration cancelled.
/// </summary>
/// <remarks>
/// <para>Fires when a failed result is known and no completed exit is known.</para>
/// <para>Deadline: the lease end in force (<see cref="LeaseFacts.EffectiveLeaseEnd"/>), fixed, inclusive; overdue after it
/// until the exit is recorded. Policy revision 2 (change 10): the message no longer says lateness triggers recovery; recovery
/// follows the failed result.</para>
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
        var message = string.Create(CultureInfo.InvariantCulture, stackalloc char[200],
            $"考核未通过：请于{RuleText.Deadline(deadline.Day)}（租赁合同到期日）前完成退出，{RuleText.Days(deadline.Day, asOf)}；属地规划自然资源主管部门根据考核结果报同级人民政府依法收回土地使用权，并办理不动产注销登记。");
        findings.Add(context.Obligation(this, deadline, Responsible.LandUser, null, message, RuleText.Iso(deadline.Day)));
    }
}
