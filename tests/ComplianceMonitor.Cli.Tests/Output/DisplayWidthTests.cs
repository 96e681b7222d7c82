using ComplianceMonitor.Cli.Output;

namespace ComplianceMonitor.Cli.Tests.Output;

[Trait("Category", "unit")]
public class DisplayWidthTests
{
    [Theory]
    [InlineData("", 0)]
    [InlineData("ASSESSMENT_APPLICATION", 22)]
    [InlineData("房山区", 6)]
    [InlineData("临空经济区（大兴）", 18)]
    [InlineData("三（五）", 8)]
    [InlineData("京(2025)房山区", 14)]
    [InlineData("￥1", 3)]
    [InlineData("e\u0301", 1)] // e + combining acute accent
    [InlineData("\U00020000", 2)] // CJK extension B, a surrogate pair
    public void Of_Text_CountsTerminalColumns(string text, int expected) => Assert.Equal(expected, DisplayWidth.Of(text));

    [Fact]
    public void PadRight_ChineseText_PadsToDisplayWidth()
    {
        Assert.Equal("房山区    |", DisplayWidth.PadRight("房山区", 10) + "|");
        Assert.Equal("abc       |", DisplayWidth.PadRight("abc", 10) + "|");
    }

    [Fact]
    public void PadLeft_TextWiderThanTheColumn_IsLeftAsItIs() => Assert.Equal("房山区", DisplayWidth.PadLeft("房山区", 4));
}
