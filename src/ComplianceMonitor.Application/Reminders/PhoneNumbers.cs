using System.Text.RegularExpressions;

namespace ComplianceMonitor.Application.Reminders;

/// <summary>Normalises recorded mobile numbers to E.164 for SMS providers.</summary>
public static partial class PhoneNumbers
{
    /// <summary>Whether <paramref name="number"/> is E.164: a + and 8 to 15 digits, the first not 0.</summary>
    public static bool IsE164(string? number) => number is not null && E164().IsMatch(number);

    /// <summary>
    /// Turns a recorded number into E.164: an 11-digit mainland mobile (1xxxxxxxxxx, optionally with 86 / +86 /
    /// 0086 and spaces or dashes) becomes +861xxxxxxxxxx; a number already in E.164 is kept. Returns null when it is neither.
    /// </summary>
    public static string? ToE164(string? recorded)
    {
        if (string.IsNullOrWhiteSpace(recorded))
        {
            return null;
        }

        var compact = Separators().Replace(recorded.Trim(), string.Empty);
        if (compact.StartsWith("0086", StringComparison.Ordinal))
        {
            compact = "+" + compact[2..];
        }

        if (ChinaMobile().IsMatch(compact))
        {
            return "+86" + compact;
        }

        if (compact.StartsWith("86", StringComparison.Ordinal) && ChinaMobile().IsMatch(compact[2..]))
        {
            return "+" + compact;
        }

        return IsE164(compact) ? compact : null;
    }

    [GeneratedRegex(@"^\+[1-9]\d{7,14}$")]
    private static partial Regex E164();

    [GeneratedRegex(@"^1[3-9]\d{9}$")]
    private static partial Regex ChinaMobile();

    [GeneratedRegex(@"[\s\-()]")]
    private static partial Regex Separators();
}
