using System.Globalization;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Records;

namespace ComplianceMonitor.Domain.Rules;

/// <summary>
/// RENEWAL_RENT, 三（五）: "续租租金按前期平均年租金缴纳" - renewal rent is the average annual rent of the earlier term.
/// </summary>
/// <remarks>
/// <para>Fires when a renewal approval is known, the schedule has renewal-period instalments, and their total divided by the
/// renewal years differs from the lease-period scheduled total divided by <see cref="LeaseRecord.LeaseYears"/> by more than
/// <see cref="Policy.PolicyParameters.MoneyToleranceYuan"/> (compared after rounding to the fen).</para>
/// <para>Renewal years: <see cref="Renewal.ApprovedYears"/>; when that is not recorded (added interpretation), the whole
/// months from the day after the original lease end to the day after the renewed end, divided by 12; when neither can be
/// had, or the lease period has no scheduled rent to average (LEASE_RENT_AMOUNT reports that), the rule stays silent.</para>
/// <para>Amount: the per-year difference, absolute. Violation, severity warning. Responsible: the district.
/// Subject: <c>renewal:</c> + the approval day.</para>
/// </remarks>
public sealed class RenewalRentRule : IRule
{
    /// <inheritdoc/>
    public RuleCode Code => RuleCode.RENEWAL_RENT;

    /// <inheritdoc/>
    public string Basis => "三（五）";

    /// <inheritdoc/>
    public void Evaluate(LeaseRecord lease, RuleContext context, List<Finding> findings)
    {
        var renewal = lease.Renewal;
        if (renewal.ApprovedOn is not { } approvedOn || approvedOn > context.AsOf || lease.LeaseYears <= 0)
        {
            return;
        }

        var renewalTotal = RentLedger.ScheduledTotal(lease.RentSchedule, RentPeriod.Renewal, out var renewalCount);
        if (renewalCount == 0)
        {
            return;
        }

        var leaseTotal = RentLedger.ScheduledTotal(lease.RentSchedule, RentPeriod.Lease, out var leaseCount);
        var renewalYears = RenewalYears(lease);
        if (leaseCount == 0 || leaseTotal <= 0m || renewalYears <= 0m)
        {
            return;
        }

        var renewalPerYear = renewalTotal / renewalYears;
        var leasePerYear = leaseTotal / lease.LeaseYears;
        if (!Money.Differs(renewalPerYear, leasePerYear, context.Parameters.MoneyToleranceYuan))
        {
            return;
        }

        var difference = Math.Abs(renewalPerYear - leasePerYear);
        var message = string.Create(CultureInfo.InvariantCulture, stackalloc char[240],
            $"续租期年租金{Money.Format(renewalPerYear)}（{Money.Format(renewalTotal)}÷{renewalYears:0.##}年）与前期平均年租金{Money.Format(leasePerYear)}（{Money.Format(leaseTotal)}÷{lease.LeaseYears}年）每年相差{Money.Format(difference)}：续租租金应按前期平均年租金缴纳，请区政府核查租金计划。");
        findings.Add(RuleContext.Violation(this, Severity.Warning, Responsible.District, difference, message, RuleText.Subject("renewal", approvedOn, 1)));
    }

    /// <summary>The renewal's length in years: the approved years, else the whole months it adds ÷ 12, else 0.</summary>
    internal static decimal RenewalYears(LeaseRecord lease)
    {
        var renewal = lease.Renewal;
        if (renewal.ApprovedYears is { } years)
        {
            return years;
        }

        if (renewal.NewLeaseEnd is not { } newEnd || newEnd <= lease.LeaseEnd)
        {
            return 0m;
        }

        var from = lease.LeaseEnd.AddDays(1);
        var to = newEnd.AddDays(1);
        var months = ((to.Year - from.Year) * 12) + to.Month - from.Month;
        if (from.AddMonths(months) > to)
        {
            months--;
        }

        return months / 12m;
    }
}
