using System.Net;
using System.Reflection;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using ComplianceMonitor.Api;
using ComplianceMonitor.Api.Auth;
using ComplianceMonitor.Functions;
using ComplianceMonitor.Testing.Storage;
using ComplianceMonitor.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace ComplianceMonitor.Api.Tests;

/// <summary>Tests marked [Collection("azurite")] share the process-wide Azurite through one fixture instance.</summary>
[CollectionDefinition("azurite")]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>;

/// <summary>A response as the tests see it, whichever host answered.</summary>
public sealed record ApiResult(HttpStatusCode Status, string? ContentType, string Body, IReadOnlyDictionary<string, string> Headers)
{
    /// <summary>The body as JSON.</summary>
    public JsonElement Json => JsonDocument.Parse(Body).RootElement.Clone();
}

/// <summary>One host of the API over Azurite, at a fixed instant, trusting hand-made principals as a local run may.</summary>
public interface IApiHost : IAsyncDisposable
{
    /// <summary>The host's services (to seed and read storage).</summary>
    IServiceProvider Services { get; }

    /// <summary>Sends one request.</summary>
    Task<ApiResult> SendAsync(string method, string pathAndQuery, string? body = null, string? principal = null);

    /// <summary>Sends one request with a binary body (e.g. an .xlsx ledger).</summary>
    Task<ApiResult> SendBytesAsync(string method, string pathAndQuery, byte[] body, string? principal = null);
}

/// <summary>Settings both hosts get.</summary>
internal static class HostSettings
{
    public static readonly DateTimeOffset Now = new(2026, 3, 6, 2, 0, 0, TimeSpan.Zero);

    public static IConfiguration Configuration(AzuriteFixture azurite, string prefix) => new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["ComplianceStorage:ConnectionString"] = azurite.ConnectionString,
        ["ComplianceStorage:TablePrefix"] = prefix,
        ["Email:OutboxFolder"] = Path.Combine(Path.GetTempPath(), "cm-api-tests", prefix, "email"),
        ["Sms:OutboxFolder"] = Path.Combine(Path.GetTempPath(), "cm-api-tests", prefix, "sms"),
        ["SCAN_SCHEDULE"] = "0 30 21 * * *",
        ["DISPATCH_SCHEDULE"] = "0 */5 * * * *",
        ["DIGEST_SCHEDULE"] = "0 */15 * * * *",
        ["Digest:DefaultCron"] = "30 8 * * 1-5",
        ["Auth:AllowDevelopmentPrincipal"] = "true",
    }).Build();
}

/// <summary>
/// The Functions app: <see cref="FunctionsHost.ConfigureServices"/>, and each request dispatched to the [Function] method
/// whose HTTP trigger route and method match, with an in-memory <see cref="HttpRequestData"/> and a Moq'd context.
/// </summary>
public sealed class FunctionsApiHost : IApiHost
{
    private static readonly List<(string Name, string Method, Regex Route, MethodInfo Function)> Triggers = FindTriggers();
    private readonly ServiceProvider _services;

