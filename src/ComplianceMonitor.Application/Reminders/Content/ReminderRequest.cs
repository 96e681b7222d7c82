using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Records;

namespace ComplianceMonitor.Application.Reminders.Content;

/// <summary>Everything needed to write one reminder to a land user.</summary>
/// <param name="Lease">The lease the reminder is about.</param>
/// <param name="Finding">The open obligation or violation.</param>
/// <param name="Today">The Beijing date the reminder is written on (days left are counted from it).</param>
/// <param name="Stage">The reminder stage, e.g. d-7, d0, overdue-14, notice (used as a category).</param>
/// <param name="GeneratedAt">The instant the reminder is written (the calendar file's DTSTAMP).</param>
public sealed record ReminderRequest(LeaseRecord Lease, Finding Finding, DateOnly Today, string Stage, DateTimeOffset GeneratedAt);
