using System.Globalization;
using System.Text.RegularExpressions;

namespace ComplianceMonitor.Domain.Validation;

/// <summary>The formats of single fields in the wire contract (records.md): lease ids, contacts and dates.</summary>
public static partial class FieldFormats
{
    /// <summary>The wire format of a date (a Beijing calendar date).</summary>
    public const string DateFormat = "yyyy-MM-dd";

    /// <summary>The longest email address accepted (RFC 5321 path limit).</summary>
    public const int MaxEmailLength = 254;

    /// <summary>Whether <paramref name="text"/> is 1-64 characters of ASCII letters, digits, <c>-</c> and <c>_</c>.</summary>
    public static bool IsLeaseId(string? text) => text is not null && LeaseIdPattern().IsMatch(text);

    /// <summary>Whether <paramref name="text"/> is a mainland mobile number: 11 ASCII digits, <c>1</c> then <c>3</c>-<c>9</c>.</summary>
    public static bool IsMobile(string? text) => text is not null && MobilePattern().IsMatch(text);

    /// <summary>Whether <paramref name="text"/> is a plain email address <c>local@domain.tld</c>.</summary>
    /// <remarks>
    /// Deliberately narrower than RFC 5322: one <c>@</c>, no spaces or quotes, a dot-separated ASCII
    /// local part, a domain of at least two ASCII labels and an alphabetic (or <c>xn--</c>) top-level label.
    /// Internationalised (non-ASCII) addresses must be given in their ASCII (punycode) form.
    /// </remarks>
    public static bool IsEmail(string? text) => text is not null && text.Length <= MaxEmailLength && EmailPattern().IsMatch(text);

    /// <summary>Parses a wire date: exactly <c>yyyy-MM-dd</c> and a real calendar day.</summary>
    /// <param name="text">The text to parse.</param>
    /// <param name="date">The date when the result is true.</param>
    /// <param name="wellFormed">Whether the text has the <c>yyyy-MM-dd</c> shape (true for 2025-02-30, which has the shape but is no day).</param>
    /// <returns>True when <paramref name="text"/> is a real date in the wire format.</returns>
    public static bool TryParseDate(string? text, out DateOnly date, out bool wellFormed)
    {
        // Hand-parsed: this runs for every date of every stored lease on each scan (a regex plus
        // TryParseExact cost a fifth of reading a record).
        date = default;
        var year = 0;
        var month = 0;
        var day = 0;
        wellFormed = text is { Length: 10 } && text[4] == '-' && text[7] == '-'
            && Digits(text, 0, 4, out year) && Digits(text, 5, 2, out month) && Digits(text, 8, 2, out day);
        if (!wellFormed || year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        date = new DateOnly(year, month, day);
        return true;
    }

    private static bool Digits(string text, int start, int count, out int value)
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            var c = text[i];
            if (c is < '0' or > '9')
            {
                return false;
            }

            value = value * 10 + (c - '0');
        }

        return true;
    }

    /// <summary>Formats a date in the wire format.</summary>
    public static string FormatDate(DateOnly date) => date.ToString(DateFormat, CultureInfo.InvariantCulture);

    // \z rather than $: $ also matches before a final newline.
    [GeneratedRegex(@"^[A-Za-z0-9_-]{1,64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex LeaseIdPattern();

    [GeneratedRegex(@"^1[3-9][0-9]{9}\z", RegexOptions.CultureInvariant)]
    private static partial Regex MobilePattern();

    [GeneratedRegex(
        @"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+([A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59})\z",
        RegexOptions.CultureInvariant)]
    private static partial Regex EmailPattern();
}
