using ComplianceMonitor.Domain.Validation;
using CsCheck;

namespace ComplianceMonitor.Domain.Tests.Validation;

[Trait("Category", "unit")]
public class CreditCodeTests
{
    internal static readonly Gen<string> ValidCode =
        Gen.Int[0, CreditCode.Charset.Length - 1].Array[CreditCode.Length - 1].Select(values =>
        {
            var first17 = new string(values.Select(v => CreditCode.Charset[v]).ToArray());
            Assert.True(CreditCode.TryComputeCheckCharacter(first17, out var check));
            return first17 + check;
        });

    [Theory]
    [InlineData("91110111MA01ABCD1Q")] // the records.md example
    [InlineData("914403001922038216")] // published codes of large companies, checked independently of this code
    [InlineData("9144030071526726XG")]
    [InlineData("91330100799655058B")]
    [InlineData("911101080000000080")] // sum ≡ 0 (mod 31): 31 − 0 = 31 is written 0
    [InlineData("9111010800000000JY")] // check value 30: the last character of the set
    [InlineData("000000000000000000")]
    public void IsValid_CorrectCheckCharacter_IsTrue(string code)
    {
        Assert.True(CreditCode.IsValid(code));
    }

    [Theory]
    [InlineData("91110111MA01ABCD1", 'Q')]
    [InlineData("91440300192203821", '6')]
    [InlineData("9144030071526726X", 'G')]
    [InlineData("91110108000000008", '0')]
    [InlineData("9111010800000000J", 'Y')]
    [InlineData("91110108000000001", 'A')]
    public void TryComputeCheckCharacter_First17_GivesCheck(string first17, char expected)
    {
        Assert.True(CreditCode.TryComputeCheckCharacter(first17, out var check));
        Assert.Equal(expected, check);
    }

    [Theory]
    [InlineData("9111011IMA01ABCD1")]
    [InlineData("91110111ma01abcd1")]
    [InlineData("9111011")]
    [InlineData("")]
    public void TryComputeCheckCharacter_ShortOrOutsideCharset_IsFalse(string first17)
    {
        Assert.False(CreditCode.TryComputeCheckCharacter(first17, out _));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("91110111MA01ABCD1")]
    [InlineData("91110111MA01ABCD1X")]
    [InlineData("91110111MA01ABCD1q")]
    [InlineData("91110111MA01ABCDOQ")]
    [InlineData("91110111MA01ABCD1Q ")]
    public void IsValid_WrongLengthCharsetOrCheck_IsFalse(string? code)
    {
        Assert.False(CreditCode.IsValid(code));
    }

    [Fact]
    public void IsValid_AnySingleCharacterChanged_IsFalse()
    {
        // 31 is prime and no weight is a multiple of it, so every single substitution changes the check.
        var gen =
            from code in ValidCode
            from position in Gen.Int[0, CreditCode.Length - 1]
            from shift in Gen.Int[1, CreditCode.Charset.Length - 1]
            select (code, position, shift);

        gen.Sample((code, position, shift) =>
        {
            var chars = code.ToCharArray();
            var value = CreditCode.Charset.IndexOf(chars[position], StringComparison.Ordinal);
            chars[position] = CreditCode.Charset[(value + shift) % CreditCode.Charset.Length];

            Assert.True(CreditCode.IsValid(code));
            Assert.False(CreditCode.IsValid(new string(chars)));
        });
    }
}
