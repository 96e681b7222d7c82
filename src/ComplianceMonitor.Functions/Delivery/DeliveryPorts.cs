namespace ComplianceMonitor.Functions.Delivery;

/// <summary>Sends the queued reminders once (Flow 2); the timer calls it every few minutes.</summary>
/// <remarks>
/// Declared here because the dispatcher (<c>DispatchService</c> in <c>Application/Delivery</c>) is not built yet; an
/// adapter over it is registered once it lands (see README.md, "Not wired yet"). The implementation must be safe when
/// called twice at once or in a row: each reminder is sent exactly once per stage and channel.
/// </remarks>
public interface IDispatchRunner
{
    /// <summary>Sends every reminder that is due now, recording each attempt.</summary>
    Task RunOnceAsync(CancellationToken cancellationToken = default);
}

/// <summary>Sends the district digests whose Cronos schedule came due (Flow 3); the timer calls it every 15 minutes.</summary>
/// <remarks>
/// Declared here until <c>DigestService</c> (<c>Application/Delivery</c>) lands. The implementation must send each
/// district's digest at most once per due occurrence, however often and however late it is called.
/// </remarks>
public interface IDigestScheduler
{
    /// <summary>Sends the digests due at or before <paramref name="nowUtc"/> and not yet sent.</summary>
    Task RunDueAsync(DateTimeOffset nowUtc, CancellationToken cancellationToken = default);
}

/// <summary>The format of a digest preview.</summary>
public enum DigestFormat
{
    /// <summary>The HTML the supervisors receive.</summary>
    Html,

    /// <summary>The digest's content as JSON.</summary>
    Json,
}

/// <summary>Renders a district's digest for a Beijing date without sending it.</summary>
/// <remarks>Declared here until <c>DigestService</c> lands; the HTTP preview answers 501 while none is registered.</remarks>
public interface IDigestPreview
{
    /// <summary>The digest of <paramref name="districtCode"/> for <paramref name="date"/> in <paramref name="format"/> (HTML text or a JSON document).</summary>
    Task<string> RenderAsync(string districtCode, DateOnly date, DigestFormat format, CancellationToken cancellationToken = default);
}
