namespace ComplianceMonitor.Domain.Agreements;

/// <summary>The agreed nodes of a lease's development, in their natural order.</summary>
public enum MilestoneKind
{
    /// <summary>交地: the land is delivered.</summary>
    LandDelivery,

    /// <summary>开工: construction starts.</summary>
    ConstructionStart,

    /// <summary>竣工: construction is completed (竣工验收).</summary>
    ConstructionCompletion,

    /// <summary>投产: production starts.</summary>
    Production,

    /// <summary>达产: full production is reached.</summary>
    FullProduction,
}

/// <summary>One agreed milestone: the day agreed and the day it was achieved.</summary>
/// <param name="Kind">Which node.</param>
/// <param name="AgreedOn">The agreed day (inclusive: achieving it on this day is on time; late from the day after).</param>
/// <param name="AchievedOn">The day it was achieved, or null when not (yet) recorded.</param>
public sealed record Milestone(MilestoneKind Kind, DateOnly AgreedOn, DateOnly? AchievedOn);
