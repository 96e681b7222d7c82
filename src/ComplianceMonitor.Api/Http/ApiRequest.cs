using System.Globalization;
using System.Text;
using ComplianceMonitor.Domain.Jurisdictions;

namespace ComplianceMonitor.Api.Http;

/// <summary>
/// A request as every host hands it to the API: method, path, route values, query, headers and body. The Functions app
/// builds it from <c>HttpRequestData</c>, <c>cm serve</c> from ASP.NET Core's <c>HttpRequest</c>; handlers see only this.
/// </summary>
public sealed class ApiRequest
{
    /// <summary>The largest body accepted, in bytes (a district ledger of a few thousand leases fits).</summary>
    public const int MaxBodyBytes = 8 * 1024 * 1024;

    /// <summary>The wire format of dates (Beijing calendar dates).</summary>
    public const string DateFormat = "yyyy-MM-dd";

    private readonly Dictionary<string, string> _route;
    private readonly Dictionary<string, string> _query;
    private readonly Dictionary<string, string> _headers;

    /// <summary>Creates the request. Repeated query keys or headers keep their first value.</summary>
    public ApiRequest(
        string method,
        string path,
        IEnumerable<KeyValuePair<string, string?>>? routeValues,
        IEnumerable<KeyValuePair<string, string?>>? query,
        IEnumerable<KeyValuePair<string, string?>>? headers,
        Stream? body,
        CancellationToken cancellationToken = default)
    {
        Method = (method ?? throw new ArgumentNullException(nameof(method))).ToUpperInvariant();
        Path = path ?? throw new ArgumentNullException(nameof(path));
        _route = Collect(routeValues, StringComparer.Ordinal);
        _query = Collect(query, StringComparer.Ordinal);
        _headers = Collect(headers, StringComparer.OrdinalIgnoreCase);
        Body = body ?? Stream.Null;
        CancellationToken = cancellationToken;
    }

    /// <summary>The HTTP method, upper case.</summary>
    public string Method { get; }

    /// <summary>The path (e.g. <c>/api/tasks</c>), used as the problem's <c>instance</c>.</summary>
    public string Path { get; }

    /// <summary>The body (empty when none).</summary>
    public Stream Body { get; }

    /// <summary>Cancels the request.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>A route value (e.g. <c>id</c> of <c>tasks/{id}</c>), null when absent or blank.</summary>
    public string? Route(string name) => _route.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v) ? v : null;

    /// <summary>A query value, trimmed; null when absent or blank.</summary>
    public string? Query(string name) => _query.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;

    /// <summary>A header value, trimmed; null when absent or blank.</summary>
    public string? Header(string name) => _headers.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;

    /// <summary>The value of a cookie of the <c>Cookie</c> header, or null.</summary>
    public string? Cookie(string name)
    {
        if (Header("Cookie") is not { } header)
        {
            return null;
        }

        foreach (var part in header.Split(';'))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && string.Equals(part[..eq].Trim(), name, StringComparison.Ordinal))
            {
                return Uri.UnescapeDataString(part[(eq + 1)..].Trim());
            }
        }

        return null;
    }

    /// <summary>The value of an <c>If-Match</c> header, trimmed, or null.</summary>
    public string? IfMatch => Header("If-Match");

    /// <summary>Reads the body as UTF-8 text; the refusal is a 400 for an empty body or a 413 for one over <see cref="MaxBodyBytes"/>.</summary>
    public async Task<(string? Text, ApiResponse? Refusal)> ReadTextAsync()
    {
        var (bytes, refusal) = await ReadBytesAsync().ConfigureAwait(false);
        if (refusal is not null)
        {
            return (null, refusal);
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(bytes!).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            return (null, ApiResults.Invalid(this, "$", "The body is not UTF-8 text."));
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return (null, ApiResults.Invalid(this, "$", "The body is empty; a JSON body is required."));
        }

        return (text, null);
    }

    /// <summary>Reads the body's bytes; the refusal is a 413 for a body over <see cref="MaxBodyBytes"/>.</summary>
    public async Task<(byte[]? Bytes, ApiResponse? Refusal)> ReadBytesAsync()
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await Body.ReadAsync(chunk, CancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return (null, ApiResults.Problem(
                    this,
                    413,
                    ApiResults.TooLargeType,
                    "The body is too large.",
                    $"The body is over {MaxBodyBytes} bytes; send fewer records per request.",
                    [new ProblemError("$", $"at most {MaxBodyBytes} bytes")]));
            }

            buffer.Write(chunk, 0, read);
        }

        return (buffer.ToArray(), null);
    }

    /// <summary>Parses a <c>yyyy-MM-dd</c> date.</summary>
    public static bool TryParseDate(string text, out DateOnly date) =>
        DateOnly.TryParseExact(text, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    /// <summary>The message for a value that is not a <c>yyyy-MM-dd</c> date.</summary>
    public static string NotADate(string text) => $"'{text}' is not a date in the form yyyy-MM-dd.";

    /// <summary>The message for an unknown jurisdiction code.</summary>
    public static string UnknownDistrict(string code) =>
        $"'{code}' is not a configured jurisdiction (one of {string.Join(", ", Jurisdiction.All.Select(j => j.Code))}).";

    private static Dictionary<string, string> Collect(IEnumerable<KeyValuePair<string, string?>>? pairs, StringComparer comparer)
    {
        var map = new Dictionary<string, string>(comparer);
        foreach (var (key, value) in pairs ?? [])
        {
            if (value is not null)
            {
                map.TryAdd(key, value);
            }
        }

        return map;
    }
}
