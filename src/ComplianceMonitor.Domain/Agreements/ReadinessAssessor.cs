using System.Globalization;
using ComplianceMonitor.Domain.Deadlines;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Domain.Rules;

namespace ComplianceMonitor.Domain.Agreements;

/// <summary>Works out a lease's assessment readiness on a day (agreement.md); the thresholds are parameters (<see cref="AgreementParameters"/>).</summary>
/// <remarks>
/// <list type="bullet">
/// <item>No agreement, or a voluntary return accepted on or before the day: no readiness (null).</item>
/// <item>The agreement has indicators and none has an actual reported on or before the day: <c>notReported</c>.</item>
/// <item>Otherwise the worst of: each milestone (on time or not yet due: onTrack; achieved late, or not achieved and late by at
/// most <see cref="AgreementParameters.ReadinessOffTrackDaysLate"/> days: atRisk; not achieved and later than that: offTrack)
/// and each indicator (latest actual meets the target: onTrack; ratio at or above <see cref="AgreementParameters.ReadinessAtRiskRatio"/>:
/// atRisk; below: offTrack; no actual while others have one: atRisk).</item>
/// </list>
/// </remarks>
public static class ReadinessAssessor
{
    /// <summary>The readiness of <paramref name="lease"/> on the context's day, or null when it has no agreement or was returned.</summary>
    public static Readiness? Assess(LeaseRecord lease, RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentNullException.ThrowIfNull(context);
        if (lease.Agreement is not { } agreement || AgreementFacts.ReturnAccepted(lease, context.AsOf))
        {
            return null;
        }

        var asOf = context.AsOf;
        var p = context.Parameters.Agreement;
        var reasons = new List<string>();
        var word = ReadinessWord.OnTrack;

        var milestones = new List<MilestoneReadiness>(agreement.Milestones.Count);
        foreach (var m in agreement.Milestones)
        {
            var achieved = AgreementFacts.AchievedOn(lease, m, asOf);
            var what = AgreementWireNames.Chinese(m.Kind);
            int daysLate;
            if (achieved is { } a)
            {
                daysLate = Math.Max(0, a.DayNumber - m.AgreedOn.DayNumber);
                if (daysLate > 0)
                {
                    word = Worst(word, ReadinessWord.AtRisk);
                    reasons.Add(Text($"{what}晚于约定{daysLate}天完成"));
                }
            }
            else
            {
                daysLate = AgreementFacts.DaysLate(m, asOf);
                if (daysLate > p.ReadinessOffTrackDaysLate)
                {
                    word = Worst(word, ReadinessWord.OffTrack);
                    reasons.Add(Text($"{what}已逾期{daysLate}天未完成（超过{p.ReadinessOffTrackDaysLate}天）"));
                }
                else if (daysLate > 0)
                {
                    word = Worst(word, ReadinessWord.AtRisk);
                    reasons.Add(Text($"{what}已逾期{daysLate}天未完成"));
                }
            }

            milestones.Add(new MilestoneReadiness(m.Kind, m.AgreedOn, achieved, daysLate));
        }

        var indicators = new List<IndicatorReadiness>(agreement.Indicators.Count);
        var reported = 0;
        foreach (var indicator in agreement.Indicators)
        {
            var known = AgreementFacts.KnownActuals(indicator, asOf);
            if (known.Count == 0)
            {
                indicators.Add(new IndicatorReadiness(indicator, null, null, null, null));
                continue;
            }

            reported++;
            var latest = known[^1];
            var ratio = indicator.Ratio(latest.Value);
            var meets = indicator.Meets(latest.Value);
            IndicatorTrend? trend = known.Count < 2 ? null : TrendOf(indicator, known[^2].Value, latest.Value);
            indicators.Add(new IndicatorReadiness(indicator, latest, ratio is { } r ? Math.Round(r, 4, MidpointRounding.AwayFromZero) : null, meets, trend));
            if (meets)
            {
                continue;
            }

            var percent = ratio is { } q ? (q * 100m).ToString("0.#", CultureInfo.InvariantCulture) + "%" : "—";
            if (ratio is { } x && x >= p.ReadinessAtRiskRatio)
            {
                word = Worst(word, ReadinessWord.AtRisk);
                reasons.Add(Text($"{indicator.Name}达标率{percent}（{latest.Period}年度）"));
            }
            else
            {
                word = Worst(word, ReadinessWord.OffTrack);
                reasons.Add(Text($"{indicator.Name}达标率{percent}（{latest.Period}年度），低于{AgreementFacts.Number(p.ReadinessAtRiskRatio * 100m)}%"));
            }
        }

        if (agreement.Indicators.Count > 0 && reported == 0)
        {
            word = ReadinessWord.NotReported;
            reasons.Insert(0, "协议指标均未报送实际值");
        }
        else if (reported < agreement.Indicators.Count)
        {
            word = Worst(word, ReadinessWord.AtRisk);
            foreach (var i in indicators)
            {
                if (i.Latest is null)
                {
                    reasons.Add(Text($"{i.Indicator.Name}未报送实际值"));
                }
            }
        }

        var deadline = DeadlineCalculator.MonthsBeforeExpiry(LeaseFacts.EffectiveLeaseEnd(lease, asOf), context.Parameters.AssessmentLeadMonths, context.Calendar).Day;
        return new Readiness(word, deadline, milestones, indicators, reasons);
    }

    /// <summary>The wire name of a readiness word (<c>onTrack</c>, <c>atRisk</c>, <c>offTrack</c>, <c>notReported</c>).</summary>
    public static string WireName(ReadinessWord word) => word switch
    {
        ReadinessWord.OnTrack => "onTrack",
        ReadinessWord.AtRisk => "atRisk",
        ReadinessWord.OffTrack => "offTrack",
        ReadinessWord.NotReported => "notReported",
        _ => throw new ArgumentOutOfRangeException(nameof(word), word, null),
    };

    /// <summary>The Chinese of a readiness word (正常, 有风险, 偏离, 未报送).</summary>
    public static string Chinese(ReadinessWord word) => word switch
    {
        ReadinessWord.OnTrack => "正常",
        ReadinessWord.AtRisk => "有风险",
        ReadinessWord.OffTrack => "偏离",
        ReadinessWord.NotReported => "未报送",
        _ => word.ToString(),
    };

    /// <summary>The wire name of a trend (<c>improving</c>, <c>worsening</c>, <c>steady</c>).</summary>
    public static string WireName(IndicatorTrend trend) => trend switch
    {
        IndicatorTrend.Improving => "improving",
        IndicatorTrend.Worsening => "worsening",
        IndicatorTrend.Steady => "steady",
        _ => throw new ArgumentOutOfRangeException(nameof(trend), trend, null),
    };

    private static IndicatorTrend TrendOf(Indicator indicator, decimal previous, decimal latest) =>
        latest == previous ? IndicatorTrend.Steady
        : (latest > previous) == (indicator.Direction == IndicatorDirection.AtLeast) ? IndicatorTrend.Improving
        : IndicatorTrend.Worsening;

    private static ReadinessWord Worst(ReadinessWord a, ReadinessWord b) => Rank(b) > Rank(a) ? b : a;

    private static int Rank(ReadinessWord w) => w switch
    {
        ReadinessWord.OnTrack => 0,
        ReadinessWord.AtRisk => 1,
        ReadinessWord.OffTrack => 2,
        _ => 3,
    };

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
