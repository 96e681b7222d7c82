namespace ComplianceMonitor.Application.Scanning;

/// <summary>The fan-out markers that keep a timer firing twice from enqueuing a district's scan twice (one per run and district).</summary>
public interface IScanFanOutStore
{
    /// <summary>
    /// Claims (<paramref name="runId"/>, <paramref name="district"/>) as pending: true when this caller should send the
    /// message (a first claim, or a pending claim older than <paramref name="stalePending"/> taken over under its version);
    /// false when the message was sent already or another caller holds a fresh claim.
    /// </summary>
    Task<bool> TryClaimAsync(string runId, string district, DateOnly asOf, DateTimeOffset now, TimeSpan stalePending, CancellationToken cancellationToken = default);

    /// <summary>Marks the claim enqueued, with the queue's message id.</summary>
    Task MarkEnqueuedAsync(string runId, string district, string messageId, DateTimeOffset at, CancellationToken cancellationToken = default);
}

/// <summary>The queue of per-district scan requests and its poison queue.</summary>
public interface IScanRequestSender
{
    /// <summary>Puts <paramref name="body"/> on the scan queue; returns the queue's message id.</summary>
    Task<string> SendAsync(string body, CancellationToken cancellationToken = default);

    /// <summary>Puts <paramref name="body"/> on the poison queue unchanged.</summary>
    Task RejectAsync(string body, CancellationToken cancellationToken = default);
}
