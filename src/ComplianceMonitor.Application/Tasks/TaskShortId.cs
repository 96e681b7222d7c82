using System.Security.Cryptography;
using System.Text;

namespace ComplianceMonitor.Application.Tasks;

/// <summary>The short, typable id of an enforcement task: <c>T-</c> and 8 Crockford base32 characters, e.g. <c>T-7K3QX9DM</c>.</summary>
/// <remarks>
/// <para>Derived from the task's district and key (its alert key), so every scan and every instance derives the same id
/// for the same breach (creation stays idempotent). 40 bits: a clash between two tasks is rare but possible, so the store
/// keeps an index of the ids given out and derives the next candidate (<c>attempt</c> 1, 2, …) when one is taken by another
/// task. The alphabet has no I, L, O or U; reading is case-insensitive and takes i/l as 1 and o as 0 (Crockford).</para>
/// </remarks>
public static class TaskShortId
{
    /// <summary>The prefix of every short id.</summary>
    public const string Prefix = "T-";

    /// <summary>The number of base32 characters after the prefix.</summary>
    public const int Length = 8;

    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    /// <summary>The <paramref name="attempt"/>-th candidate short id of the task <paramref name="key"/> of <paramref name="districtCode"/> (0 first).</summary>
    public static string Derive(string districtCode, string key, int attempt = 0)
    {
        ArgumentException.ThrowIfNullOrEmpty(districtCode);
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentOutOfRangeException.ThrowIfNegative(attempt);
        var text = attempt == 0 ? $"{districtCode}\n{key}" : $"{districtCode}\n{key}\n{attempt}";
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text));
        ulong bits = 0;
        for (var i = 0; i < 5; i++)
        {
            bits = (bits << 8) | hash[i];
        }

        Span<char> chars = stackalloc char[Prefix.Length + Length];
        Prefix.AsSpan().CopyTo(chars);
        for (var i = Length - 1; i >= 0; i--)
        {
            chars[Prefix.Length + i] = Alphabet[(int)(bits & 31)];
            bits >>= 5;
        }

        return new string(chars);
    }

    /// <summary>Whether <paramref name="text"/> reads as a short id; <paramref name="id"/> is then its canonical form (upper case, i/l → 1, o → 0).</summary>
    public static bool TryNormalize(string? text, out string id)
    {
        id = string.Empty;
        var t = text?.Trim();
        if (t is null || t.Length != Prefix.Length + Length || (t[0] is not ('T' or 't')) || t[1] != '-')
        {
            return false;
        }

        Span<char> chars = stackalloc char[Prefix.Length + Length];
        Prefix.AsSpan().CopyTo(chars);
        for (var i = 0; i < Length; i++)
        {
            var c = char.ToUpperInvariant(t[Prefix.Length + i]);
            c = c switch { 'I' or 'L' => '1', 'O' => '0', _ => c };
            if (!Alphabet.Contains(c, StringComparison.Ordinal))
            {
                return false;
            }

            chars[Prefix.Length + i] = c;
        }

        id = new string(chars);
        return true;
    }
}
