using Microsoft.Extensions.Options;

namespace ComplianceMonitor.Application.Digest;

/// <summary>Where the web console is published (section <c>Console</c>): the digest links its leases there.</summary>
public sealed class ConsoleOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Console";

    /// <summary>
    /// The console's address as supervisors open it, e.g. <c>https://func-cm-prod.azurewebsites.net/api/console/</c>
    /// (<c>Console__BaseUrl</c>); absent or empty: no links.
    /// </summary>
    public string? BaseUrl { get; set; }
}

/// <summary>Checks <see cref="ConsoleOptions"/> at start-up; a failure names its configuration key.</summary>
public sealed class ConsoleOptionsValidator : IValidateOptions<ConsoleOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, ConsoleOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return string.IsNullOrWhiteSpace(options.BaseUrl) || ConsoleLinks.TryParseBase(options.BaseUrl, out _)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(ConsoleLinks.InvalidBaseUrl(options.BaseUrl));
    }
}

/// <summary>
/// Links into the web console: its dashboard and a lease's page (<c>#/leases/{id}</c>, where the lease's obligations,
/// reminders, tasks and history are, and its tasks are acknowledged or resolved). Without a configured base URL every
/// link is null and nothing links.
/// </summary>
public sealed class ConsoleLinks
{
    private readonly string? _base;

    /// <summary>Links from the configured options (validated at start).</summary>
    public ConsoleLinks(IOptions<ConsoleOptions> options)
        : this(options?.Value.BaseUrl)
    {
    }

    private ConsoleLinks(string? baseUrl) =>
        _base = !string.IsNullOrWhiteSpace(baseUrl) && TryParseBase(baseUrl, out var parsed) ? parsed : null;

    /// <summary>No console configured: no links.</summary>
    public static ConsoleLinks None { get; } = new((string?)null);

    /// <summary>Links to the console at <paramref name="baseUrl"/> (null or empty: none).</summary>
    /// <exception cref="ArgumentException">Not an absolute http(s) URL.</exception>
    public static ConsoleLinks For(string? baseUrl) =>
        string.IsNullOrWhiteSpace(baseUrl) || TryParseBase(baseUrl, out _)
            ? new ConsoleLinks(baseUrl)
            : throw new ArgumentException(InvalidBaseUrl(baseUrl), nameof(baseUrl));

    /// <summary>Whether a console is configured.</summary>
    public bool Enabled => _base is not null;

    /// <summary>The console's dashboard, or null.</summary>
    public string? Dashboard => _base;

    /// <summary>The page of one lease, or null.</summary>
    public string? Lease(string leaseId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(leaseId);
        return _base is null ? null : _base + "#/leases/" + Uri.EscapeDataString(leaseId);
    }

    /// <summary>The one message for a base URL that <see cref="TryParseBase"/> refuses; it names the setting.</summary>
    public static string InvalidBaseUrl(string value) =>
        $"Console__BaseUrl: '{value}' is not an absolute http(s) URL without a query or fragment (e.g. https://host/api/console/)";

    /// <summary>Parses a base URL: absolute http(s), no query or fragment; returned with a trailing slash.</summary>
    public static bool TryParseBase(string text, out string normalized)
    {
        normalized = string.Empty;
        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || uri.Query.Length > 0 || uri.Fragment.Length > 0 || string.IsNullOrEmpty(uri.Host))
        {
            return false;
        }

        var s = uri.GetLeftPart(UriPartial.Path);
        normalized = s.EndsWith('/') ? s : s + "/";
        return true;
    }
}
