using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Tasks;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Domain.Rules;

namespace ComplianceMonitor.Application.Scanning;

/// <summary>The stable keys of alerts, tasks and outbox entries (table row keys).</summary>
/// <remarks>
/// An alert is keyed by <c>leaseId|RULE|subject</c>: the same obligation gets the same key on every scan and
/// on every instance, which is what makes creation idempotent. Each component is escaped so that the key is a
/// valid row key (no <c>/ \ # ?</c> or control characters) and <c>|</c> only ever separates components.
/// The enforcement task of an alert has the alert's key as its id.
/// </remarks>
public static class AlertKey
{
    /// <summary>The separator between key components.</summary>
    public const char Separator = '|';

    private const int MaxSubjectLength = 200;

    /// <summary>The key of the alert for <paramref name="rule"/>'s finding about <paramref name="subject"/> on lease <paramref name="leaseId"/>.</summary>
    public static string For(string leaseId, RuleCode rule, string subject)
    {
        ArgumentException.ThrowIfNullOrEmpty(leaseId);
        ArgumentNullException.ThrowIfNull(subject);
        var escapedSubject = Escape(subject);
        if (escapedSubject.Length > MaxSubjectLength)
        {
            // Row keys are limited to 1 KiB: a long subject is replaced by its hash, which stays stable.
            escapedSubject = "h~" + Hash(subject, 32);
        }

        return string.Concat(Escape(leaseId), Separator.ToString(), rule.ToString(), Separator.ToString(), escapedSubject);
    }

    /// <summary>The first key of any alert of <paramref name="leaseId"/> (inclusive), for a row-key range query.</summary>
    public static string LeaseRangeStart(string leaseId) => Escape(leaseId) + Separator;

    /// <summary>The end of the key range of <paramref name="leaseId"/>'s alerts (exclusive): the separator's successor.</summary>
    public static string LeaseRangeEnd(string leaseId) => Escape(leaseId) + (char)(Separator + 1);

    /// <summary>The id of the outbox entry for <paramref name="alertKey"/>'s reminder <paramref name="stage"/> on <paramref name="channel"/> to <paramref name="recipient"/>.</summary>
    /// <remarks>The recipient enters the id only as a short hash, so ids never show an address or number.</remarks>
    public static string OutboxId(string alertKey, string stage, OutboxChannel channel, string recipient)
    {
        ArgumentException.ThrowIfNullOrEmpty(alertKey);
        ArgumentException.ThrowIfNullOrEmpty(stage);
        ArgumentException.ThrowIfNullOrEmpty(recipient);
        return string.Join(Separator, alertKey, Escape(stage), channel == OutboxChannel.Email ? "email" : "sms", Hash(recipient.Trim().ToLowerInvariant(), 16));
    }

    /// <summary>The alert key an outbox id starts with.</summary>
    public static string AlertKeyOfOutboxId(string outboxId)
    {
        ArgumentNullException.ThrowIfNull(outboxId);
        var parts = outboxId.Split(Separator);
        return parts.Length >= 6 ? string.Join(Separator, parts[0], parts[1], parts[2]) : outboxId;
    }

    /// <summary>Percent-encodes the characters a row key may not hold, plus <c>%</c> and the separator.</summary>
    public static string Escape(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        StringBuilder? sb = null;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var bad = c is '%' or Separator or '/' or '\\' or '#' or '?' || c < 0x20 || (c >= 0x7F && c <= 0x9F);
            if (bad)
            {
                sb ??= new StringBuilder(value, 0, i, value.Length + 8);
                sb.Append('%').Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                sb?.Append(c);
            }
        }

        return sb?.ToString() ?? value;
    }

    private static string Hash(string value, int hexChars)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(value));
        return Convert.ToHexStringLower(bytes)[..hexChars];
    }
}
