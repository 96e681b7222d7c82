namespace ComplianceMonitor.Domain.Records;

/// <summary>One lease under the "lease first, transfer later" policy, as recorded by its district.</summary>
/// <remarks>
/// The shape mirrors the public wire contract (records.md). Every date is a Beijing calendar date;
/// <see cref="LeaseEnd"/> is the last day of the lease, inclusive. Instances are produced only by
/// <c>LeaseRecordReader</c>, which validates them, so the invariants of records.md hold.
/// </remarks>
public sealed record LeaseRecord
{
    public required string LeaseId { get; init; }
    public required string DistrictCode { get; init; }
    public required Parcel Parcel { get; init; }
    public required SupplyMode SupplyMode { get; init; }
    public required LandUser LandUser { get; init; }
    public required decimal BasePriceYuan { get; init; }
    public required int LeaseYears { get; init; }
    public required int TotalYears { get; init; }
    /// <summary>First day of the lease, inclusive.</summary>
    public required DateOnly LeaseStart { get; init; }
    /// <summary>Last day of the lease, inclusive: the lease expires at 24:00 of this day.</summary>
    public required DateOnly LeaseEnd { get; init; }
    public MajorProjectApproval? MajorProjectApproval { get; init; }
    public DateOnly? ConstructionCompletedOn { get; init; }
    /// <summary>The rent instalments of the contract; empty both when nothing is scheduled and when the schedule is not recorded.</summary>
    /// <remarks>Tell the two apart with <see cref="RentScheduleRecorded"/> (records.md: absent or null = not recorded, <c>[]</c> = nothing scheduled).</remarks>
    public IReadOnlyList<RentInstalment> RentSchedule { get; init; } = [];
    /// <summary>Whether the rent schedule is recorded (policy revision 2): false when the wire record has no <c>rentSchedule</c> or it is null.</summary>
    /// <value>The default value is true (a record built in code with a schedule, or with none, states it).</value>
    public bool RentScheduleRecorded { get; init; } = true;
    public IReadOnlyList<Payment> RentPayments { get; init; } = [];
    public Assessment Assessment { get; init; } = Assessment.Empty;
    public Transfer Transfer { get; init; } = Transfer.Empty;
    public Renewal Renewal { get; init; } = Renewal.Empty;
    public IReadOnlyList<LeaseEvent> Events { get; init; } = [];
    public Exit Exit { get; init; } = Exit.Empty;
    /// <summary>The performance agreement (履约监管协议), or null when none is recorded (agreement.md).</summary>
    public Agreements.Agreement? Agreement { get; init; }
    /// <summary>The voluntary return (三（七）), or null when none is recorded (agreement.md).</summary>
    public Agreements.VoluntaryReturn? VoluntaryReturn { get; init; }

    /// <summary>
    /// The last day of the lease in force: once a renewal is approved, the renewal's end (<see cref="Renewal.NewLeaseEnd"/>, or
    /// when it is absent <c>AddYears(leaseEnd + 1 day, approvedYears) - 1 day</c>, deadlines.md rule 1), else <see cref="LeaseEnd"/>.
    /// </summary>
    public DateOnly EffectiveLeaseEnd => Renewal.ApprovedOn is not null && Renewal.RenewedEnd(LeaseEnd) is { } renewed && renewed > LeaseEnd ? renewed : LeaseEnd;
}

/// <summary>The parcel of land the lease covers.</summary>
public sealed record Parcel
{
    public required string Code { get; init; }
    public required string Name { get; init; }
    public decimal? AreaSqm { get; init; }
    public string? LandUse { get; init; }
    public string? IndustryType { get; init; }
}

/// <summary>How the land was supplied: 新增 (tender, auction, listing) or 存量盘活 (by agreement).</summary>
public enum SupplyMode
{
    /// <summary>新增: new supply; the base price is the winning bid (竞得价).</summary>
    New,
    /// <summary>存量盘活: existing land; the base price is 补缴政府土地收益.</summary>
    Existing,
}

