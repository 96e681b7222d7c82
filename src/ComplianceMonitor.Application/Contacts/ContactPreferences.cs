using ComplianceMonitor.Domain.Calendar;
using ComplianceMonitor.Domain.Findings;

namespace ComplianceMonitor.Application.Contacts;

/// <summary>An enterprise's choices about how it is reached.</summary>
/// <remarks>
/// An enterprise may stop SMS; critical notices (overdue obligations, prohibited dispositions, use violations) still
/// go by SMS, because missing them costs the land. Email cannot be stopped: it is the written record of the reminders.
/// </remarks>
/// <param name="CreditCode">The enterprise's 统一社会信用代码.</param>
/// <param name="SmsStopped">Whether it asked for no more SMS.</param>
/// <param name="ChangedAt">When it last changed, or null for the defaults.</param>
/// <param name="ChangedBy">Who last changed it, or null for the defaults.</param>
public sealed record ContactPreferences(string CreditCode, bool SmsStopped, DateTimeOffset? ChangedAt, string? ChangedBy)
{
    /// <summary>The last Beijing day SMS stays stopped (inclusive), or null for a stop without end.</summary>
    /// <remarks>After this day the stop has lapsed: SMS goes again without anyone resuming it.</remarks>
    public DateOnly? SmsStoppedUntil { get; init; }

    /// <summary>Why SMS was stopped, when given (also in the audit entry).</summary>
    public string? StopReason { get; init; }

    /// <summary>Whether SMS is stopped at <paramref name="now"/>: stopped, and its end day (if any) not past (Beijing).</summary>
    public bool IsSmsStopped(DateTimeOffset now) => SmsStopped && (SmsStoppedUntil is not { } until || BeijingClock.DateOf(now) <= until);

    /// <summary>The defaults for an enterprise that never changed anything: SMS allowed.</summary>
    public static ContactPreferences Default(string creditCode)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(creditCode);
        return new(creditCode, false, null, null);
    }

    /// <summary>Whether an SMS of <paramref name="severity"/> may go under these preferences, ignoring any end day.</summary>
    public bool AllowsSms(Severity severity) => !SmsStopped || severity == Severity.Critical;

    /// <summary>Whether an SMS of <paramref name="severity"/> may go at <paramref name="now"/> (a lapsed stop allows it).</summary>
    public bool AllowsSms(Severity severity, DateTimeOffset now) => !IsSmsStopped(now) || severity == Severity.Critical;

    /// <summary>Stops SMS (except critical notices) through <paramref name="until"/> (inclusive; null: no end); returns the new preferences and the audit entry.</summary>
    public (ContactPreferences Preferences, AuditEntry Audit) StopSms(string by, DateTimeOffset at, string? reason = null, DateOnly? until = null) =>
        Change(true, by, at, reason, AuditEntry.SmsStopped, until);

    /// <summary>Resumes SMS; returns the new preferences and the audit entry.</summary>
    public (ContactPreferences Preferences, AuditEntry Audit) ResumeSms(string by, DateTimeOffset at, string? reason = null) =>
        Change(false, by, at, reason, AuditEntry.SmsResumed);

    private (ContactPreferences, AuditEntry) Change(bool stopped, string by, DateTimeOffset at, string? reason, string action, DateOnly? until = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(by);
        var updated = this with
        {
            SmsStopped = stopped,
            ChangedAt = at,
            ChangedBy = by,
            SmsStoppedUntil = stopped ? until : null,
            StopReason = stopped && !string.IsNullOrWhiteSpace(reason) ? reason.Trim() : null,
        };
        var audit = new AuditEntry(at, by, action, CreditCode, Describe(SmsStopped, SmsStoppedUntil), Describe(stopped, updated.SmsStoppedUntil), reason);
        return (updated, audit);

        static string Describe(bool s, DateOnly? until) =>
            !s ? "smsStopped=false" : until is { } d ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"smsStopped=true; until={d:yyyy-MM-dd}") : "smsStopped=true";
    }
}
