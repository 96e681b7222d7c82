using ComplianceMonitor.Domain.Rules;

namespace ComplianceMonitor.Domain.Findings;

/// <summary>Where a finding stands on the evaluation day.</summary>
public enum FindingStatus
{
    /// <summary>The deadline is in the future.</summary>
    Upcoming,
    /// <summary>The deadline is today.</summary>
    Due,
    /// <summary>The deadline has passed and the obligation is still open.</summary>
    Overdue,
    /// <summary>An event or a data check breaks the rules; there is no deadline.</summary>
    Violation,
    /// <summary>Worth knowing; nothing is broken.</summary>
    Info,
}

/// <summary>How urgent a finding is.</summary>
public enum Severity
{
    Info,
    Warning,
    Critical,
}

/// <summary>Who must act on a finding.</summary>
public enum Responsible
{
    LandUser,
    District,
    City,
}

/// <summary>One open obligation or broken rule of one lease on one day.</summary>
/// <remarks>
/// <see cref="Deadline"/> and <see cref="DaysRemaining"/> are null for <see cref="FindingStatus.Violation"/>
/// and <see cref="FindingStatus.Info"/>. <see cref="Subject"/> identifies the obligation within the
/// lease and rule (a deadline day, an instalment, an event) and, with the lease id and rule code,
/// keys the stored alert; it is not part of the public check output.
/// </remarks>
public sealed record Finding
{
    public required RuleCode Rule { get; init; }
    public required FindingStatus Status { get; init; }
    public DateOnly? Deadline { get; init; }
    public int? DaysRemaining { get; init; }
    public required Severity Severity { get; init; }
    public required Responsible Responsible { get; init; }
    /// <summary>The guideline clause, e.g. 三（五）.</summary>
    public required string Basis { get; init; }
    /// <summary>Money at stake, rounded to the fen, or null.</summary>
    public decimal? AmountYuan { get; init; }
    /// <summary>One line of Chinese text for a person.</summary>
    public required string Message { get; init; }
    /// <summary>What the finding is about within its lease and rule (stable across days).</summary>
    public required string Subject { get; init; }
    /// <summary>Notes on this finding, e.g. a deadline computed without holiday data.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
