using ComplianceMonitor.Domain.Rules;
using static ComplianceMonitor.Domain.Tests.Rules.TestLeases;

namespace ComplianceMonitor.Domain.Tests.Rules;

[Trait("Category", "unit")]
public class RuleTextTests
{
    [Theory]
    [InlineData("2028-08-27", "2028年8月27日（星期日）")]
    [InlineData("2028-08-28", "2028年8月28日（星期一）")]
    [InlineData("2028-08-29", "2028年8月29日（星期二）")]
    [InlineData("2028-08-30", "2028年8月30日（星期三）")]
    [InlineData("2028-08-31", "2028年8月31日（星期四）")]
    [InlineData("2025-10-10", "2025年10月10日（星期五）")]
    [InlineData("2025-10-11", "2025年10月11日（星期六）")]
    public void Deadline_AnyWeekday_ChineseDateWithWeekday(string day, string text) => Assert.Equal(text, RuleText.Deadline(D(day)).ToString());

    [Fact]
    public void Day_NoWeekday() => Assert.Equal("2029年2月28日", RuleText.Day(D("2029-02-28")).ToString());

    [Theory]
    [InlineData("2025-10-09", "2025-10-01", "还剩8天")]
    [InlineData("2025-10-09", "2025-10-09", "今天是最后一天")]
    [InlineData("2025-10-09", "2025-10-19", "已逾期10天")]
    public void Days_Phrase(string deadline, string asOf, string text) => Assert.Equal(text, RuleText.Days(D(deadline), D(asOf)).ToString());

    [Fact]
    public void Iso_EarlyYear_PaddedDigits() => Assert.Equal("0987-01-05", RuleText.Iso(new DateOnly(987, 1, 5)));

    [Theory]
    [InlineData(1, "rent:2025-03-01")]
    [InlineData(2, "rent:2025-03-01#2")]
    [InlineData(12, "rent:2025-03-01#12")]
    public void Subject_Ordinal_SuffixFromSecond(int ordinal, string subject) => Assert.Equal(subject, RuleText.Subject("rent", D("2025-03-01"), ordinal));
}
