using ComplianceMonitor.Api.Auth;
using ComplianceMonitor.Api.Http;

namespace ComplianceMonitor.Api;

/// <summary>What a handler gets: the request, the authenticated caller (null on anonymous routes) and the services.</summary>
/// <param name="Request">The host-neutral request.</param>
/// <param name="Principal">The caller; null only on routes with <see cref="ApiRoute.Anonymous"/>.</param>
/// <param name="Services">The request's services.</param>
public sealed record ApiCall(ApiRequest Request, ClientPrincipal? Principal, IServiceProvider Services)
{
    /// <summary>The caller of an authenticated route.</summary>
    public ClientPrincipal Caller => Principal ?? throw new InvalidOperationException("This route is anonymous: it has no caller.");
}

/// <summary>One query parameter of a route, for the OpenAPI description.</summary>
/// <param name="Name">The name.</param>
/// <param name="Description">What it does.</param>
/// <param name="Values">The allowed values, when they are a fixed list.</param>
public sealed record ApiQueryParameter(string Name, string Description, IReadOnlyList<string>? Values = null);

/// <summary>One route of the API: the same name, method and template in every host.</summary>
/// <param name="Name">The operation name (the Functions function name).</param>
/// <param name="Method">The HTTP method, upper case.</param>
/// <param name="Template">The template under <c>/api/</c>, e.g. <c>tasks/{id?}</c>.</param>
/// <param name="Tag">The group in the OpenAPI description.</param>
/// <param name="Summary">One line for the OpenAPI description.</param>
/// <param name="Handle">The handler.</param>
public sealed record ApiRoute(string Name, string Method, string Template, string Tag, string Summary, Func<ApiCall, Task<ApiResponse>> Handle)
{
    /// <summary>Whether the route is served without a caller (console assets, the OpenAPI document, the sign-in page).</summary>
    public bool Anonymous { get; init; }

    /// <summary>Whether the route appears in the OpenAPI description.</summary>
    public bool Documented { get; init; } = true;

    /// <summary>The query parameters.</summary>
    public IReadOnlyList<ApiQueryParameter> Query { get; init; } = [];

    /// <summary>The request body's description, or null when the route takes none.</summary>
    public string? BodyDescription { get; init; }

    /// <summary>The media type of the request body.</summary>
    public string BodyContentType { get; init; } = "application/json";

    /// <summary>The success statuses and what they mean.</summary>
    public IReadOnlyDictionary<int, string> Responses { get; init; } = new Dictionary<int, string> { [200] = "OK" };

    /// <summary>The path as served, e.g. <c>/api/tasks/{id}</c> (optional markers and catch-all stars removed).</summary>
    public string Path => "/api/" + Template.Replace("?}", "}", StringComparison.Ordinal).Replace("{*", "{", StringComparison.Ordinal);

    /// <summary>The route parameter names of <see cref="Template"/>.</summary>
    public IReadOnlyList<string> RouteParameters =>
        [.. System.Text.RegularExpressions.Regex.Matches(Template, @"\{\*?([A-Za-z]+)\??\}").Select(m => m.Groups[1].Value)];
}
