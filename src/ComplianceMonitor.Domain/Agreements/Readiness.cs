namespace ComplianceMonitor.Domain.Agreements;

/// <summary>How a lease stands against its assessment, in one word (agreement.md, "Assessment readiness").</summary>
public enum ReadinessWord
{
    /// <summary>Every milestone due so far achieved on time and every indicator's latest actual meeting its target.</summary>
    OnTrack,

    /// <summary>Late but within the thresholds: a milestone late (or achieved late) by no more than the off-track days, an indicator below target but at or above the at-risk ratio, or an indicator not yet reported while others are.</summary>
    AtRisk,

    /// <summary>A milestone not achieved more than the off-track days after its agreed day, or an indicator below the at-risk ratio.</summary>
    OffTrack,

    /// <summary>The agreement has indicators and none of them has an actual reported.</summary>
    NotReported,
}

/// <summary>Which way an indicator's reported actuals are moving relative to its target.</summary>
public enum IndicatorTrend
{
    /// <summary>The latest period is closer to (or further past) the target than the one before.</summary>
    Improving,

    /// <summary>The latest period is further from the target than the one before.</summary>
    Worsening,

    /// <summary>The two latest periods are equal.</summary>
    Steady,
}

/// <summary>One milestone as readiness sees it on a day.</summary>
/// <param name="Kind">The node.</param>
/// <param name="AgreedOn">The agreed day.</param>
/// <param name="AchievedOn">The day it was achieved, as known on the day, or null.</param>
/// <param name="DaysLate">Days late: achieved − agreed when achieved late, day − agreed when not achieved and past due, else 0.</param>
public sealed record MilestoneReadiness(MilestoneKind Kind, DateOnly AgreedOn, DateOnly? AchievedOn, int DaysLate);

/// <summary>One indicator as readiness sees it on a day.</summary>
/// <param name="Indicator">The indicator of the agreement.</param>
/// <param name="Latest">Its latest actual reported on or before the day, or null.</param>
/// <param name="Ratio">How far the latest actual goes towards the target (<see cref="Indicator.Ratio"/>), rounded to 4 decimals; null without an actual or for an at-most actual of 0.</param>
/// <param name="Meets">Whether the latest actual meets the target; null without an actual.</param>
/// <param name="Trend">The trend over the two latest reported periods, or null with fewer than two.</param>
public sealed record IndicatorReadiness(Indicator Indicator, IndicatorActual? Latest, decimal? Ratio, bool? Meets, IndicatorTrend? Trend);

/// <summary>A lease's assessment readiness on a day: its milestones, its indicators and one overall word with the reasons for it.</summary>
/// <param name="Overall">The overall word.</param>
/// <param name="AssessmentApplicationDeadline">The assessment application deadline of the lease in force (6 months before its end).</param>
/// <param name="Milestones">Each agreed milestone.</param>
/// <param name="Indicators">Each indicator.</param>
/// <param name="Reasons">Why the word is not <see cref="ReadinessWord.OnTrack"/>, one Chinese line each (empty when on track).</param>
public sealed record Readiness(
    ReadinessWord Overall,
    DateOnly AssessmentApplicationDeadline,
    IReadOnlyList<MilestoneReadiness> Milestones,
    IReadOnlyList<IndicatorReadiness> Indicators,
    IReadOnlyList<string> Reasons);
