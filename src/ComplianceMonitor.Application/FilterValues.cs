using System.Globalization;
using ComplianceMonitor.Domain.Rules;

namespace ComplianceMonitor.Application;

/// <summary>The wire values list filters share (<see cref="Scanning.AlertFilter"/>, <see cref="Tasks.TaskFilter"/>): a rule code and a yyyy-MM-dd day, each bad value added to the errors as (parameter, message).</summary>
internal static class FilterValues
{
    /// <summary>The rule code in parameter <c>rule</c>, or null when absent or bad.</summary>
    public static RuleCode? Rule(Func<string, string?> get, List<KeyValuePair<string, string>> errors)
    {
        if (get("rule") is not { } text)
        {
            return null;
        }

        if (Enum.TryParse<RuleCode>(text, ignoreCase: false, out var r) && Enum.IsDefined(r) && !int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
        {
            return r;
        }

        errors.Add(new("rule", $"'{text}' is not a rule code (one of {string.Join(", ", Enum.GetNames<RuleCode>())})."));
        return null;
    }

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
