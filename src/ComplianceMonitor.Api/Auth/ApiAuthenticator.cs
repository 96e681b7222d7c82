using ComplianceMonitor.Api.Http;
using ComplianceMonitor.Application.Access;

namespace ComplianceMonitor.Api.Auth;

/// <summary>How the API decides who calls it (the one place that decision is made, for every host).</summary>
public sealed class ApiAuthenticationOptions
{
    /// <summary>The environment variable every App Service / Functions instance in Azure has.</summary>
    public const string AzureInstanceVariable = "WEBSITE_INSTANCE_ID";

    /// <summary>
    /// Whether the development sign-in cookie (<see cref="ApiAuthenticator.DevCookieName"/>) is accepted. Only <c>cm serve</c>
    /// turns it on, and <see cref="ApiAuthenticator"/> ignores it whenever <see cref="RunsInAzure"/> is true.
    /// </summary>
    public bool DevelopmentSignIn { get; set; }

    /// <summary>Whether the process runs in Azure (reads <see cref="AzureInstanceVariable"/> by default).</summary>
    public Func<bool> RunsInAzure { get; set; } = () => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(AzureInstanceVariable));
}

/// <summary>
/// Who calls the API: the App Service authentication principal (<see cref="ClientPrincipal.HeaderName"/>) when
/// <see cref="PrincipalHeaderTrust"/> says the header may be believed, or, in <c>cm serve</c> only (never in Azure), the
/// development sign-in cookie. 401 otherwise. Every route goes through
/// <see cref="ApiDispatcher"/>, which asks this class and nothing else.
/// </summary>
public sealed class ApiAuthenticator
{
    /// <summary>The cookie the development sign-in sets (the same base64 principal App Service would send).</summary>
    public const string DevCookieName = "cm_dev_principal";

    private readonly ApiAuthenticationOptions _options;
    private readonly PrincipalHeaderTrust? _trust;

    /// <summary>Creates the authenticator; without a <paramref name="trust"/> decision the header is never believed.</summary>
    public ApiAuthenticator(ApiAuthenticationOptions options, PrincipalHeaderTrust? trust = null)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _trust = trust;
    }

    /// <summary>Whether the development sign-in may be used by this process (asked for, and not in Azure).</summary>
    public bool DevelopmentSignInAllowed => _options.DevelopmentSignIn && !_options.RunsInAzure() && _trust?.RunsInAzure != true;

    /// <summary>The caller, or the 401 that refuses the request.</summary>
    public (ClientPrincipal? Principal, ApiResponse? Refusal) Authenticate(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var header = request.Header(ClientPrincipal.HeaderName);
        string? error = null;
        if (header is not null)
        {
            // The header is believed only when the platform vouches for it (PrincipalHeaderTrust); none registered = not trusted.
            if (_trust is null || !_trust.TrustsHeader)
            {
                error = _trust?.RefusalDetail ?? $"{ClientPrincipal.HeaderName} is not trusted: no trust decision is registered.";
            }
            else if (ClientPrincipal.TryParse(header, out var principal, out error))
            {
                return (principal, null);
            }
        }
        else if (DevelopmentSignInAllowed && request.Cookie(DevCookieName) is { } cookie)
        {
            if (ClientPrincipal.TryParse(cookie, out var principal, out error))
            {
                return (principal, null);
            }
        }

        var detail = error ?? $"No {ClientPrincipal.HeaderName} header: sign in through App Service authentication.";
        return (null, ApiResults.Problem(request, 401, ApiResults.UnauthenticatedType, "Authentication is required.", detail, [new ProblemError(ClientPrincipal.HeaderName, detail)]));
    }

    /// <summary>403: the caller's roles do not reach <paramref name="districtCodes"/>.</summary>
    public static ApiResponse Forbidden(ApiRequest request, ClientPrincipal principal, IEnumerable<string> districtCodes, string field, IReadOnlyList<ProblemError>? errors = null)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var codes = string.Join(", ", districtCodes.Distinct(StringComparer.Ordinal));
        var scope = principal.IsCity ? "every district" : principal.Districts.Count == 0 ? "no district" : "district " + string.Join(", ", principal.Districts.Order(StringComparer.Ordinal));
        var detail = $"Your roles reach {scope}; they do not reach district {codes}.";
        return ApiResults.Problem(request, 403, ApiResults.ForbiddenType, "Outside your district scope.", detail, errors ?? [new ProblemError(field, detail)]);
    }
}
