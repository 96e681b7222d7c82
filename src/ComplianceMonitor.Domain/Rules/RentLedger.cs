using ComplianceMonitor.Domain.Records;

namespace ComplianceMonitor.Domain.Rules;

/// <summary>Rent and land-price arithmetic shared by several rules: payments as of a day, oldest-first allocation, the 三（四） formulas.</summary>
/// <remarks>
/// Payments known on a day (paid on or before it) are pooled and allocated to the rent instalments in
/// order of due day, the oldest first (deadlines.md rule 4); instalments with the same due day keep their
/// order in the schedule. Any excess over the whole schedule is allocated to no instalment.
/// Everything is computed in <see cref="decimal"/> with plain loops and no allocation; rounding to the fen
/// happens only when a value is compared or shown (<see cref="Money"/>). Schedules are usually already
/// in due-day order, which takes a single pass; an unordered schedule costs a quadratic pass over a handful of
/// instalments instead of a sorted copy.
/// </remarks>
internal static class RentLedger
{
    /// <summary>The total of <paramref name="payments"/> paid on or before <paramref name="asOf"/>.</summary>
    public static decimal PaidAsOf(IReadOnlyList<Payment> payments, DateOnly asOf)
    {
        var total = 0m;
        for (var i = 0; i < payments.Count; i++)
        {
            var p = payments[i];
            if (p.PaidOn <= asOf)
            {
                total += p.AmountYuan;
            }
        }

        return total;
    }

    /// <summary>Whether the schedule is already in due-day order.</summary>
    public static bool IsInDueOrder(IReadOnlyList<RentInstalment> schedule)
    {
        for (var i = 1; i < schedule.Count; i++)
        {
            if (schedule[i].DueOn < schedule[i - 1].DueOn)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The total of the instalments that come before instalment <paramref name="index"/> in allocation order.</summary>
    public static decimal AmountBefore(IReadOnlyList<RentInstalment> schedule, int index)
    {
        var due = schedule[index].DueOn;
        var total = 0m;
        for (var j = 0; j < schedule.Count; j++)
        {
            var s = schedule[j];
            if (s.DueOn < due || (s.DueOn == due && j < index))
            {
                total += s.AmountYuan;
            }
        }

        return total;
    }

    /// <summary>What a pool of <paramref name="paid"/> covers of an instalment of <paramref name="amount"/> preceded by <paramref name="before"/>.</summary>
    public static decimal Allocated(decimal paid, decimal before, decimal amount)
    {
        var left = paid - before;
        return left <= 0m ? 0m : left >= amount ? amount : left;
    }

    /// <summary>
    /// Rent paid for the lease period as of <paramref name="asOf"/>: the part of the rent payments allocated to
    /// instalments of period <see cref="RentPeriod.Lease"/>; with an empty schedule, every rent payment counts.
    /// </summary>
    public static decimal LeasePeriodRentPaid(LeaseRecord lease, DateOnly asOf)
    {
        var paid = PaidAsOf(lease.RentPayments, asOf);
        var schedule = lease.RentSchedule;
        if (schedule.Count == 0)
        {
            return paid;
        }

        var result = 0m;
        if (IsInDueOrder(schedule))
        {
            var before = 0m;
            for (var i = 0; i < schedule.Count && before < paid; i++)
            {
                var s = schedule[i];
                if (s.Period == RentPeriod.Lease)
                {
                    result += Allocated(paid, before, s.AmountYuan);
                }

                before += s.AmountYuan;
            }
        }
        else
        {
            for (var i = 0; i < schedule.Count; i++)
            {
                var s = schedule[i];
                if (s.Period == RentPeriod.Lease)
                {
                    result += Allocated(paid, AmountBefore(schedule, i), s.AmountYuan);
                }
            }
        }

        return result;
    }

    /// <summary>The total of the instalments of <paramref name="period"/> in the schedule (the contract: known whatever the day).</summary>
    public static decimal ScheduledTotal(IReadOnlyList<RentInstalment> schedule, RentPeriod period, out int count)
    {
        var total = 0m;
        count = 0;
        for (var i = 0; i < schedule.Count; i++)
        {
            var s = schedule[i];
            if (s.Period == period)
            {
                total += s.AmountYuan;
                count++;
            }
        }

        return total;
    }

    /// <summary>三（四）: the lease-period rent total the formula asks for: base price ÷ total years × lease years (unrounded).</summary>
    /// <remarks>Multiplied before dividing so that an exact result (e.g. 30,935,000 × 5 ÷ 20 = 7,733,750) stays exact.</remarks>
    public static decimal ExpectedLeaseRent(LeaseRecord lease) => lease.BasePriceYuan * lease.LeaseYears / lease.TotalYears;

    /// <summary>
    /// 三（四）: the rent the land price deducts as of <paramref name="asOf"/>: the lease-period rent paid, or every rent payment
    /// when the reading <see cref="Policy.PolicyParameters.LandPriceDeductsRenewalRent"/> is on.
    /// </summary>
    public static decimal RentDeducted(LeaseRecord lease, DateOnly asOf, Policy.PolicyParameters parameters) =>
        parameters.LandPriceDeductsRenewalRent ? PaidAsOf(lease.RentPayments, asOf) : LeasePeriodRentPaid(lease, asOf);

    /// <summary>三（四）: the land price on transfer: base price − the rent it deducts (<see cref="RentDeducted"/>, as of <paramref name="asOf"/>).</summary>
    public static decimal LandPrice(LeaseRecord lease, DateOnly asOf, Policy.PolicyParameters parameters) => lease.BasePriceYuan - RentDeducted(lease, asOf, parameters);

    /// <summary>The land-price payments recorded on or before <paramref name="asOf"/>, and how many there are.</summary>
    public static decimal LandPricePaid(LeaseRecord lease, DateOnly asOf, out int count)
    {
        var payments = lease.Transfer.PricePayments;
        var total = 0m;
        count = 0;
        for (var i = 0; i < payments.Count; i++)
        {
            var p = payments[i];
            if (p.PaidOn <= asOf)
            {
                total += p.AmountYuan;
                count++;
            }
        }

        return total;
    }
}
