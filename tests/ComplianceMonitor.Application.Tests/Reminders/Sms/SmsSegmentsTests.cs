using ComplianceMonitor.Application.Reminders.Sms;
using ComplianceMonitor.Application.Tests.Contacts;

namespace ComplianceMonitor.Application.Tests.Reminders.Sms;

[Trait("Category", "unit")]
public class SmsSegmentsTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 1)]
    [InlineData(160, 1)]
    [InlineData(161, 2)]
    [InlineData(306, 2)]
    [InlineData(307, 3)]
    [InlineData(459, 3)]
    [InlineData(460, 4)]
    public void Count_Gsm7Text_Uses160Then153(int length, int segments)
    {
        var text = new string('a', length);

        Assert.Equal(segments, SmsSegments.Count(text));
        Assert.Equal(SmsEncoding.Gsm7, SmsSegments.Measure(text).Encoding);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(70, 1)]
    [InlineData(71, 2)]
    [InlineData(134, 2)]
    [InlineData(135, 3)]
    [InlineData(201, 3)]
    [InlineData(202, 4)]
    public void Count_ChineseText_Uses70Then67(int length, int segments)
    {
        var text = new string('租', length);

        Assert.Equal(segments, SmsSegments.Count(text));
        Assert.Equal(new SmsMeasure(SmsEncoding.Ucs2, length, segments), SmsSegments.Measure(text));
    }

    [Fact]
    public void Count_OneChineseCharacterInAsciiText_SwitchesToUcs2()
    {
        var text = new string('a', 70) + "租";

        Assert.Equal(new SmsMeasure(SmsEncoding.Ucs2, 71, 2), SmsSegments.Measure(text));
    }

    [Fact]
    public void Measure_ExtensionCharacters_CountTwoSeptets()
    {
        Assert.Equal(new SmsMeasure(SmsEncoding.Gsm7, 160, 1), SmsSegments.Measure(new string('€', 80)));
        Assert.Equal(new SmsMeasure(SmsEncoding.Gsm7, 162, 2), SmsSegments.Measure(new string('€', 81)));
    }

    [Fact]
    public void Measure_EscapeSequenceAtPartBoundary_IsNotSplit()
    {
        // 152 septets then '€' (2) does not fit the first 153-septet part; 152 + 2 + 152 = 306 septets need 3 parts.
        var text = new string('a', 152) + "€" + new string('a', 152);

        Assert.Equal(new SmsMeasure(SmsEncoding.Gsm7, 306, 3), SmsSegments.Measure(text));
    }

    [Fact]
    public void Measure_SurrogatePairAtPartBoundary_IsNotSplit()
    {
        // 66 units then an emoji (2 units) spills into part two: 66 | 2 + 66 = 134 units in 3 parts, not 2.
        var text = new string('租', 66) + "😀" + new string('租', 66);

        Assert.Equal(new SmsMeasure(SmsEncoding.Ucs2, 134, 3), SmsSegments.Measure(text));
    }

    [Theory]
    [InlineData("Hello @ £5 ÄÖ {x}", true)]
    [InlineData("租金", false)]
    [InlineData("`backtick", false)]
    [InlineData("Café", true)] // é (U+00E9) is in the GSM basic table
    [InlineData("Ça va", true)]
    [InlineData("ça va", false)] // lower-case ç is not
    public void IsGsm7_Text_DetectsAlphabet(string text, bool expected) =>
        Assert.Equal(expected, SmsSegments.IsGsm7(text));
}
