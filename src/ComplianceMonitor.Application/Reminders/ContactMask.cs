using System.Text.RegularExpressions;

namespace ComplianceMonitor.Application.Reminders;

/// <summary>Masks email addresses and phone numbers for logs, listings and digests: enough to recognise, never the whole.</summary>
/// <remarks>
/// The one mask of the product (logs, <c>cm outbox list</c>, the delivery log and the digest all show the same form):
/// an email keeps its first character and domain (<c>z***@example.com</c>), a phone number its first three and last
/// four characters (<c>138****8000</c>, <c>+86*******8000</c>).
/// </remarks>
public static partial class ContactMask
{
    /// <summary>Masks a recipient of <paramref name="channel"/>.</summary>
    public static string Mask(OutboxChannel channel, string? recipient) =>
        channel == OutboxChannel.Email ? Email(recipient) : Phone(recipient);

    /// <summary>Masks an email address: <c>zhang@example.com</c> becomes <c>z***@example.com</c>.</summary>
    public static string Email(string? address)
    {
        if (string.IsNullOrWhiteSpace(address))
        {
            return "(none)";
        }

        var at = address.LastIndexOf('@');
        return at <= 0 ? "***" : string.Concat(address.AsSpan(0, 1), "***", address.AsSpan(at));
    }

    /// <summary>Masks a phone number: <c>13800138000</c> becomes <c>138****8000</c>; short numbers keep their last two digits.</summary>
    public static string Phone(string? number)
    {
        if (string.IsNullOrWhiteSpace(number))
        {
            return "(none)";
        }

        var n = number.Trim();
        return n.Length >= 11
            ? string.Concat(n.AsSpan(0, 3), new string('*', n.Length - 7), n.AsSpan(n.Length - 4))
            : n.Length > 4 ? string.Concat(new string('*', n.Length - 2), n.AsSpan(n.Length - 2)) : "***";
    }

    /// <summary>Masks every run of seven or more digits in free text (provider error messages may quote the number).</summary>
    public static string DigitsIn(string? text) =>
        string.IsNullOrEmpty(text) ? string.Empty : LongDigitRun().Replace(text, m => Phone(m.Value));

    /// <summary>Masks every email address and every run of seven or more digits in free text (a provider's error text may quote either).</summary>
    public static string ContactsIn(string? text) =>
        string.IsNullOrEmpty(text) ? string.Empty : DigitsIn(EmailInText().Replace(text, m => Email(m.Value)));

    [GeneratedRegex(@"[^\s@<>""'(),;:]+@[^\s@<>""'(),;:]+\.[A-Za-z]{2,}")]
    private static partial Regex EmailInText();

    [GeneratedRegex(@"\+?\d{7,}")]
    private static partial Regex LongDigitRun();
}
