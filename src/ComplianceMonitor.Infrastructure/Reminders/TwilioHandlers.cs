namespace ComplianceMonitor.Infrastructure.Reminders;

/// <summary>Rewrites Twilio request URLs to a configured base URL (scheme, host, port), keeping path and query.</summary>
/// <remarks>The Twilio library builds URLs from its own domains and has no base-URL setting; tests use this to reach a local server.</remarks>
public sealed class TwilioBaseUrlHandler : DelegatingHandler
{
    private readonly Uri? _baseUrl;

    /// <summary>Creates a handler sending to <paramref name="baseUrl"/>, or leaving URLs alone when it is null.</summary>
    public TwilioBaseUrlHandler(Uri? baseUrl) => _baseUrl = baseUrl;

    /// <inheritdoc/>
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (_baseUrl is not null && request.RequestUri is { } uri)
        {
            var basePath = _baseUrl.AbsolutePath.TrimEnd('/');
            request.RequestUri = new UriBuilder(_baseUrl.Scheme, _baseUrl.Host, _baseUrl.Port, basePath + uri.AbsolutePath) { Query = uri.Query.TrimStart('?') }.Uri;
        }

        return base.SendAsync(request, cancellationToken);
    }
}

/// <summary>What the HTTP layer saw during one Twilio call: the status, the Retry-After wait, the caller's token.</summary>
/// <remarks>
/// The Twilio library takes no CancellationToken and its ApiException carries no headers; this context flows down to
/// <see cref="TwilioCallContextHandler"/> through an AsyncLocal so the sender can cancel the call and honour Retry-After.
/// </remarks>
internal sealed class TwilioCallContext
{
    private static readonly AsyncLocal<TwilioCallContext?> CurrentContext = new();

    public TwilioCallContext(TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        CancellationToken = cancellationToken;
        TimeProvider = timeProvider;
    }

    public static TwilioCallContext? Current
    {
        get => CurrentContext.Value;
        set => CurrentContext.Value = value;
    }

    public CancellationToken CancellationToken { get; }

    public TimeProvider TimeProvider { get; }

    public int? StatusCode { get; set; }

    public TimeSpan? RetryAfter { get; set; }
}

/// <summary>Links the caller's cancellation into Twilio HTTP calls and records the status and Retry-After of the answer.</summary>
public sealed class TwilioCallContextHandler : DelegatingHandler
{
    /// <inheritdoc/>
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var context = TwilioCallContext.Current;
        if (context is null)
        {
            return await base.SendAsync(request, cancellationToken);
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, context.CancellationToken);
        var response = await base.SendAsync(request, linked.Token);
        context.StatusCode = (int)response.StatusCode;
        context.RetryAfter = RetryAfter.From(response.Headers, context.TimeProvider.GetUtcNow());
        return response;
    }
}
