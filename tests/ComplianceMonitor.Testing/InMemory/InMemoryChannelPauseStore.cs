using System.Collections.Concurrent;
using ComplianceMonitor.Application.Reminders;

namespace ComplianceMonitor.Testing.InMemory;

/// <summary>Channel pauses in memory: one per channel, last writer wins (as the table adapter).</summary>
public sealed class InMemoryChannelPauseStore : IChannelPauseStore
{
    private readonly ConcurrentDictionary<OutboxChannel, ChannelPause> _pauses = new();

    /// <inheritdoc/>
    public Task<IReadOnlyList<ChannelPause>> ListAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ChannelPause>>([.. _pauses.Values.OrderBy(p => p.Channel)]);

    /// <inheritdoc/>
    public Task PauseAsync(ChannelPause pause, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pause);
        _pauses[pause.Channel] = pause;
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task ResumeAsync(OutboxChannel channel, CancellationToken cancellationToken = default)
    {
        _pauses.TryRemove(channel, out _);
        return Task.CompletedTask;
    }
}
