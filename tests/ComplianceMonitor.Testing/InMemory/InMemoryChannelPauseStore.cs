using System.Collections.Concurrent;
using ComplianceMonitor.Application.Reminders;

namespace ComplianceMonitor.Testing.InMemory;

/// <summary>The channel pauses in memory: one per channel, replaced by the last pause recorded (as the table store does).</summary>
public sealed class InMemoryChannelPauseStore(InMemoryStorage storage) : IChannelPauseStore
{
    private readonly ConcurrentDictionary<OutboxChannel, ChannelPause> _pauses = new();

    /// <inheritdoc />
    public async Task<IReadOnlyList<ChannelPause>> ListAsync(CancellationToken cancellationToken = default)
    {
        await storage.StepAsync("pauses.List").ConfigureAwait(false);
        return _pauses.Values.OrderBy(p => p.Channel).ToList();
    }

    /// <inheritdoc />
    public async Task PauseAsync(ChannelPause pause, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pause);
        await storage.StepAsync("pauses.Pause").ConfigureAwait(false);
        _pauses[pause.Channel] = pause;
    }

    /// <inheritdoc />
    public async Task ResumeAsync(OutboxChannel channel, CancellationToken cancellationToken = default)
    {
        await storage.StepAsync("pauses.Resume").ConfigureAwait(false);
        _pauses.TryRemove(channel, out _);
    }
}
