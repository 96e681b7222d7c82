using System.Text.Json;
using ComplianceMonitor.Api.Http;

namespace ComplianceMonitor.Api;

/// <summary>
/// The OpenAPI 3.0 description of the API, generated from <see cref="ApiRoutes.All"/> (never written by hand), served at
/// <c>/api/openapi.json</c> by both hosts.
/// </summary>
public static class OpenApiDocument
{
    private static readonly Lazy<byte[]> Document = new(() => ApiResults.Json(200, Write).Body);

    /// <summary>The document as a response.</summary>
    public static ApiResponse Response() => new(200, ApiResults.JsonContentType, Document.Value);

    /// <summary>The document's text.</summary>
    public static string Text => System.Text.Encoding.UTF8.GetString(Document.Value);

    private static void Write(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteString("openapi", "3.0.3");
        w.WriteStartObject("info");
        w.WriteString("title", "ComplianceMonitor API");
        w.WriteString("version", "1");
        w.WriteString("description", "先租后让 lease compliance: checks, leases, enforcement tasks, scans and digests. Errors are RFC 7807 problem details whose errors[] name every field at fault. Callers are signed in through App Service authentication (X-MS-CLIENT-PRINCIPAL); roles: city, district:<code>.");
        w.WriteEndObject();
        w.WriteStartArray("servers");
        w.WriteStartObject();
        w.WriteString("url", "/");
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteStartObject("paths");
        foreach (var group in ApiRoutes.All.Where(r => r.Documented).GroupBy(r => r.Path))
        {
            w.WriteStartObject(group.Key);
            foreach (var route in group)
            {
                WriteOperation(w, route);
            }

            w.WriteEndObject();
        }

        w.WriteEndObject();
        w.WriteStartObject("components");
        w.WriteStartObject("schemas");
        w.WriteStartObject("Problem");
        w.WriteString("type", "object");
        w.WriteStartObject("properties");
        foreach (var p in new[] { "type", "title", "detail", "instance" })
        {
            w.WriteStartObject(p);
            w.WriteString("type", "string");
            w.WriteEndObject();
        }

        w.WriteStartObject("status");
        w.WriteString("type", "integer");
        w.WriteEndObject();
        w.WriteStartObject("errors");
        w.WriteString("type", "array");
        w.WriteStartObject("items");
        w.WriteString("type", "object");
        w.WriteStartObject("properties");
        foreach (var p in new[] { "field", "message", "leaseId" })
        {
            w.WriteStartObject(p);
            w.WriteString("type", "string");
            w.WriteEndObject();
        }

        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteStartObject("securitySchemes");
        w.WriteStartObject("appServicePrincipal");
        w.WriteString("type", "apiKey");
        w.WriteString("in", "header");
        w.WriteString("name", "X-MS-CLIENT-PRINCIPAL");
        w.WriteString("description", "Set by App Service authentication (Entra ID) in Azure; by the development sign-in of cm serve locally.");
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteOperation(Utf8JsonWriter w, ApiRoute route)
    {
        w.WriteStartObject(route.Method.ToLowerInvariant());
        w.WriteString("operationId", route.Name);
        w.WriteString("summary", route.Summary);
        w.WriteStartArray("tags");
        w.WriteStringValue(route.Tag);
        w.WriteEndArray();
        if (!route.Anonymous)
        {
            w.WriteStartArray("security");
            w.WriteStartObject();
            w.WriteStartArray("appServicePrincipal");
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndArray();
        }

        w.WriteStartArray("parameters");
        foreach (var name in route.RouteParameters)
        {
            w.WriteStartObject();
            w.WriteString("name", name);
            w.WriteString("in", "path");
            w.WriteBoolean("required", true);
            w.WriteStartObject("schema");
            w.WriteString("type", "string");
            w.WriteEndObject();
            w.WriteEndObject();
        }

        foreach (var q in route.Query)
        {
            w.WriteStartObject();
            w.WriteString("name", q.Name);
            w.WriteString("in", "query");
            w.WriteBoolean("required", false);
            w.WriteString("description", q.Description);
            w.WriteStartObject("schema");
            w.WriteString("type", "string");
            if (q.Values is { Count: > 0 })
            {
                w.WriteStartArray("enum");
                foreach (var v in q.Values)
                {
                    w.WriteStringValue(v);
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        if (route.BodyDescription is { } body)
        {
            w.WriteStartObject("requestBody");
            w.WriteBoolean("required", true);
            w.WriteString("description", body);
            w.WriteStartObject("content");
            w.WriteStartObject(route.BodyContentType);
            w.WriteStartObject("schema");
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteStartObject("responses");
        foreach (var (status, text) in route.Responses)
        {
            w.WriteStartObject(status.ToString(System.Globalization.CultureInfo.InvariantCulture));
            w.WriteString("description", text);
            w.WriteEndObject();
        }

        foreach (var (status, text) in route.Anonymous ? [] : new[] { ("400", "Invalid input: every field at fault"), ("401", "Not signed in"), ("403", "Outside the caller's districts"), ("404", "Not found") })
        {
            w.WriteStartObject(status);
            w.WriteString("description", text);
            w.WriteStartObject("content");
            w.WriteStartObject("application/problem+json");
            w.WriteStartObject("schema");
            w.WriteString("$ref", "#/components/schemas/Problem");
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndObject();
        w.WriteEndObject();
    }
}
