using ComplianceMonitor.Application.Contacts;
using ComplianceMonitor.Domain.Jurisdictions;

namespace ComplianceMonitor.Application.Reminders;

/// <summary>How the dispatcher claims, retries and paces sends (configuration section <c>Dispatch</c>).</summary>
/// <remarks>
/// Keys: <c>Dispatch__ClaimSeconds</c>, <c>Dispatch__MinClaimRemainingSeconds</c>, <c>Dispatch__MaxAttempts</c>,
/// <c>Dispatch__BaseDelaySeconds</c>, <c>Dispatch__MaxDelaySeconds</c>, <c>Dispatch__MaxRetryAfterSeconds</c>,
/// <c>Dispatch__Parallelism</c>, <c>Dispatch__ChannelPauseSeconds</c>, <c>Dispatch__Districts</c> (comma-separated codes). Every key has a default; they are bound as
/// <see cref="DispatchSettings"/> and checked on start (<see cref="Problems"/> names the key of each bad value).
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
        var problem = Problems().FirstOrDefault();
        return problem is null ? this : throw new InvalidOperationException(problem);
    }

    /// <summary>One message per bad value, each naming its key (<c>Dispatch__*</c>), in the order of the keys.</summary>
    public IEnumerable<string> Problems()
    {
        if (ClaimDuration <= TimeSpan.Zero)
        {
            yield return $"{SectionName}__ClaimSeconds: must be positive";
        }

        // A check against another key is left out while that key is itself bad (it is named already).
        if (ClaimDuration > TimeSpan.Zero && !(MinClaimRemaining >= TimeSpan.Zero && MinClaimRemaining < ClaimDuration))
        {
            yield return $"{SectionName}__MinClaimRemainingSeconds: must be at least 0 and less than Dispatch__ClaimSeconds";
        }

        if (MaxAttempts < 1)
        {
            yield return $"{SectionName}__MaxAttempts: must be at least 1";
        }

        if (BaseDelay <= TimeSpan.Zero)
        {
            yield return $"{SectionName}__BaseDelaySeconds: must be positive";
        }

        if (BaseDelay > TimeSpan.Zero && MaxDelay < BaseDelay)
        {
            yield return $"{SectionName}__MaxDelaySeconds: must be at least Dispatch__BaseDelaySeconds";
        }

        if (MaxRetryAfter < TimeSpan.Zero)
        {
            yield return $"{SectionName}__MaxRetryAfterSeconds: must not be negative";
        }

        if (Parallelism is < 1 or > 64)
        {
            yield return $"{SectionName}__Parallelism: must be 1-64";
        }

        if (ChannelPause <= TimeSpan.Zero)
        {
            yield return $"{SectionName}__ChannelPauseSeconds: must be positive";
        }

        if (!(Districts is { Count: > 0 } && Districts.All(d => !string.IsNullOrWhiteSpace(d))))
        {
            yield return $"{SectionName}__Districts: must list at least one district code";
        }
    }
}
