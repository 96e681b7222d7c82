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
    /// <summary>The defaults for an enterprise that never changed anything: SMS allowed.</summary>
    public static ContactPreferences Default(string creditCode)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(creditCode);
        return new(creditCode, false, null, null);
    }

    /// <summary>Whether an SMS of <paramref name="severity"/> may go under these preferences.</summary>
    public bool AllowsSms(Severity severity) => !SmsStopped || severity == Severity.Critical;

    /// <summary>Stops SMS (except critical notices); returns the new preferences and the audit entry.</summary>
    public (ContactPreferences Preferences, AuditEntry Audit) StopSms(string by, DateTimeOffset at, string? reason = null) =>
        Change(true, by, at, reason, AuditEntry.SmsStopped);

    /// <summary>Resumes SMS; returns the new preferences and the audit entry.</summary>
    public (ContactPreferences Preferences, AuditEntry Audit) ResumeSms(string by, DateTimeOffset at, string? reason = null) =>
        Change(false, by, at, reason, AuditEntry.SmsResumed);

    private (ContactPreferences, AuditEntry) Change(bool stopped, string by, DateTimeOffset at, string? reason, string action)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(by);
        var updated = this with { SmsStopped = stopped, ChangedAt = at, ChangedBy = by };
        var audit = new AuditEntry(at, by, action, CreditCode, Describe(SmsStopped), Describe(stopped), reason);
        return (updated, audit);

        static string Describe(bool s) => s ? "smsStopped=true" : "smsStopped=false";
    }
}
