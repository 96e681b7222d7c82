using System.Globalization;
using ComplianceMonitor.Domain.Agreements;
using ComplianceMonitor.Domain.Deadlines;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Records;

namespace ComplianceMonitor.Domain.Rules;

/// <summary>
/// INDICATOR_SHORTFALL, 三（二） and 三（五）: the assessment checks the lease against the agreement's indicators (投资强度, 产出效率,
/// 税收, 节能环保, 本地就业…); the latest reported actual of an indicator misses its target in its direction.
/// </summary>
/// <remarks>
/// <para>One finding per indicator whose latest actual reported on or before the day misses the target (below an
/// at-least target, above an at-most one), while no assessment result and no exit are known.</para>
/// <para>Deadline: the assessment application deadline (<see cref="DeadlineCalculator.MonthsBeforeExpiry"/> of the lease
/// end in force), so the land user knows how long it has to catch up. No amount.</para>
/// <para>Responsible: the land user; the district sees it. Subject: <c>indicator:</c> + the code.</para>
/// </remarks>
public sealed class IndicatorShortfallRule : IRule
{
    /// <inheritdoc/>
    public RuleCode Code => RuleCode.INDICATOR_SHORTFALL;

    /// <inheritdoc/>
    public string Basis => "三（二）、三（五）";

    /// <inheritdoc/>
    public void Evaluate(LeaseRecord lease, RuleContext context, List<Finding> findings)
    {
        if (lease.Agreement is not { Indicators.Count: > 0 } agreement)
        {
            return;
        }

        var asOf = context.AsOf;
        if (LeaseFacts.Result(lease, asOf) is not null || LeaseFacts.ExitCompleted(lease, asOf))
        {
            return;
        }

        Deadline? deadline = null;
        foreach (var indicator in agreement.Indicators)
        {
            if (AgreementFacts.LatestActual(indicator, asOf) is not { } latest || indicator.Meets(latest.Value))
            {
                continue;
            }

            deadline ??= DeadlineCalculator.MonthsBeforeExpiry(LeaseFacts.EffectiveLeaseEnd(lease, asOf), context.Parameters.AssessmentLeadMonths, context.Calendar);
            var day = deadline.Value.Day;
            var unit = indicator.Unit ?? string.Empty;
            var ratio = indicator.Ratio(latest.Value) is { } r ? (r * 100m).ToString("0.#", CultureInfo.InvariantCulture) + "%" : "—";
            var message = string.Create(CultureInfo.InvariantCulture,
                $"{indicator.Name}{latest.Period}年度实际{AgreementFacts.Number(latest.Value)}{unit}，未达到履约监管协议约定的{AgreementWireNames.Chinese(indicator.Direction)}{AgreementFacts.Number(indicator.Target)}{unit}（达标率{ratio}）：请在考核申请截止日{RuleText.Deadline(day)}前达标，{RuleText.Days(day, asOf)}。");
            findings.Add(context.Obligation(this, deadline.Value, Responsible.LandUser, null, message, "indicator:" + indicator.Code));
        }
    }
}
