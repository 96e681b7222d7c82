using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace ComplianceMonitor.Functions.Http;

/// <summary>The web console's routes as HTTP triggers; the handling is <c>ComplianceMonitor.Api.Endpoints.ConsoleEndpoints</c>.</summary>
public sealed class ConsoleFunctions
{
    /// <summary><c>GET /api/me</c>.</summary>
    [Function("Me")]
    public Task<HttpResponseData> MeAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "me")] HttpRequestData request,
        FunctionContext context) =>
        FunctionsApi.RunAsync(request, context, "Me");

    /// <summary><c>GET /api/leases/{id}</c>.</summary>
    [Function("GetLease")]
    public Task<HttpResponseData> GetLeaseAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "leases/{id}")] HttpRequestData request,
        string id,
        FunctionContext context) =>
        FunctionsApi.RunAsync(request, context, "GetLease", ("id", id));

    /// <summary><c>GET /api/alerts</c>.</summary>
    [Function("ListAlerts")]
    public Task<HttpResponseData> ListAlertsAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "alerts")] HttpRequestData request,
        FunctionContext context) =>
        FunctionsApi.RunAsync(request, context, "ListAlerts");

    /// <summary><c>POST /api/imports/preview</c>.</summary>
    [Function("PreviewImport")]
    public Task<HttpResponseData> PreviewImportAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "imports/preview")] HttpRequestData request,
        FunctionContext context) =>
        FunctionsApi.RunAsync(request, context, "PreviewImport");

    /// <summary><c>POST /api/imports</c>.</summary>
    [Function("ConfirmImport")]
    public Task<HttpResponseData> ConfirmImportAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "imports")] HttpRequestData request,
        FunctionContext context) =>
        FunctionsApi.RunAsync(request, context, "ConfirmImport");

    /// <summary><c>GET /api/console/{*path}</c>: the console's files (no key: App Service authentication guards the app).</summary>
    [Function("Console")]
    public Task<HttpResponseData> ConsoleAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console/{*path}")] HttpRequestData request,
        string? path,
        FunctionContext context) =>
        FunctionsApi.RunAsync(request, context, "Console", ("path", path));
}
