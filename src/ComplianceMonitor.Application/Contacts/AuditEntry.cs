
namespace ComplianceMonitor.Application.Contacts;

/// <summary>One recorded change made by a person: who, when, what, from what to what, and why.</summary>
/// <param name="At">When the change was made.</param>
/// <param name="Actor">Who made it (a user name or service identity).</param>
/// <param name="Action">What kind of change, e.g. snooze.set, snooze.lifted, preferences.smsStopped.</param>
/// <param name="Subject">What it was made to: a lease id or an enterprise's credit code.</param>
/// <param name="Before">The value before, or null when there was none.</param>
/// <param name="After">The value after, or null when it was removed.</param>
/// <param name="Reason">Why, when given.</param>
public sealed record AuditEntry(DateTimeOffset At, string Actor, string Action, string Subject, string? Before, string? After, string? Reason)
{
    /// <summary>Action name: a snooze was set or replaced.</summary>
    public const string SnoozeSet = "snooze.set";

    /// <summary>Action name: a snooze was lifted before its end.</summary>
    public const string SnoozeLifted = "snooze.lifted";

    /// <summary>Action name: an enterprise stopped SMS.</summary>
    public const string SmsStopped = "preferences.smsStopped";

    /// <summary>Action name: an enterprise resumed SMS.</summary>
    public const string SmsResumed = "preferences.smsResumed";

    /// <summary>Action name: an operator put a dead reminder back in the queue (<c>cm outbox requeue</c>).</summary>
    public const string OutboxRequeued = "outbox.requeued";

    /// <summary>
    /// Whether the entry was recorded before its change was written and never confirmed: the writer stopped in between,
    /// so the change may or may not have been stored (see <see cref="IAuditLog.AppendPendingAsync"/>).
    /// </summary>
    public bool Pending { get; init; }
}
