using System.Text;
using ComplianceMonitor.Api;
using ComplianceMonitor.Api.Auth;
using ComplianceMonitor.Api.Endpoints;
using ComplianceMonitor.Api.Http;
using ComplianceMonitor.Domain.Jurisdictions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Scalar.AspNetCore;

namespace ComplianceMonitor.Web;

/// <summary>What <c>cm serve</c> asks of the web host.</summary>
public sealed class ConsoleWebHostOptions
{
    /// <summary>The port on 127.0.0.1 (0 picks a free one).</summary>
    public int Port { get; set; } = 5080;

    /// <summary>Whether the development sign-in (pick a role) is offered. Refused in Azure whatever this says.</summary>
    public bool DevelopmentSignIn { get; set; } = true;
}

/// <summary>
/// The ASP.NET Core host of the API and the console: every route of <see cref="ApiRoutes.All"/> mapped as a minimal-API
/// endpoint through <see cref="ApiDispatcher"/> (so routes, problem details and authorization are the Functions app's),
/// the development sign-in at <c>/api/dev/sign-in</c>, and the interactive API reference at <c>/scalar</c>.
/// </summary>
public static class ConsoleWebHost
{
    /// <summary>The development sign-in page.</summary>
    public const string SignInPath = "/api/dev/sign-in";

    /// <summary>Builds the host; <paramref name="addServices"/> adds the product's services (storage, clock, logging).</summary>
    /// <param name="options">The port and the development sign-in.</param>
    /// <param name="configuration">The settings: the host's configuration (the container's <see cref="IConfiguration"/>, which
    /// every options class binds from) is exactly these. The web defaults' sources (environment, <c>appsettings.json</c>,
    /// command line) are dropped, so a file in the working folder never changes what <c>cm serve</c> does.</param>
    /// <param name="addServices">Adds the product's services, given the host's configuration (pass it to the composition).</param>
    /// <param name="runsInAzure">Whether the process runs in Azure (default: <c>WEBSITE_INSTANCE_ID</c> is set).</param>
    /// <exception cref="InvalidOperationException">The process runs in Azure (<c>WEBSITE_INSTANCE_ID</c> is set).</exception>
    public static WebApplication Build(ConsoleWebHostOptions options, IConfiguration configuration, Action<IServiceCollection, IConfiguration> addServices, Func<bool>? runsInAzure = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(addServices);
        var auth = new ApiAuthenticationOptions { DevelopmentSignIn = options.DevelopmentSignIn };
        if (runsInAzure is not null)
        {
            auth.RunsInAzure = runsInAzure;
        }

        if (auth.RunsInAzure())
        {
            throw new InvalidOperationException($"cm serve is a development host: it refuses to start in Azure ({ApiAuthenticationOptions.AzureInstanceVariable} is set). The Functions app serves the API and the console there.");
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(ConsoleWebHost).Assembly.GetName().Name });
        // A copy, not a chain: the host writes its own settings (the URL below) into its configuration, never into the caller's.
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(configuration.AsEnumerable());
        builder.WebHost.UseUrls($"http://127.0.0.1:{options.Port}");
        addServices(builder.Services, builder.Configuration);
        builder.Services.TryAddSingleton<IScanRequests, InlineScanRequests>();
        builder.Services.AddComplianceApi(o =>
        {
            o.DevelopmentSignIn = auth.DevelopmentSignIn;
            o.RunsInAzure = auth.RunsInAzure;
        });

