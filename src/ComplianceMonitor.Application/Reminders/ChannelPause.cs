namespace ComplianceMonitor.Application.Reminders;

/// <summary>A channel the dispatcher stopped using because its provider refused our account (not one message).</summary>
/// <remarks>
/// Recorded when a send ends <see cref="SendResult.ChannelRefused"/> (401/403, an unverified sender, an unresolved Key
/// Vault reference). While <see cref="Until"/> lies ahead no entry of the channel is claimed: they stay pending, nothing
/// goes dead. After it, the next pass tries again; an accepted send lifts the pause. The digest and <c>cm dispatch</c>
/// show it.
/// </remarks>
/// <param name="Channel">The paused channel.</param>
/// <param name="Reason">The provider's words (digits and addresses masked).</param>
/// <param name="Status">The provider's answer, or null when the sender refused before calling it (configuration).</param>
/// <param name="PausedAt">When the refusal came (UTC).</param>
/// <param name="Until">When a pass may try the channel again (UTC).</param>
public sealed record ChannelPause(OutboxChannel Channel, string Reason, ProviderStatus? Status, DateTimeOffset PausedAt, DateTimeOffset Until)
{
    /// <summary>Whether the pause still holds at <paramref name="now"/>.</summary>
    public bool IsActive(DateTimeOffset now) => now < Until;
}

/// <summary>The recorded channel pauses (one per channel at most).</summary>
public interface IChannelPauseStore
{
    /// <summary>The recorded pauses, active or expired.</summary>
    Task<IReadOnlyList<ChannelPause>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Records (or replaces) the pause of <see cref="ChannelPause.Channel"/>.</summary>
    Task PauseAsync(ChannelPause pause, CancellationToken cancellationToken = default);

    /// <summary>Removes the pause of <paramref name="channel"/>, if any.</summary>
    Task ResumeAsync(OutboxChannel channel, CancellationToken cancellationToken = default);
}
