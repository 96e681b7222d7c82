using System.Globalization;
using ComplianceMonitor.Domain.Records;

namespace ComplianceMonitor.Domain.Rules;

/// <summary>Pieces of the one-line Chinese messages and of finding subjects, formatted without intermediate strings.</summary>
/// <remarks>
/// Messages are built with <c>string.Create(CultureInfo.InvariantCulture, stackalloc char[...], $"...")</c>; the
/// values below implement <see cref="ISpanFormattable"/> so that each message costs one string allocation.
/// </remarks>
internal static class RuleText
{
    private static readonly string[] Weekdays = ["星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"];

    /// <summary>A deadline as <c>2028年8月31日（星期四）</c>.</summary>
    public static ChineseDay Deadline(DateOnly day) => new(day, true);

    /// <summary>A day as <c>2028年8月31日</c>.</summary>
    public static ChineseDay Day(DateOnly day) => new(day, false);

    /// <summary>How far a deadline is: 还剩N天, 今天是最后一天, 已逾期N天.</summary>
    public static DaysLeft Days(DateOnly deadline, DateOnly asOf) => new(deadline.DayNumber - asOf.DayNumber);

    /// <summary>A day as <c>yyyy-MM-dd</c> (finding subjects).</summary>
    public static string Iso(DateOnly day) => string.Create(10, day, static (span, d) => WriteIso(span, d));

    /// <summary>A subject of the form <c>prefix:yyyy-MM-dd</c>, with <c>#n</c> appended for the n-th (n &gt; 1) of that day.</summary>
    public static string Subject(string prefix, DateOnly day, int ordinal)
    {
        Span<char> buffer = stackalloc char[64];
        prefix.AsSpan().CopyTo(buffer);
        var n = prefix.Length;
        buffer[n++] = ':';
        WriteIso(buffer[n..], day);
        n += 10;
        if (ordinal > 1)
        {
            buffer[n++] = '#';
            ordinal.TryFormat(buffer[n..], out var written, default, CultureInfo.InvariantCulture);
            n += written;
        }

        return new string(buffer[..n]);
    }

    /// <summary>The Chinese name of a recorded event type as the guideline words it.</summary>
    public static string EventName(LeaseEventType type) => type switch
    {
        LeaseEventType.Transfer => "转让",
        LeaseEventType.Sublease => "转租",
        LeaseEventType.Mortgage => "抵押",
        LeaseEventType.UseChange => "擅自改变土地用途",
        LeaseEventType.IndustryChange => "转换产业类型",
        LeaseEventType.RealEstateDevelopment => "变相进行房地产开发",
        _ => type.ToString(),
    };

    /// <summary>What the base price is called for the supply mode: 竞得价 (new) or 补缴政府土地收益 (existing).</summary>
    public static string BasePriceName(SupplyMode mode) => mode == SupplyMode.Existing ? "补缴政府土地收益" : "竞得价";

    /// <summary>The remark a reference gets in a message: <c>（ref）</c>, or nothing.</summary>
    public static string RefNote(string? reference) => string.IsNullOrWhiteSpace(reference) ? string.Empty : "（" + reference + "）";

    private static void WriteIso(Span<char> span, DateOnly d)
    {
        Write4(span, d.Year);
        span[4] = '-';
        Write2(span[5..], d.Month);
        span[7] = '-';
        Write2(span[8..], d.Day);
    }

    private static void Write4(Span<char> span, int value)
    {
        span[0] = (char)('0' + (value / 1000 % 10));
        span[1] = (char)('0' + (value / 100 % 10));
        span[2] = (char)('0' + (value / 10 % 10));
        span[3] = (char)('0' + (value % 10));
    }

    private static void Write2(Span<char> span, int value)
    {
        span[0] = (char)('0' + (value / 10));
        span[1] = (char)('0' + (value % 10));
    }

    /// <summary>A day in Chinese, optionally with its weekday.</summary>
    internal readonly struct ChineseDay(DateOnly day, bool withWeekday) : ISpanFormattable
    {
        /// <inheritdoc/>
        public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
        {
            var ok = withWeekday
                ? destination.TryWrite(CultureInfo.InvariantCulture, $"{day.Year}年{day.Month}月{day.Day}日（{Weekdays[(int)day.DayOfWeek]}）", out charsWritten)
                : destination.TryWrite(CultureInfo.InvariantCulture, $"{day.Year}年{day.Month}月{day.Day}日", out charsWritten);
            return ok;
        }

        /// <inheritdoc/>
        public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

        /// <inheritdoc/>
        public override string ToString() => string.Create(CultureInfo.InvariantCulture, stackalloc char[32], $"{this}");
    }

    /// <summary>Days until a deadline in words.</summary>
    internal readonly struct DaysLeft(int days) : ISpanFormattable
    {
        /// <inheritdoc/>
        public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider) =>
            days > 0 ? destination.TryWrite(CultureInfo.InvariantCulture, $"还剩{days}天", out charsWritten)
            : days == 0 ? destination.TryWrite(CultureInfo.InvariantCulture, $"今天是最后一天", out charsWritten)
            : destination.TryWrite(CultureInfo.InvariantCulture, $"已逾期{-days}天", out charsWritten);

        /// <inheritdoc/>
        public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

        /// <inheritdoc/>
        public override string ToString() => string.Create(CultureInfo.InvariantCulture, stackalloc char[32], $"{this}");
    }
}
