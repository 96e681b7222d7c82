using System.Globalization;
using System.Runtime.CompilerServices;
using ComplianceMonitor.Domain.Deadlines;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Records;

namespace ComplianceMonitor.Domain.Rules;

/// <summary>
/// TERM_LIMIT, 三（三）: "租赁年期一般不超过5年，出让年期与租赁年期之和一般不超过20年。重大项目经市政府批准后可适当延长，最长租让年期不得超过土地使用权出让用途法定最高年限" -
/// lease normally ≤ 5 years and lease + transfer normally ≤ 20 years, unless the city approves a major project, never past the
/// statutory maximum (50).
/// </summary>
/// <remarks>
/// <para>The lease's length is read from its dates as well as from <see cref="LeaseRecord.LeaseYears"/> (policy revision 2,
/// change 6). When <see cref="LeaseRecord.LeaseEnd"/> is not <c>AddYears(leaseStart, leaseYears) - 1 day</c>
/// (<see cref="DeadlineCalculator.LeaseEndFor"/>), that mismatch is a finding of its own (subject <c>term-dates</c>) naming both,
/// and the limits are checked on the longer of the two: the dates' length counts a part year as a whole one
/// (<see cref="DeadlineCalculator.YearsCovering"/>), and the total grows by as many years as the lease does (the transfer years,
/// total − lease years, are as recorded).</para>
/// <para>Limits: without a major-project approval known on the day: lease years &gt; <see cref="Policy.PolicyParameters.MaxLeaseYears"/>,
/// total years &gt; <see cref="Policy.PolicyParameters.MaxTotalYears"/>. With one: total years &gt; the approval's
/// <see cref="MajorProjectApproval.MaxTotalYears"/> when it gives one. In any case: total years &gt;
/// <see cref="Policy.PolicyParameters.StatutoryMaxYears"/>. An approval counts from its approval day (one without a day counts).
/// The message says the first two hold 一般 (normally), as the guideline does; the statutory maximum is absolute (不得超过).</para>
/// <para>One violation listing every breach (subject <c>term</c>); severity warning (a data check). Responsible: the district.</para>
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
        var expectedEnd = DeadlineCalculator.LeaseEndFor(lease.LeaseStart, lease.LeaseYears);
        var datesYears = lease.LeaseYears;
        if (expectedEnd != lease.LeaseEnd)
        {
            datesYears = DeadlineCalculator.YearsCovering(lease.LeaseStart, lease.LeaseEnd);
            var mismatch = string.Create(CultureInfo.InvariantCulture, stackalloc char[240],
                $"租赁期限与租赁年期不符：租赁期{RuleText.Day(lease.LeaseStart)}至{RuleText.Day(lease.LeaseEnd)}按日期计为{datesYears}年，登记的租赁年期为{lease.LeaseYears}年（{lease.LeaseYears}年的租赁期应至{RuleText.Day(expectedEnd)}届满）：请区政府核查，年期限制按较长者检查。");
            findings.Add(RuleContext.Violation(this, Severity.Warning, Responsible.District, null, mismatch, "term-dates"));
        }

        var leaseYears = Math.Max(lease.LeaseYears, datesYears);
        var totalYears = lease.TotalYears + (leaseYears - lease.LeaseYears);
        var approval = lease.MajorProjectApproval is { } a && (a.ApprovedOn is not { } on || on <= context.AsOf) ? a : null;
        var leaseTooLong = approval is null && leaseYears > p.MaxLeaseYears;
        var totalTooLong = approval is null && totalYears > p.MaxTotalYears;
        var beyondApproval = approval is { MaxTotalYears: { } approved } && totalYears > approved;
        var beyondStatute = totalYears > p.StatutoryMaxYears;
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
            AppendBreach(ref text, separator, "租赁年期", leaseYears, "租赁年期一般不超过", p.MaxLeaseYears, "年的规定");
            separator = "；";
        }

        if (totalTooLong)
        {
            AppendBreach(ref text, separator, "租赁和出让总年期", totalYears, "出让年期与租赁年期之和一般不超过", p.MaxTotalYears, "年的规定");
            separator = "；";
        }

        if (beyondApproval)
        {
            AppendBreach(ref text, separator, "租赁和出让总年期", totalYears, "市政府批准的最长总年期", approval!.MaxTotalYears!.Value, "年");
            separator = "；";
        }

        if (beyondStatute)
        {
            AppendBreach(ref text, separator, "租赁和出让总年期", totalYears, "工业用地法定最高年限", p.StatutoryMaxYears, "年（不得超过）");
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

    private static void AppendBreach(ref DefaultInterpolatedStringHandler text, string separator, string what, int years, string limitName, int limit, string limitTail)
    {
        text.AppendLiteral(separator);
        text.AppendLiteral(what);
        text.AppendFormatted(years);
        text.AppendLiteral("年，超过");
        text.AppendLiteral(limitName);
        text.AppendFormatted(limit);
        text.AppendLiteral(limitTail);
    }
}
