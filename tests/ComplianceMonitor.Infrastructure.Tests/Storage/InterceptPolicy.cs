using ComplianceMonitor.Infrastructure.Tests.Leases;
using Azure.Core;
using Azure.Core.Pipeline;

namespace ComplianceMonitor.Infrastructure.Tests.Storage;

/// <summary>Runs <paramref name="beforeSend"/> (once) before the first request matching <paramref name="match"/> is sent: makes races deterministic.</summary>
internal sealed class InterceptPolicy(Func<HttpMessage, bool> match, Func<Task> beforeSend) : HttpPipelinePolicy
{
    private int _fired;

    public bool Fired => Volatile.Read(ref _fired) == 1;

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        if (match(message) && Interlocked.Exchange(ref _fired, 1) == 0)
        {
            await beforeSend();
        }

        await ProcessNextAsync(message, pipeline);
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        throw new NotSupportedException("async only");

    /// <summary>A request of <paramref name="method"/> whose path ends with table <paramref name="tableName"/> (optionally with a key segment).</summary>
    public static Func<HttpMessage, bool> Matches(RequestMethod method, string tableName) => message =>
    {
        var path = Uri.UnescapeDataString(message.Request.Uri.ToUri().AbsolutePath);
        return message.Request.Method == method && (path.EndsWith("/" + tableName, StringComparison.Ordinal) || path.Contains("/" + tableName + "(", StringComparison.Ordinal));
    };
}
