using ComplianceMonitor.Infrastructure.Leases;
using Azure.Core;
using Azure.Core.Pipeline;

namespace ComplianceMonitor.Infrastructure.Storage;

/// <summary>
/// Counts the HTTP requests sent to storage (every attempt, retries included), by method and by response status.
/// Thread-safe; tests and benchmarks read it to prove how many round trips an operation costs.
/// </summary>
public sealed class RequestCounter
{
    private long _total;
    private long _reads;
    private long _writes;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> _byMethod = new(StringComparer.Ordinal);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, long> _byStatus = new();

    /// <summary>Every request sent.</summary>
    public long Total => Interlocked.Read(ref _total);

    /// <summary>Requests that read (GET, HEAD).</summary>
    public long Reads => Interlocked.Read(ref _reads);

    /// <summary>Requests that may change data (POST, PUT, MERGE, PATCH, DELETE; a batch counts once).</summary>
    public long Writes => Interlocked.Read(ref _writes);

    /// <summary>How many requests used <paramref name="method"/> (e.g. "GET", "PUT").</summary>
    public long WithMethod(string method) => _byMethod.TryGetValue(method.ToUpperInvariant(), out var n) ? n : 0;

    /// <summary>How many responses had <paramref name="status"/> (e.g. 412).</summary>
    public long WithStatus(int status) => _byStatus.TryGetValue(status, out var n) ? n : 0;

    /// <summary>Sets every count to zero.</summary>
    public void Reset()
    {
        Interlocked.Exchange(ref _total, 0);
        Interlocked.Exchange(ref _reads, 0);
        Interlocked.Exchange(ref _writes, 0);
        _byMethod.Clear();
        _byStatus.Clear();
    }

    /// <summary>A pipeline policy feeding this counter; add it at <see cref="HttpPipelinePosition.PerRetry"/>.</summary>
    public HttpPipelinePolicy CreatePolicy() => new CountingPolicy(this);

    /// <inheritdoc />
    public override string ToString() => $"{Total} requests ({Reads} reads, {Writes} writes)";

    private void OnRequest(RequestMethod method)
    {
        Interlocked.Increment(ref _total);
        if (method == RequestMethod.Get || method == RequestMethod.Head)
        {
            Interlocked.Increment(ref _reads);
        }
        else
        {
            Interlocked.Increment(ref _writes);
        }

        _byMethod.AddOrUpdate(method.Method.ToUpperInvariant(), 1, (_, n) => n + 1);
    }

    private void OnResponse(int status) => _byStatus.AddOrUpdate(status, 1, (_, n) => n + 1);

    private sealed class CountingPolicy(RequestCounter counter) : HttpPipelinePolicy
    {
        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            counter.OnRequest(message.Request.Method);
            await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
            if (message.HasResponse)
            {
                counter.OnResponse(message.Response.Status);
            }
        }

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            counter.OnRequest(message.Request.Method);
            ProcessNext(message, pipeline);
            if (message.HasResponse)
            {
                counter.OnResponse(message.Response.Status);
            }
        }
    }
}
