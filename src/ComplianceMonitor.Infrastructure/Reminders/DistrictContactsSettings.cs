using ComplianceMonitor.Application.Reminders.Content;
using Microsoft.Extensions.Options;

namespace ComplianceMonitor.Infrastructure.Reminders;

/// <summary>One department's configured contact (<c>DistrictContacts__{code}__{Planning|Industry}__*</c>).</summary>
public sealed class DepartmentContactSetting
{
    /// <summary>The department's name (<c>…__Name</c>); blank keeps the built-in one.</summary>
    public string? Name { get; set; }

    /// <summary>The phone number (<c>…__Phone</c>); blank keeps the built-in one.</summary>
    public string? Phone { get; set; }

    /// <summary>The email address (<c>…__Email</c>); blank keeps the built-in one.</summary>
    public string? Email { get; set; }
}

/// <summary>
/// District contact settings (section <c>DistrictContacts</c>): district code → <c>Planning</c> or <c>Industry</c> →
/// <see cref="DepartmentContactSetting"/>, laid over <see cref="DistrictContacts.Default"/> by <see cref="ToContacts"/>.
/// </summary>
public sealed class DistrictContactsSettings : Dictionary<string, Dictionary<string, DepartmentContactSetting>>
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "DistrictContacts";

    /// <summary>Creates empty settings.</summary>
    public DistrictContactsSettings()
        : base(StringComparer.Ordinal)
    {
    }

    /// <summary>The built-in directory with the settings applied.</summary>
    /// <exception cref="OptionsValidationException">A setting is invalid (the key is named).</exception>
    public DistrictContacts ToContacts()
    {
        var failures = new List<string>();
        return TryBuild(failures) ?? throw new OptionsValidationException(Options.DefaultName, typeof(DistrictContactsSettings), failures);
    }

    /// <summary>The directory, or null with a failure naming each bad key added to <paramref name="failures"/>.</summary>
    public DistrictContacts? TryBuild(List<string> failures)
    {
        ArgumentNullException.ThrowIfNull(failures);
        var overrides = new List<DepartmentContactOverride>();
        var before = failures.Count;
        foreach (var (district, departments) in this)
        {
            foreach (var (department, contact) in departments)
            {
                DepartmentKind? kind = department switch
                {
                    "Planning" => DepartmentKind.Planning,
                    "Industry" => DepartmentKind.Industry,
                    _ => null,
                };
                if (kind is null)
                {
                    failures.Add($"{SectionName}__{district}__{department}: expected Planning or Industry");
                    continue;
                }

                var email = Blank(contact?.Email);
                if (email is not null && !System.Net.Mail.MailAddress.TryCreate(email, out _))
                {
                    failures.Add($"{SectionName}__{district}__{department}__Email: not an email address");
                    continue;
                }

                overrides.Add(new DepartmentContactOverride(district, kind.Value, Blank(contact?.Name), Blank(contact?.Phone), email));
            }
        }

        if (failures.Count > before)
        {
            return null;
        }

        try
        {
            return DistrictContacts.Default.WithOverrides(overrides);
        }
        catch (ArgumentException ex)
        {
            failures.Add(ex.Message);
            return null;
        }

        static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
    }
}

/// <summary>Checks <see cref="DistrictContactsSettings"/> at start-up; each failure names its configuration key.</summary>
public sealed class DistrictContactsSettingsValidator : IValidateOptions<DistrictContactsSettings>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, DistrictContactsSettings options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        return options.TryBuild(failures) is null ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }
}
