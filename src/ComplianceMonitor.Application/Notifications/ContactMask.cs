using System.Text.RegularExpressions;

namespace ComplianceMonitor.Application.Notifications;

/// <summary>Masks email addresses and phone numbers for logs (the house rule: never log them in full).</summary>
public static partial class ContactMask
{
    /// <summary>Masks an email address: first character of the local part, then ***, then the domain (z***@example.com).</summary>
    public static string Email(string? address)
    {
        if (string.IsNullOrEmpty(address))
        {
            return "(none)";
        }

        var at = address.LastIndexOf('@');
        return at <= 0 ? "***" : string.Concat(address.AsSpan(0, 1), "***", address.AsSpan(at));
    }

    /// <summary>Masks a phone number, keeping a leading + and the last four digits (+*********5678).</summary>
    public static string Phone(string? number)
    {
        if (string.IsNullOrEmpty(number))
        {
            return "(none)";
        }

        var keep = Math.Min(4, number.Length / 3);
        var prefix = number.StartsWith('+') ? "+" : string.Empty;
        return prefix + new string('*', number.Length - keep - prefix.Length) + number[^keep..];
    }

    /// <summary>Masks every run of seven or more digits in free text (provider error messages may quote the number).</summary>
    public static string DigitsIn(string? text) =>
        string.IsNullOrEmpty(text) ? string.Empty : LongDigitRun().Replace(text, m => Phone(m.Value));

    [GeneratedRegex(@"\+?\d{7,}")]
    private static partial Regex LongDigitRun();
}
