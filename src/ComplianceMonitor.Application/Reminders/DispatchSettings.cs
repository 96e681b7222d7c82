using System.Globalization;
using Microsoft.Extensions.Options;

namespace ComplianceMonitor.Application.Reminders;

/// <summary>The <c>Dispatch__*</c> keys as bound from the <c>Dispatch</c> section; absent (or blank) keys take the <see cref="DispatchOptions"/> defaults.</summary>
/// <remarks>
/// The values are kept as text, named like the keys, so that <see cref="DispatchSettingsValidator"/> names a bad key with
/// the same message as before (<c>Dispatch__MaxAttempts: 'many' is not a whole number</c>). The host binds them with
/// <c>AddOptions&lt;DispatchSettings&gt;().BindConfiguration(SectionName)</c>, validates them on start, and builds the one
/// <see cref="DispatchOptions"/> the dispatcher uses with <see cref="ToOptions"/>.
/// </remarks>
public sealed class DispatchSettings
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = DispatchOptions.SectionName;

    /// <summary><c>Dispatch__ClaimSeconds</c>: <see cref="DispatchOptions.ClaimDuration"/> in seconds.</summary>
    /// <value>The default value is null: 300.</value>
    public string? ClaimSeconds { get; set; }

    /// <summary><c>Dispatch__MinClaimRemainingSeconds</c>: <see cref="DispatchOptions.MinClaimRemaining"/> in seconds.</summary>
    /// <value>The default value is null: 120.</value>
    public string? MinClaimRemainingSeconds { get; set; }

    /// <summary><c>Dispatch__MaxAttempts</c>: <see cref="DispatchOptions.MaxAttempts"/>.</summary>
    /// <value>The default value is null: 10.</value>
    public string? MaxAttempts { get; set; }

    /// <summary><c>Dispatch__BaseDelaySeconds</c>: <see cref="DispatchOptions.BaseDelay"/> in seconds.</summary>
    /// <value>The default value is null: 30.</value>
    public string? BaseDelaySeconds { get; set; }

    /// <summary><c>Dispatch__MaxDelaySeconds</c>: <see cref="DispatchOptions.MaxDelay"/> in seconds.</summary>
    /// <value>The default value is null: 3600.</value>
    public string? MaxDelaySeconds { get; set; }

    /// <summary><c>Dispatch__MaxRetryAfterSeconds</c>: <see cref="DispatchOptions.MaxRetryAfter"/> in seconds.</summary>
    /// <value>The default value is null: 86400.</value>
    public string? MaxRetryAfterSeconds { get; set; }

    /// <summary><c>Dispatch__Parallelism</c>: <see cref="DispatchOptions.Parallelism"/>.</summary>
    /// <value>The default value is null: 4.</value>
    public string? Parallelism { get; set; }

    /// <summary><c>Dispatch__ChannelPauseSeconds</c>: <see cref="DispatchOptions.ChannelPause"/> in seconds.</summary>
    /// <value>The default value is null: 900.</value>
    public string? ChannelPauseSeconds { get; set; }

    /// <summary><c>Dispatch__Districts</c>: comma-separated district codes.</summary>
    /// <value>The default value is null: every jurisdiction.</value>
    public string? Districts { get; set; }

    /// <summary>The dispatch options these settings describe.</summary>
    /// <exception cref="OptionsValidationException">A setting is invalid; the message names the key.</exception>
    public DispatchOptions ToOptions()
    {
        var failures = new List<string>();
        return TryBuild(failures) ?? throw new OptionsValidationException(Options.DefaultName, typeof(DispatchSettings), failures);
    }

    /// <summary>Builds the options, or adds the messages naming the bad keys to <paramref name="failures"/> and returns null.</summary>
    /// <remarks>Every unreadable value is named; only when all are readable are the ranges checked (all of them).</remarks>
    public DispatchOptions? TryBuild(List<string> failures)
    {
        var d = new DispatchOptions();
        var options = new DispatchOptions
        {
            ClaimDuration = Seconds(ClaimSeconds, nameof(ClaimSeconds), d.ClaimDuration, failures),
            MinClaimRemaining = Seconds(MinClaimRemainingSeconds, nameof(MinClaimRemainingSeconds), d.MinClaimRemaining, failures),
            MaxAttempts = Int(MaxAttempts, nameof(MaxAttempts), d.MaxAttempts, failures),
            BaseDelay = Seconds(BaseDelaySeconds, nameof(BaseDelaySeconds), d.BaseDelay, failures),
            MaxDelay = Seconds(MaxDelaySeconds, nameof(MaxDelaySeconds), d.MaxDelay, failures),
            MaxRetryAfter = Seconds(MaxRetryAfterSeconds, nameof(MaxRetryAfterSeconds), d.MaxRetryAfter, failures),
            Parallelism = Int(Parallelism, nameof(Parallelism), d.Parallelism, failures),
            ChannelPause = Seconds(ChannelPauseSeconds, nameof(ChannelPauseSeconds), d.ChannelPause, failures),
            Districts = string.IsNullOrWhiteSpace(Districts)
                ? d.Districts
                : [.. Districts.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
        };
        if (failures.Count > 0)
        {
            return null;
        }

        failures.AddRange(options.Problems());
        return failures.Count == 0 ? options : null;
    }

    private static TimeSpan Seconds(string? text, string key, TimeSpan fallback, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) && v >= 0 && v <= TimeSpan.FromDays(7).TotalSeconds)
        {
            return TimeSpan.FromSeconds(v);
        }

        failures.Add($"{SectionName}__{key}: '{text}' is not a number of seconds (0 to 604800)");
        return fallback;
    }

    private static int Int(string? text, string key, int fallback, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v))
        {
            return v;
        }

        failures.Add($"{SectionName}__{key}: '{text}' is not a whole number");
        return fallback;
    }
}

/// <summary>Checks <see cref="DispatchSettings"/> on start; each failure names its key (<c>Dispatch__*</c>).</summary>
public sealed class DispatchSettingsValidator : IValidateOptions<DispatchSettings>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, DispatchSettings options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        return options.TryBuild(failures) is null ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }
}
