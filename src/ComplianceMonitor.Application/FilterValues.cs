using System.Globalization;
using ComplianceMonitor.Domain.Rules;

namespace ComplianceMonitor.Application;

/// <summary>The wire values list filters and request bodies share (<see cref="Scanning.AlertFilter"/>, <see cref="Tasks.TaskFilter"/>, the API's holds and dead-reminder routes): a rule code and a yyyy-MM-dd day, each bad value added to the errors as (parameter, message).</summary>
public static class FilterValues
{
    /// <summary>The rule code in parameter <c>rule</c>, or null when absent or bad.</summary>
    public static RuleCode? Rule(Func<string, string?> get, List<KeyValuePair<string, string>> errors)
    {
        if (get("rule") is not { } text)
        {
            return null;
        }

        if (TryParseRule(text, out var r))
        {
            return r;
        }

        errors.Add(new("rule", NotARule(text)));
        return null;
    }

    /// <summary>Whether <paramref name="text"/> is a rule code by name, exactly as written (a number is not one).</summary>
    public static bool TryParseRule(string text, out RuleCode rule) =>
        Enum.TryParse(text, ignoreCase: false, out rule) && Enum.IsDefined(rule) && !int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _);

    /// <summary>The message for a value that is not a rule code.</summary>
    public static string NotARule(string text) => $"'{text}' is not a rule code (one of {string.Join(", ", Enum.GetNames<RuleCode>())}).";

    /// <summary>The day in parameter <paramref name="name"/>, or null when absent or bad.</summary>
    public static DateOnly? Date(Func<string, string?> get, string name, List<KeyValuePair<string, string>> errors)
    {
        if (get(name) is not { } text)
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
        {
            return d;
        }

        errors.Add(new(name, $"'{text}' is not a date in the form yyyy-MM-dd."));
        return null;
    }
}
