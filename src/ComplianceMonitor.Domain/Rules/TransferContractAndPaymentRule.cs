using System.Globalization;
using ComplianceMonitor.Domain.Deadlines;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Records;

namespace ComplianceMonitor.Domain.Rules;

/// <summary>
/// TRANSFER_CONTRACT_AND_PAYMENT, 三（五）: "通过考核后，土地使用权人应在收到书面通知15日内向属地规划自然资源主管部门提出书面申请，
/// 签订出让合同并缴纳地价款" - within 15 days of receiving the written notice of a passed assessment, the land user
/// applies in writing, signs the transfer contract and pays the land price.
/// </summary>
/// <remarks>
/// <para>Fires when a passed result and the day the notice was received are known, and either no signed contract is
/// known or no land-price payment at all is known (a short payment is LAND_PRICE_AMOUNT's business).</para>
/// <para>Deadline: <see cref="DeadlineCalculator.DaysAfter"/> of the notice day and
/// <see cref="Policy.PolicyParameters.TransferWindowDays"/>: the receipt day is not counted, and a last day that is an
/// off-day moves to the next working day.</para>
/// <para>Amount: the land price still owed, <see cref="RentLedger.LandPrice"/> (base price − lease-period rent paid)
/// less the land-price payments known, only while no land-price payment is known; once one is, the shortfall is
/// LAND_PRICE_AMOUNT's and this finding carries no amount (policy revision 2, change 8: money is counted once).</para>
/// <para>Responsible: the land user. Subject: the deadline, <c>yyyy-MM-dd</c>.</para>
/// </remarks>
public sealed class TransferContractAndPaymentRule : IRule
{
    private const string MovedNote = "（期限末日为休息日，顺延至其后第一个工作日）";

    /// <inheritdoc/>
    public RuleCode Code => RuleCode.TRANSFER_CONTRACT_AND_PAYMENT;

    /// <inheritdoc/>
    public string Basis => "三（五）";

    /// <inheritdoc/>
    public void Evaluate(LeaseRecord lease, RuleContext context, List<Finding> findings)
    {
        var asOf = context.AsOf;
        if (!LeaseFacts.PassedWithNotice(lease, asOf, out var notice))
        {
            return;
        }

        var signed = LeaseFacts.Known(lease.Transfer.ContractSignedOn, asOf);
        var paid = RentLedger.LandPricePaid(lease, asOf, out var paymentCount);
        if (signed && paymentCount > 0)
        {
            return;
        }

        // Money is counted on one finding only: with some land price paid, what is still owed is LAND_PRICE_AMOUNT's.
        var owed = RentLedger.LandPrice(lease, asOf, context.Parameters) - paid;
        decimal? amount = paymentCount == 0 && Money.Round(owed) > 0m ? owed : null;
        var amountText = amount is { } a ? Money.Format(a) : string.Empty;
        var days = context.Parameters.TransferWindowDays;
        var deadline = DeadlineCalculator.DaysAfter(notice, days, context.Calendar);
        var moved = deadline.WasMoved ? MovedNote : string.Empty;
        string message;
        if (!signed && paymentCount == 0)
        {
            message = string.Create(CultureInfo.InvariantCulture, stackalloc char[200],
                $"考核已通过（{RuleText.Day(notice)}收到书面通知）：请最迟于{RuleText.Deadline(deadline.Day)}{moved}向属地规划自然资源主管部门提出书面申请、签订出让合同并缴纳地价款{amountText}（收到通知后{days}日内），{RuleText.Days(deadline.Day, asOf)}。");
        }
        else if (!signed)
        {
            message = string.Create(CultureInfo.InvariantCulture, stackalloc char[200],
                $"考核已通过（{RuleText.Day(notice)}收到书面通知）：请最迟于{RuleText.Deadline(deadline.Day)}{moved}向属地规划自然资源主管部门提出书面申请并签订出让合同（收到通知后{days}日内），{RuleText.Days(deadline.Day, asOf)}。");
        }
        else
        {
            message = string.Create(CultureInfo.InvariantCulture, stackalloc char[200],
                $"考核已通过，出让合同已签订：请最迟于{RuleText.Deadline(deadline.Day)}{moved}缴纳地价款{amountText}（收到通知后{days}日内），{RuleText.Days(deadline.Day, asOf)}。");
        }

        findings.Add(context.Obligation(this, deadline, Responsible.LandUser, amount, message, RuleText.Iso(deadline.Day)));
    }
}