/// <summary>The enterprise holding the lease and how to reach it.</summary>
public sealed record LandUser
{
    public required string Name { get; init; }
    /// <summary>统一社会信用代码 (GB 32100-2015), 18 characters.</summary>
    public required string CreditCode { get; init; }
    public string? ContactName { get; init; }
    public string? Email { get; init; }
    public string? Mobile { get; init; }
}

/// <summary>A city government approval for a major project allowing a longer term.</summary>
public sealed record MajorProjectApproval
{
    public required string Ref { get; init; }
    public DateOnly? ApprovedOn { get; init; }
    public int? MaxTotalYears { get; init; }
}

/// <summary>Which term a rent instalment belongs to.</summary>
public enum RentPeriod
{
    Lease,
    Renewal,
}

/// <summary>A rent instalment due on a fixed day of the contract.</summary>
public sealed record RentInstalment(DateOnly DueOn, decimal AmountYuan, RentPeriod Period);

/// <summary>A payment of rent or land price.</summary>
public sealed record Payment(DateOnly PaidOn, decimal AmountYuan, string? Ref);

/// <summary>The outcome of the lease-period assessment (考核).</summary>
public enum AssessmentResult
{
    Passed,
    Failed,
}

/// <summary>The assessment (考核) of the enterprise at the end of the lease.</summary>
public sealed record Assessment
{
    public static readonly Assessment Empty = new();
    public DateOnly? AppliedOn { get; init; }
    public AssessmentResult? Result { get; init; }
    public DateOnly? DecidedOn { get; init; }
    /// <summary>The day the land user received the written notice of the result.</summary>
    public DateOnly? NoticeReceivedOn { get; init; }
}

/// <summary>The transfer (出让) after a passed assessment.</summary>
public sealed record Transfer
{
    public static readonly Transfer Empty = new();
    public DateOnly? AppliedOn { get; init; }
    public DateOnly? ContractSignedOn { get; init; }
    public IReadOnlyList<Payment> PricePayments { get; init; } = [];
    public DateOnly? RegisteredOn { get; init; }
}

/// <summary>A renewal (续租) of the lease.</summary>
public sealed record Renewal
{
    public static readonly Renewal Empty = new();
    public DateOnly? AppliedOn { get; init; }
    public DateOnly? ApprovedOn { get; init; }
    /// <summary>The day the district refused the renewal (policy revision 2); never recorded together with <see cref="ApprovedOn"/>.</summary>
    public DateOnly? RefusedOn { get; init; }
    public int? ApprovedYears { get; init; }
    /// <summary>The renewed lease's last day, inclusive.</summary>
    public DateOnly? NewLeaseEnd { get; init; }

    /// <summary>
    /// The renewed lease's last day as recorded: <see cref="NewLeaseEnd"/>, else <c>AddYears(leaseEnd + 1 day, approvedYears) - 1 day</c>
    /// when <see cref="ApprovedYears"/> is recorded, else null. Says nothing about whether the renewal is approved.
    /// </summary>
    /// <param name="leaseEnd">The original lease's last day, inclusive.</param>
    public DateOnly? RenewedEnd(DateOnly leaseEnd) =>
        NewLeaseEnd ?? (ApprovedYears is { } years ? Deadlines.DeadlineCalculator.YearsAfterEnd(leaseEnd, years) : null);
}

/// <summary>The kinds of recorded event that matter to the policy.</summary>
public enum LeaseEventType
{
    Transfer,
    Sublease,
    Mortgage,
    UseChange,
    IndustryChange,
    RealEstateDevelopment,
}

/// <summary>A recorded event, e.g. a mortgage registration.</summary>
public sealed record LeaseEvent(LeaseEventType Type, DateOnly On, string? Ref);

/// <summary>The land user's exit after a failed assessment or a recovery.</summary>
public sealed record Exit
{
    public static readonly Exit Empty = new();
    public DateOnly? CompletedOn { get; init; }
}
