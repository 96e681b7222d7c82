using System.Globalization;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Records;

namespace ComplianceMonitor.Domain.Rules;

/// <summary>
/// LEASE_RENT_AMOUNT, 三（四）: "先租后让租赁期间租金总额的计算方式为[竞得价/租赁和出让总年期]×租赁年限" - the lease-period rent total is the
/// base price (竞得价, or 补缴政府土地收益 for existing land) ÷ total years × lease years.
/// </summary>
/// <remarks>
/// <para>Fires when the scheduled total of the lease-period instalments differs from
/// <see cref="RentLedger.ExpectedLeaseRent"/> by more than <see cref="Policy.PolicyParameters.MoneyToleranceYuan"/>. Both
/// are computed in <see cref="decimal"/> and rounded to the fen only for the comparison and the text. The schedule is the
/// contract, so it is read whole whatever the day. An empty schedule (<c>[]</c>, "nothing scheduled") counts as a total of 0 and
/// fires; a schedule that is not recorded is skipped (policy revision 2, change 7; the result's warnings say so).</para>
/// <para>Amount: the difference, absolute. Violation, severity warning (a data check). Responsible: the district.
/// Subject: <c>lease-rent</c>.</para>
/// </remarks>
public sealed class LeaseRentAmountRule : IRule
{
    /// <inheritdoc/>
    public RuleCode Code => RuleCode.LEASE_RENT_AMOUNT;

    /// <inheritdoc/>
    public string Basis => "三（四）";

    /// <inheritdoc/>
    public void Evaluate(LeaseRecord lease, RuleContext context, List<Finding> findings)
    {
        if (lease.TotalYears <= 0 || !lease.RentScheduleRecorded)
        {
            return;
        }

        var scheduled = RentLedger.ScheduledTotal(lease.RentSchedule, RentPeriod.Lease, out _);
        var expected = RentLedger.ExpectedLeaseRent(lease);
        if (!Money.Differs(scheduled, expected, context.Parameters.MoneyToleranceYuan))
        {
            return;
        }

        var difference = Math.Abs(scheduled - expected);
        var message = string.Create(CultureInfo.InvariantCulture, stackalloc char[240],
            $"租金计划中租赁期租金合计{Money.Format(scheduled)}，与按{RuleText.BasePriceName(lease.SupplyMode)}{Money.Format(lease.BasePriceYuan)}÷租赁和出让总年期{lease.TotalYears}年×租赁年期{lease.LeaseYears}年计算的{Money.Format(expected)}相差{Money.Format(difference)}：请区政府核查租金计划。");
        findings.Add(RuleContext.Violation(this, Severity.Warning, Responsible.District, difference, message, "lease-rent"));
    }
}
