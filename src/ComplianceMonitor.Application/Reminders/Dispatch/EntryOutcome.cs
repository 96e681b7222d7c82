namespace ComplianceMonitor.Application.Reminders.Dispatch;

/// <summary>What became of one outbox entry in a pass (or, for the last two kinds, of one listing step).</summary>
internal enum EntryOutcomeKind
{
    /// <summary>The provider accepted it.</summary>
    Sent,

    /// <summary>The provider accepted it, flagged as a possible duplicate.</summary>
    SentPossibleDuplicate,

    /// <summary>It failed transiently and waits for a retry.</summary>
    Retrying,

    /// <summary>It was given up.</summary>
    Dead,

    /// <summary>The gate held it.</summary>
    Held,

    /// <summary>The gate suppressed it.</summary>
    Suppressed,

    /// <summary>Its alert was resolved or is gone (or closed as rule revised): withdrawn unsent.</summary>
    Superseded,

    /// <summary>A recovered entry completed from its attempt row, nothing resent.</summary>
    Completed,

    /// <summary>Left alone: someone changed it first, or its alert does not record its stage yet.</summary>
    Skipped,

    /// <summary>Its processing failed (a storage fault); left as stored.</summary>
    Failed,

    /// <summary>Left pending, untouched, because its channel is paused.</summary>
    Paused,

    /// <summary>Listed but not due yet (not examined): it only counts as waiting.</summary>
    NotDue,

    /// <summary>A district whose outbox could not be listed (not an entry).</summary>
    DistrictUnread,
}

/// <summary>The outcome of one entry: its kind, when it comes due again if it still waits, and whether it was recovered from an expired claim.</summary>
/// <param name="Kind">What became of it.</param>
/// <param name="NextDue">When it comes due again, if it still waits (counted in <see cref="DispatchSummary.Waiting"/>).</param>
/// <param name="Recovered">Whether it was taken over from a dispatcher whose claim expired.</param>
/// <param name="District">The unread district, for <see cref="EntryOutcomeKind.DistrictUnread"/>.</param>
/// <param name="Channel">The entry's channel (set by the use case for every examined entry).</param>
internal readonly record struct EntryOutcome(EntryOutcomeKind Kind, DateTimeOffset? NextDue = null, bool Recovered = false, string? District = null, OutboxChannel? Channel = null)
{
    /// <summary>How long an entry someone else changed first waits before it is looked at again.</summary>
    private static readonly TimeSpan LookAgain = TimeSpan.FromSeconds(1);

    /// <summary>Whether the outcome is an examined entry (not a not-yet-due one, not an unread district).</summary>
    public bool IsExamined => Kind is not (EntryOutcomeKind.NotDue or EntryOutcomeKind.DistrictUnread);

    /// <summary>An entry someone else changed first: look again shortly (it may still be in flight).</summary>
    public static EntryOutcome SkippedAt(DateTimeOffset now) => new(EntryOutcomeKind.Skipped, now + LookAgain);

    /// <summary>An entry of the listing that comes due at <paramref name="dueAt"/>.</summary>
    public static EntryOutcome NotDueUntil(DateTimeOffset dueAt) => new(EntryOutcomeKind.NotDue, dueAt);

    /// <summary>A district whose listing failed.</summary>
    public static EntryOutcome Unread(string district) => new(EntryOutcomeKind.DistrictUnread, District: district);
}
