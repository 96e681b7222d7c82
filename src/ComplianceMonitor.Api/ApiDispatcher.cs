using ComplianceMonitor.Api.Auth;
using ComplianceMonitor.Api.Http;

namespace ComplianceMonitor.Api;

/// <summary>Runs one route for a host: authenticates the caller (<see cref="ApiAuthenticator"/>) and calls the handler.</summary>
public sealed class ApiDispatcher
{
    private readonly ApiAuthenticator _authenticator;
    private readonly IServiceProvider _services;
    private readonly Dictionary<string, ApiRoute> _routes;

    /// <summary>Creates the dispatcher over the route table.</summary>
    public ApiDispatcher(ApiAuthenticator authenticator, IServiceProvider services)
    {
        _authenticator = authenticator;
        _services = services;
        _routes = ApiRoutes.All.ToDictionary(r => r.Name, StringComparer.Ordinal);
    }

    /// <summary>Handles <paramref name="request"/> with the route named <paramref name="routeName"/>.</summary>
    public async Task<ApiResponse> HandleAsync(string routeName, ApiRequest request, IServiceProvider? services = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!_routes.TryGetValue(routeName, out var route))
        {
            throw new ArgumentException($"No API route is named '{routeName}'.", nameof(routeName));
        }

        ClientPrincipal? principal = null;
        if (!route.Anonymous)
        {
            (principal, var refusal) = _authenticator.Authenticate(request);
            if (refusal is not null)
            {
                return refusal;
            }
        }

        return await route.Handle(new ApiCall(request, principal, services ?? _services)).ConfigureAwait(false);
    }
}
