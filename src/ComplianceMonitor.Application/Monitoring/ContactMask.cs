using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Tasks;

namespace ComplianceMonitor.Application.Monitoring;

/// <summary>Masks email addresses and phone numbers for logs and listings: enough to recognise, never the whole.</summary>
public static class ContactMask
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
        if (at <= 0)
        {
            return "***";
        }

        return string.Concat(address.AsSpan(0, 1), "***", address.AsSpan(at));
    }

    /// <summary>Masks a phone number: <c>13800138000</c> becomes <c>138****8000</c>.</summary>
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
}
