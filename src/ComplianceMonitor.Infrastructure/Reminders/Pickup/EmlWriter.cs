using System.Text;
using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Domain.Calendar;
using MimeKit;

namespace ComplianceMonitor.Infrastructure.Reminders.Pickup;

/// <summary>Writes an <see cref="EmailMessage"/> as an RFC 5322 / MIME message (.eml) with MimeKit.</summary>
/// <remarks>
/// The same parts SendGrid is given: a multipart/alternative of text and HTML (UTF-8, base64), and each attachment as
/// sent (the .ics as text/calendar; charset=utf-8; method=PUBLISH). Headers in Chinese are RFC 2047 encoded words, the
/// date is Beijing time, and the custom arguments and categories go into X- headers so the file carries what the
/// provider would have been told. Boundaries are fixed so two writes of one message give the same bytes.
/// </remarks>
internal static class EmlWriter
{
    /// <summary>The boundary of the multipart/mixed body (message + attachments).</summary>
    public const string MixedBoundary = "=_cm_mixed";

    /// <summary>The boundary of the multipart/alternative part (text + HTML).</summary>
    public const string AlternativeBoundary = "=_cm_alternative";

    private static readonly FormatOptions Format = CreateFormat();

    /// <summary>The message as MIME text (7-bit: every body part is base64).</summary>
    public static string Write(EmailMessage message, EmailAddress from, DateTimeOffset date)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(from);
        using var mime = Build(message, from, date);
        using var stream = new MemoryStream();
        mime.WriteTo(Format, stream);
        return Encoding.ASCII.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }

    /// <summary>The MimeKit message for <paramref name="message"/>.</summary>
    public static MimeMessage Build(EmailMessage message, EmailAddress from, DateTimeOffset date)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(from);
        var mime = new MimeMessage();
        mime.From.Add(Mailbox(from));
        foreach (var to in message.To)
        {
            mime.To.Add(Mailbox(to));
        }

        mime.Subject = message.Subject;
        mime.Date = BeijingClock.ToBeijing(date);
        mime.MessageId = $"{SafeId(message.OutboxId)}@compliancemonitor.local";
        foreach (var (key, value) in message.AllCustomArgs())
        {
            mime.Headers.Add("X-Custom-Arg", Encoding.UTF8, $"{key}={value}");
        }

        if (message.Categories.Count > 0)
        {
            mime.Headers.Add("X-Categories", Encoding.UTF8, string.Join(", ", message.Categories));
        }

        var alternative = new MultipartAlternative { Boundary = AlternativeBoundary };
        alternative.Add(Text("plain", message.TextBody));
        alternative.Add(Text("html", message.HtmlBody));
        if (message.Attachments.Count == 0)
        {
            mime.Body = alternative;
            return mime;
        }

        var mixed = new Multipart("mixed") { Boundary = MixedBoundary };
        mixed.Add(alternative);
        foreach (var a in message.Attachments)
        {
            mixed.Add(new MimePart(ContentType.Parse(a.ContentType))
            {
                Content = new MimeContent(new MemoryStream(a.Content.ToArray(), writable: false)),
                ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
                ContentTransferEncoding = ContentEncoding.Base64,
                FileName = a.FileName,
            });
        }

        mime.Body = mixed;
        return mime;
    }

    /// <summary>An id made safe for a file name and a Message-ID: letters, digits, '-', '_' and '.'; anything else '_'.</summary>
    public static string SafeId(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var sb = new StringBuilder(id.Length);
        foreach (var c in id)
        {
            sb.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_');
        }

        return sb.ToString();
    }

    private static TextPart Text(string subtype, string text)
    {
        var part = new TextPart(subtype) { ContentTransferEncoding = ContentEncoding.Base64 };
        part.SetText(Encoding.UTF8, text);
        return part;
    }

    private static MailboxAddress Mailbox(EmailAddress a) => new(Encoding.UTF8, a.DisplayName ?? string.Empty, a.Address);

    private static FormatOptions CreateFormat()
    {
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        format.International = false;
        return format;
    }
}
