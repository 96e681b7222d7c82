using System.Globalization;
using System.Runtime.CompilerServices;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Records;

namespace ComplianceMonitor.Domain.Rules;

/// <summary>
/// TERM_LIMIT, 三（三）: "租赁年期一般不超过5年，出让年期与租赁年期之和一般不超过20年。重大项目经市政府批准后可适当延长，最长租让年期不得超过土地使用权出让用途法定最高年限" -
/// lease ≤ 5 years and lease + transfer ≤ 20 years, unless the city approves a major project, never past the statutory maximum (50).
/// </summary>
/// <remarks>
/// <para>Without a major-project approval known on the day: lease years &gt; <see cref="Policy.PolicyParameters.MaxLeaseYears"/>,
/// total years &gt; <see cref="Policy.PolicyParameters.MaxTotalYears"/>. With one: total years &gt; the approval's
/// <see cref="MajorProjectApproval.MaxTotalYears"/> when it gives one. In any case: total years &gt;
/// <see cref="Policy.PolicyParameters.StatutoryMaxYears"/>. An approval counts from its approval day (one without a day counts).</para>
/// <para>One violation per lease listing every breach; severity warning (a data check). Responsible: the district. Subject: <c>term</c>.</para>
/// </remarks>
public sealed class TermLimitRule : IRule
{
    /// <inheritdoc/>
    public RuleCode Code => RuleCode.TERM_LIMIT;

    /// <inheritdoc/>
    public string Basis => "三（三）";

    /// <inheritdoc/>
    public void Evaluate(LeaseRecord lease, RuleContext context, List<Finding> findings)
    {
        var p = context.Parameters;
        var approval = lease.MajorProjectApproval is { } a && (a.ApprovedOn is not { } on || on <= context.AsOf) ? a : null;
        var leaseTooLong = approval is null && lease.LeaseYears > p.MaxLeaseYears;
        var totalTooLong = approval is null && lease.TotalYears > p.MaxTotalYears;
        var beyondApproval = approval is { MaxTotalYears: { } approved } && lease.TotalYears > approved;
        var beyondStatute = lease.TotalYears > p.StatutoryMaxYears;
        if (!leaseTooLong && !totalTooLong && !beyondApproval && !beyondStatute)
        {
            return;
        }

        // The handler grows past the stack buffer when needed (the approval's reference is free text).
        var text = new DefaultInterpolatedStringHandler(0, 0, CultureInfo.InvariantCulture, stackalloc char[256]);
        text.AppendLiteral("年期超限：");
        var separator = string.Empty;
        if (leaseTooLong)
        {
            AppendBreach(ref text, separator, "租赁年期", lease.LeaseYears, string.Empty, p.MaxLeaseYears);
            separator = "；";
        }

        if (totalTooLong)
        {
            AppendBreach(ref text, separator, "租赁和出让总年期", lease.TotalYears, string.Empty, p.MaxTotalYears);
            separator = "；";
        }

        if (beyondApproval)
        {
            AppendBreach(ref text, separator, "租赁和出让总年期", lease.TotalYears, "市政府批准的", approval!.MaxTotalYears!.Value);
            separator = "；";
        }

        if (beyondStatute)
        {
            AppendBreach(ref text, separator, "租赁和出让总年期", lease.TotalYears, "工业用地法定最高年限", p.StatutoryMaxYears);
        }

        if (approval is null)
        {
            text.AppendLiteral("（无市政府重大项目批准）：请区政府核查。");
        }
        else
        {
            text.AppendLiteral("（市政府重大项目批准");
            text.AppendLiteral(approval.Ref);
            text.AppendLiteral("）：请区政府核查。");
        }

        var message = text.ToStringAndClear();
        findings.Add(RuleContext.Violation(this, Severity.Warning, Responsible.District, null, message, "term"));
    }

    private static void AppendBreach(ref DefaultInterpolatedStringHandler text, string separator, string what, int years, string limitName, int limit)
    {
        text.AppendLiteral(separator);
        text.AppendLiteral(what);
        text.AppendFormatted(years);
        text.AppendLiteral("年超过");
        text.AppendLiteral(limitName);
        text.AppendFormatted(limit);
        text.AppendLiteral("年");
    }
}
