using ComplianceMonitor.Application.Reminders;

namespace ComplianceMonitor.Application.Digest;

/// <summary>Text helpers for the digest: free text from providers never shows an address or a number in full.</summary>
public static class DigestText
{
    /// <summary>Masks every email address and every run of seven or more digits in <paramref name="text"/> (<see cref="ContactMask.ContactsIn"/>).</summary>
    public static string MaskContacts(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return ContactMask.ContactsIn(text);
    }
}
