using ComplianceMonitor.Application.Storage;

namespace ComplianceMonitor.Application.Reminders.Dispatch;

/// <summary>Writes one entry under its ETag: the only way the dispatcher changes an entry.</summary>
internal sealed class OutboxWriter(IOutboxStore outbox)
{
    /// <summary>Replaces <paramref name="entry"/> under its ETag; its new ETag, or null when someone changed it first.</summary>
    public async Task<string?> TryUpdateAsync(OutboxEntry entry, CancellationToken cancellationToken)
    {
        var results = await outbox.UpdateManyAsync(entry.DistrictCode, [entry], cancellationToken).ConfigureAwait(false);
        return results[0].Outcome == WriteOutcome.Updated ? results[0].ETag ?? string.Empty : null;
    }
}
