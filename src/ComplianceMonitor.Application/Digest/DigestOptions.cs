using ComplianceMonitor.Domain.Jurisdictions;
using Microsoft.Extensions.Options;

namespace ComplianceMonitor.Application.Digest;

/// <summary>Digest settings, bound from the <c>Digest__*</c> keys (team brief, "Configuration keys").</summary>
/// <remarks>
/// A district's digest goes out on its own Cronos schedule, evaluated in Beijing time: <see cref="DefaultCron"/>
/// unless <c>Digest__Districts__{code}__Cron</c> (or a stored schedule, <see cref="IDigestScheduleStore"/>) says
/// otherwise. A district without recipients (<c>Digest__Districts__{code}__Recipients</c>, comma separated, or a
/// stored list) gets no digest.
/// </remarks>
public sealed class DigestOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Digest";

    /// <summary>The built-in schedule: 08:30 Beijing time, Monday to Friday (off-days are skipped separately).</summary>
    public const string BuiltInCron = "30 8 * * 1-5";

    /// <summary>The schedule of every district without its own (<c>Digest__DefaultCron</c>), 5 fields (or 6 with seconds first), Beijing time.</summary>
    /// <value>The default value is <c>30 8 * * 1-5</c>.</value>
    public string DefaultCron { get; set; } = BuiltInCron;

    /// <summary>Per-district settings by jurisdiction code (<c>Digest__Districts__{code}__Cron</c>, <c>…__Recipients</c>).</summary>
    /// <value>The default value is empty: every district on <see cref="DefaultCron"/>, none with recipients.</value>
    public IDictionary<string, DistrictDigestOptions> Districts { get; } = new Dictionary<string, DistrictDigestOptions>(StringComparer.Ordinal);

    /// <summary>How many days ahead count as "due soon" (<c>Digest__DueWithinDays</c>): deadlines with 0 to this many days remaining.</summary>
    /// <value>The default value is 30 (policy.md: "deadlines in the next 30 days").</value>
    public int DueWithinDays { get; set; } = 30;

    /// <summary>How many weeks the deadline chart covers (<c>Digest__ChartWeeks</c>), 4 to 16.</summary>
    /// <value>The default value is 12.</value>
    public int ChartWeeks { get; set; } = 12;

    /// <summary>The most items listed per section (<c>Digest__MaxItemsPerSection</c>); the counts always cover all.</summary>
    /// <value>The default value is 100.</value>
    public int MaxItemsPerSection { get; set; } = 100;

    /// <summary>How long a claimed digest may stay "sending" before another run takes it over (<c>Digest__ClaimTimeoutMinutes</c>).</summary>
    /// <value>The default value is 10.</value>
    public int ClaimTimeoutMinutes { get; set; } = 10;

    /// <summary>How many send attempts one occurrence gets before it is abandoned (<c>Digest__MaxAttempts</c>).</summary>
    /// <value>The default value is 5.</value>
    public int MaxAttempts { get; set; } = 5;
}

/// <summary>One district's digest settings (<c>Digest__Districts__{code}__*</c>).</summary>
public sealed class DistrictDigestOptions
{
    /// <summary>The district's own schedule (<c>Digest__Districts__{code}__Cron</c>), or null for the default.</summary>
    /// <value>The default value is null.</value>
    public string? Cron { get; set; }

    /// <summary>The supervisors' addresses, comma separated (<c>Digest__Districts__{code}__Recipients</c>).</summary>
    /// <value>The default value is null: no digest is sent for the district.</value>
    public string? Recipients { get; set; }
}

/// <summary>Checks <see cref="DigestOptions"/> at start-up; each failure names its configuration key.</summary>
public sealed class DigestOptionsValidator : IValidateOptions<DigestOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, DigestOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!DigestCron.TryParse(options.DefaultCron, out _, out var error))
        {
            failures.Add($"Digest__DefaultCron: {error}");
        }

        foreach (var (code, district) in options.Districts.OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            var prefix = $"Digest__Districts__{code}";
            if (!Jurisdiction.IsKnown(code))
            {
                failures.Add($"{prefix}: '{code}' is not a jurisdiction code");
                continue;
            }

            if (district.Cron is { } cron && !string.IsNullOrWhiteSpace(cron) && !DigestCron.TryParse(cron, out _, out var cronError))
            {
                failures.Add($"{prefix}__Cron: {cronError}");
            }

            if (!DigestRecipients.TryParse(district.Recipients, out _, out var recipientsError))
            {
                failures.Add($"{prefix}__Recipients: {recipientsError}");
            }
        }

        Range(failures, "Digest__DueWithinDays", options.DueWithinDays, 1, 366);
        Range(failures, "Digest__ChartWeeks", options.ChartWeeks, 4, 16);
        Range(failures, "Digest__MaxItemsPerSection", options.MaxItemsPerSection, 1, 1000);
        Range(failures, "Digest__ClaimTimeoutMinutes", options.ClaimTimeoutMinutes, 1, 240);
        Range(failures, "Digest__MaxAttempts", options.MaxAttempts, 1, 100);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Range(List<string> failures, string key, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            failures.Add($"{key}: {value} is outside {min}-{max}");
        }
    }
}
