using System.Globalization;
using ComplianceMonitor.Domain.Deadlines;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Records;

namespace ComplianceMonitor.Domain.Rules;

/// <summary>
/// REGISTRATION, 三（五）: "土地使用权人应在租赁期届满后持原不动产权证书、土地出让合同、土地出让价款缴纳凭证、完税凭证等材料，申请办理不动产登记。
/// 区政府应督促土地使用权人按期办理转出让" - after the lease expires the land user applies for real-estate registration;
/// the district urges it.
/// </summary>
/// <remarks>
/// <para>Fires when a signed transfer contract is known, the land price is paid within
/// <see cref="Policy.PolicyParameters.MoneyToleranceYuan"/> (payments known vs. <see cref="RentLedger.LandPrice"/>),
/// the day is after the lease end in force, and no registration is known.</para>
/// <para>The guideline sets no day (policy revision 2, change 5). The finding's deadline is the district's follow-up target,
/// lease end + <see cref="Policy.PolicyParameters.RegistrationEscalationDays"/> (default 30), fixed: the finding opens on
/// lease end + 1 day (upcoming), is due on the target and overdue after it, but its severity is never more than
/// <see cref="Severity.Warning"/>, and the message calls the day the district's follow-up target (督促办理), never a legal
/// deadline: no 最迟 and no 逾期.</para>
/// <para>Responsible: the land user, urged by the district. Subject: the target, <c>yyyy-MM-dd</c>.</para>
/// </remarks>
public sealed class RegistrationRule : IRule
{
    /// <inheritdoc/>
    public RuleCode Code => RuleCode.REGISTRATION;

    /// <inheritdoc/>
    public string Basis => "三（五）";

    /// <inheritdoc/>
    public void Evaluate(LeaseRecord lease, RuleContext context, List<Finding> findings)
    {
        var asOf = context.AsOf;
        var leaseEnd = LeaseFacts.EffectiveLeaseEnd(lease, asOf);
        if (asOf <= leaseEnd
            || !LeaseFacts.Known(lease.Transfer.ContractSignedOn, asOf)
            || LeaseFacts.Known(lease.Transfer.RegisteredOn, asOf))
        {
            return;
        }

        var paid = RentLedger.LandPricePaid(lease, asOf, out _);
        if (Money.Round(RentLedger.LandPrice(lease, asOf, context.Parameters)) - Money.Round(paid) > context.Parameters.MoneyToleranceYuan)
        {
            return;
        }

        var target = DeadlineCalculator.Fixed(leaseEnd.AddDays(context.Parameters.RegistrationEscalationDays));
        var days = target.Day.DayNumber - asOf.DayNumber;
        var message = days > 0
            ? string.Create(CultureInfo.InvariantCulture, stackalloc char[240],
                $"租赁期已于{RuleText.Day(leaseEnd)}届满，出让合同已签订、地价款已缴清：请持原不动产权证书、出让合同、地价款缴纳凭证、完税凭证等材料申请办理不动产登记。区政府督促办理的跟进目标日为{RuleText.Deadline(target.Day)}（非法定期限），距目标日还有{days}天。")
            : days == 0
                ? string.Create(CultureInfo.InvariantCulture, stackalloc char[240],
                    $"租赁期已于{RuleText.Day(leaseEnd)}届满，出让合同已签订、地价款已缴清：请持原不动产权证书、出让合同、地价款缴纳凭证、完税凭证等材料申请办理不动产登记。今天是区政府督促办理的跟进目标日{RuleText.Deadline(target.Day)}（非法定期限）。")
                : string.Create(CultureInfo.InvariantCulture, stackalloc char[240],
                    $"租赁期已于{RuleText.Day(leaseEnd)}届满，出让合同已签订、地价款已缴清，尚未办理不动产登记：已过区政府督促办理的跟进目标日{RuleText.Deadline(target.Day)}（非法定期限）{-days}天，请尽快持材料申请办理，区政府继续督促。");
        var finding = context.Obligation(this, target, Responsible.LandUser, null, message, RuleText.Iso(target.Day));

        // No legal day, so no critical breach: past the target the status is overdue, the severity stays a warning.
        findings.Add(finding.Severity == Severity.Critical ? finding with { Severity = Severity.Warning } : finding);
    }
}
