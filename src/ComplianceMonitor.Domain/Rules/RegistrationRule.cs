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
/// <para>The guideline sets no day. Deadline: lease end + <see cref="Policy.PolicyParameters.RegistrationEscalationDays"/>
/// (default 30), fixed: the finding opens on lease end + 1 day (upcoming), is due on day 30 and overdue after it,
/// which is when the district escalates.</para>
/// <para>Responsible: the land user. Subject: the deadline, <c>yyyy-MM-dd</c>.</para>
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
        if (Money.Round(RentLedger.LandPrice(lease, asOf)) - Money.Round(paid) > context.Parameters.MoneyToleranceYuan)
        {
            return;
        }

        var deadline = DeadlineCalculator.Fixed(leaseEnd.AddDays(context.Parameters.RegistrationEscalationDays));
        var message = string.Create(CultureInfo.InvariantCulture, stackalloc char[200],
            $"租赁期已于{RuleText.Day(leaseEnd)}届满，出让合同已签订、地价款已缴清：请持原不动产权证书、出让合同、地价款缴纳凭证、完税凭证等材料申请办理不动产登记，最迟于{RuleText.Deadline(deadline.Day)}，{RuleText.Days(deadline.Day, asOf)}。");
        findings.Add(context.Obligation(this, deadline, Responsible.LandUser, null, message, RuleText.Iso(deadline.Day)));
    }
}
