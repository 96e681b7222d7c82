using System.Globalization;
using System.Text;
using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Domain.Calendar;

namespace ComplianceMonitor.Infrastructure.Reminders.Pickup;

/// <summary>Writes an <see cref="EmailMessage"/> as an RFC 5322 / MIME message (.eml) that mail clients open.</summary>
/// <remarks>
/// Structure: multipart/mixed (only when there are attachments) holding a multipart/alternative of text/plain and
/// text/html, then the attachments. Every body part is UTF-8 in base64, 76-character lines; non-ASCII header text
/// uses RFC 2047 encoded words (split at character boundaries, folded). Lines end in CRLF. Boundaries are fixed
/// strings starting with "=_", which cannot occur in base64 text.
/// </remarks>
internal static class EmlWriter
{
    public const string MixedBoundary = "=_cm_mixed";
    public const string AlternativeBoundary = "=_cm_alternative";

    private const int EncodedWordMaxBytes = 36; // base64 of 36 bytes is 48 characters: each encoded word stays under 76.

    private static readonly UTF8Encoding Utf8 = new(false);

    /// <summary>The whole message as text (ASCII only: everything else is encoded).</summary>
    public static string Write(EmailMessage message, EmailAddress from, DateTimeOffset date)
    {
        var sb = new StringBuilder();
        Header(sb, "From", Address(from));
        Header(sb, "To", string.Join(",\r\n ", message.To.Select(Address)));
        Header(sb, "Subject", EncodeText(message.Subject));
        Header(sb, "Date", Rfc5322Date(date));
        Header(sb, "Message-ID", $"<{SafeId(message.OutboxId)}@compliancemonitor.local>");
        Header(sb, "MIME-Version", "1.0");
        foreach (var (key, value) in message.AllCustomArgs())
        {
            Header(sb, "X-Custom-Arg", EncodeText($"{key}={value}"));
        }

        if (message.Categories.Count > 0)
        {
            Header(sb, "X-Categories", EncodeText(string.Join(", ", message.Categories)));
        }

        if (message.Attachments.Count == 0)
        {
            Alternative(sb, message);
            return sb.ToString();
        }

        Header(sb, "Content-Type", $"multipart/mixed; boundary=\"{MixedBoundary}\"");
        sb.Append("\r\n");
        sb.Append("--").Append(MixedBoundary).Append("\r\n");
        Alternative(sb, message);
        foreach (var a in message.Attachments)
        {
            sb.Append("\r\n--").Append(MixedBoundary).Append("\r\n");
            var name = FileNameParameter(a.FileName);
            Header(sb, "Content-Type", $"{a.ContentType}; {name.Replace("filename", "name", StringComparison.Ordinal)}");
            Header(sb, "Content-Disposition", $"attachment; {name}");
            Header(sb, "Content-Transfer-Encoding", "base64");
            sb.Append("\r\n");
            Base64Lines(sb, a.Content.Span);
        }

        sb.Append("\r\n--").Append(MixedBoundary).Append("--\r\n");
        return sb.ToString();
    }

    /// <summary>An RFC 5322 date in Beijing time, e.g. Fri, 06 Mar 2026 08:00:00 +0800.</summary>
    public static string Rfc5322Date(DateTimeOffset instant) =>
        BeijingClock.ToBeijing(instant).ToString("ddd, dd MMM yyyy HH:mm:ss", CultureInfo.InvariantCulture) + " +0800";

    /// <summary>Header text: as is when printable ASCII, else RFC 2047 "B" encoded words folded onto continuation lines.</summary>
    public static string EncodeText(string text)
    {
        if (text.All(c => c is >= ' ' and <= '~'))
        {
            return text;
        }

        var words = new List<string>();
        var chunk = new StringBuilder();
        var chunkBytes = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var length = char.IsHighSurrogate(text[i]) && i + 1 < text.Length ? 2 : 1;
            var piece = text.AsSpan(i, length);
            var bytes = Utf8.GetByteCount(piece);
            if (chunkBytes + bytes > EncodedWordMaxBytes)
            {
                words.Add(EncodedWord(chunk.ToString()));
                chunk.Clear();
                chunkBytes = 0;
            }

            chunk.Append(piece);
            chunkBytes += bytes;
            i += length - 1;
        }

        if (chunk.Length > 0)
        {
            words.Add(EncodedWord(chunk.ToString()));
        }

        return string.Join("\r\n ", words);
    }

    private static string EncodedWord(string s) => "=?utf-8?B?" + Convert.ToBase64String(Utf8.GetBytes(s)) + "?=";

    private static void Alternative(StringBuilder sb, EmailMessage message)
    {
        Header(sb, "Content-Type", $"multipart/alternative; boundary=\"{AlternativeBoundary}\"");
        sb.Append("\r\n");
        TextPart(sb, "text/plain", message.TextBody);
        TextPart(sb, "text/html", message.HtmlBody);
        sb.Append("--").Append(AlternativeBoundary).Append("--\r\n");
    }

    private static void TextPart(StringBuilder sb, string mediaType, string text)
    {
        sb.Append("--").Append(AlternativeBoundary).Append("\r\n");
        Header(sb, "Content-Type", $"{mediaType}; charset=utf-8");
        Header(sb, "Content-Transfer-Encoding", "base64");
        sb.Append("\r\n");
        Base64Lines(sb, Utf8.GetBytes(text));
    }

    private static void Base64Lines(StringBuilder sb, ReadOnlySpan<byte> bytes)
    {
        var b64 = Convert.ToBase64String(bytes);
        for (var i = 0; i < b64.Length; i += 76)
        {
            sb.Append(b64.AsSpan(i, Math.Min(76, b64.Length - i))).Append("\r\n");
        }
    }

    private static void Header(StringBuilder sb, string name, string value) => sb.Append(name).Append(": ").Append(value).Append("\r\n");

    private static string Address(EmailAddress a)
    {
        if (a.DisplayName is null)
        {
            return $"<{a.Address}>";
        }

        var name = a.DisplayName.All(c => c is >= ' ' and <= '~')
            ? "\"" + a.DisplayName.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\""
            : EncodeText(a.DisplayName);
        return $"{name} <{a.Address}>";
    }

    // filename="x.ics" for plain ASCII names, else RFC 2231 filename*=utf-8''%E6%88%AA.ics.
    private static string FileNameParameter(string fileName)
    {
        if (fileName.All(c => c is > ' ' and <= '~' and not '"' and not '\\' and not '%'))
        {
            return $"filename=\"{fileName}\"";
        }

        var sb = new StringBuilder("filename*=utf-8''");
        foreach (var b in Utf8.GetBytes(fileName))
        {
            var c = (char)b;
            sb.Append(b < 0x80 && (char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_') ? c.ToString() : $"%{b:X2}");
        }

        return sb.ToString();
    }

    /// <summary>An id reduced to characters safe in file names and Message-IDs.</summary>
    public static string SafeId(string id)
    {
        var sb = new StringBuilder(id.Length);
        foreach (var c in id)
        {
            sb.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_');
        }

        return sb.ToString();
    }
}
