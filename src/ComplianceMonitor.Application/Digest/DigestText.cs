using System.Text.RegularExpressions;
using ComplianceMonitor.Application.Reminders;

namespace ComplianceMonitor.Application.Digest;

/// <summary>Text helpers for the digest: free text from providers never shows an address or a number in full.</summary>
public static partial class DigestText
{
    /// <summary>Masks every email address and every run of seven or more digits in <paramref name="text"/>.</summary>
    public static string MaskContacts(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return ContactMask.DigitsIn(EmailInText().Replace(text, m => ContactMask.Email(m.Value)));
    }

    [GeneratedRegex(@"[^\s@<>""'(),;:]+@[^\s@<>""'(),;:]+\.[A-Za-z]{2,}")]
    private static partial Regex EmailInText();
}
