using System.Runtime.CompilerServices;
using ComplianceMonitor.Application.Leases;

namespace ComplianceMonitor.Testing.InMemory;

/// <summary>In-memory <see cref="ILeaseHistoryStore"/>: entries in the order added. Thread-safe.</summary>
public sealed class InMemoryLeaseHistoryStore : ILeaseHistoryStore
{
    private readonly object _gate = new();
    private readonly List<LeaseHistoryEntry> _entries = [];
    private int _next;

    /// <inheritdoc/>
    public Task<string> AddPendingAsync(string districtCode, string leaseId, DateTimeOffset at, string actor, string channel, string action, string? detail, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var id = (++_next).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
            _entries.Add(new LeaseHistoryEntry(districtCode, leaseId, id, at, actor, channel, action, detail, LeaseHistoryState.Pending));
            return Task.FromResult(id);
        }
    }

    /// <inheritdoc/>
    public Task ConfirmAsync(string districtCode, string leaseId, string entryId, string action, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var i = _entries.FindIndex(e => e.DistrictCode == districtCode && e.LeaseId == leaseId && e.EntryId == entryId);
            _entries[i] = _entries[i] with { Action = action, State = LeaseHistoryState.Applied };
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task DiscardAsync(string districtCode, string leaseId, string entryId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            _entries.RemoveAll(e => e.DistrictCode == districtCode && e.LeaseId == leaseId && e.EntryId == entryId);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<LeaseHistoryEntry> ReadAsync(string districtCode, string leaseId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        List<LeaseHistoryEntry> copy;
        lock (_gate)
        {
            copy = [.. _entries.Where(e => e.DistrictCode == districtCode && e.LeaseId == leaseId)];
        }

        foreach (var e in copy)
        {
            await Task.Yield();
            yield return e;
        }
    }
}
