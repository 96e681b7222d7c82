using System.Security.Claims;
using System.Text;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace ComplianceMonitor.Functions.Tests.Support;

/// <summary>An in-memory <see cref="HttpRequestData"/>: method, URL (with query), UTF-8 body and headers; responses are <see cref="FakeHttpResponseData"/>.</summary>
public sealed class FakeHttpRequestData : HttpRequestData
{
    /// <summary>Creates the request.</summary>
    public FakeHttpRequestData(FunctionContext context, string method, string url, string? body = null, IEnumerable<KeyValuePair<string, string>>? headers = null)
        : base(context)
    {
        Method = method;
        Url = new Uri(url, UriKind.Absolute);
        Body = new MemoryStream(body is null ? [] : Encoding.UTF8.GetBytes(body));
        Headers = new HttpHeadersCollection();
        foreach (var header in headers ?? [])
        {
            Headers.Add(header.Key, header.Value);
        }
    }

    /// <inheritdoc/>
    public override Stream Body { get; }

    /// <inheritdoc/>
    public override HttpHeadersCollection Headers { get; }

    /// <inheritdoc/>
    public override IReadOnlyCollection<IHttpCookie> Cookies { get; } = [];

    /// <inheritdoc/>
    public override Uri Url { get; }

    /// <inheritdoc/>
    public override IEnumerable<ClaimsIdentity> Identities { get; } = [];

    /// <inheritdoc/>
    public override string Method { get; }

    /// <inheritdoc/>
    public override HttpResponseData CreateResponse() => new FakeHttpResponseData(FunctionContext);
}
