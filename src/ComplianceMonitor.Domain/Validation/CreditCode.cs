namespace ComplianceMonitor.Domain.Validation;

/// <summary>The 统一社会信用代码 (unified social credit code, GB 32100-2015): 18 characters, the last a check character.</summary>
/// <remarks>
/// Only the shape and the check character are verified: the characters come from
/// <see cref="Charset"/> (digits and upper-case letters without I, O, S, V, Z), and character 18 is
/// <c>31 − (Σ value(cᵢ) × wᵢ mod 31)</c> over the first 17, with 31 written as <c>0</c>. The meaning of
/// the registration-authority, organisation-type and region parts is not checked.
/// </remarks>
public static class CreditCode
{
    /// <summary>The length of a code.</summary>
    public const int Length = 18;

    /// <summary>The 31 characters a code may use, in the order of their values 0-30.</summary>
    public const string Charset = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    /// <summary>Computes the check character (position 18) for the first 17 characters of a code.</summary>
    /// <param name="first17">At least 17 characters; only the first 17 are used.</param>
    /// <param name="check">The check character when the result is true.</param>
    /// <returns>False when fewer than 17 characters are given or any of them is outside <see cref="Charset"/>.</returns>
    public static bool TryComputeCheckCharacter(ReadOnlySpan<char> first17, out char check)
    {
        check = default;
        if (first17.Length < Length - 1)
        {
            return false;
        }

        var sum = 0;
        for (var i = 0; i < Length - 1; i++)
        {
            var value = Charset.IndexOf(first17[i], StringComparison.Ordinal);
            if (value < 0)
            {
                return false;
            }

            sum += value * Weights[i];
        }

        var checkValue = 31 - (sum % 31);
        check = Charset[checkValue == 31 ? 0 : checkValue];
        return true;
    }

    /// <summary>Whether <paramref name="code"/> is 18 characters from <see cref="Charset"/> with a correct check character.</summary>
    public static bool IsValid(string? code) => code is not null && Problem(code) is null;

    /// <summary>What is wrong with <paramref name="code"/> for a person (English, then Chinese), or null when it is valid.</summary>
    internal static string? Problem(string code)
    {
        if (code.Length != Length)
        {
            return $"must be 18 characters, not {code.Length} (统一社会信用代码应为18位)";
        }

        for (var i = 0; i < Length; i++)
        {
            if (!Charset.Contains(code[i], StringComparison.Ordinal))
            {
                return $"character '{code[i]}' at position {i + 1} is not allowed: use digits and upper-case letters except I, O, S, V, Z (第{i + 1}位字符不合法)";
            }
        }

        TryComputeCheckCharacter(code, out var check);
        return code[Length - 1] == check
            ? null
            : $"check character should be '{check}', not '{code[Length - 1]}' (校验码应为{check})";
    }
}
