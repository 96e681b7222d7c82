using System.Globalization;
using System.Net;
using System.Text;
using ComplianceMonitor.Application.Access;
using ComplianceMonitor.Domain.Jurisdictions;
using ComplianceMonitor.Functions.Auth;
using Microsoft.Azure.Functions.Worker.Http;

namespace ComplianceMonitor.Functions.Http;

/// <summary>The caller of a request, or the response that refuses it.</summary>
/// <param name="Principal">The principal when the request may go on.</param>
/// <param name="Refusal">The 401 response when it may not.</param>
public sealed record Caller(ClientPrincipal? Principal, HttpResponseData? Refusal);

/// <summary>Reads what HTTP functions need from a request: the caller, the body, dates and query values.</summary>
public static class ApiRequest
{
    /// <summary>The largest body accepted, in bytes (a district ledger of a few thousand leases fits).</summary>
    public const int MaxBodyBytes = 8 * 1024 * 1024;

    /// <summary>The wire format of dates (Beijing calendar dates).</summary>
    public const string DateFormat = "yyyy-MM-dd";

    /// <summary>The caller from <see cref="ClientPrincipal.HeaderName"/>; 401 when the header is absent or unreadable.</summary>
    public static async Task<Caller> AuthenticateAsync(HttpRequestData request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var header = request.Headers.TryGetValues(ClientPrincipal.HeaderName, out var values) ? values.FirstOrDefault() : null;

        // The header is believed only when the platform vouches for it (PrincipalHeaderTrust); none registered = not trusted.
        var trust = request.FunctionContext.InstanceServices?.GetService(typeof(PrincipalHeaderTrust)) as PrincipalHeaderTrust;
        string? error;
        if (trust is null || !trust.TrustsHeader)
        {
            error = header is null ? null : trust?.RefusalDetail ?? $"{ClientPrincipal.HeaderName} is not trusted: no trust decision is registered.";
        }
        else if (ClientPrincipal.TryParse(header, out var principal, out error))
        {
            return new Caller(principal, null);
        }

        var detail = error ?? $"No {ClientPrincipal.HeaderName} header: sign in through App Service authentication.";
        var response = await ApiResults.ProblemAsync(
            request,
            HttpStatusCode.Unauthorized,
            ApiResults.UnauthenticatedType,
            "Authentication is required.",
            detail,
            [new ProblemError(ClientPrincipal.HeaderName, detail)],
            cancellationToken).ConfigureAwait(false);
        return new Caller(null, response);
    }

    /// <summary>403: the caller's roles do not reach <paramref name="districtCodes"/>.</summary>
    public static Task<HttpResponseData> ForbiddenAsync(HttpRequestData request, ClientPrincipal principal, IEnumerable<string> districtCodes, string field, IReadOnlyList<ProblemError>? errors = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var codes = string.Join(", ", districtCodes.Distinct(StringComparer.Ordinal));
        var scope = principal.IsCity ? "every district" : principal.Districts.Count == 0 ? "no district" : "district " + string.Join(", ", principal.Districts.Order(StringComparer.Ordinal));
        var detail = $"Your roles reach {scope}; they do not reach district {codes}.";
        return ApiResults.ProblemAsync(
            request,
            HttpStatusCode.Forbidden,
            ApiResults.ForbiddenType,
            "Outside your district scope.",
            detail,
            errors ?? [new ProblemError(field, detail)],
            cancellationToken);
    }

    /// <summary>The body as UTF-8 text; <c>Refusal</c> is a 400 for an empty body or a 413 for one over <see cref="MaxBodyBytes"/>.</summary>
    public static async Task<(string? Text, HttpResponseData? Refusal)> ReadBodyAsync(HttpRequestData request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                var tooLarge = await ApiResults.ProblemAsync(
                    request,
                    HttpStatusCode.RequestEntityTooLarge,
                    ApiResults.TooLargeType,
                    "The body is too large.",
                    $"The body is over {MaxBodyBytes} bytes; send fewer records per request.",
                    [new ProblemError("$", $"at most {MaxBodyBytes} bytes")],
                    cancellationToken).ConfigureAwait(false);
                return (null, tooLarge);
            }

            buffer.Write(chunk, 0, read);
        }

        var text = new UTF8Encoding(false, true).GetString(buffer.GetBuffer(), 0, (int)buffer.Length).TrimStart('\uFEFF');
        if (string.IsNullOrWhiteSpace(text))
        {
            return (null, await ApiResults.InvalidAsync(request, "$", "The body is empty; a JSON body is required.", cancellationToken).ConfigureAwait(false));
        }

        return (text, null);
    }

    /// <summary>A query value, trimmed; null when absent or blank.</summary>
    public static string? Query(HttpRequestData request, string name)
    {
        ArgumentNullException.ThrowIfNull(request);
        var value = request.Query[name];
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    /// <summary>Parses a <c>yyyy-MM-dd</c> date; null with an error for anything else.</summary>
    public static bool TryParseDate(string text, out DateOnly date) =>
        DateOnly.TryParseExact(text, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    /// <summary>The message for a value that is not a <c>yyyy-MM-dd</c> date.</summary>
    public static string NotADate(string text) => $"'{text}' is not a date in the form yyyy-MM-dd.";

    /// <summary>The message for an unknown jurisdiction code.</summary>
    public static string UnknownDistrict(string code) =>
        $"'{code}' is not a configured jurisdiction (one of {string.Join(", ", Jurisdiction.All.Select(j => j.Code))}).";

    /// <summary>The value of an <c>If-Match</c> header without quotes handling beyond trimming, or null.</summary>
    public static string? IfMatch(HttpRequestData request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Headers.TryGetValues("If-Match", out var values) && values.FirstOrDefault() is { } value && !string.IsNullOrWhiteSpace(value)
            ? value.Trim()
            : null;
    }
}
