using ComplianceMonitor.Functions.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace ComplianceMonitor.Functions.Checks;

/// <summary>On-demand checks (Flow 4) as HTTP triggers; the handling is <c>ComplianceMonitor.Api.Endpoints.CheckEndpoints</c>.</summary>
public sealed class CheckFunctions
{
    /// <summary><c>POST /api/check[?asOf=yyyy-MM-dd]</c>: checks the posted record(s) without storing them.</summary>
    [Function("CheckRecords")]
    public Task<HttpResponseData> CheckRecordsAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "check")] HttpRequestData request,
        FunctionContext context) =>
        FunctionsApi.RunAsync(request, context, "CheckRecords");

    /// <summary><c>GET /api/leases/{id}/check[?asOf=yyyy-MM-dd]</c>: checks a stored lease as of a Beijing date.</summary>
    [Function("CheckLease")]
    public Task<HttpResponseData> CheckLeaseAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "leases/{id}/check")] HttpRequestData request,
        string id,
        FunctionContext context) =>
        FunctionsApi.RunAsync(request, context, "CheckLease", ("id", id));
}
