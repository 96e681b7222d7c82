using ComplianceMonitor.Domain.Calendar;
using ComplianceMonitor.Domain.Deadlines;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Policy;

namespace ComplianceMonitor.Domain.Rules;

/// <summary>What every rule needs besides the record: the day, the parameters in effect and the calendar.</summary>
public sealed class RuleContext
{
    /// <summary>Creates a context for evaluating leases on <paramref name="asOf"/>.</summary>
    public RuleContext(DateOnly asOf, PolicyParameters parameters, WorkingDayCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(calendar);
        AsOf = asOf;
        Parameters = parameters;
        Calendar = calendar;
    }

    /// <summary>The Beijing date the leases are evaluated for.</summary>
    public DateOnly AsOf { get; }

    /// <summary>The policy parameters in effect on <see cref="AsOf"/>.</summary>
    public PolicyParameters Parameters { get; }

    /// <summary>The working-day calendar.</summary>
    public WorkingDayCalendar Calendar { get; }

    /// <summary>Builds the finding for an open obligation with a deadline: status, days remaining and severity follow from the day.</summary>
    public Finding Obligation(IRule rule, Deadline deadline, Responsible responsible, decimal? amountYuan, string message, string subject)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var status = DeadlineCalculator.StatusOn(deadline.Day, AsOf);
        var days = DeadlineCalculator.DaysRemaining(deadline.Day, AsOf);
        var severity = status switch
        {
            FindingStatus.Overdue => Severity.Critical,
            FindingStatus.Due => Severity.Warning,
            _ => days <= Parameters.WarningWindowDays ? Severity.Warning : Severity.Info,
        };
        return new Finding
        {
            Rule = rule.Code,
            Status = status,
            Deadline = deadline.Day,
            DaysRemaining = days,
            Severity = severity,
            Responsible = responsible,
            Basis = rule.Basis,
            AmountYuan = amountYuan is { } a ? Money.Round(a) : null,
            Message = message,
            Subject = subject,
            Warnings = deadline.Warning is null ? [] : [deadline.Warning],
        };
    }

    /// <summary>Builds a violation (an event or a data check that breaks the rules): no deadline.</summary>
    public static Finding Violation(IRule rule, Severity severity, Responsible responsible, decimal? amountYuan, string message, string subject)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return new Finding
        {
            Rule = rule.Code,
            Status = FindingStatus.Violation,
            Severity = severity,
            Responsible = responsible,
            Basis = rule.Basis,
            AmountYuan = amountYuan is { } a ? Money.Round(a) : null,
            Message = message,
            Subject = subject,
        };
    }
}
