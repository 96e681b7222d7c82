using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace ComplianceMonitor.Functions.Tests.Support;

/// <summary>An in-memory <see cref="HttpResponseData"/> whose body can be read back as text or JSON.</summary>
public sealed class FakeHttpResponseData : HttpResponseData
{
    /// <summary>Creates the response.</summary>
    public FakeHttpResponseData(FunctionContext context)
        : base(context)
    {
    }

    /// <inheritdoc/>
    public override HttpStatusCode StatusCode { get; set; }

    /// <inheritdoc/>
    public override HttpHeadersCollection Headers { get; set; } = new();

    /// <inheritdoc/>
    public override Stream Body { get; set; } = new MemoryStream();

    /// <inheritdoc/>
    public override HttpCookies Cookies { get; } = new FakeHttpCookies();

    /// <summary>The body as UTF-8 text.</summary>
    public string BodyText()
    {
        var stream = (MemoryStream)Body;
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>The body parsed as JSON (a clone, independent of any document).</summary>
    public JsonElement Json()
    {
        using var document = JsonDocument.Parse(BodyText());
        return document.RootElement.Clone();
    }

    /// <summary>The single value of a header, or null.</summary>
    public string? Header(string name) => Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;

    private sealed class FakeHttpCookies : HttpCookies
    {
        private readonly List<IHttpCookie> _cookies = [];

        public override void Append(string name, string value) => _cookies.Add(new HttpCookie(name, value));

        public override void Append(IHttpCookie cookie) => _cookies.Add(cookie);

        public override IHttpCookie CreateNew() => new HttpCookie(string.Empty, string.Empty);
    }
}
