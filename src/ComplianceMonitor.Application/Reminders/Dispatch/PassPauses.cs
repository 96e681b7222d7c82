using Microsoft.Extensions.Logging;

namespace ComplianceMonitor.Application.Reminders.Dispatch;

/// <summary>
/// Step "channel pause": the channels paused for one pass. A provider-wide refusal pauses its channel (recorded, so
/// later passes and the digest see it); while paused no entry of the channel is claimed; an accepted send on a channel
/// whose recorded pause ran out lifts it.
/// </summary>
internal sealed class PassPauses(IChannelPauseStore store, ILogger logger)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<OutboxChannel, ChannelPause> _pausedNow = [];
    private readonly HashSet<OutboxChannel> _resumed = [];
    private Lazy<Task<IReadOnlyList<ChannelPause>>>? _recorded;

    /// <summary>Whether <paramref name="channel"/> is paused at <paramref name="now"/> (recorded before the pass or during it).</summary>
    public async Task<bool> IsPausedAsync(OutboxChannel channel, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var recorded = await RecordedAsync(cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            if (_pausedNow.TryGetValue(channel, out var during))
            {
                return during.IsActive(now);
            }

            if (recorded.FirstOrDefault(p => p.Channel == channel) is { } before && before.IsActive(now))
            {
                _pausedNow[channel] = before;
                return true;
            }

            return false;
        }
    }

    /// <summary>Records and logs the pause a refused send (<paramref name="refused"/>, of <paramref name="outboxId"/>) calls for.</summary>
    public async Task PauseAsync(ChannelPause refused, string outboxId)
    {
        await store.PauseAsync(refused, CancellationToken.None).ConfigureAwait(false);
        lock (_gate)
        {
            _pausedNow[refused.Channel] = refused;
        }

        DispatchLog.ChannelPaused(logger, refused.Channel, refused.Until, refused.Status?.ToString() ?? "(not called)", refused.Reason, outboxId);
    }

    /// <summary>Lifts a recorded (expired) pause of <paramref name="channel"/> once a send on it was accepted.</summary>
    public async Task ResumeAsync(OutboxChannel channel, CancellationToken cancellationToken)
    {
        var recorded = await RecordedAsync(cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            if (!recorded.Any(p => p.Channel == channel) || _pausedNow.ContainsKey(channel) || !_resumed.Add(channel))
            {
                return;
            }
        }

        await store.ResumeAsync(channel, cancellationToken).ConfigureAwait(false);
        DispatchLog.ChannelResumed(logger, channel);
    }

    /// <summary>The pauses this pass met that still hold at <paramref name="now"/>, by channel.</summary>
    public IReadOnlyList<ChannelPause> ActiveAt(DateTimeOffset now)
    {
        lock (_gate)
        {
            return [.. _pausedNow.Values.Where(p => p.IsActive(now)).OrderBy(p => p.Channel)];
        }
    }

    private Task<IReadOnlyList<ChannelPause>> RecordedAsync(CancellationToken cancellationToken)
    {
        Lazy<Task<IReadOnlyList<ChannelPause>>> lazy;
        lock (_gate)
        {
            lazy = _recorded ??= new(() => store.ListAsync(cancellationToken));
        }

        return lazy.Value;
    }
}
