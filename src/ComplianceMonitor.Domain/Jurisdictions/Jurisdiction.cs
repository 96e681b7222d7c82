using System.Collections.Frozen;

namespace ComplianceMonitor.Domain.Jurisdictions;

/// <summary>A district government, or an administrative committee acting as one, under the guideline.</summary>
/// <param name="Code">GB/T 2260 code, or the product's own code for the two zones.</param>
/// <param name="Name">The Chinese name.</param>
public sealed record Jurisdiction(string Code, string Name)
{
    /// <summary>The product's code for 北京经济技术开发区 (not in GB/T 2260; 1101 + 91 in the unused range).</summary>
    public const string EconomicTechnologicalDevelopmentAreaCode = "110191";

    /// <summary>The product's code for 临空经济区（大兴） (not in GB/T 2260; 1101 + 92 in the unused range).</summary>
    public const string AirportEconomicZoneCode = "110192";

    /// <summary>The 16 districts of Beijing (GB/T 2260) and the two zones whose committees act as district governments.</summary>
    public static IReadOnlyList<Jurisdiction> All { get; } =
    [
        new("110101", "东城区"),
        new("110102", "西城区"),
        new("110105", "朝阳区"),
        new("110106", "丰台区"),
        new("110107", "石景山区"),
        new("110108", "海淀区"),
        new("110109", "门头沟区"),
        new("110111", "房山区"),
        new("110112", "通州区"),
        new("110113", "顺义区"),
        new("110114", "昌平区"),
        new("110115", "大兴区"),
        new("110116", "怀柔区"),
        new("110117", "平谷区"),
        new("110118", "密云区"),
        new("110119", "延庆区"),
        new(EconomicTechnologicalDevelopmentAreaCode, "北京经济技术开发区"),
        new(AirportEconomicZoneCode, "临空经济区（大兴）"),
    ];

    private static readonly FrozenDictionary<string, Jurisdiction> ByCode = All.ToFrozenDictionary(j => j.Code, StringComparer.Ordinal);

    /// <summary>Finds a jurisdiction by code.</summary>
    public static bool TryGet(string? code, out Jurisdiction? jurisdiction)
    {
        jurisdiction = null;
        return code is not null && ByCode.TryGetValue(code, out jurisdiction);
    }

    /// <summary>Whether <paramref name="code"/> is a configured jurisdiction.</summary>
    public static bool IsKnown(string? code) => code is not null && ByCode.ContainsKey(code);
}
