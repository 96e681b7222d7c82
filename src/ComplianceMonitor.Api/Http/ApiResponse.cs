namespace ComplianceMonitor.Api.Http;

/// <summary>A response as every host writes it: status, content type, extra headers and body bytes.</summary>
/// <param name="Status">The HTTP status code.</param>
/// <param name="ContentType">The <c>Content-Type</c>, or null for no body.</param>
/// <param name="Body">The body bytes (empty for none).</param>
public sealed record ApiResponse(int Status, string? ContentType, byte[] Body)
{
    /// <summary>Headers besides <c>Content-Type</c> (e.g. <c>ETag</c>, <c>Location</c>, <c>Set-Cookie</c>), in order.</summary>
    public List<KeyValuePair<string, string>> Headers { get; } = [];

    /// <summary>Adds a header and returns this response.</summary>
    public ApiResponse With(string name, string value)
    {
        Headers.Add(new KeyValuePair<string, string>(name, value));
        return this;
    }

    /// <summary>The first value of a header, or null.</summary>
    public string? Header(string name) =>
        Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
}
