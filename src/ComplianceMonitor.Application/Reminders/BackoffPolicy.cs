using ComplianceMonitor.Application.Contacts;

namespace ComplianceMonitor.Application.Reminders;

/// <summary>Capped exponential backoff with jitter, honouring a provider's Retry-After.</summary>
/// <remarks>
/// After the <c>n</c>-th failed attempt the ceiling is <c>min(MaxDelay, BaseDelay × 2^(n-1))</c> and the wait is drawn
/// uniformly from [ceiling / 2, ceiling] ("equal jitter": never shorter than half, so retries neither bunch up nor come
/// too soon). When the provider said how long to wait, the wait is at least that (cut to <see cref="MaxRetryAfter"/>).
/// </remarks>
public sealed class BackoffPolicy
{
    /// <summary>Creates the policy.</summary>
    public BackoffPolicy(TimeSpan baseDelay, TimeSpan maxDelay, TimeSpan maxRetryAfter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(baseDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDelay, baseDelay);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRetryAfter, TimeSpan.Zero);
        BaseDelay = baseDelay;
        MaxDelay = maxDelay;
        MaxRetryAfter = maxRetryAfter;
    }

    /// <summary>The ceiling after the first failure.</summary>
    public TimeSpan BaseDelay { get; }

    /// <summary>The largest ceiling.</summary>
    public TimeSpan MaxDelay { get; }

    /// <summary>The longest Retry-After honoured.</summary>
    public TimeSpan MaxRetryAfter { get; }

    /// <summary>The ceiling of the wait after <paramref name="failedAttempts"/> failed attempts (at least 1).</summary>
    public TimeSpan Ceiling(int failedAttempts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failedAttempts, 1);

        // 2^30 × any positive base is far past any sensible cap; stop doubling there to avoid overflow.
        var exponent = Math.Min(failedAttempts - 1, 30);
        var ticks = BaseDelay.Ticks * Math.Pow(2, exponent);
        return ticks >= MaxDelay.Ticks ? MaxDelay : TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>The wait after <paramref name="failedAttempts"/> failed attempts.</summary>
    /// <param name="failedAttempts">How many attempts have failed so far (1 after the first).</param>
    /// <param name="retryAfter">The provider's requested wait, or null.</param>
    /// <param name="random">A number in [0, 1) from the jitter source.</param>
    public TimeSpan Delay(int failedAttempts, TimeSpan? retryAfter, double random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(random, 0d);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(random, 1d);
        var ceiling = Ceiling(failedAttempts);
        var jittered = TimeSpan.FromTicks(ceiling.Ticks / 2 + (long)(ceiling.Ticks / 2 * random));
        if (retryAfter is { } asked)
        {
            var honoured = asked < TimeSpan.Zero ? TimeSpan.Zero : asked > MaxRetryAfter ? MaxRetryAfter : asked;
            return honoured > jittered ? honoured : jittered;
        }

        return jittered;
    }
}

/// <summary>The source of jitter for retries: a seam so tests can fix it.</summary>
public interface IRandomSource
{
    /// <summary>A number in [0, 1).</summary>
    double NextDouble();
}

/// <summary>Jitter from <see cref="Random.Shared"/> (thread-safe).</summary>
public sealed class SharedRandomSource : IRandomSource
{
    /// <summary>The single instance.</summary>
    public static SharedRandomSource Instance { get; } = new();

    /// <inheritdoc/>
    public double NextDouble() => Random.Shared.NextDouble();
}