        var app = builder.Build();
        MapApi(app);
        MapDevelopmentSignIn(app);
        app.MapScalarApiReference("/scalar", o => o.WithOpenApiRoutePattern("/api/openapi.json").WithTitle("ComplianceMonitor API"));
        app.MapGet("/", () => Results.Redirect("/api/console/"));
        return app;
    }

    /// <summary>Maps every route of the table.</summary>
    public static void MapApi(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        foreach (var route in ApiRoutes.All)
        {
            app.MapMethods("/api/" + route.Template, [route.Method], (HttpContext http) => HandleAsync(http, route.Name))
                .WithName(route.Name)
                .WithTags(route.Tag)
                .WithSummary(route.Summary);
        }
    }

    private static async Task HandleAsync(HttpContext http, string routeName)
    {
        var request = http.Request;
        var apiRequest = new ApiRequest(
            request.Method,
            request.Path.Value ?? "/",
            request.RouteValues.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value?.ToString())),
            request.Query.Select(q => new KeyValuePair<string, string?>(q.Key, q.Value.FirstOrDefault())),
            request.Headers.Select(h => new KeyValuePair<string, string?>(h.Key, h.Value.FirstOrDefault())),
            request.Body,
            http.RequestAborted);
        var dispatcher = http.RequestServices.GetRequiredService<ApiDispatcher>();
        var result = await dispatcher.HandleAsync(routeName, apiRequest, http.RequestServices).ConfigureAwait(false);
        await WriteAsync(http, result).ConfigureAwait(false);
    }

    /// <summary>Writes a host-neutral response to ASP.NET Core.</summary>
    public static async Task WriteAsync(HttpContext http, ApiResponse result)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(result);
        http.Response.StatusCode = result.Status;
        if (result.ContentType is not null)
        {
            http.Response.ContentType = result.ContentType;
        }

        foreach (var (name, value) in result.Headers)
        {
            http.Response.Headers.Append(name, value);
        }

        if (result.Body.Length > 0)
        {
            await http.Response.Body.WriteAsync(result.Body, http.RequestAborted).ConfigureAwait(false);
        }
    }

    private static void MapDevelopmentSignIn(WebApplication app)
    {
        app.MapGet(SignInPath, (HttpContext http) =>
        {
            if (!http.RequestServices.GetRequiredService<ApiAuthenticator>().DevelopmentSignInAllowed)
            {
                return Results.NotFound();
            }

            var html = new StringBuilder();
            html.Append("<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>开发登录 · 先租后让监管</title>")
                .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><link rel=\"stylesheet\" href=\"/api/console/console.css\"></head><body class=\"signin\">")
                .Append("<main><h1>开发登录</h1><p>本地开发用（cm serve）：选择一个角色。在 Azure 中由 Entra ID 登录，此页不可用。</p>")
                .Append("<form method=\"post\" action=\"").Append(SignInPath).Append("\"><label for=\"role\">角色</label> <select id=\"role\" name=\"role\" autofocus>")
                .Append("<option value=\"city\">市级（全部区）</option>");
            foreach (var j in Jurisdiction.All)
            {
                html.Append("<option value=\"district:").Append(j.Code).Append("\">").Append(System.Net.WebUtility.HtmlEncode(j.Name)).Append('（').Append(j.Code).Append("）</option>");
            }

            html.Append("</select> <label for=\"name\">姓名</label> <input id=\"name\" name=\"name\" value=\"dev.user\" required> <button type=\"submit\">登录</button></form></main></body></html>");
            return Results.Content(html.ToString(), "text/html; charset=utf-8");
        });

        app.MapPost(SignInPath, async (HttpContext http) =>
        {
            if (!http.RequestServices.GetRequiredService<ApiAuthenticator>().DevelopmentSignInAllowed)
            {
                return Results.NotFound();
            }

            var form = await http.Request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false);
            var role = form["role"].FirstOrDefault() ?? string.Empty;
            var name = (form["name"].FirstOrDefault() ?? "dev.user").Trim();
            var valid = role == ClientPrincipal.CityRole
                || (role.StartsWith(ClientPrincipal.DistrictRolePrefix, StringComparison.Ordinal) && Jurisdiction.IsKnown(role[ClientPrincipal.DistrictRolePrefix.Length..]));
            if (!valid || name.Length is 0 or > 100)
            {
                return Results.BadRequest("role must be city or district:<code> of a configured jurisdiction; name 1-100 characters.");
            }

            var principal = ClientPrincipal.Encode("dev", [new PrincipalClaim("name", name), new PrincipalClaim(ClientPrincipal.EntraRolesClaimType, role)]);
            http.Response.Cookies.Append(ApiAuthenticator.DevCookieName, principal, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, Path = "/" });
            return Results.Redirect("/api/console/");
        });

        app.MapPost("/api/dev/sign-out", (HttpContext http) =>
        {
            http.Response.Cookies.Delete(ApiAuthenticator.DevCookieName, new CookieOptions { Path = "/" });
            return Results.Redirect(SignInPath);
        });
    }
}
