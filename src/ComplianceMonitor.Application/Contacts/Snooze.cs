using ComplianceMonitor.Domain.Calendar;
using ComplianceMonitor.Domain.Rules;

namespace ComplianceMonitor.Application.Contacts;

/// <summary>A district official's decision to hold a lease's notices until a day, with a reason.</summary>
/// <remarks>
/// <see cref="Until"/> is a Beijing date, inclusive: notices resume at 00:00 Beijing the day after (SMS at the next
/// window opening). A snooze holds every severity, critical included, because a person decided it and said why;
/// it is bounded (<see cref="MaxDays"/>) and audited. With <see cref="Rule"/> set it holds only that rule's notices.
/// </remarks>
/// <param name="LeaseId">The lease.</param>
/// <param name="Rule">The one rule it holds, or null for all of the lease's notices.</param>
/// <param name="Reason">Why (required).</param>
/// <param name="Until">The last Beijing day held, inclusive.</param>
/// <param name="By">Who decided it.</param>
/// <param name="CreatedAt">When it was set.</param>
public sealed record Snooze(string LeaseId, RuleCode? Rule, string Reason, DateOnly Until, string By, DateTimeOffset CreatedAt)
{
    /// <summary>The longest snooze allowed, in days from the day it is set.</summary>
    public const int MaxDays = 90;

    /// <summary>Creates a snooze after checking it; errors name the field.</summary>
    public static (Snooze Snooze, AuditEntry Audit) Create(string leaseId, RuleCode? rule, string reason, DateOnly until, string by, DateTimeOffset now, Snooze? replacing = null)
    {
        if (string.IsNullOrWhiteSpace(leaseId))
        {
            throw new ArgumentException("leaseId: must not be empty", nameof(leaseId));
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new ArgumentException("reason: a snooze needs a reason", nameof(reason));
        }

        if (string.IsNullOrWhiteSpace(by))
        {
            throw new ArgumentException("by: who set the snooze is required", nameof(by));
        }

        var today = BeijingClock.DateOf(now);
        if (until < today)
        {
            throw new ArgumentException($"until: {until:yyyy-MM-dd} is before today ({today:yyyy-MM-dd}, Beijing)", nameof(until));
        }

        if (until.DayNumber - today.DayNumber > MaxDays)
        {
            throw new ArgumentException($"until: {until:yyyy-MM-dd} is more than {MaxDays} days after today ({today:yyyy-MM-dd})", nameof(until));
        }

        var snooze = new Snooze(leaseId, rule, reason.Trim(), until, by, now);
        var audit = new AuditEntry(now, by, AuditEntry.SnoozeSet, leaseId, replacing?.Describe(), snooze.Describe(), snooze.Reason);
        return (snooze, audit);
    }

    /// <summary>The audit entry for lifting this snooze early.</summary>
    public AuditEntry Lift(string by, DateTimeOffset at, string? reason = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(by);
        return new AuditEntry(at, by, AuditEntry.SnoozeLifted, LeaseId, Describe(), null, reason);
    }

    /// <summary>The instant notices resume: 00:00 Beijing on the day after <see cref="Until"/>.</summary>
    public DateTimeOffset ResumesAt => BeijingClock.At(Until.AddDays(1), TimeOnly.MinValue);

    /// <summary>Whether the snooze holds notices at <paramref name="now"/>.</summary>
    public bool IsActive(DateTimeOffset now) => now < ResumesAt;

    /// <summary>Whether the snooze covers a notice about <paramref name="rule"/> of lease <paramref name="leaseId"/>.</summary>
    public bool Covers(string leaseId, RuleCode rule) => LeaseId == leaseId && (Rule is null || Rule == rule);

    /// <summary>A one-line description for audit entries.</summary>
    public string Describe() =>
        $"until={Until:yyyy-MM-dd}; rule={(Rule is null ? "*" : Rule.ToString())}";
}
