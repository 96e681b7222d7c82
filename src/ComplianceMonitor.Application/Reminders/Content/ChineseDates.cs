using System.Globalization;

namespace ComplianceMonitor.Application.Reminders.Content;

/// <summary>Chinese date text for notices: 2026年3月23日（星期一）.</summary>
public static class ChineseDates
{
    private static readonly string[] Weekdays = ["星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"];
    private static readonly string[] ShortWeekdays = ["周日", "周一", "周二", "周三", "周四", "周五", "周六"];

    /// <summary>The date as 2026年3月23日.</summary>
    public static string Date(DateOnly date) =>
        string.Create(CultureInfo.InvariantCulture, $"{date.Year}年{date.Month}月{date.Day}日");

    /// <summary>The date without the year, as 3月23日.</summary>
    public static string MonthDay(DateOnly date) =>
        string.Create(CultureInfo.InvariantCulture, $"{date.Month}月{date.Day}日");

    /// <summary>The weekday as 星期一 … 星期日.</summary>
    public static string Weekday(DateOnly date) => Weekdays[(int)date.DayOfWeek];

    /// <summary>The weekday as 周一 … 周日 (for SMS).</summary>
    public static string ShortWeekday(DateOnly date) => ShortWeekdays[(int)date.DayOfWeek];

    /// <summary>The date with its weekday, as 2026年3月23日（星期一）.</summary>
    public static string DateWithWeekday(DateOnly date) => $"{Date(date)}（{Weekday(date)}）";

    /// <summary>The ISO date, as 2026-03-23.</summary>
    public static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
