using System.Globalization;
using ComplianceMonitor.Domain.Deadlines;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Records;

namespace ComplianceMonitor.Domain.Rules;

/// <summary>
/// RETURN_REFUND, 三（七）: "租赁期内土地使用权人申请退还土地的，退还剩余年期租金，扣除约定的违约金" - after a voluntary return is
/// accepted the district refunds the remaining rent less the agreed damages.
/// </summary>
/// <remarks>
/// <para>Fires while a return accepted on or before the day has no refund payment known.</para>
/// <para>The guideline sets no day: the deadline is the district's follow-up target, acceptance +
/// <see cref="Agreements.AgreementParameters.ReturnRefundFollowUpDays"/> (default 30), fixed. Past it the status is
/// <c>overdue</c> but the severity stays <c>warning</c>, and the message calls the day a follow-up target, never a legal
/// deadline. The amount is left to the refund quote (<c>cm return-quote</c>), which needs the inputs of the day.</para>
/// <para>Responsible: the district. Subject: <c>return:</c> + the acceptance day. Every other rule stops for the lease
/// from the acceptance day (<see cref="RuleEngine"/>).</para>
/// </remarks>
public sealed class ReturnRefundRule : IRule
{
    /// <inheritdoc/>
    public RuleCode Code => RuleCode.RETURN_REFUND;

    /// <inheritdoc/>
    public string Basis => "三（七）";

    /// <inheritdoc/>
    public void Evaluate(LeaseRecord lease, RuleContext context, List<Finding> findings)
    {
        var asOf = context.AsOf;
        if (lease.VoluntaryReturn is not { AcceptedOn: { } accepted } r || accepted > asOf || LeaseFacts.Known(r.RefundPaidOn, asOf))
        {
            return;
        }

        var target = accepted.AddDays(context.Parameters.Agreement.ReturnRefundFollowUpDays);
        var days = target.DayNumber - asOf.DayNumber;
        var when = days > 0 ? $"距跟进目标还剩{days}天" : days == 0 ? "今天为跟进目标日" : $"已超过跟进目标{-days}天";
        var message = string.Create(CultureInfo.InvariantCulture,
            $"土地使用权人自愿退还土地已于{RuleText.Day(accepted)}受理，退还剩余年期租金（扣除约定违约金）尚未记录支付：区政府督促办理的跟进目标为{RuleText.Deadline(target)}（非法定期限），{when}。");
        var finding = context.Obligation(this, DeadlineCalculator.Fixed(target), Responsible.District, null, message, RuleText.Subject("return", accepted, 1));
        findings.Add(finding.Severity == Severity.Critical ? finding with { Severity = Severity.Warning } : finding);
    }
}
