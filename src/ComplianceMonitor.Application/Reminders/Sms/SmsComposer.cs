using System.Globalization;
using ComplianceMonitor.Application.Reminders.Content;
using ComplianceMonitor.Domain.Findings;

namespace ComplianceMonitor.Application.Reminders.Sms;

/// <summary>A composed SMS and its size.</summary>
/// <param name="Text">The text to send.</param>
/// <param name="Measure">Its encoding, length and segment count.</param>
public sealed record SmsText(string Text, SmsMeasure Measure);

/// <summary>Writes the Chinese SMS of a reminder, fitting one 70-character UCS-2 segment where it can.</summary>
/// <remarks>
/// The SMS names the lease, what to do, the deadline and the days left. It tries wordings from the fullest to the
/// shortest (dropping the contact, then the year, then the weekday) and keeps the first that fits one segment; when
/// none does (a very long lease id), it sends the shortest one, in as many segments as it takes.
/// The details (clause, amount, contact) are in the email.
/// </remarks>
public sealed class SmsComposer
{
    /// <summary>The default signature. Mainland carriers require a registered signature in 【】 on every message.</summary>
    public const string DefaultSignature = "【先租后让监管】";

    /// <summary>Creates a composer signing messages with <paramref name="signature"/>.</summary>
    public SmsComposer(string signature = DefaultSignature)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(signature);
        Signature = signature;
    }

    /// <summary>The signature at the start of each message.</summary>
    /// <value>The default value is 【先租后让监管】.</value>
    public string Signature { get; }

    /// <summary>Composes the SMS for <paramref name="facts"/>.</summary>
    public SmsText Compose(ReminderFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        SmsText? shortest = null;
        foreach (var candidate in Candidates(facts))
        {
            var measure = SmsSegments.Measure(candidate);
            if (measure.Segments == 1)
            {
                return new SmsText(candidate, measure);
            }

            if (shortest is null || candidate.Length < shortest.Text.Length)
            {
                shortest = new SmsText(candidate, measure);
            }
        }

        return shortest!;
    }

    private IEnumerable<string> Candidates(ReminderFacts f)
    {
        var lease = $"租赁合同{f.LeaseId}";
        var dept = f.Contact.Name;
        var phone = f.Contact.PhoneOrHotline;

        if (f.Status is FindingStatus.Violation or FindingStatus.Info || f.Deadline is null)
        {
            yield return $"{Signature}{lease}涉及“{f.Title}”，请{f.SmsAction}。咨询{dept}{phone}";
            yield return $"{Signature}{lease}涉及“{f.Title}”，请{f.SmsAction}，详见邮件。";
            yield return $"{Signature}{lease}：{f.Title}，详见邮件。";
            yield break;
        }

        var deadline = f.Deadline.Value;
        string[] dates =
        [
            $"{ChineseDates.Date(deadline)}（{ChineseDates.ShortWeekday(deadline)}）",
            $"{ChineseDates.MonthDay(deadline)}（{ChineseDates.ShortWeekday(deadline)}）",
            ChineseDates.MonthDay(deadline),
        ];
        var days = f.DaysLeft!.Value;

        foreach (var withContact in new[] { true, false })
        {
            foreach (var date in dates)
            {
                var tail = withContact ? $"咨询{dept}{phone}" : "详见邮件。";
                yield return days switch
                {
                    > 0 => string.Create(CultureInfo.InvariantCulture, $"{Signature}{lease}须于{date}前{f.SmsAction}，剩{days}天。{tail}"),
                    0 => $"{Signature}{lease}{f.SmsAction}今天{date}截止，请即办理。{tail}",
                    _ => string.Create(CultureInfo.InvariantCulture, $"{Signature}{lease}{f.SmsAction}已于{date}截止，逾期{-days}天，请尽快办理。{tail}"),
                };
            }
        }
    }
}