    public FunctionsApiHost(AzuriteFixture azurite)
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(HostSettings.Now));
        FunctionsHost.ConfigureServices(services, HostSettings.Configuration(azurite, AzuriteFixture.NewPrefix()));
        _services = services.BuildServiceProvider();
    }

    public IServiceProvider Services => _services;

    public Task<ApiResult> SendAsync(string method, string pathAndQuery, string? body = null, string? principal = null) =>
        SendBytesCoreAsync(method, pathAndQuery, body is null ? null : Encoding.UTF8.GetBytes(body), principal);

    public Task<ApiResult> SendBytesAsync(string method, string pathAndQuery, byte[] body, string? principal = null) =>
        SendBytesCoreAsync(method, pathAndQuery, body, principal);

    private async Task<ApiResult> SendBytesCoreAsync(string method, string pathAndQuery, byte[]? body, string? principal)
    {
        var path = pathAndQuery.Split('?')[0];
        var match = Triggers.Select(t => (t, m: t.Route.Match(path))).FirstOrDefault(x => x.t.Method == method && x.m.Success);
        if (match.m is null)
        {
            return new ApiResult(HttpStatusCode.NotFound, null, string.Empty, new Dictionary<string, string>());
        }

        var binding = new Mock<BindingContext>();
        binding.SetupGet(b => b.BindingData).Returns(new Dictionary<string, object?>());
        var context = new Mock<FunctionContext>();
        context.SetupGet(c => c.InstanceServices).Returns(_services);
        context.SetupGet(c => c.CancellationToken).Returns(CancellationToken.None);
        context.SetupGet(c => c.BindingContext).Returns(binding.Object);
        var headers = principal is null ? [] : new[] { new KeyValuePair<string, string>(ClientPrincipal.HeaderName, principal) };
        var request = new FakeRequest(context.Object, method, "https://func-cm-test.azurewebsites.net" + pathAndQuery, body, headers);
        var args = match.t.Function.GetParameters().Select(p =>
            p.ParameterType == typeof(HttpRequestData) ? request
            : p.ParameterType == typeof(FunctionContext) ? context.Object
            : (object?)(match.m.Groups[p.Name!].Success && match.m.Groups[p.Name!].Length > 0 ? Uri.UnescapeDataString(match.m.Groups[p.Name!].Value) : null)).ToArray();
        var instance = ActivatorUtilities.CreateInstance(_services, match.t.Function.DeclaringType!);
        var response = (FakeResponse)await (Task<HttpResponseData>)match.t.Function.Invoke(instance, args)!;
        var all = response.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        return new ApiResult(response.StatusCode, all.GetValueOrDefault("Content-Type"), Encoding.UTF8.GetString(((MemoryStream)response.Body).ToArray()), all);
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();

    private static List<(string, string, Regex, MethodInfo)> FindTriggers() =>
        [.. typeof(FunctionsHost).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance))
            .Select(m => (Method: m, Name: m.GetCustomAttribute<FunctionAttribute>()?.Name, Trigger: m.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).FirstOrDefault(a => a is not null)))
            .Where(x => x.Name is not null && x.Trigger is not null)
            .SelectMany(x => x.Trigger!.Methods!.Select(verb => (x.Name!, verb.ToUpperInvariant(), RouteRegex(x.Trigger.Route!), x.Method)))];

    /// <summary>A trigger route as a regex: <c>tasks/{id?}</c> matches <c>/api/tasks</c> and <c>/api/tasks/x</c>.</summary>
    internal static Regex RouteRegex(string template)
    {
        var parts = template.Split('/').Select(segment =>
        {
            var m = Regex.Match(segment, @"^\{(\*?)(\w+)(\??)\}$");
            if (!m.Success)
            {
                return "/" + Regex.Escape(segment);
            }

            var name = m.Groups[2].Value;
            return m.Groups[1].Value == "*" ? $"(?:/(?<{name}>.*))?"
                : m.Groups[3].Value == "?" ? $"(?:/(?<{name}>[^/]+))?"
                : $"/(?<{name}>[^/]+)";
        });
        return new Regex("^/api" + string.Concat(parts) + "/?$", RegexOptions.CultureInvariant);
    }

    private sealed class FakeRequest : HttpRequestData
    {
        public FakeRequest(FunctionContext context, string method, string url, byte[]? body, IEnumerable<KeyValuePair<string, string>> headers)
            : base(context)
        {
            Method = method;
            Url = new Uri(url);
            Body = new MemoryStream(body ?? []);
            Headers = new HttpHeadersCollection();
            foreach (var h in headers)
            {
                Headers.Add(h.Key, h.Value);
            }
        }

        public override Stream Body { get; }

        public override HttpHeadersCollection Headers { get; }

        public override IReadOnlyCollection<IHttpCookie> Cookies { get; } = [];

        public override Uri Url { get; }

        public override IEnumerable<ClaimsIdentity> Identities { get; } = [];

        public override string Method { get; }

        public override HttpResponseData CreateResponse() => new FakeResponse(FunctionContext);
    }

    private sealed class FakeResponse(FunctionContext context) : HttpResponseData(context)
    {
        public override HttpStatusCode StatusCode { get; set; }

        public override HttpHeadersCollection Headers { get; set; } = new();

        public override Stream Body { get; set; } = new MemoryStream();

        public override HttpCookies Cookies => throw new NotSupportedException();
    }
}

/// <summary><c>cm serve</c>'s host (<see cref="ConsoleWebHost"/>) on a free port of 127.0.0.1, called over real HTTP.</summary>
public sealed class AspNetCoreApiHost : IApiHost
{
    private readonly WebApplication _app;
    private readonly HttpClient _client;

    private AspNetCoreApiHost(WebApplication app)
    {
        _app = app;
        _client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
    }

    public IServiceProvider Services => _app.Services;

    /// <summary>The running app (its endpoints are checked against the OpenAPI document).</summary>
    public WebApplication App => _app;

    public static async Task<AspNetCoreApiHost> StartAsync(AzuriteFixture azurite)
    {
        var configuration = HostSettings.Configuration(azurite, AzuriteFixture.NewPrefix());
        var app = ConsoleWebHost.Build(new ConsoleWebHostOptions { Port = 0 }, configuration, (services, hostConfiguration) =>
        {
            services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
            services.AddSingleton<TimeProvider>(new FakeTimeProvider(HostSettings.Now));
            ComplianceMonitor.Infrastructure.Composition.ComplianceMonitorServices.AddComplianceMonitor(services, hostConfiguration);
        }, runsInAzure: () => false);
        await app.StartAsync();
        return new AspNetCoreApiHost(app);
    }

    public Task<ApiResult> SendAsync(string method, string pathAndQuery, string? body = null, string? principal = null) =>
        SendContentAsync(method, pathAndQuery, body is null ? null : new StringContent(body, Encoding.UTF8, "application/json"), principal);

    public Task<ApiResult> SendBytesAsync(string method, string pathAndQuery, byte[] body, string? principal = null) =>
        SendContentAsync(method, pathAndQuery, new ByteArrayContent(body), principal);

    private async Task<ApiResult> SendContentAsync(string method, string pathAndQuery, HttpContent? content, string? principal)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), pathAndQuery);
        request.Content = content;

        if (principal is not null)
        {
            request.Headers.Add(ClientPrincipal.HeaderName, principal);
        }

        using var response = await _client.SendAsync(request);
        var headers = response.Headers.Concat(response.Content.Headers).ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        return new ApiResult(response.StatusCode, response.Content.Headers.ContentType?.ToString(), await response.Content.ReadAsStringAsync(), headers);
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
