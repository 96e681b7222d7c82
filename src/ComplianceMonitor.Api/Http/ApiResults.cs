using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ComplianceMonitor.Api.Http;

/// <summary>Builds responses: JSON bodies, and errors as RFC 7807 problem details (<c>application/problem+json</c>).</summary>
/// <remarks>
/// A problem is <c>{ "type", "title", "status", "detail", "instance", "errors": [ { "field", "message", "leaseId"? } ] }</c>;
/// the <c>errors</c> list names every field at fault. Bodies are written with <see cref="Utf8JsonWriter"/> directly, so
/// Chinese text stays readable and no host serializer is involved.
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
    public static ApiResponse Json(int status, Action<Utf8JsonWriter> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        return new ApiResponse(status, JsonContentType, Write(write));
    }

    /// <summary>A text response (HTML or other) with the given media type.</summary>
    public static ApiResponse Text(int status, string contentType, string body) =>
        new(status, contentType, Encoding.UTF8.GetBytes(body ?? string.Empty));

    /// <summary>A response with raw bytes.</summary>
    public static ApiResponse Bytes(int status, string contentType, byte[] body) => new(status, contentType, body);

    /// <summary>A problem-details response.</summary>
    public static ApiResponse Problem(ApiRequest request, int status, string type, string title, string detail, IReadOnlyList<ProblemError>? errors = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new ApiResponse(
            status,
            ProblemContentType,
            Write(w =>
            {
                w.WriteStartObject();
                w.WriteString("type", type);
                w.WriteString("title", title);
                w.WriteNumber("status", status);
                w.WriteString("detail", detail);
                w.WriteString("instance", request.Path);
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
            }));
    }

    /// <summary>400 with every field at fault listed.</summary>
    public static ApiResponse Invalid(ApiRequest request, IReadOnlyList<ProblemError> errors, string? detail = null)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var fields = string.Join(", ", errors.Select(e => e.Field).Distinct(StringComparer.Ordinal));
        return Problem(request, 400, InvalidInputType, "The request is invalid.", detail ?? $"{errors.Count} problem(s) with: {fields}. Nothing was written.", errors);
    }

    /// <summary>400 for one field.</summary>
    public static ApiResponse Invalid(ApiRequest request, string field, string message) =>
        Invalid(request, [new ProblemError(field, message)]);

    /// <summary>
    /// 404 for a lease id that does not exist OR is outside the caller's districts: one body for both, byte for byte, so
    /// that an answer never tells another district's ids apart from missing ones.
    /// </summary>
    public static ApiResponse LeaseNotFound(ApiRequest request, string id) => NotFound(request, $"No lease has the id '{id}'.");

    /// <summary>
    /// 404 for a task id that does not exist OR is outside the caller's districts: one body for both, byte for byte, so
    /// that an answer never tells another district's ids apart from missing ones.
    /// </summary>
    public static ApiResponse TaskNotFound(ApiRequest request, string id) => NotFound(request, $"No enforcement task has the id '{id}'.");

    /// <summary>404 naming what was not found.</summary>
    public static ApiResponse NotFound(ApiRequest request, string detail) =>
        Problem(request, 404, NotFoundType, "Not found.", detail);

    /// <summary>409 with the reason.</summary>
    public static ApiResponse Conflict(ApiRequest request, string detail, IReadOnlyList<ProblemError>? errors = null) =>
        Problem(request, 409, ConflictType, "The change conflicts with the stored state.", detail, errors);

    private static byte[] Write(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer);
        }

        return buffer.ToArray();
    }
}
