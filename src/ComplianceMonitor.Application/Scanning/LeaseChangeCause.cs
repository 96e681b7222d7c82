using System.Globalization;
using ComplianceMonitor.Application.Leases;
using ComplianceMonitor.Domain.Calendar;

namespace ComplianceMonitor.Application.Scanning;

/// <summary>
/// Who caused a resolution: the last confirmed lease write (<see cref="ILeaseHistoryStore"/>) since the last scan that
/// still saw the finding, named in the note of the task the scan resolves.
/// </summary>
/// <remarks>
/// A finding that vanished because someone changed the lease (a PUT, an event, an import) is resolved "after lease change
/// by X at T"; one that vanished with no lease change since it was last seen (time passed) keeps the plain
/// <see cref="Tasks.EnforcementTask.ObligationMetNote"/>. Only <see cref="LeaseHistoryState.Applied"/> entries count: a
/// pending entry's write may never have happened. Reads one history partition per lease with a task to resolve.
/// </remarks>
internal static class LeaseChangeCause
{
    /// <summary>Fills <see cref="ScanContext.ResolutionNotes"/> for the active tasks of <paramref name="gone"/> named by a lease change.</summary>
    public static async Task NoteAllAsync(ScanContext scan, IReadOnlyList<Alert> gone, IReadOnlyDictionary<string, Tasks.EnforcementTask> activeTasks, CancellationToken cancellationToken)
    {
        if (scan.Deps.History is null)
        {
            return;
        }

        foreach (var alert in gone.Where(a => a.TaskId is not null && activeTasks.ContainsKey(a.TaskId)))
        {
            var note = await NoteAsync(scan.Deps.History, alert, scan.Now, cancellationToken).ConfigureAwait(false);
            if (!string.Equals(note, Tasks.EnforcementTask.ObligationMetNote, StringComparison.Ordinal))
            {
                scan.ResolutionNotes[alert.TaskId!] = note;
            }
        }
    }

    /// <summary>The note for a task resolved because its finding of <paramref name="alert"/> is gone, as of <paramref name="now"/>.</summary>
    public static async Task<string> NoteAsync(ILeaseHistoryStore? history, Alert alert, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var note = Tasks.EnforcementTask.ObligationMetNote;
        if (history is null)
        {
            return note;
        }

        var since = BeijingClock.At(alert.LastSeenOn, TimeOnly.MinValue);
        LeaseHistoryEntry? last = null;
        await foreach (var entry in history.ReadAsync(alert.DistrictCode, alert.LeaseId, cancellationToken).ConfigureAwait(false))
        {
            if (entry.State == LeaseHistoryState.Applied && entry.At >= since && entry.At <= now && (last is null || entry.At >= last.At))
            {
                last = entry;
            }
        }

        return last is null
            ? note
            : string.Create(CultureInfo.InvariantCulture, $"{note}; resolved by scan after lease change by {last.Actor} at {last.At.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'} ({last.Channel}, {last.Action}{(last.Detail is { } d && last.Action == "event" ? ": " + d : string.Empty)})");
    }
}
