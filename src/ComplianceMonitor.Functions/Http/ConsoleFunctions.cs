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

    /// <summary><c>GET /api/holds</c>.</summary>
    [Function("ListHolds")]
    public Task<HttpResponseData> ListHoldsAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "holds")] HttpRequestData request,
        FunctionContext context) =>
        FunctionsApi.RunAsync(request, context, "ListHolds");

    /// <summary><c>POST /api/holds</c>.</summary>
    [Function("SetHold")]
    public Task<HttpResponseData> SetHoldAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "holds")] HttpRequestData request,
        FunctionContext context) =>
        FunctionsApi.RunAsync(request, context, "SetHold");

    /// <summary><c>POST /api/holds/{id}/lift</c>.</summary>
    [Function("LiftHold")]
    public Task<HttpResponseData> LiftHoldAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "holds/{id}/lift")] HttpRequestData request,
        string id,
        FunctionContext context) =>
        FunctionsApi.RunAsync(request, context, "LiftHold", ("id", id));

    /// <summary><c>GET /api/outbox/dead</c>.</summary>
    [Function("ListDeadReminders")]
    public Task<HttpResponseData> ListDeadRemindersAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "outbox/dead")] HttpRequestData request,
        FunctionContext context) =>
        FunctionsApi.RunAsync(request, context, "ListDeadReminders");

    /// <summary><c>POST /api/outbox/requeue</c>.</summary>
    [Function("RequeueReminders")]
    public Task<HttpResponseData> RequeueRemindersAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "outbox/requeue")] HttpRequestData request,
        FunctionContext context) =>
        FunctionsApi.RunAsync(request, context, "RequeueReminders");

    /// <summary><c>GET /api/console/{*path}</c>: the console's files (no key: App Service authentication guards the app).</summary>
    [Function("Console")]
    public Task<HttpResponseData> ConsoleAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console/{*path}")] HttpRequestData request,
        string? path,
        FunctionContext context) =>
        FunctionsApi.RunAsync(request, context, "Console", ("path", path));
}
