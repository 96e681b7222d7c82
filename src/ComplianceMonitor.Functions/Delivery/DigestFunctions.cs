using ComplianceMonitor.Functions.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace ComplianceMonitor.Functions.Delivery;

/// <summary>The digest preview as an HTTP trigger; the handling is <c>ComplianceMonitor.Api.Endpoints.DigestEndpoints</c>.</summary>
public sealed class DigestFunctions
{
    /// <summary><c>GET /api/districts/{code}/digest[?date=yyyy-MM-dd][&amp;format=html|json]</c>.</summary>
    [Function("DigestPreview")]
    public Task<HttpResponseData> PreviewAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "districts/{code}/digest")] HttpRequestData request,
        string code,
        FunctionContext context) =>
        FunctionsApi.RunAsync(request, context, "DigestPreview", ("code", code));
}
