using System.Globalization;
using System.Text;

namespace ComplianceMonitor.Cli.Output;

/// <summary>How many terminal columns text takes: CJK and full-width characters take two, combining marks none.</summary>
/// <remarks>
/// A small subset of Unicode East Asian Width (UAX #11) that covers Chinese text, full-width punctuation
/// such as （）and ：, and Hangul/kana; everything else counts as one column. Enough to align columns that
/// mix ASCII and Chinese in a monospaced terminal.
/// </remarks>
public static class DisplayWidth
{
    /// <summary>The number of terminal columns <paramref name="text"/> occupies.</summary>
    public static int Of(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return 0;
        }

        var width = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            width += Of(rune);
        }

        return width;
    }

    /// <summary>The number of terminal columns one character occupies (0, 1 or 2).</summary>
    public static int Of(Rune rune)
    {
        var category = Rune.GetUnicodeCategory(rune);
        if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.Format or UnicodeCategory.Control)
        {
            return 0;
        }

        return IsWide(rune.Value) ? 2 : 1;
    }

    /// <summary>Pads <paramref name="text"/> on the right with spaces to <paramref name="width"/> columns.</summary>
    public static string PadRight(string text, int width)
    {
        ArgumentNullException.ThrowIfNull(text);
        var pad = width - Of(text);
        return pad > 0 ? text + new string(' ', pad) : text;
    }

    /// <summary>Pads <paramref name="text"/> on the left with spaces to <paramref name="width"/> columns.</summary>
    public static string PadLeft(string text, int width)
    {
        ArgumentNullException.ThrowIfNull(text);
        var pad = width - Of(text);
        return pad > 0 ? new string(' ', pad) + text : text;
    }

    private static bool IsWide(int c) =>
        c is >= 0x1100 and <= 0x115F // Hangul Jamo initials
        or >= 0x2E80 and <= 0x303E // CJK radicals, Kangxi, ideographic description, CJK symbols and punctuation
        or >= 0x3041 and <= 0x33FF // kana, Bopomofo, Hangul compatibility, Kanbun, CJK strokes, enclosed, compatibility
        or >= 0x3400 and <= 0x4DBF // CJK extension A
        or >= 0x4E00 and <= 0x9FFF // CJK unified ideographs
        or >= 0xA000 and <= 0xA4CF // Yi
        or >= 0xAC00 and <= 0xD7A3 // Hangul syllables
        or >= 0xF900 and <= 0xFAFF // CJK compatibility ideographs
        or >= 0xFE30 and <= 0xFE4F // CJK compatibility forms
        or >= 0xFF00 and <= 0xFF60 // full-width forms (（）：，)
        or >= 0xFFE0 and <= 0xFFE6 // full-width signs (￥)
        or >= 0x1F300 and <= 0x1F64F // pictographs and emoticons
        or >= 0x1F900 and <= 0x1F9FF // supplemental symbols and pictographs
        or >= 0x20000 and <= 0x3FFFD; // CJK extensions B and later, planes 2 and 3
}
