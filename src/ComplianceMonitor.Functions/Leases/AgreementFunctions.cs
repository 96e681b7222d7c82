using ComplianceMonitor.Functions.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace ComplianceMonitor.Functions.Leases;

/// <summary>The performance agreement (issue 12) as HTTP triggers; the handling is <c>ComplianceMonitor.Api.Endpoints.AgreementEndpoints</c>.</summary>
public sealed class AgreementFunctions
{
    /// <summary><c>POST /api/leases/{id}/indicators</c>: reports indicator actuals of the lease's agreement.</summary>
    [Function("ReportIndicatorActuals")]
    public Task<HttpResponseData> ReportIndicatorsAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "leases/{id}/indicators")] HttpRequestData request,
        string id,
        FunctionContext context) =>
        FunctionsApi.RunAsync(request, context, "ReportIndicatorActuals", ("id", id));

    /// <summary><c>POST /api/leases/{id}/return</c>: records a step of the voluntary return.</summary>
    [Function("RecordReturn")]
    public Task<HttpResponseData> RecordReturnAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "leases/{id}/return")] HttpRequestData request,
        string id,
        FunctionContext context) =>
        FunctionsApi.RunAsync(request, context, "RecordReturn", ("id", id));

    /// <summary><c>GET /api/leases/{id}/return-quote</c>: the refund quote of a voluntary return for a day.</summary>
    [Function("ReturnQuote")]
    public Task<HttpResponseData> ReturnQuoteAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "leases/{id}/return-quote")] HttpRequestData request,
        string id,
        FunctionContext context) =>
        FunctionsApi.RunAsync(request, context, "ReturnQuote", ("id", id));
}
