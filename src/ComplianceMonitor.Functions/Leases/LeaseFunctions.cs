using ComplianceMonitor.Functions.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace ComplianceMonitor.Functions.Leases;

/// <summary>Lease records (Flow 5) as HTTP triggers; the handling is <c>ComplianceMonitor.Api.Endpoints.LeaseEndpoints</c>.</summary>
public sealed class LeaseFunctions
{
    /// <summary><c>PUT /api/leases/{id}</c>: creates or replaces one lease record, validated whole.</summary>
    [Function("PutLease")]
    public Task<HttpResponseData> PutLeaseAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "leases/{id}")] HttpRequestData request,
        string id,
        FunctionContext context) =>
        FunctionsApi.RunAsync(request, context, "PutLease", ("id", id));

    /// <summary><c>POST /api/leases/{id}/events</c>: records an event on a stored lease.</summary>
    [Function("PostLeaseEvent")]
    public Task<HttpResponseData> PostEventAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "leases/{id}/events")] HttpRequestData request,
        string id,
        FunctionContext context) =>
        FunctionsApi.RunAsync(request, context, "PostLeaseEvent", ("id", id));

    /// <summary><c>GET /api/leases/{id}/history</c>: who changed the lease and when.</summary>
    [Function("LeaseHistory")]
    public Task<HttpResponseData> HistoryAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "leases/{id}/history")] HttpRequestData request,
        string id,
        FunctionContext context) =>
        FunctionsApi.RunAsync(request, context, "LeaseHistory", ("id", id));
}
