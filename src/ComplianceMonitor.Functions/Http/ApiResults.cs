using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker.Http;

namespace ComplianceMonitor.Functions.Http;

/// <summary>Writes HTTP responses: JSON bodies, and errors as RFC 7807 problem details (<c>application/problem+json</c>).</summary>
/// <remarks>
/// A problem is <c>{ "type", "title", "status", "detail", "errors": [ { "field", "message", "leaseId"? } ] }</c>; the
/// <c>errors</c> list names every field at fault. Bodies are written with <see cref="Utf8JsonWriter"/> directly, so no
/// worker serializer is involved and Chinese text stays readable.
/// </remarks>
public static class ApiResults
{
    /// <summary>The media type of JSON bodies.</summary>
    public const string JsonContentType = "application/json; charset=utf-8";

    /// <summary>The media type of problem details (RFC 7807).</summary>
    public const string ProblemContentType = "application/problem+json; charset=utf-8";

    /// <summary>The media type of HTML bodies.</summary>
    public const string HtmlContentType = "text/html; charset=utf-8";

    /// <summary>The problem type of a request whose input is invalid (400).</summary>
    public const string InvalidInputType = "urn:compliance-monitor:problem:invalid-input";

    /// <summary>The problem type of a request without a readable principal (401).</summary>
    public const string UnauthenticatedType = "urn:compliance-monitor:problem:unauthenticated";

    /// <summary>The problem type of a request outside the caller's district scope (403).</summary>
    public const string ForbiddenType = "urn:compliance-monitor:problem:forbidden";

    /// <summary>The problem type of a missing resource (404).</summary>
    public const string NotFoundType = "urn:compliance-monitor:problem:not-found";

    /// <summary>The problem type of a change that conflicts with the stored state (409).</summary>
    public const string ConflictType = "urn:compliance-monitor:problem:conflict";

    /// <summary>The problem type of a stale <c>If-Match</c> (412).</summary>
    public const string PreconditionFailedType = "urn:compliance-monitor:problem:precondition-failed";

    /// <summary>The problem type of a body that is too large (413).</summary>
    public const string TooLargeType = "urn:compliance-monitor:problem:too-large";

    /// <summary>The problem type of a feature whose service is not deployed yet (501).</summary>
    public const string NotImplementedType = "urn:compliance-monitor:problem:not-implemented";

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>A JSON response written by <paramref name="write"/>.</summary>
    public static async Task<HttpResponseData> JsonAsync(HttpRequestData request, HttpStatusCode status, Action<Utf8JsonWriter> write, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(write);
        var response = request.CreateResponse(status);
        response.Headers.Add("Content-Type", JsonContentType);
        await WriteJsonAsync(response, write, cancellationToken).ConfigureAwait(false);
        return response;
    }

    /// <summary>A text response (HTML or other) with the given media type.</summary>
    public static async Task<HttpResponseData> TextAsync(HttpRequestData request, HttpStatusCode status, string contentType, string body, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = request.CreateResponse(status);
        response.Headers.Add("Content-Type", contentType);
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(body), cancellationToken).ConfigureAwait(false);
        return response;
    }

    /// <summary>A problem-details response.</summary>
    public static async Task<HttpResponseData> ProblemAsync(
        HttpRequestData request,
        HttpStatusCode status,
        string type,
        string title,
        string detail,
        IReadOnlyList<ProblemError>? errors = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = request.CreateResponse(status);
        response.Headers.Add("Content-Type", ProblemContentType);
        await WriteJsonAsync(
            response,
            w =>
            {
                w.WriteStartObject();
                w.WriteString("type", type);
                w.WriteString("title", title);
                w.WriteNumber("status", (int)status);
                w.WriteString("detail", detail);
                w.WriteString("instance", request.Url.AbsolutePath);
                if (errors is { Count: > 0 })
                {
                    w.WriteStartArray("errors");
                    foreach (var e in errors)
                    {
                        w.WriteStartObject();
                        w.WriteString("field", e.Field);
                        w.WriteString("message", e.Message);
                        if (e.LeaseId is not null)
                        {
                            w.WriteString("leaseId", e.LeaseId);
                        }

                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                }

                w.WriteEndObject();
            },
            cancellationToken).ConfigureAwait(false);
        return response;
    }

    /// <summary>400 with every field at fault listed.</summary>
    public static Task<HttpResponseData> InvalidAsync(HttpRequestData request, IReadOnlyList<ProblemError> errors, string? detail = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var fields = string.Join(", ", errors.Select(e => e.Field).Distinct(StringComparer.Ordinal));
        return ProblemAsync(
            request,
            HttpStatusCode.BadRequest,
            InvalidInputType,
            "The request is invalid.",
            detail ?? $"{errors.Count} problem(s) with: {fields}. Nothing was written.",
            errors,
            cancellationToken);
    }

    /// <summary>400 for one field.</summary>
    public static Task<HttpResponseData> InvalidAsync(HttpRequestData request, string field, string message, CancellationToken cancellationToken = default) =>
        InvalidAsync(request, [new ProblemError(field, message)], null, cancellationToken);

    /// <summary>404 naming what was not found.</summary>
    public static Task<HttpResponseData> NotFoundAsync(HttpRequestData request, string detail, CancellationToken cancellationToken = default) =>
        ProblemAsync(request, HttpStatusCode.NotFound, NotFoundType, "Not found.", detail, null, cancellationToken);

    /// <summary>409 with the reason.</summary>
    public static Task<HttpResponseData> ConflictAsync(HttpRequestData request, string detail, IReadOnlyList<ProblemError>? errors = null, CancellationToken cancellationToken = default) =>
        ProblemAsync(request, HttpStatusCode.Conflict, ConflictType, "The change conflicts with the stored state.", detail, errors, cancellationToken);

    private static async Task WriteJsonAsync(HttpResponseData response, Action<Utf8JsonWriter> write, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer);
        }

        buffer.Position = 0;
        await buffer.CopyToAsync(response.Body, cancellationToken).ConfigureAwait(false);
    }
}
