using System.Collections.Frozen;
using ComplianceMonitor.Domain.Jurisdictions;
using ComplianceMonitor.Domain.Rules;

namespace ComplianceMonitor.Application.Reminders.Content;

/// <summary>A department a land user can call or write to.</summary>
/// <param name="Name">The department's name, e.g. 房山区规划自然资源分局.</param>
/// <param name="Phone">Its phone number, or null until configured (reminders then point to the 12345 hotline).</param>
/// <param name="Email">Its email address, or null until configured.</param>
public sealed record DepartmentContact(string Name, string? Phone, string? Email)
{
    /// <summary>Beijing's citizen service hotline, shown while a department's own number is not configured.</summary>
    public const string CityHotline = "12345";

    /// <summary>The number to show: the configured one, else the 12345 hotline.</summary>
    public string PhoneOrHotline => string.IsNullOrWhiteSpace(Phone) ? CityHotline : Phone;
}

/// <summary>Whom a land user of one jurisdiction contacts.</summary>
/// <param name="Code">The jurisdiction code (Jurisdiction.cs).</param>
/// <param name="DistrictName">The jurisdiction's name.</param>
/// <param name="Planning">规划自然资源主管部门: contracts, land price, rent, registration, exit, dispositions.</param>
/// <param name="Industry">产业主管部门: assessment matters.</param>
public sealed record DistrictContact(string Code, string DistrictName, DepartmentContact Planning, DepartmentContact Industry)
{
    /// <summary>The department answering for <paramref name="rule"/>.</summary>
    public DepartmentContact For(RuleCode rule) => ReminderActions.For(rule).Department == DepartmentKind.Industry ? Industry : Planning;
}

/// <summary>A configured change to one department's contact details.</summary>
/// <param name="Code">The jurisdiction code.</param>
/// <param name="Department">Which of its departments.</param>
/// <param name="Name">A new name, or null to keep the default.</param>
/// <param name="Phone">The phone number, or null to keep the current value.</param>
/// <param name="Email">The email address, or null to keep the current value.</param>
public sealed record DepartmentContactOverride(string Code, DepartmentKind Department, string? Name, string? Phone, string? Email);

/// <summary>The contact directory: one entry per jurisdiction of Jurisdiction.All.</summary>
/// <remarks>
/// The department names are placeholders in the usual form of each district's bodies. <b>Phone numbers and
/// email addresses are configuration to be filled in by each district</b> (they are null here; see
/// <see cref="WithOverrides"/> and the <c>DistrictContacts__{code}__{Planning|Industry}__{Name|Phone|Email}</c>
/// settings); until then reminders show the 12345 citizen hotline.
/// </remarks>
public sealed class DistrictContacts
{
    private readonly FrozenDictionary<string, DistrictContact> _byCode;

    /// <summary>Creates a directory; every code must be a known jurisdiction, each at most once.</summary>
    public DistrictContacts(IEnumerable<DistrictContact> contacts)
    {
        ArgumentNullException.ThrowIfNull(contacts);
        var map = new Dictionary<string, DistrictContact>(StringComparer.Ordinal);
        foreach (var c in contacts)
        {
            if (!Jurisdiction.IsKnown(c.Code))
            {
                throw new ArgumentException($"DistrictContacts: '{c.Code}' is not a jurisdiction code", nameof(contacts));
            }

            if (!map.TryAdd(c.Code, c))
            {
                throw new ArgumentException($"DistrictContacts: '{c.Code}' appears twice", nameof(contacts));
            }
        }

        _byCode = map.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>The built-in directory: placeholder department names, no phone numbers or emails yet.</summary>
    public static DistrictContacts Default { get; } = new(Jurisdiction.All.Select(DefaultFor));

    /// <summary>All entries, in Jurisdiction.All order where present.</summary>
    public IReadOnlyList<DistrictContact> All =>
        [.. Jurisdiction.All.Where(j => _byCode.ContainsKey(j.Code)).Select(j => _byCode[j.Code])];

    /// <summary>The entry for <paramref name="code"/>; throws naming the code when there is none.</summary>
    public DistrictContact For(string code) =>
        code is not null && _byCode.TryGetValue(code, out var c) ? c : throw new KeyNotFoundException($"districtCode: no contact entry for '{code}'");

    /// <summary>Finds the entry for <paramref name="code"/>.</summary>
    public bool TryGet(string? code, out DistrictContact? contact)
    {
        contact = null;
        return code is not null && _byCode.TryGetValue(code, out contact);
    }

    /// <summary>A copy with configured names, phone numbers and emails applied.</summary>
    public DistrictContacts WithOverrides(IEnumerable<DepartmentContactOverride> overrides)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        var map = _byCode.ToDictionary(StringComparer.Ordinal);
        foreach (var o in overrides)
        {
            if (!map.TryGetValue(o.Code, out var entry))
            {
                throw new ArgumentException($"DistrictContacts__{o.Code}: not a jurisdiction code", nameof(overrides));
            }

            var dept = o.Department == DepartmentKind.Industry ? entry.Industry : entry.Planning;
            var updated = new DepartmentContact(o.Name ?? dept.Name, o.Phone ?? dept.Phone, o.Email ?? dept.Email);
            map[o.Code] = o.Department == DepartmentKind.Industry ? entry with { Industry = updated } : entry with { Planning = updated };
        }

        return new DistrictContacts(map.Values);
    }

    private static DistrictContact DefaultFor(Jurisdiction j) => j.Code switch
    {
        Jurisdiction.EconomicTechnologicalDevelopmentAreaCode => new(j.Code, j.Name,
            new DepartmentContact("北京经济技术开发区开发建设局（规划自然资源）", null, null),
            new DepartmentContact("北京经济技术开发区经济发展局", null, null)),
        Jurisdiction.AirportEconomicZoneCode => new(j.Code, j.Name,
            new DepartmentContact("临空经济区（大兴）管委会规划自然资源部门", null, null),
            new DepartmentContact("临空经济区（大兴）管委会产业促进部门", null, null)),
        _ => new(j.Code, j.Name,
            new DepartmentContact($"{j.Name}规划自然资源分局", null, null),
            new DepartmentContact($"{j.Name}经济和信息化局", null, null)),
    };
}
