using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Tasks;
using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Rules;

namespace ComplianceMonitor.Application.Digest;

/// <summary>A district's digest for one Beijing date: sections, counts and the deadline chart, before any rendering.</summary>
/// <remarks>
/// Built by <see cref="DigestBuilder"/>; rendered to HTML and text by an <see cref="IDigestRenderer"/> and to JSON by
/// <see cref="DigestJson"/>. Sections list at most the configured number of items; <see cref="Counts"/> always counts
/// all of them. Days and statuses are as of <see cref="Date"/>.
/// </remarks>
public sealed record DigestModel
{
    /// <summary>The jurisdiction code.</summary>
    public required string DistrictCode { get; init; }

    /// <summary>The jurisdiction's name, e.g. 房山区.</summary>
    public required string DistrictName { get; init; }

    /// <summary>The Beijing date the digest is for.</summary>
    public required DateOnly Date { get; init; }

    /// <summary>The subject line, e.g. 【房山区】先租后让合规日报 2026年11月26日（星期四）.</summary>
    public required string Subject { get; init; }

    /// <summary>When it was built (UTC).</summary>
    public required DateTimeOffset GeneratedAt { get; init; }

    /// <summary>The date of the previous digest sent to the district, or null when there was none.</summary>
    public DateOnly? PreviousDigestDate { get; init; }

    /// <summary>Alerts first seen after this Beijing date (exclusive) count as new: the previous digest's date, else the previous working day.</summary>
    public required DateOnly NewSince { get; init; }

    /// <summary>The "due soon" window: deadlines with 0 to this many days remaining.</summary>
    public required int DueWithinDays { get; init; }

    /// <summary>The counts of every section and of the district's state.</summary>
    public required DigestCounts Counts { get; init; }

    /// <summary>Open alerts first seen after <see cref="NewSince"/>: most severe first.</summary>
    public required IReadOnlyList<DigestItem> New { get; init; }

    /// <summary>Open obligations with 0 to <see cref="DigestOptions.DueWithinDays"/> days remaining: soonest first.</summary>
    public required IReadOnlyList<DigestItem> DueSoon { get; init; }

    /// <summary>Open obligations whose deadline has passed: longest overdue first.</summary>
    public required IReadOnlyList<DigestItem> Overdue { get; init; }

    /// <summary>Open violations (no deadline): most severe first.</summary>
    public required IReadOnlyList<DigestItem> Violations { get; init; }

    /// <summary>Open and acknowledged enforcement tasks: escalated ones first.</summary>
    public required IReadOnlyList<DigestTaskItem> Tasks { get; init; }

    /// <summary>Reminders that could not be delivered (dead outbox entries) about alerts still open: newest first.</summary>
    public required IReadOnlyList<DigestDeliveryItem> FailedDeliveries { get; init; }

    /// <summary>Open obligations' deadlines counted by week, from <see cref="Date"/> on.</summary>
    public required IReadOnlyList<DigestWeek> DeadlineWeeks { get; init; }

    /// <summary>The district's latest scan, or null when it was never scanned.</summary>
    public DigestScanState? LastScan { get; init; }

    /// <summary>The reminder channels paused because their provider refuses our account, by channel; empty when none is.</summary>
    public IReadOnlyList<DigestChannelPause> ChannelPauses { get; init; } = [];

    /// <summary>Notes for the reader (channel paused, scan not current, unreadable records, truncated sections), in Chinese.</summary>
    public required IReadOnlyList<string> Notes { get; init; }

    /// <summary>The performance-agreement sections (<see cref="DigestAgreementSections"/>).</summary>
    public DigestAgreementSections Agreement { get; init; } = DigestAgreementSections.Empty;

    /// <summary>The decisions the district owes and the rent coming due (<see cref="DigestDecisionSections"/>, revision 2).</summary>
    public DigestDecisionSections Decisions { get; init; } = DigestDecisionSections.Empty;
}

/// <summary>The counts of a digest.</summary>
public sealed record DigestCounts
{
    /// <summary>Open alerts of every kind.</summary>
    public required int OpenAlerts { get; init; }

    /// <summary>Open alerts first seen since the previous digest.</summary>
    public required int New { get; init; }

    /// <summary>Open obligations due within the window (today included).</summary>
    public required int DueSoon { get; init; }

    /// <summary>Of those, due today.</summary>
    public required int DueToday { get; init; }

    /// <summary>Open obligations past their deadline.</summary>
    public required int Overdue { get; init; }

    /// <summary>Open violations.</summary>
    public required int Violations { get; init; }

    /// <summary>Open obligations due later than the window.</summary>
    public required int Later { get; init; }

    /// <summary>Open info findings (nothing broken).</summary>
    public required int Info { get; init; }

    /// <summary>Open and acknowledged enforcement tasks.</summary>
    public required int ActiveTasks { get; init; }

    /// <summary>Of those, escalated to the city.</summary>
    public required int EscalatedTasks { get; init; }

    /// <summary>Undelivered reminders about open alerts.</summary>
    public required int FailedDeliveries { get; init; }

    /// <summary>Leases evaluated by the latest scan (0 without a scan).</summary>
    public required int Leases { get; init; }

    /// <summary>Leases the latest scan quarantined.</summary>
    public required int Quarantined { get; init; }

    /// <summary>Stored alerts, tasks or outbox entries that could not be read.</summary>
    public required int Unreadable { get; init; }
}

/// <summary>One alert as the digest shows it, with status and days as of the digest date.</summary>
public sealed record DigestItem
{
    /// <summary>The alert key.</summary>
    public required string AlertKey { get; init; }

