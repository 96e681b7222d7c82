using System.Globalization;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Rules;

namespace ComplianceMonitor.Application.Scanning;

/// <summary>
/// Which alerts a list shows: one query for the console's list (<c>GET /api/alerts</c>) and <c>cm alerts list</c>, with
/// the same names and the same wire values (state, rule, severity, status, from, to, q).
/// </summary>
public sealed record AlertFilter
{
    /// <summary>The alert's state; null for all.</summary>
    public AlertState? State { get; init; }

    /// <summary>Only this rule.</summary>
    public RuleCode? Rule { get; init; }

    /// <summary>Only this severity.</summary>
    public Severity? Severity { get; init; }

    /// <summary>Only this finding status.</summary>
    public FindingStatus? Status { get; init; }

    /// <summary>Only deadlines on or after this day (alerts without a deadline are left out).</summary>
    public DateOnly? From { get; init; }

    /// <summary>Only deadlines on or before this day (alerts without a deadline are left out).</summary>
    public DateOnly? To { get; init; }

    /// <summary>Text in the lease id, the enterprise or the parcel name (case-insensitive).</summary>
    public string? Text { get; init; }

    /// <summary>Whether <paramref name="alert"/> is shown.</summary>
    public bool Matches(Alert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return (State is null || alert.State == State)
            && (Rule is null || alert.Rule == Rule)
            && (Severity is null || alert.Severity == Severity)
            && (Status is null || alert.Status == Status)
            && (From is null || (alert.Deadline is { } d1 && d1 >= From))
            && (To is null || (alert.Deadline is { } d2 && d2 <= To))
            && (Text is null
                || alert.LeaseId.Contains(Text, StringComparison.OrdinalIgnoreCase)
                || (alert.LandUserName?.Contains(Text, StringComparison.OrdinalIgnoreCase) ?? false)
                || (alert.ParcelName?.Contains(Text, StringComparison.OrdinalIgnoreCase) ?? false));
    }

    /// <summary>The list order: nearest deadline first (none last), then by key.</summary>
    public static int Compare(Alert a, Alert b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var c = (a.Deadline ?? DateOnly.MaxValue).CompareTo(b.Deadline ?? DateOnly.MaxValue);
        return c != 0 ? c : string.CompareOrdinal(a.Key, b.Key);
    }

    /// <summary>The wire values of <see cref="State"/>: open, resolved, all.</summary>
    public static IReadOnlyList<string> StateValues { get; } = ["open", "resolved", "all"];

    /// <summary>
    /// Reads a filter from wire values (<paramref name="get"/> returns a parameter's text or null); every bad value is
    /// added to <paramref name="errors"/> as (parameter, message).
    /// </summary>
    /// <param name="get">The value of a parameter by its name, or null.</param>
    /// <param name="defaultState">The state when <c>state</c> is absent (the console lists open alerts, the CLI all).</param>
    /// <param name="errors">Receives (parameter name, message) for each bad value.</param>
    public static AlertFilter Parse(Func<string, string?> get, AlertState? defaultState, List<KeyValuePair<string, string>> errors)
    {
        ArgumentNullException.ThrowIfNull(get);
        ArgumentNullException.ThrowIfNull(errors);
        AlertState? state = defaultState;
        switch (get("state"))
        {
            case null:
                break;
            case "open":
                state = AlertState.Open;
                break;
            case "resolved":
                state = AlertState.Resolved;
                break;
            case "all":
                state = null;
                break;
            case var other:
                errors.Add(new("state", $"'{other}' is not one of open, resolved, all."));
                break;
        }

        var rule = FilterValues.Rule(get, errors);
        return new AlertFilter
        {
            State = state,
            Rule = rule,
            Severity = OneOf(get, "severity", Enum.GetValues<Severity>(), WireNames.Of, errors),
            Status = OneOf(get, "status", Enum.GetValues<FindingStatus>(), WireNames.Of, errors),
            From = FilterValues.Date(get, "from", errors),
            To = FilterValues.Date(get, "to", errors),
            Text = string.IsNullOrWhiteSpace(get("q")) ? null : get("q")!.Trim(),
        };
    }

    private static T? OneOf<T>(Func<string, string?> get, string name, T[] values, Func<T, string> wire, List<KeyValuePair<string, string>> errors)
        where T : struct
    {
        if (get(name) is not { } text)
        {
            return null;
        }

        foreach (var v in values)
        {
            if (string.Equals(wire(v), text, StringComparison.Ordinal))
            {
                return v;
            }
        }

        errors.Add(new(name, $"'{text}' is not one of {string.Join(", ", values.Select(wire))}."));
        return null;
    }
}
