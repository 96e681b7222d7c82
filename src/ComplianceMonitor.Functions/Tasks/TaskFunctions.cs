using ComplianceMonitor.Functions.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace ComplianceMonitor.Functions.Tasks;

/// <summary>Enforcement tasks (Flow 5) as HTTP triggers; the handling is <c>ComplianceMonitor.Api.Endpoints.TaskEndpoints</c>.</summary>
public sealed class TaskFunctions
{
    /// <summary><c>GET /api/tasks?district=&amp;state=&amp;leaseId=&amp;department=&amp;rule=&amp;escalated=</c>.</summary>
    [Function("ListTasks")]
    public Task<HttpResponseData> ListAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "tasks")] HttpRequestData request,
        FunctionContext context) =>
        FunctionsApi.RunAsync(request, context, "ListTasks");

    /// <summary><c>GET /api/tasks/{id}</c>: one task by its short id or key.</summary>
    [Function("GetTask")]
    public Task<HttpResponseData> GetAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "tasks/{id}")] HttpRequestData request,
        string id,
        FunctionContext context) =>
        FunctionsApi.RunAsync(request, context, "GetTask", ("id", id));

    /// <summary><c>PATCH /api/tasks/{id}</c>: acknowledge, resolve or dismiss, with a required note.</summary>
    [Function("PatchTask")]
    public Task<HttpResponseData> PatchAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "tasks/{id?}")] HttpRequestData request,
        string? id,
        FunctionContext context) =>
        FunctionsApi.RunAsync(request, context, "PatchTask", ("id", id));
}