    /// <summary>The lease.</summary>
    public required string LeaseId { get; init; }

    /// <summary>The rule.</summary>
    public required RuleCode Rule { get; init; }

    /// <summary>The obligation's short Chinese name, e.g. 考核申请.</summary>
    public required string Title { get; init; }

    /// <summary>The land user, when known.</summary>
    public string? LandUserName { get; init; }

    /// <summary>The parcel, when known.</summary>
    public string? ParcelName { get; init; }

    /// <summary>The status as of the digest date (recomputed from the deadline).</summary>
    public required FindingStatus Status { get; init; }

    /// <summary>The severity as of the digest date.</summary>
    public required Severity Severity { get; init; }

    /// <summary>Who must act.</summary>
    public required Responsible Responsible { get; init; }

    /// <summary>The deadline (inclusive), or null for violations and info.</summary>
    public DateOnly? Deadline { get; init; }

    /// <summary>Days from the digest date to the deadline (negative when overdue), or null.</summary>
    public int? DaysRemaining { get; init; }

    /// <summary>Money at stake, or null.</summary>
    public decimal? AmountYuan { get; init; }

    /// <summary>The finding's message as of its last scan.</summary>
    public required string Message { get; init; }

    /// <summary>The guideline clause.</summary>
    public required string Basis { get; init; }

    /// <summary>The Beijing date the alert was first seen.</summary>
    public required DateOnly FirstSeenOn { get; init; }

    /// <summary>The enforcement task of the alert, or null.</summary>
    public string? TaskId { get; init; }
}

/// <summary>One active enforcement task as the digest shows it.</summary>
public sealed record DigestTaskItem
{
    /// <summary>The task id (the alert key).</summary>
    public required string TaskId { get; init; }

    /// <summary>The lease.</summary>
    public required string LeaseId { get; init; }

    /// <summary>The breached rule.</summary>
    public required RuleCode Rule { get; init; }

    /// <summary>The obligation's short Chinese name.</summary>
    public required string Title { get; init; }

    /// <summary>The land user, when the alert is known.</summary>
    public string? LandUserName { get; init; }

    /// <summary>The department that must act, in Chinese.</summary>
    public required string Department { get; init; }

    /// <summary>Open or acknowledged.</summary>
    public required TaskState State { get; init; }

    /// <summary>The Beijing date it was opened.</summary>
    public required DateOnly OpenedOn { get; init; }

    /// <summary>The date by which the department should act (inclusive).</summary>
    public required DateOnly DueOn { get; init; }

    /// <summary>Days past <see cref="DueOn"/> on the digest date (0 when not past).</summary>
    public required int DaysPastDue { get; init; }

    /// <summary>Whether it is escalated to the city: marked so by the scan, or past due on the digest date.</summary>
    public required bool Escalated { get; init; }

    /// <summary>The body it is escalated to (市规划自然资源委) when <see cref="Escalated"/>, else null.</summary>
    public string? EscalatedTo { get; init; }

    /// <summary>What the breach is.</summary>
    public required string Summary { get; init; }
}

/// <summary>One reminder that could not be delivered.</summary>
public sealed record DigestDeliveryItem
{
    /// <summary>The outbox entry id.</summary>
    public required string OutboxId { get; init; }

    /// <summary>The lease.</summary>
    public required string LeaseId { get; init; }

    /// <summary>The rule of the reminder.</summary>
    public required RuleCode Rule { get; init; }

    /// <summary>The obligation's short Chinese name.</summary>
    public required string Title { get; init; }

    /// <summary>The land user.</summary>
    public required string LandUserName { get; init; }

    /// <summary>The reminder stage, e.g. D-7.</summary>
    public required string Stage { get; init; }

    /// <summary>Email or SMS.</summary>
    public required OutboxChannel Channel { get; init; }

    /// <summary>The recipient, masked.</summary>
    public required string Recipient { get; init; }

    /// <summary>Send attempts made.</summary>
    public required int Attempts { get; init; }

    /// <summary>The last failure (addresses and numbers masked), or null.</summary>
    public string? LastError { get; init; }

    /// <summary>The Beijing date the reminder was queued.</summary>
    public required DateOnly QueuedOn { get; init; }
}

/// <summary>One bar of the deadline chart.</summary>
/// <param name="Start">The first day of the week (inclusive).</param>
/// <param name="End">The last day of the week (inclusive).</param>
/// <param name="Deadlines">Open obligations with a deadline in the week.</param>
/// <param name="DistrictDeadlines">Of those, the ones the district (or city) must meet rather than the land user.</param>
public sealed record DigestWeek(DateOnly Start, DateOnly End, int Deadlines, int DistrictDeadlines);

/// <summary>The district's latest scan as the digest reports it.</summary>
public sealed record DigestScanState
{
    /// <summary>The run id.</summary>
    public required string RunId { get; init; }

    /// <summary>The Beijing date the leases were evaluated for.</summary>
    public required DateOnly AsOf { get; init; }

    /// <summary>How it ended.</summary>
    public required ScanOutcome Outcome { get; init; }

    /// <summary>When it finished (UTC), or null.</summary>
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>Leases evaluated.</summary>
    public required int Leases { get; init; }

    /// <summary>Findings produced.</summary>
    public required int Findings { get; init; }

    /// <summary>Leases quarantined.</summary>
    public required IReadOnlyList<string> QuarantinedLeaseIds { get; init; }

    /// <summary>Whether it is a successful scan for the digest date.</summary>
    public required bool IsCurrent { get; init; }
}
