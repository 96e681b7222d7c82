using ComplianceMonitor.Domain.Records;

namespace ComplianceMonitor.Domain.Agreements;

/// <summary>The agreement as it stood on a day: what was achieved, reported and accepted by then (facts dated later are not yet known).</summary>
public static class AgreementFacts
{
    /// <summary>Whether a voluntary return was accepted on or before <paramref name="asOf"/>: from then on, only RETURN_REFUND applies.</summary>
    public static bool ReturnAccepted(LeaseRecord lease, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(lease);
        return lease.VoluntaryReturn?.AcceptedOn is { } accepted && accepted <= asOf;
    }

    /// <summary>
    /// The day <paramref name="milestone"/> was achieved as known on <paramref name="asOf"/>, or null. Completion also
    /// counts from the record's <c>constructionCompletedOn</c> (the two agree when both are given).
    /// </summary>
    public static DateOnly? AchievedOn(LeaseRecord lease, Milestone milestone, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentNullException.ThrowIfNull(milestone);
        var achieved = milestone.AchievedOn;
        if (achieved is null && milestone.Kind == MilestoneKind.ConstructionCompletion)
        {
            achieved = lease.ConstructionCompletedOn;
        }

        return achieved is { } a && a <= asOf ? a : null;
    }

    /// <summary>Whether construction had started on <paramref name="asOf"/>: the start achieved, or the completion (which implies it).</summary>
    public static bool ConstructionStarted(LeaseRecord lease, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(lease);
        if (lease.ConstructionCompletedOn is { } completed && completed <= asOf)
        {
            return true;
        }

        if (lease.Agreement is not { } agreement)
        {
            return false;
        }

        foreach (var m in agreement.Milestones)
        {
            if (m.Kind is MilestoneKind.ConstructionStart or MilestoneKind.ConstructionCompletion or MilestoneKind.Production or MilestoneKind.FullProduction
                && m.AchievedOn is { } a && a <= asOf)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Days late on <paramref name="asOf"/>: <c>asOf - agreedOn</c> while not achieved (0 until the agreed day has passed).</summary>
    public static int DaysLate(Milestone milestone, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(milestone);
        return Math.Max(0, asOf.DayNumber - milestone.AgreedOn.DayNumber);
    }

    /// <summary>The actuals of <paramref name="indicator"/> reported on or before <paramref name="asOf"/>, oldest period first.</summary>
    public static IReadOnlyList<IndicatorActual> KnownActuals(Indicator indicator, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(indicator);
        var known = new List<IndicatorActual>(indicator.Actuals.Count);
        foreach (var a in indicator.Actuals)
        {
            if (a.ReportedOn <= asOf)
            {
                known.Add(a);
            }
        }

        known.Sort(static (x, y) => x.Period.CompareTo(y.Period));
        return known;
    }

    /// <summary>The latest period's actual reported on or before <paramref name="asOf"/>, or null.</summary>
    public static IndicatorActual? LatestActual(Indicator indicator, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(indicator);
        IndicatorActual? latest = null;
        foreach (var a in indicator.Actuals)
        {
            if (a.ReportedOn <= asOf && (latest is null || a.Period > latest.Period))
            {
                latest = a;
            }
        }

        return latest;
    }

    /// <summary>
    /// The amount a damages rate applies to: the base price, or the lease-period rent scheduled; null when the base is
    /// the lease rent and no lease instalment is scheduled.
    /// </summary>
    public static decimal? DamagesBaseAmount(LeaseRecord lease, DamagesBase basis)
    {
        ArgumentNullException.ThrowIfNull(lease);
        if (basis == DamagesBase.BasePrice)
        {
            return lease.BasePriceYuan;
        }

        var total = 0m;
        var count = 0;
        foreach (var s in lease.RentSchedule)
        {
            if (s.Period == RentPeriod.Lease)
            {
                total += s.AmountYuan;
                count++;
            }
        }

        return count == 0 ? null : total;
    }

    /// <summary>The Chinese name of a damages base for <paramref name="lease"/> (竞得价, 补缴政府土地收益, 租赁期租金).</summary>
    public static string DamagesBaseName(LeaseRecord lease, DamagesBase basis)
    {
        ArgumentNullException.ThrowIfNull(lease);
        return basis == DamagesBase.LeaseRent ? "租赁期租金"
            : lease.SupplyMode == SupplyMode.Existing ? "补缴政府土地收益" : "竞得价";
    }

    /// <summary>Accrued damages for a milestone <paramref name="daysLate"/> days late: <c>base × permille ÷ 1000 × days</c>, unrounded; null without a base.</summary>
    public static decimal? AccruedDamages(LeaseRecord lease, AgreementDamages damages, int daysLate)
    {
        ArgumentNullException.ThrowIfNull(damages);
        return DamagesBaseAmount(lease, damages.Base) is { } b ? b * damages.LateMilestonePermillePerDay / 1000m * daysLate : null;
    }

    /// <summary>A number for Chinese text without trailing zeros, e.g. 0.5, 800, 1.25.</summary>
    public static string Number(decimal value) => value.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture);
}
