using System.Globalization;
using ComplianceMonitor.Domain.Deadlines;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Records;

namespace ComplianceMonitor.Domain.Rules;

/// <summary>
/// LAND_PRICE_AMOUNT, 三（四）: "通过考核转为出让时，地价款的计算方式为[竞得价-租赁期已缴纳租金总额]" - on transfer the land price is
/// the base price (竞得价, or 补缴政府土地收益 for existing land) less the rent paid in the lease period.
/// </summary>
/// <remarks>
/// <para>Fires when a passed result and the notice day are known, at least one land-price payment is known, and the
/// payments known fall short of <see cref="RentLedger.LandPrice"/> by more than
/// <see cref="Policy.PolicyParameters.MoneyToleranceYuan"/> (compared after rounding to the fen). Lease-period rent
/// paid is the part of the rent payments known on the day that oldest-first allocation puts on instalments of the lease
/// period (every rent payment when the schedule is empty or not recorded). The reading parameter
/// <see cref="Policy.PolicyParameters.LandPriceDeductsRenewalRent"/> (default false) decides whether renewal rent paid is
/// deducted too; the message names it and its value. Policy revision 2 (change 8): the shortfall is on this finding only.</para>
/// <para>Deadline: the same as TRANSFER_CONTRACT_AND_PAYMENT (notice day + 15 days, moved to the next working day).</para>
/// <para>Amount: the shortfall. Responsible: the land user. Subject: the deadline, <c>yyyy-MM-dd</c>.</para>
/// </remarks>
public sealed class LandPriceAmountRule : IRule
{
    /// <inheritdoc/>
    public RuleCode Code => RuleCode.LAND_PRICE_AMOUNT;

    /// <inheritdoc/>
    public string Basis => "三（四）";

    /// <inheritdoc/>
    public void Evaluate(LeaseRecord lease, RuleContext context, List<Finding> findings)
    {
        var asOf = context.AsOf;
        if (!LeaseFacts.PassedWithNotice(lease, asOf, out var notice))
        {
            return;
        }

        var paid = RentLedger.LandPricePaid(lease, asOf, out var paymentCount);
        if (paymentCount == 0)
        {
            return;
        }

        var deductsRenewal = context.Parameters.LandPriceDeductsRenewalRent;
        var rentPaid = RentLedger.RentDeducted(lease, asOf, context.Parameters);
        var price = lease.BasePriceYuan - rentPaid;
        if (Money.Round(price) - Money.Round(paid) <= context.Parameters.MoneyToleranceYuan)
        {
            return;
        }

        var shortfall = price - paid;
        var deadline = DeadlineCalculator.DaysAfter(notice, context.Parameters.TransferWindowDays, context.Calendar);
        var reading = deductsRenewal
            ? "按解释参数landPriceDeductsRenewalRent=true，扣除租赁期及续租期已缴租金"
            : "按解释参数landPriceDeductsRenewalRent=false，仅扣除租赁期已缴租金，不含续租期租金";
        var rentName = deductsRenewal ? "已缴租金" : "租赁期已缴租金";
        var message = string.Create(CultureInfo.InvariantCulture, stackalloc char[320],
            $"已缴地价款{Money.Format(paid)}，少于应缴地价款{Money.Format(price)}（{RuleText.BasePriceName(lease.SupplyMode)}{Money.Format(lease.BasePriceYuan)}减{rentName}{Money.Format(rentPaid)}；{reading}）：请最迟于{RuleText.Deadline(deadline.Day)}补缴{Money.Format(shortfall)}，{RuleText.Days(deadline.Day, asOf)}。");
        findings.Add(context.Obligation(this, deadline, Responsible.LandUser, shortfall, message, RuleText.Iso(deadline.Day)));
    }
}
