using ComplianceMonitor.Domain.Findings;

namespace ComplianceMonitor.Application.Reminders.Sms;

/// <summary>Which findings are worth an SMS besides the email: near deadlines, due and overdue items, violations.</summary>
/// <remarks>Email goes for every reminder stage; SMS is kept for what needs acting on now, so it is not ignored.</remarks>
public sealed class SmsPolicy
{
    /// <summary>The default horizon: deadlines within 7 days.</summary>
    public const int DefaultDaysBefore = 7;

    /// <summary>Creates a policy sending SMS for deadlines at most <paramref name="daysBefore"/> days away.</summary>
    public SmsPolicy(int daysBefore = DefaultDaysBefore)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(daysBefore);
        DaysBefore = daysBefore;
    }

    /// <summary>The policy's default (7 days).</summary>
    public static SmsPolicy Default { get; } = new();

    /// <summary>SMS goes for upcoming deadlines at most this many days away.</summary>
    /// <value>The default value is 7.</value>
    public int DaysBefore { get; }

    /// <summary>Whether a reminder about <paramref name="finding"/> should also go by SMS, judged on <paramref name="today"/>.</summary>
    public bool WantsSms(Finding finding, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return finding.Status switch
        {
            FindingStatus.Violation or FindingStatus.Overdue or FindingStatus.Due => true,
            FindingStatus.Upcoming when finding.Deadline is { } d => d.DayNumber - today.DayNumber <= DaysBefore,
            _ => false,
        };
    }
}
