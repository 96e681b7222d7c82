namespace ComplianceMonitor.Domain.Agreements;

/// <summary>A land user's voluntary return of the land during the lease (三（七）).</summary>
/// <remarks>
/// From <see cref="AcceptedOn"/> every other rule stops for the lease; while the refund is unpaid the district has
/// a RETURN_REFUND follow-up. The reader checks the order applied ≤ accepted ≤ refund paid.
/// </remarks>
public sealed record VoluntaryReturn
{
    /// <summary>An empty return: nothing recorded.</summary>
    public static readonly VoluntaryReturn Empty = new();

    /// <summary>The day the land user applied to return the land.</summary>
    public DateOnly? AppliedOn { get; init; }

    /// <summary>The day the district accepted the return.</summary>
    public DateOnly? AcceptedOn { get; init; }

    /// <summary>The day the refund was paid.</summary>
    public DateOnly? RefundPaidOn { get; init; }
}
