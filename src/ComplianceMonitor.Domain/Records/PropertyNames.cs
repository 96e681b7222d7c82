using System.Collections.Frozen;
using System.Text;

namespace ComplianceMonitor.Domain.Records;

/// <summary>The property names a JSON object of the wire contract allows, matched against raw UTF-8 names without allocating a string per property.</summary>
internal sealed class PropertyNames
{
    private readonly FrozenSet<string> _names;
    private readonly (string Name, byte[] Utf8)[] _utf8;

    /// <summary>Creates the set of <paramref name="names"/>.</summary>
    public PropertyNames(params string[] names)
    {
        _names = names.ToFrozenSet(StringComparer.Ordinal);
        _utf8 = [.. names.Select(n => (n, Encoding.UTF8.GetBytes(n)))];
    }

    /// <summary>How many names are allowed.</summary>
    public int Count => _names.Count;

    /// <summary>Whether <paramref name="name"/> is allowed.</summary>
    public bool Contains(string name) => _names.Contains(name);

    /// <summary>The allowed name whose UTF-8 form is exactly <paramref name="utf8"/>, or null (an escaped or unknown name).</summary>
    public string? Match(ReadOnlySpan<byte> utf8)
    {
        foreach (var (name, bytes) in _utf8)
        {
            if (utf8.SequenceEqual(bytes))
            {
                return name;
            }
        }

        return null;
    }
}
