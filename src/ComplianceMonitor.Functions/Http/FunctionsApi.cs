using System.Net;
using ComplianceMonitor.Api;
using ComplianceMonitor.Api.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceMonitor.Functions.Http;

/// <summary>
/// The Functions side of the API: turns <see cref="HttpRequestData"/> into the host-neutral <see cref="ApiRequest"/>, runs
/// the route through <see cref="ApiDispatcher"/> and writes the <see cref="ApiResponse"/> back. Every HTTP trigger is one
/// call to <see cref="RunAsync"/>; there is no request handling in the triggers.
/// </summary>
public static class FunctionsApi
{
    /// <summary>Runs the route named <paramref name="routeName"/> for <paramref name="request"/>.</summary>
    public static async Task<HttpResponseData> RunAsync(HttpRequestData request, FunctionContext context, string routeName, params (string Name, string? Value)[] routeValues)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var query = request.Query.AllKeys
            .Where(k => k is not null)
            .Select(k => new KeyValuePair<string, string?>(k!, request.Query[k]));
        var headers = request.Headers.Select(h => new KeyValuePair<string, string?>(h.Key, h.Value.FirstOrDefault()));
        var apiRequest = new ApiRequest(
            request.Method,
            request.Url.AbsolutePath,
            routeValues.Select(v => new KeyValuePair<string, string?>(v.Name, v.Value)),
            query,
            headers,
            request.Body,
            context.CancellationToken);
        var dispatcher = context.InstanceServices.GetRequiredService<ApiDispatcher>();
        var result = await dispatcher.HandleAsync(routeName, apiRequest, context.InstanceServices).ConfigureAwait(false);
        var response = request.CreateResponse((HttpStatusCode)result.Status);
        if (result.ContentType is not null)
        {
            response.Headers.Add("Content-Type", result.ContentType);
        }

        foreach (var (name, value) in result.Headers)
        {
            response.Headers.Add(name, value);
        }

        if (result.Body.Length > 0)
        {
            await response.Body.WriteAsync(result.Body, context.CancellationToken).ConfigureAwait(false);
        }

        return response;
    }
}
