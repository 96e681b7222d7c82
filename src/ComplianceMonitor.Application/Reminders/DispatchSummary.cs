using ComplianceMonitor.Application.Contacts;

namespace ComplianceMonitor.Application.Reminders;

/// <summary>What one dispatch pass did, by outcome.</summary>
public sealed record DispatchSummary
{
    /// <summary>Due entries examined.</summary>
    public int Examined { get; init; }

    /// <summary>Entries the provider accepted.</summary>
    public int Sent { get; init; }

    /// <summary>Entries that failed transiently and wait for a retry.</summary>
    public int Retrying { get; init; }

    /// <summary>Entries given up (permanent failure, too many transient failures, or a message that cannot be written).</summary>
    public int Dead { get; init; }

    /// <summary>Entries held (SMS quiet hours, snoozes).</summary>
    public int Held { get; init; }

    /// <summary>Entries suppressed (the enterprise stopped SMS).</summary>
    public int Suppressed { get; init; }

    /// <summary>Entries cancelled because their alert was resolved or is gone.</summary>
    public int Superseded { get; init; }

    /// <summary>Entries taken over from a dispatcher whose claim expired.</summary>
    public int Recovered { get; init; }

    /// <summary>Recovered entries whose outcome was already in the delivery log: the record was completed, nothing resent.</summary>
    public int Completed { get; init; }

    /// <summary>Sends flagged as possible duplicates (the previous attempt's outcome was unknown).</summary>
    public int PossibleDuplicates { get; init; }

    /// <summary>Entries left alone because another dispatcher (or a scan) changed them first.</summary>
    public int Skipped { get; init; }

    /// <summary>Entries whose processing failed (a storage fault); left as stored, they come round again.</summary>
    public int Failed { get; init; }

    /// <summary>Entries still pending or in flight after the pass (retries not yet due, claims not yet expired).</summary>
    public int Waiting { get; init; }

    /// <summary>The earliest instant at which a waiting entry comes due, or null when none waits.</summary>
    public DateTimeOffset? NextDueAt { get; init; }

    /// <summary>The districts whose entries could not be listed this pass (a storage fault); their entries wait for the next pass.</summary>
    public IReadOnlyList<string> UnreadDistricts { get; init; } = [];

    /// <summary>Entries left pending, untouched, because their channel is paused (the provider refused our account).</summary>
    public int Paused { get; init; }

    /// <summary>The channels paused at the end of the pass, with the provider's reason and when they are tried again.</summary>
    public IReadOnlyList<ChannelPause> PausedChannels { get; init; } = [];

    /// <summary>The sum of two passes; <see cref="Waiting"/> and <see cref="NextDueAt"/> are the later pass's.</summary>
    public DispatchSummary Then(DispatchSummary later)
    {
        ArgumentNullException.ThrowIfNull(later);
        return new DispatchSummary
        {
            Examined = Examined + later.Examined,
            Sent = Sent + later.Sent,
            Retrying = Retrying + later.Retrying,
            Dead = Dead + later.Dead,
            Held = Held + later.Held,
            Suppressed = Suppressed + later.Suppressed,
            Superseded = Superseded + later.Superseded,
            Recovered = Recovered + later.Recovered,
            Completed = Completed + later.Completed,
            PossibleDuplicates = PossibleDuplicates + later.PossibleDuplicates,
            Skipped = Skipped + later.Skipped,
            Failed = Failed + later.Failed,
            UnreadDistricts = later.UnreadDistricts,
            Paused = Paused + later.Paused,
            PausedChannels = later.PausedChannels,
            Waiting = later.Waiting,
            NextDueAt = later.NextDueAt,
        };
    }
}
