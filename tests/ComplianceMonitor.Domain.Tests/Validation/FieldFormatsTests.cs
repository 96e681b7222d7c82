using ComplianceMonitor.Domain.Validation;

namespace ComplianceMonitor.Domain.Tests.Validation;

[Trait("Category", "unit")]
public class FieldFormatsTests
{
    [Theory]
    [InlineData("13800138000")]
    [InlineData("13000000000")]
    [InlineData("15912345678")]
    [InlineData("19999999999")]
    public void IsMobile_MainlandMobile_IsTrue(string mobile)
    {
        Assert.True(FieldFormats.IsMobile(mobile));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("12800138000")]
    [InlineData("11800138000")]
    [InlineData("1380013800")]
    [InlineData("138001380001")]
    [InlineData("+8613800138000")]
    [InlineData("13800138000\n")]
    [InlineData("1380013800a")]
    [InlineData("١٣٨٠٠١٣٨٠٠٠")] // non-ASCII digits
    public void IsMobile_Other_IsFalse(string? mobile)
    {
        Assert.False(FieldFormats.IsMobile(mobile));
    }

    [Theory]
    [InlineData("zhang@example.com")]
    [InlineData("a@b.cn")]
    [InlineData("zhang.san@mail.example.com.cn")]
    [InlineData("li.si+lease@air-port.example.cn")]
    [InlineData("ZHANG_3@EXAMPLE.ORG")]
    [InlineData("x@example.xn--fiqs8s")]
    public void IsEmail_PlainAddress_IsTrue(string email)
    {
        Assert.True(FieldFormats.IsEmail(email));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("zhang")]
    [InlineData("zhang@example")]
    [InlineData("zhang@example.c")]
    [InlineData("zhang@example.123")]
    [InlineData("zhang @example.com")]
    [InlineData("zhang@exa mple.com")]
    [InlineData("zhang@example.com\n")]
    [InlineData("a@b@example.com")]
    [InlineData("zhang..san@example.com")]
    [InlineData("zhang@example-.com")]
    [InlineData("张三@example.com")]
    [InlineData("<zhang@example.com>")]
    public void IsEmail_Other_IsFalse(string? email)
    {
        Assert.False(FieldFormats.IsEmail(email));
    }

    [Fact]
    public void IsEmail_LongerThan254_IsFalse()
    {
        var local = new string('a', 64);
        var domain = string.Join('.', Enumerable.Repeat(new string('b', 60), 3)) + ".cn"; // 186 characters
        Assert.True(FieldFormats.IsEmail($"{local}@{domain}"));
        Assert.False(FieldFormats.IsEmail($"{local}@{new string('c', 63)}.{domain}"));
    }

    [Theory]
    [InlineData("2024-03-01", true, true, 2024, 3, 1)]
    [InlineData("2024-02-29", true, true, 2024, 2, 29)]
    [InlineData("9999-12-31", true, true, 9999, 12, 31)]
    [InlineData("2025-02-29", false, true, 0, 0, 0)]
    [InlineData("2025-00-10", false, true, 0, 0, 0)]
    [InlineData("2025-1-10", false, false, 0, 0, 0)]
    [InlineData("2025-01-10 ", false, false, 0, 0, 0)]
    [InlineData("12025-01-10", false, false, 0, 0, 0)]
    [InlineData("2025-01-10\n", false, false, 0, 0, 0)]
    [InlineData("", false, false, 0, 0, 0)]
    [InlineData(null, false, false, 0, 0, 0)]
    public void TryParseDate_Text_ParsesOnlyRealDaysInFormat(string? text, bool parsed, bool wellFormed, int year, int month, int day)
    {
        Assert.Equal(parsed, FieldFormats.TryParseDate(text, out var date, out var shape));
        Assert.Equal(wellFormed, shape);
        Assert.Equal(parsed ? new DateOnly(year, month, day) : default, date);
    }

    [Theory]
    [InlineData(2024, 3, 1, "2024-03-01")]
    [InlineData(9, 1, 2, "0009-01-02")]
    public void FormatDate_Date_IsYearMonthDay(int year, int month, int day, string expected)
    {
        Assert.Equal(expected, FieldFormats.FormatDate(new DateOnly(year, month, day)));
    }

    [Theory]
    [InlineData("FS-2024-0001", true)]
    [InlineData("x", true)]
    [InlineData("", false)]
    [InlineData("FS 1", false)]
    [InlineData("FS-1\n", false)]
    [InlineData("Ｆ", false)]
    public void IsLeaseId_Text_AcceptsOnlyTheAllowedCharacters(string text, bool expected)
    {
        Assert.Equal(expected, FieldFormats.IsLeaseId(text));
    }
}
