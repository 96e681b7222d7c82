using System.Globalization;
using Microsoft.Extensions.Options;

namespace ComplianceMonitor.Application.Digest;

/// <summary>The <c>Digest__*</c> keys as bound from the <c>Digest</c> section; absent (or blank) keys take the <see cref="DigestOptions"/> defaults.</summary>
/// <remarks>
/// Kept as text, named like the keys, so that <see cref="DigestSettingsValidator"/> names a bad key with the same message
/// as before (<c>Digest__ChartWeeks: 'twelve' is not a whole number</c>, an unknown <c>Digest__Districts__{code}__*</c>
/// setting). The host binds them with <c>AddOptions&lt;DigestSettings&gt;().BindConfiguration(SectionName)</c>, validates them on start,
/// and builds the one <see cref="DigestOptions"/> the digest uses with <see cref="ToOptions"/>.
/// </remarks>
public sealed class DigestSettings
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = DigestOptions.SectionName;

    /// <summary><c>Digest__DefaultCron</c>.</summary>
    public string? DefaultCron { get; set; }

    /// <summary><c>Digest__DueWithinDays</c>.</summary>
    public string? DueWithinDays { get; set; }

    /// <summary><c>Digest__ChartWeeks</c>.</summary>
    public string? ChartWeeks { get; set; }

    /// <summary><c>Digest__MaxItemsPerSection</c>.</summary>
    public string? MaxItemsPerSection { get; set; }

    /// <summary><c>Digest__ClaimTimeoutMinutes</c>.</summary>
    public string? ClaimTimeoutMinutes { get; set; }

    /// <summary><c>Digest__MaxAttempts</c>.</summary>
    public string? MaxAttempts { get; set; }

    /// <summary><c>Digest__Districts__{code}__{setting}</c>: each district's settings by name (Cron, Recipients).</summary>
    /// <value>The default value is empty.</value>
    public Dictionary<string, Dictionary<string, string?>> Districts { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The digest options these settings describe, checked by <see cref="DigestOptionsValidator"/>.</summary>
    /// <exception cref="OptionsValidationException">A setting is invalid; the message names the key.</exception>
    public DigestOptions ToOptions()
    {
        var failures = new List<string>();
        return TryBuild(failures) ?? throw new OptionsValidationException(Options.DefaultName, typeof(DigestSettings), failures);
    }

    /// <summary>Builds the options, or adds the messages naming the bad keys to <paramref name="failures"/> (given empty) and returns null.</summary>
    /// <remarks>Every unreadable value and unknown district setting is named; only when all are readable are the values
    /// checked by <see cref="DigestOptionsValidator"/> (all of them).</remarks>
    public DigestOptions? TryBuild(List<string> failures)
    {
        var options = Read(failures);
        if (failures.Count == 0 && new DigestOptionsValidator().Validate(null, options) is { Failed: true } invalid)
        {
            failures.AddRange(invalid.Failures);
        }

        return failures.Count == 0 ? options : null;
    }

    /// <summary>Reads the values (not yet range-checked); an unreadable value or unknown district setting is added to <paramref name="failures"/>, naming the key.</summary>
    public DigestOptions Read(List<string> failures)
    {
        ArgumentNullException.ThrowIfNull(failures);
        var options = new DigestOptions();
        if (!string.IsNullOrWhiteSpace(DefaultCron))
        {
            options.DefaultCron = DefaultCron;
        }

        options.DueWithinDays = Int(DueWithinDays, nameof(DueWithinDays), options.DueWithinDays, failures);
        options.ChartWeeks = Int(ChartWeeks, nameof(ChartWeeks), options.ChartWeeks, failures);
        options.MaxItemsPerSection = Int(MaxItemsPerSection, nameof(MaxItemsPerSection), options.MaxItemsPerSection, failures);
        options.ClaimTimeoutMinutes = Int(ClaimTimeoutMinutes, nameof(ClaimTimeoutMinutes), options.ClaimTimeoutMinutes, failures);
        options.MaxAttempts = Int(MaxAttempts, nameof(MaxAttempts), options.MaxAttempts, failures);
        foreach (var (code, settings) in Districts)
        {
            foreach (var key in settings.Keys)
            {
                if (key is not ("Cron" or "Recipients"))
                {
                    failures.Add($"Digest__Districts__{code}__{key}: unknown setting; expected Cron or Recipients");
                }
            }

            options.Districts[code] = new DistrictDigestOptions { Cron = settings.GetValueOrDefault("Cron"), Recipients = settings.GetValueOrDefault("Recipients") };
        }

        return options;
    }

    private static int Int(string? text, string key, int fallback, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        if (int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        failures.Add($"Digest__{key}: '{text}' is not a whole number");
        return fallback;
    }
}

/// <summary>Checks <see cref="DigestSettings"/> on start: unreadable values and unknown district settings, then <see cref="DigestOptionsValidator"/>; each failure names its key.</summary>
public sealed class DigestSettingsValidator : IValidateOptions<DigestSettings>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, DigestSettings options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        return options.TryBuild(failures) is null ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }
}
