using System.Collections.Frozen;

namespace ComplianceMonitor.Domain.Records;

/// <summary>The wire names of an enum (from <see cref="Findings.WireNames"/>), in declaration order, for exact parsing.</summary>
internal sealed class WireEnum<T>
    where T : struct, Enum
{
    private readonly FrozenDictionary<string, T> byName;

    public WireEnum(Func<T, string> wireName)
    {
        var values = Enum.GetValues<T>();
        Names = values.Select(wireName).ToArray();
        byName = values.ToFrozenDictionary(wireName, v => v, StringComparer.Ordinal);
    }

    /// <summary>The wire names in declaration order, for messages.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Parses a wire name, case-sensitively.</summary>
    public bool TryParse(string text, out T value) => byName.TryGetValue(text, out value);
}
