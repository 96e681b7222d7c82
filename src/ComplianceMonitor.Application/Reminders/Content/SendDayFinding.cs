using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Domain.Rules;

namespace ComplianceMonitor.Application.Reminders.Content;

/// <summary>The finding a reminder is written from: the alert's obligation evaluated again on the day it is sent.</summary>
/// <remarks>
/// A scan queues a reminder on its day; the dispatcher may send it later (an SMS held overnight, a back-dated run, a
/// retry). The finding's message carries day counts of the day it was computed, so writing the subject from the
/// sending day and the body from the scan day makes one email say 已逾期64天 and 已逾期57天 at once. Evaluating the
/// lease again on the sending day gives every part of the message one day. When the obligation is no longer found
/// that day (the record changed since the scan; the next scan resolves the alert), the alert is written as last seen,
/// on the day it was last seen, and the message says so (截至…).
/// </remarks>
public static class SendDayFinding
{
    /// <summary>The finding for <paramref name="alert"/> on <paramref name="today"/>, or as last seen; and the day it is computed for.</summary>
    public static (Finding Finding, DateOnly Day) For(RuleEngine engine, LeaseRecord lease, Alert alert, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentNullException.ThrowIfNull(alert);
        var findings = new List<Finding>(4);
        try
        {
            engine.Evaluate(lease, engine.ContextFor(today), findings);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or ArithmeticException)
        {
            // A record a rule cannot evaluate today is quarantined by the scan; the reminder goes out as the scan wrote it.
            findings.Clear();
        }

        foreach (var f in findings)
        {
            if (f.Rule == alert.Rule && string.Equals(f.Subject, alert.Subject, StringComparison.Ordinal))
            {
                return (f, today);
            }
        }

        var day = alert.LastSeenOn;
        return (AsLastSeen(alert, day), day);
    }

    private static Finding AsLastSeen(Alert alert, DateOnly day) => new()
    {
        Rule = alert.Rule,
        Status = alert.Status,
        Deadline = alert.Deadline,
        DaysRemaining = alert.Deadline is { } d ? d.DayNumber - day.DayNumber : null,
        Severity = alert.Severity,
        Responsible = alert.Responsible,
        Basis = alert.Basis,
        AmountYuan = alert.AmountYuan,
        Message = alert.Message,
        Subject = alert.Subject,
    };
}
