using ComplianceMonitor.Domain.Records;

namespace ComplianceMonitor.Domain.Rules;

/// <summary>The record as it stood on a day: a fact dated after that day is treated as not yet recorded.</summary>
/// <remarks>
/// Every rule reads dates through these helpers so that "as of" means the same thing everywhere
/// (IRule: a payment, application, decision, notice, contract, event, exit, registration or construction
/// completion dated after <see cref="RuleContext.AsOf"/> is not yet known). Allocation-free.
/// </remarks>
internal static class LeaseFacts
{
    /// <summary>Whether a recorded day is known on <paramref name="asOf"/> (recorded and not later than it).</summary>
    public static bool Known(DateOnly? day, DateOnly asOf) => day is { } d && d <= asOf;

    /// <summary>
    /// The last day of the lease in force as known on <paramref name="asOf"/>: the renewal's end once a renewal
    /// approval dated on or before <paramref name="asOf"/> is recorded (<see cref="Renewal.NewLeaseEnd"/>, or when it is absent
    /// <c>AddYears(leaseEnd + 1 day, approvedYears) - 1 day</c>: policy revision 2, change 2), else the original lease end.
    /// </summary>
    /// <remarks>Same as <see cref="LeaseRecord.EffectiveLeaseEnd"/> except that an approval dated after the day is not yet known.</remarks>
    public static DateOnly EffectiveLeaseEnd(LeaseRecord lease, DateOnly asOf)
    {
        var renewal = lease.Renewal;
        return Known(renewal.ApprovedOn, asOf) && renewal.RenewedEnd(lease.LeaseEnd) is { } renewed && renewed > lease.LeaseEnd ? renewed : lease.LeaseEnd;
    }

    /// <summary>
    /// The assessment result known on <paramref name="asOf"/>, or null: a result counts once its decision day has come
    /// (a result without a decision day, which validation rejects, counts as known).
    /// </summary>
    public static AssessmentResult? Result(LeaseRecord lease, DateOnly asOf)
    {
        var a = lease.Assessment;
        return a.Result is { } r && (a.DecidedOn is not { } decided || decided <= asOf) ? r : null;
    }

    /// <summary>Whether the assessment was passed and the written notice received, both known on <paramref name="asOf"/>.</summary>
    public static bool PassedWithNotice(LeaseRecord lease, DateOnly asOf, out DateOnly noticeReceivedOn)
    {
        if (Result(lease, asOf) == AssessmentResult.Passed && lease.Assessment.NoticeReceivedOn is { } notice && notice <= asOf)
        {
            noticeReceivedOn = notice;
            return true;
        }

        noticeReceivedOn = default;
        return false;
    }

    /// <summary>Whether a renewal application is known and neither its approval nor its refusal is known yet (waiting for a decision).</summary>
    public static bool RenewalPending(LeaseRecord lease, DateOnly asOf) =>
        Known(lease.Renewal.AppliedOn, asOf) && !Known(lease.Renewal.ApprovedOn, asOf) && !Known(lease.Renewal.RefusedOn, asOf);

    /// <summary>Whether the land user's exit is completed as known on <paramref name="asOf"/>.</summary>
    public static bool ExitCompleted(LeaseRecord lease, DateOnly asOf) => Known(lease.Exit.CompletedOn, asOf);
}
