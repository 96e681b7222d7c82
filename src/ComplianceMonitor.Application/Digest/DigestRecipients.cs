using ComplianceMonitor.Application.Reminders;

namespace ComplianceMonitor.Application.Digest;

/// <summary>Parses the supervisors' address lists (comma or semicolon separated).</summary>
public static class DigestRecipients
{
    /// <summary>Parses <paramref name="text"/>: empty or null gives an empty list; false with a reason (addresses masked) when one is unusable.</summary>
    public static bool TryParse(string? text, out IReadOnlyList<EmailAddress> recipients, out string? error)
    {
        recipients = [];
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        var list = new List<EmailAddress>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in text.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!System.Net.Mail.MailAddress.TryCreate(part, out var parsed) || !string.Equals(parsed.Address, part, StringComparison.Ordinal))
            {
                error = $"'{ContactMask.Email(part)}' is not an email address";
                return false;
            }

            if (seen.Add(part))
            {
                list.Add(new EmailAddress(part));
            }
        }

        recipients = list;
        return true;
    }

    /// <summary>Parses <paramref name="text"/> or throws <see cref="FormatException"/> naming <paramref name="field"/>.</summary>
    public static IReadOnlyList<EmailAddress> Parse(string? text, string field) =>
        TryParse(text, out var recipients, out var error) ? recipients : throw new FormatException($"{field}: {error}");

    /// <summary>The addresses as one comma-separated string (for storage).</summary>
    public static string Join(IEnumerable<EmailAddress> recipients) => string.Join(",", recipients.Select(r => r.Address));
}
