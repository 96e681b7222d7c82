using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace ComplianceMonitor.Functions.Http;

/// <summary>The API's own documents: the OpenAPI description generated from the route table.</summary>
public sealed class ApiFunctions
{
    /// <summary><c>GET /api/openapi.json</c>: the OpenAPI 3 description (no key: it holds no data).</summary>
    [Function("OpenApi")]
    public Task<HttpResponseData> OpenApiAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi.json")] HttpRequestData request,
        FunctionContext context) =>
        FunctionsApi.RunAsync(request, context, "OpenApi");
}
