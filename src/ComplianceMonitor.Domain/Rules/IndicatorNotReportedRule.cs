using System.Globalization;
using ComplianceMonitor.Domain.Agreements;
using ComplianceMonitor.Domain.Deadlines;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Records;

namespace ComplianceMonitor.Domain.Rules;

/// <summary>
/// INDICATOR_NOT_REPORTED, 三（五）: the assessment is made against the agreement's indicators, so their actuals are reported
/// each year; an indicator has no actual for the last complete year by the reporting day.
/// </summary>
/// <remarks>
/// <para>The last complete year on day <c>t</c> is <c>t.Year - 1</c>; it counts when the lease had started by its end
/// (<c>leaseStart.Year ≤ year</c>) and had not ended before it began, and the agreement was signed by its end (when the
/// day of signing is recorded). One finding per lease listing every indicator with no actual for that year reported on or
/// before the day, while no assessment result and no exit are known.</para>
/// <para>Deadline: the reporting day of that year, <see cref="AgreementParameters.ReportingDayFor"/> (default 1 April of the
/// next year), fixed: upcoming from 1 January, due on it, overdue after.</para>
/// <para>Responsible: the land user. Subject: <c>report:</c> + the year.</para>
/// </remarks>
public sealed class IndicatorNotReportedRule : IRule
{
    /// <inheritdoc/>
    public RuleCode Code => RuleCode.INDICATOR_NOT_REPORTED;

    /// <inheritdoc/>
    public string Basis => "三（五）";

    /// <inheritdoc/>
    public void Evaluate(LeaseRecord lease, RuleContext context, List<Finding> findings)
    {
        if (lease.Agreement is not { Indicators.Count: > 0 } agreement)
        {
            return;
        }

        var asOf = context.AsOf;
        var year = asOf.Year - 1;
        if (lease.LeaseStart.Year > year
            || LeaseFacts.EffectiveLeaseEnd(lease, asOf).Year < year
            || (agreement.SignedOn is { } signed && signed.Year > year)
            || LeaseFacts.Result(lease, asOf) is not null
            || LeaseFacts.ExitCompleted(lease, asOf))
        {
            return;
        }

        List<string>? missing = null;
        foreach (var indicator in agreement.Indicators)
        {
            if (!HasActual(indicator, year, asOf))
            {
                (missing ??= []).Add(indicator.Name);
            }
        }

        if (missing is null)
        {
            return;
        }

        var day = context.Parameters.Agreement.ReportingDayFor(year);
        var message = string.Create(CultureInfo.InvariantCulture,
            $"请于{RuleText.Deadline(day)}前报送{year}年度履约监管协议指标实际值（尚缺：{string.Join("、", missing)}），{RuleText.Days(day, asOf)}。");
        findings.Add(context.Obligation(this, DeadlineCalculator.Fixed(day), Responsible.LandUser, null, message,
            "report:" + year.ToString("D4", CultureInfo.InvariantCulture)));
    }

    private static bool HasActual(Indicator indicator, int year, DateOnly asOf)
    {
        foreach (var a in indicator.Actuals)
        {
            if (a.Period == year && a.ReportedOn <= asOf)
            {
                return true;
            }
        }

        return false;
    }
}
