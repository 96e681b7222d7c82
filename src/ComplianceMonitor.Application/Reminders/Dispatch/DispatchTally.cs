namespace ComplianceMonitor.Application.Reminders.Dispatch;

/// <summary>Sums the outcomes of one pass into its <see cref="DispatchSummary"/>: no counters, one fold over immutable outcomes.</summary>
internal static class DispatchTally
{
    /// <summary>The summary of a pass whose entries ended as <paramref name="outcomes"/>.</summary>
    /// <param name="outcomes">One per listed entry (examined or not yet due) and one per unread district, in any order.</param>
    /// <param name="districts">The pass's districts, in their configured order (the order of <see cref="DispatchSummary.UnreadDistricts"/>).</param>
    /// <param name="pausedChannels">The channels paused at the end of the pass.</param>
    public static DispatchSummary Summarize(IReadOnlyCollection<EntryOutcome> outcomes, IReadOnlyList<string> districts, IReadOnlyList<ChannelPause> pausedChannels)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        ArgumentNullException.ThrowIfNull(districts);
        ArgumentNullException.ThrowIfNull(pausedChannels);
        var byKind = outcomes.GroupBy(o => o.Kind).ToDictionary(g => g.Key, g => g.Count());
        int Count(EntryOutcomeKind kind) => byKind.GetValueOrDefault(kind);
        var unread = outcomes.Where(o => o.Kind == EntryOutcomeKind.DistrictUnread).Select(o => o.District!).ToHashSet(StringComparer.Ordinal);
        var waits = outcomes.Where(o => o.NextDue is not null).Select(o => o.NextDue!.Value).ToList();
        return new DispatchSummary
        {
            Examined = outcomes.Count(o => o.IsExamined),
            Sent = Count(EntryOutcomeKind.Sent) + Count(EntryOutcomeKind.SentPossibleDuplicate),
            Retrying = Count(EntryOutcomeKind.Retrying),
            Dead = Count(EntryOutcomeKind.Dead),
            Held = Count(EntryOutcomeKind.Held),
            Suppressed = Count(EntryOutcomeKind.Suppressed),
            Superseded = Count(EntryOutcomeKind.Superseded),
            Recovered = outcomes.Count(o => o.Recovered),
            Completed = Count(EntryOutcomeKind.Completed),
            PossibleDuplicates = Count(EntryOutcomeKind.SentPossibleDuplicate),
            Skipped = Count(EntryOutcomeKind.Skipped),
            Failed = Count(EntryOutcomeKind.Failed),
            Paused = Count(EntryOutcomeKind.Paused),
            UnreadDistricts = [.. districts.Where(unread.Contains).Distinct(StringComparer.Ordinal)],
            PausedChannels = pausedChannels,
            Waiting = waits.Count,
            NextDueAt = waits.Count == 0 ? null : waits.Min(),
        };
    }
}
