namespace ComplianceMonitor.Domain.Agreements;

/// <summary>The performance agreement (履约监管协议, 三（三）) a land user signs with the district: agreed milestones, indicators and damages.</summary>
/// <remarks>
/// Additive to the record contract (agreement.md): a record without one is checked exactly as before. A lease's
/// indicators come from its agreement, never from code. Instances are produced by the record reader, which
/// validates them (unique milestone kinds, unique indicator codes, unique periods per indicator).
/// </remarks>
public sealed record Agreement
{
    /// <summary>The agreement's reference, e.g. 房山经信〔2024〕履约12号.</summary>
    public required string Ref { get; init; }

    /// <summary>The day it was signed, when recorded.</summary>
    public DateOnly? SignedOn { get; init; }

    /// <summary>The agreed nodes (交地 → 开工 → 竣工 → 投产 → 达产), at most one of each kind.</summary>
    public IReadOnlyList<Milestone> Milestones { get; init; } = [];

    /// <summary>The assessment indicators the agreement fixes, each with its reported actuals.</summary>
    public IReadOnlyList<Indicator> Indicators { get; init; } = [];

    /// <summary>The agreed liquidated damages, when the agreement sets them.</summary>
    public AgreementDamages? Damages { get; init; }

    /// <summary>The milestone of <paramref name="kind"/>, or null.</summary>
    public Milestone? MilestoneOf(MilestoneKind kind)
    {
        foreach (var m in Milestones)
        {
            if (m.Kind == kind)
            {
                return m;
            }
        }

        return null;
    }
}

/// <summary>Liquidated damages the agreement sets for a late milestone: a per-day rate (‰) of a base.</summary>
/// <param name="LateMilestonePermillePerDay">The rate per day late, in permille (1.0 = 1‰ of the base per day).</param>
/// <param name="Base">What the rate applies to.</param>
public sealed record AgreementDamages(decimal LateMilestonePermillePerDay, DamagesBase Base);

/// <summary>The amount a damages rate applies to.</summary>
public enum DamagesBase
{
    /// <summary>The record's <c>basePriceYuan</c> (竞得价 or 补缴政府土地收益).</summary>
    BasePrice,

    /// <summary>The lease-period rent scheduled (the total of the <c>lease</c> instalments).</summary>
    LeaseRent,
}
