using ComplianceMonitor.Application.Contacts;
using System.Globalization;
using ComplianceMonitor.Domain.Jurisdictions;
using Microsoft.Extensions.Configuration;

namespace ComplianceMonitor.Application.Reminders;

/// <summary>How the dispatcher claims, retries and paces sends (configuration section <c>Dispatch</c>).</summary>
/// <remarks>
/// Keys: <c>Dispatch__ClaimSeconds</c>, <c>Dispatch__MinClaimRemainingSeconds</c>, <c>Dispatch__MaxAttempts</c>,
/// <c>Dispatch__BaseDelaySeconds</c>, <c>Dispatch__MaxDelaySeconds</c>, <c>Dispatch__MaxRetryAfterSeconds</c>,
/// <c>Dispatch__Parallelism</c>, <c>Dispatch__ChannelPauseSeconds</c>, <c>Dispatch__Districts</c> (comma-separated codes). Every key has a default;
/// <see cref="Validate"/> names the key of a bad value.
/// The claim must outlast one provider call (<c>Email__TimeoutSeconds</c>, <c>Sms__TimeoutSeconds</c>, 30 s by default)
/// plus <see cref="MinClaimRemaining"/>: a dispatcher starts a send only while at least that much of its claim is left.
/// </remarks>
public sealed record DispatchOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Dispatch";

    /// <summary>How long a claim lasts; a claim older than this is taken to belong to a dispatcher that died.</summary>
    /// <value>The default value is 5 minutes.</value>
    public TimeSpan ClaimDuration { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The least claim time that must remain to start a send (it covers the provider call and clock skew).</summary>
    /// <value>The default value is 2 minutes.</value>
    public TimeSpan MinClaimRemaining { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Attempts after which a transiently failing entry is given up (dead).</summary>
    /// <value>The default value is 10.</value>
    public int MaxAttempts { get; init; } = 10;

    /// <summary>The wait after the first transient failure; it doubles with each further failure up to <see cref="MaxDelay"/>.</summary>
    /// <value>The default value is 30 seconds.</value>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest wait between attempts computed by backoff.</summary>
    /// <value>The default value is 1 hour.</value>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromHours(1);

    /// <summary>The longest provider Retry-After honoured (a longer one is cut to this).</summary>
    /// <value>The default value is 24 hours.</value>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromHours(24);

    /// <summary>How many entries one dispatcher works on at once.</summary>
    /// <value>The default value is 4.</value>
    public int Parallelism { get; init; } = 4;

    /// <summary>How long a channel rests after its provider refused our account (401/403, unverified sender) before a pass tries it again.</summary>
    /// <value>The default value is 15 minutes.</value>
    public TimeSpan ChannelPause { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>The districts (outbox partitions) to dispatch.</summary>
    /// <value>The default value is every jurisdiction (<see cref="Jurisdiction.All"/>).</value>
    public IReadOnlyList<string> Districts { get; init; } = [.. Jurisdiction.All.Select(j => j.Code)];

    /// <summary>The backoff these options describe.</summary>
    public BackoffPolicy Backoff() => new(BaseDelay, MaxDelay, MaxRetryAfter);

    /// <summary>Throws <see cref="InvalidOperationException"/> naming the key of the first bad value.</summary>
    public DispatchOptions Validate()
    {
        Require(ClaimDuration > TimeSpan.Zero, "ClaimSeconds", "must be positive");
        Require(MinClaimRemaining >= TimeSpan.Zero && MinClaimRemaining < ClaimDuration, "MinClaimRemainingSeconds", "must be at least 0 and less than Dispatch__ClaimSeconds");
        Require(MaxAttempts >= 1, "MaxAttempts", "must be at least 1");
        Require(BaseDelay > TimeSpan.Zero, "BaseDelaySeconds", "must be positive");
        Require(MaxDelay >= BaseDelay, "MaxDelaySeconds", "must be at least Dispatch__BaseDelaySeconds");
        Require(MaxRetryAfter >= TimeSpan.Zero, "MaxRetryAfterSeconds", "must not be negative");
        Require(Parallelism is >= 1 and <= 64, "Parallelism", "must be 1-64");
        Require(ChannelPause > TimeSpan.Zero, "ChannelPauseSeconds", "must be positive");
        Require(Districts is { Count: > 0 } && Districts.All(d => !string.IsNullOrWhiteSpace(d)), "Districts", "must list at least one district code");
        return this;

        static void Require(bool ok, string key, string message)
        {
            if (!ok)
            {
                throw new InvalidOperationException($"{SectionName}__{key}: {message}");
            }
        }
    }

    /// <summary>Reads the options from <paramref name="configuration"/> (section <c>Dispatch</c>); errors name the key.</summary>
    public static DispatchOptions FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var s = configuration.GetSection(SectionName);
        var d = new DispatchOptions();
        return new DispatchOptions
        {
            ClaimDuration = Seconds(s, "ClaimSeconds", d.ClaimDuration),
            MinClaimRemaining = Seconds(s, "MinClaimRemainingSeconds", d.MinClaimRemaining),
            MaxAttempts = Int(s, "MaxAttempts", d.MaxAttempts),
            BaseDelay = Seconds(s, "BaseDelaySeconds", d.BaseDelay),
            MaxDelay = Seconds(s, "MaxDelaySeconds", d.MaxDelay),
            MaxRetryAfter = Seconds(s, "MaxRetryAfterSeconds", d.MaxRetryAfter),
            Parallelism = Int(s, "Parallelism", d.Parallelism),
            ChannelPause = Seconds(s, "ChannelPauseSeconds", d.ChannelPause),
            Districts = string.IsNullOrWhiteSpace(s["Districts"])
                ? d.Districts
                : [.. s["Districts"]!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
        }.Validate();

        static TimeSpan Seconds(IConfigurationSection s, string key, TimeSpan fallback)
        {
            var text = s[key];
            if (string.IsNullOrWhiteSpace(text))
            {
                return fallback;
            }

            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) && v >= 0 && v <= TimeSpan.FromDays(7).TotalSeconds
                ? TimeSpan.FromSeconds(v)
                : throw new InvalidOperationException($"{SectionName}__{key}: '{text}' is not a number of seconds (0 to 604800)");
        }

        static int Int(IConfigurationSection s, string key, int fallback)
        {
            var text = s[key];
            if (string.IsNullOrWhiteSpace(text))
            {
                return fallback;
            }

            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v)
                ? v
                : throw new InvalidOperationException($"{SectionName}__{key}: '{text}' is not a whole number");
        }
    }
}
