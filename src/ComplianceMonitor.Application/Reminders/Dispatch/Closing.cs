namespace ComplianceMonitor.Application.Reminders.Dispatch;

/// <summary>How an entry ends without a send: its new status, the outcome logged, why, and until when it is held.</summary>
/// <param name="Status">Held, suppressed, superseded, withdrawn or dead.</param>
/// <param name="Outcome">The outcome of the delivery-log row that records the decision.</param>
/// <param name="Reason">Why (masked before it is written).</param>
/// <param name="Until">When a held entry is released; null otherwise.</param>
internal sealed record Closing(OutboxStatus Status, DeliveryOutcome Outcome, string Reason, DateTimeOffset? Until = null)
{
    /// <summary>An entry that cannot be sent at all (its lease is gone, its message cannot be written).</summary>
    public static Closing Dead(string reason) => new(OutboxStatus.Dead, DeliveryOutcome.Permanent, reason);
}
