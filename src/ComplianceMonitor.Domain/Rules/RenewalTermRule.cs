using System.Globalization;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Records;

namespace ComplianceMonitor.Domain.Rules;

/// <summary>
/// RENEWAL_TERM, 三（五）: "续租期限原则上不超过2年" - a renewal lasts at most 2 years.
/// </summary>
/// <remarks>
/// <para>Fires when a renewal approval is known and either the approved years exceed
/// <see cref="Policy.PolicyParameters.MaxRenewalYears"/> or the renewed lease end is later than the original lease end plus
/// that many years (<see cref="DateOnly.AddYears"/>, so a 29 February end is compared with 28 February).</para>
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
        var latestEnd = lease.LeaseEnd.AddYears(max);
        var yearsTooLong = renewal.ApprovedYears is { } years && years > max;
        var endTooLate = renewal.NewLeaseEnd is { } newEnd && newEnd > latestEnd;
        if (!yearsTooLong && !endTooLate)
        {
            return;
        }

        string message;
        if (yearsTooLong && endTooLate)
        {
            message = string.Create(CultureInfo.InvariantCulture, stackalloc char[200],
                $"续租批准{renewal.ApprovedYears}年、至{RuleText.Day(renewal.NewLeaseEnd!.Value)}，超过续租期限不超过{max}年的规定（最迟至{RuleText.Day(latestEnd)}）：请区政府核查。");
        }
        else if (yearsTooLong)
        {
            message = string.Create(CultureInfo.InvariantCulture, stackalloc char[200],
                $"续租批准{renewal.ApprovedYears}年，超过续租期限不超过{max}年的规定：请区政府核查。");
        }
        else
        {
            message = string.Create(CultureInfo.InvariantCulture, stackalloc char[200],
                $"续租至{RuleText.Day(renewal.NewLeaseEnd!.Value)}，超过续租期限不超过{max}年的规定（原租赁期{RuleText.Day(lease.LeaseEnd)}届满，最迟续至{RuleText.Day(latestEnd)}）：请区政府核查。");
        }

        findings.Add(RuleContext.Violation(this, Severity.Warning, Responsible.District, null, message, RuleText.Subject("renewal", approvedOn, 1)));
    }
}
