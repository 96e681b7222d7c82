using System.Collections.Frozen;

namespace ComplianceMonitor.Application.Reminders.Sms;

/// <summary>How an SMS text is encoded on the air.</summary>
public enum SmsEncoding
{
    /// <summary>GSM 03.38 7-bit default alphabet: 160 septets in one message, 153 per part when concatenated.</summary>
    Gsm7,

    /// <summary>UCS-2 (UTF-16 code units): 70 in one message, 67 per part when concatenated. Any Chinese text.</summary>
    Ucs2,
}

/// <summary>The size of an SMS text: its encoding, its length in that encoding's units, and how many parts it takes.</summary>
/// <param name="Encoding">GSM-7 when every character is in the GSM 03.38 tables, else UCS-2.</param>
/// <param name="Units">Septets (GSM-7; extension-table characters count 2) or UTF-16 code units (UCS-2).</param>
/// <param name="Segments">How many messages the carrier bills.</param>
public readonly record struct SmsMeasure(SmsEncoding Encoding, int Units, int Segments);

/// <summary>Counts SMS segments (3GPP TS 23.038 alphabets; concatenation headers take 7 septets / 3 UCS-2 units per part).</summary>
public static class SmsSegments
{
    /// <summary>Units in a single, unconcatenated GSM-7 message.</summary>
    public const int Gsm7Single = 160;

    /// <summary>Units per part of a concatenated GSM-7 message.</summary>
    public const int Gsm7Part = 153;

    /// <summary>Units in a single, unconcatenated UCS-2 message.</summary>
    public const int Ucs2Single = 70;

    /// <summary>Units per part of a concatenated UCS-2 message.</summary>
    public const int Ucs2Part = 67;

    // GSM 03.38 basic character set (the escape 0x1B is not a character of its own).
    private const string Basic =
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

    // Extension table: each takes an escape septet plus its own.
    private const string Extension = "\f^{}\\[~]|€";

    private static readonly FrozenSet<char> BasicSet = Basic.ToFrozenSet();
    private static readonly FrozenSet<char> ExtensionSet = Extension.ToFrozenSet();

    /// <summary>How many segments <paramref name="text"/> takes. An empty text is still one message.</summary>
    public static int Count(string text) => Measure(text).Segments;

    /// <summary>The encoding, length and segment count of <paramref name="text"/>.</summary>
    public static SmsMeasure Measure(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return IsGsm7(text) ? MeasureGsm7(text) : MeasureUcs2(text);
    }

    /// <summary>Whether every character of <paramref name="text"/> is in the GSM 03.38 basic or extension table.</summary>
    public static bool IsGsm7(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var c in text)
        {
            if (!BasicSet.Contains(c) && !ExtensionSet.Contains(c))
            {
                return false;
            }
        }

        return true;
    }

    private static SmsMeasure MeasureGsm7(string text)
    {
        var septets = 0;
        foreach (var c in text)
        {
            septets += ExtensionSet.Contains(c) ? 2 : 1;
        }

        if (septets <= Gsm7Single)
        {
            return new(SmsEncoding.Gsm7, septets, 1);
        }

        // Pack parts greedily; an escape sequence is never split across two parts.
        var parts = 1;
        var used = 0;
        foreach (var c in text)
        {
            var size = ExtensionSet.Contains(c) ? 2 : 1;
            if (used + size > Gsm7Part)
            {
                parts++;
                used = 0;
            }

            used += size;
        }

        return new(SmsEncoding.Gsm7, septets, parts);
    }

    private static SmsMeasure MeasureUcs2(string text)
    {
        if (text.Length <= Ucs2Single)
        {
            return new(SmsEncoding.Ucs2, text.Length, 1);
        }

        // Pack parts greedily; a surrogate pair (e.g. an emoji) is never split across two parts.
        var parts = 1;
        var used = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var size = char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
            if (used + size > Ucs2Part)
            {
                parts++;
                used = 0;
            }

            used += size;
            i += size - 1;
        }

        return new(SmsEncoding.Ucs2, text.Length, parts);
    }
}
