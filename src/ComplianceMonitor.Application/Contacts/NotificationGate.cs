using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Application.Reminders.Sms;
using ComplianceMonitor.Domain.Findings;

namespace ComplianceMonitor.Application.Contacts;

/// <summary>What to do with one notice on one channel right now.</summary>
public abstract record GateDecision
{
    private GateDecision()
    {
    }

    /// <summary>Send it now.</summary>
    public sealed record Send : GateDecision;

    /// <summary>Do not send it now; ask again at <paramref name="Until"/>.</summary>
    public sealed record Hold(DateTimeOffset Until, string Reason) : GateDecision;

    /// <summary>Do not send it on this channel at all.</summary>
    public sealed record Suppress(string Reason) : GateDecision;

    /// <summary>The single <see cref="Send"/> value.</summary>
    public static GateDecision SendNow { get; } = new Send();
}

/// <summary>Decides whether a notice goes now, waits, or does not go: SMS stop, snoozes and SMS quiet hours.</summary>
/// <remarks>
/// Pure: the instant is passed in (the dispatcher reads it from its TimeProvider). Order: an SMS the enterprise
/// stopped is suppressed (unless critical); then a snooze holds until it ends; then SMS outside the window waits
/// for the next opening. A held SMS whose snooze ends at night is held to the window's opening, not to midnight.
/// </remarks>
public sealed class NotificationGate
{
    /// <summary>Creates a gate using <paramref name="smsWindow"/> for SMS quiet hours.</summary>
    public NotificationGate(SmsWindow smsWindow)
    {
        ArgumentNullException.ThrowIfNull(smsWindow);
        SmsWindow = smsWindow;
    }

    /// <summary>A gate with the policy's 08:00-20:00 window.</summary>
    public static NotificationGate Default { get; } = new(SmsWindow.Default);

    /// <summary>The SMS window.</summary>
    public SmsWindow SmsWindow { get; }

    /// <summary>Decides for a notice of <paramref name="severity"/> on <paramref name="channel"/> at <paramref name="now"/>.</summary>
    /// <param name="severity">The finding's severity.</param>
    /// <param name="channel">Email or SMS.</param>
    /// <param name="preferences">The enterprise's preferences, or null for the defaults.</param>
    /// <param name="snooze">The snooze covering this notice (see <see cref="Snooze.Covers"/>), or null.</param>
    /// <param name="now">The current instant.</param>
    public GateDecision Decide(Severity severity, NotificationChannel channel, ContactPreferences? preferences, Snooze? snooze, DateTimeOffset now)
    {
        if (channel == NotificationChannel.Sms && preferences is not null && !preferences.AllowsSms(severity, now))
        {
            return new GateDecision.Suppress("the enterprise stopped SMS; only critical notices go by SMS");
        }

        if (snooze is not null && snooze.IsActive(now))
        {
            var resume = channel == NotificationChannel.Sms ? SmsWindow.NextOpening(snooze.ResumesAt) : snooze.ResumesAt;
            return new GateDecision.Hold(resume, $"snoozed until {snooze.Until:yyyy-MM-dd} by {snooze.By}: {snooze.Reason}");
        }

        if (channel == NotificationChannel.Sms && !SmsWindow.IsOpen(now))
        {
            return new GateDecision.Hold(
                SmsWindow.NextOpening(now),
                $"SMS quiet hours: SMS goes only {SmsWindow.Start:HH\\:mm}-{SmsWindow.End:HH\\:mm} Beijing time");
        }

        return GateDecision.SendNow;
    }
}
