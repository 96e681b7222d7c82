using System.Globalization;
using ComplianceMonitor.Domain.Rules;

namespace ComplianceMonitor.Application.Tasks;

/// <summary>
/// Which enforcement tasks a list shows: one query for the console's list (<c>GET /api/tasks</c>) and
/// <c>cm tasks list</c>, with the same parameter names and wire values.
/// </summary>
public sealed record TaskFilter
{
    /// <summary>Only tasks in this state (read from the store by state); null with <see cref="ActiveOnly"/> or for all.</summary>
    public TaskState? State { get; init; }

    /// <summary>Only open or acknowledged tasks (<c>state=active</c>).</summary>
    public bool ActiveOnly { get; init; }

    /// <summary>Only this department's tasks.</summary>
    public Department? Department { get; init; }

    /// <summary>Only this rule's tasks.</summary>
    public RuleCode? Rule { get; init; }

    /// <summary>Only escalated (true) or not escalated (false) tasks.</summary>
    public bool? Escalated { get; init; }

    /// <summary>Only this lease's tasks.</summary>
    public string? LeaseId { get; init; }

    /// <summary>Only tasks due on or after this day.</summary>
    public DateOnly? From { get; init; }

    /// <summary>Only tasks due on or before this day.</summary>
    public DateOnly? To { get; init; }

    /// <summary>Whether <paramref name="task"/> is shown.</summary>
    public bool Matches(EnforcementTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return (State is null || task.State == State)
            && (!ActiveOnly || task.IsActive)
            && (Department is null || task.Department == Department)
            && (Rule is null || task.Rule == Rule)
            && (Escalated is null || task.Escalated == Escalated)
            && (LeaseId is null || string.Equals(task.LeaseId, LeaseId, StringComparison.Ordinal))
            && (From is null || task.DueOn >= From)
            && (To is null || task.DueOn <= To);
    }

    /// <summary>The list order: earliest due first, then by id.</summary>
    public static int Compare(EnforcementTask a, EnforcementTask b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return a.DueOn != b.DueOn ? a.DueOn.CompareTo(b.DueOn) : string.CompareOrdinal(a.Id, b.Id);
    }

    /// <summary>
    /// Reads a filter from wire values (<paramref name="get"/> returns a parameter's text or null); every bad value is
    /// added to <paramref name="errors"/> as (parameter, message).
    /// </summary>
    public static TaskFilter Parse(Func<string, string?> get, List<KeyValuePair<string, string>> errors)
    {
        ArgumentNullException.ThrowIfNull(get);
        ArgumentNullException.ThrowIfNull(errors);
        TaskState? state = null;
        var activeOnly = false;
        var stateText = get("state");
        if (stateText == "active")
        {
            activeOnly = true;
        }
        else if (stateText is not null)
        {
            if (EnforcementTask.TryParseState(stateText, out var s))
            {
                state = s;
            }
            else
            {
                errors.Add(new("state", $"'{stateText}' is not one of open, acknowledged, resolved, dismissed, active."));
            }
        }

        Department? department = null;
        if (get("department") is { } departmentText)
        {
            if (Departments.TryParse(departmentText, out var d))
            {
                department = d;
            }
            else
            {
                errors.Add(new("department", $"'{departmentText}' is not one of industry, planning."));
            }
        }

        var rule = FilterValues.Rule(get, errors);

        bool? escalated = null;
        if (get("escalated") is { } escalatedText)
        {
            if (bool.TryParse(escalatedText, out var e))
            {
                escalated = e;
            }
            else
            {
                errors.Add(new("escalated", $"'{escalatedText}' is not true or false."));
            }
        }

        return new TaskFilter
        {
            State = state,
            ActiveOnly = activeOnly,
            Department = department,
            Rule = rule,
            Escalated = escalated,
            LeaseId = get("leaseId"),
            From = FilterValues.Date(get, "from", errors),
            To = FilterValues.Date(get, "to", errors),
        };
    }
}
