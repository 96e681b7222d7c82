using System.Globalization;
using ComplianceMonitor.Domain.Deadlines;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Records;

namespace ComplianceMonitor.Domain.Rules;

/// <summary>
/// RENEWAL_TERM, 三（五）: "续租期限原则上不超过2年" - a renewal lasts, in principle, at most 2 years.
/// </summary>
/// <remarks>
/// <para>Fires when a renewal approval is known and either the approved years exceed
/// <see cref="Policy.PolicyParameters.MaxRenewalYears"/> or the renewed lease end (<see cref="Renewal.NewLeaseEnd"/>) is later
/// than the limit <c>AddYears(leaseEnd + 1 day, 2) - 1 day</c> (<see cref="DeadlineCalculator.YearsAfterEnd"/>): policy
/// revision 2, change 4, counts two years as the Civil Code does, so a lease ending 2026-02-28 may be renewed to 2028-02-29.
/// The message says the limit holds in principle (原则上), as the guideline does.</para>
/// <para>Violation, severity warning (a data check). Responsible: the district. Subject: <c>renewal:</c> + the approval day.</para>
/// </remarks>
public sealed class RenewalTermRule : IRule
{
    /// <inheritdoc/>
    public RuleCode Code => RuleCode.RENEWAL_TERM;

    /// <inheritdoc/>
    public string Basis => "三（五）";

    /// <inheritdoc/>
    public void Evaluate(LeaseRecord lease, RuleContext context, List<Finding> findings)
    {
        var renewal = lease.Renewal;
        if (renewal.ApprovedOn is not { } approvedOn || approvedOn > context.AsOf)
        {
            return;
        }

        var max = context.Parameters.MaxRenewalYears;
        var latestEnd = DeadlineCalculator.YearsAfterEnd(lease.LeaseEnd, max);
        var yearsTooLong = renewal.ApprovedYears is { } years && years > max;
        var endTooLate = renewal.NewLeaseEnd is { } newEnd && newEnd > latestEnd;
        if (!yearsTooLong && !endTooLate)
        {
            return;
        }

        string message;
        if (yearsTooLong && endTooLate)
        {
            message = string.Create(CultureInfo.InvariantCulture, stackalloc char[240],
                $"续租批准{renewal.ApprovedYears}年、至{RuleText.Day(renewal.NewLeaseEnd!.Value)}，超过续租期限原则上不超过{max}年的规定（原则上最迟续至{RuleText.Day(latestEnd)}）：请区政府核查是否确属特殊情况。");
        }
        else if (yearsTooLong)
        {
            message = string.Create(CultureInfo.InvariantCulture, stackalloc char[240],
                $"续租批准{renewal.ApprovedYears}年，超过续租期限原则上不超过{max}年的规定（原则上最迟续至{RuleText.Day(latestEnd)}）：请区政府核查是否确属特殊情况。");
        }
        else
        {
            message = string.Create(CultureInfo.InvariantCulture, stackalloc char[240],
                $"续租至{RuleText.Day(renewal.NewLeaseEnd!.Value)}，超过续租期限原则上不超过{max}年的规定（原租赁期{RuleText.Day(lease.LeaseEnd)}届满，原则上最迟续至{RuleText.Day(latestEnd)}）：请区政府核查是否确属特殊情况。");
        }

        findings.Add(RuleContext.Violation(this, Severity.Warning, Responsible.District, null, message, RuleText.Subject("renewal", approvedOn, 1)));
    }
}
