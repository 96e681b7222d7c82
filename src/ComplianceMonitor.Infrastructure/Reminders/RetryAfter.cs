using System.Globalization;
using System.Net.Http.Headers;

namespace ComplianceMonitor.Infrastructure.Reminders;

/// <summary>Reads how long a provider asked us to wait: Retry-After (seconds or a date), else X-RateLimit-Reset (Unix time).</summary>
internal static class RetryAfter
{
    /// <summary>The wait the headers ask for, measured from <paramref name="now"/>; null when they say nothing usable.</summary>
    public static TimeSpan? From(HttpResponseHeaders? headers, DateTimeOffset now)
    {
        if (headers is null)
        {
            return null;
        }

        if (headers.RetryAfter is { } retryAfter)
        {
            if (retryAfter.Delta is { } delta)
            {
                return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
            }

            if (retryAfter.Date is { } date)
            {
                return NotNegative(date - now);
            }
        }

        if (headers.TryGetValues("X-RateLimit-Reset", out var values) &&
            long.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var epochSeconds))
        {
            return NotNegative(DateTimeOffset.FromUnixTimeSeconds(epochSeconds) - now);
        }

        return null;
    }

    private static TimeSpan NotNegative(TimeSpan span) => span < TimeSpan.Zero ? TimeSpan.Zero : span;
}
