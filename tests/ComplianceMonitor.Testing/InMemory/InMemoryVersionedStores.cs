using System.Runtime.CompilerServices;
using ComplianceMonitor.Application.Contacts;
using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Domain.Rules;

namespace ComplianceMonitor.Testing.InMemory;

/// <summary>Rows of one kind with ETags: insert-if-absent (409), replace-if-match (412/404), delete-if-match.</summary>
internal sealed class VersionedRows<T>
    where T : class
{
    private readonly SortedDictionary<(string Partition, string Row), (T Value, string ETag)> _rows = new(PartitionKeyComparer.Instance);
    private readonly Lock _gate = new();

    public (T Value, string ETag)? Get(string partition, string row)
    {
        lock (_gate)
        {
            return _rows.TryGetValue((partition, row), out var v) ? v : null;
        }
    }

    /// <summary>Inserts when <paramref name="etag"/> is null (fails if present), else replaces under it (fails if changed or gone); returns the new ETag or null.</summary>
    public string? Save(string partition, string row, T value, string? etag, string newETag)
    {
        lock (_gate)
        {
            var exists = _rows.TryGetValue((partition, row), out var current);
            if (etag is null ? exists : !exists || current.ETag != etag)
            {
                return null;
            }

            _rows[(partition, row)] = (value, newETag);
            return newETag;
        }
    }

    /// <summary>Creates or replaces unconditionally.</summary>
    public string Upsert(string partition, string row, T value, string newETag)
    {
        lock (_gate)
        {
            _rows[(partition, row)] = (value, newETag);
            return newETag;
        }
    }

    public bool Delete(string partition, string row, string etag)
    {
        lock (_gate)
        {
            return _rows.TryGetValue((partition, row), out var current) && current.ETag == etag && _rows.Remove((partition, row));
        }
    }

    public List<(string Row, T Value, string ETag)> Partition(string partition, Func<T, bool>? match = null)
    {
        lock (_gate)
        {
            return [.. _rows.Where(kv => kv.Key.Partition == partition && (match is null || match(kv.Value.Value))).Select(kv => (kv.Key.Row, kv.Value.Value, kv.Value.ETag))];
        }
    }
}

/// <summary>In-memory <see cref="IContactPreferencesStore"/>.</summary>
public sealed class InMemoryContactPreferencesStore(InMemoryStorage storage) : IContactPreferencesStore
{
    private const string Partition = "enterprise";
    private readonly VersionedRows<ContactPreferences> _rows = new();

    public async Task<Versioned<ContactPreferences>?> GetAsync(string creditCode, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(creditCode);
        await storage.StepAsync("preferences.Get").ConfigureAwait(false);
        return _rows.Get(Partition, creditCode) is { } v ? new Versioned<ContactPreferences>(v.Value, v.ETag) : null;
    }

    public async Task<string?> SaveAsync(ContactPreferences preferences, string? etag, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(preferences);
        await storage.StepAsync("preferences.Save").ConfigureAwait(false);
        return _rows.Save(Partition, preferences.CreditCode, preferences, etag, storage.NextETag());
    }

    public async IAsyncEnumerable<ContactPreferences> ListSmsStoppedAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await storage.StepAsync("preferences.ListSmsStopped").ConfigureAwait(false);
        foreach (var row in _rows.Partition(Partition, p => p.SmsStopped))
        {
            yield return row.Value;
        }
    }
}

/// <summary>In-memory <see cref="ISnoozeStore"/>.</summary>
public sealed class InMemorySnoozeStore(InMemoryStorage storage) : ISnoozeStore
{
    private readonly VersionedRows<Snooze> _rows = new();

    public async Task<Versioned<Snooze>?> GetAsync(string districtCode, string leaseId, RuleCode? rule, CancellationToken cancellationToken = default)
    {
        await storage.StepAsync("snoozes.Get").ConfigureAwait(false);
        return _rows.Get(districtCode, RowKey(leaseId, rule)) is { } v ? new Versioned<Snooze>(v.Value, v.ETag) : null;
    }

    public async IAsyncEnumerable<Snooze> ListAsync(string districtCode, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await storage.StepAsync("snoozes.List").ConfigureAwait(false);
        foreach (var row in _rows.Partition(districtCode))
        {
            yield return row.Value;
        }
    }

    public async Task<string?> SaveAsync(string districtCode, Snooze snooze, string? etag, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snooze);
        await storage.StepAsync("snoozes.Save").ConfigureAwait(false);
        return _rows.Save(districtCode, RowKey(snooze.LeaseId, snooze.Rule), snooze, etag, storage.NextETag());
    }

    public async Task<bool> DeleteAsync(string districtCode, Snooze snooze, string etag, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snooze);
        await storage.StepAsync("snoozes.Delete").ConfigureAwait(false);
        return _rows.Delete(districtCode, RowKey(snooze.LeaseId, snooze.Rule), etag);
    }

    private static string RowKey(string leaseId, RuleCode? rule) => AlertKey.Escape(leaseId) + "|" + (rule?.ToString() ?? "*");
}

/// <summary>In-memory <see cref="IDeliveryLog"/>: rows keyed by (district, outbox id | attempt id).</summary>
public sealed class InMemoryDeliveryLog(InMemoryStorage storage) : IDeliveryLog
{
    private readonly VersionedRows<DeliveryAttempt> _rows = new();

    public async Task<DeliveryAttempt> AddAsync(DeliveryAttempt attempt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        await storage.StepAsync("deliveries.Add").ConfigureAwait(false);
        var row = Row(attempt.OutboxId, attempt.AttemptId);
        var etag = _rows.Save(attempt.DistrictCode, row, attempt with { ETag = null }, null, storage.NextETag());
        if (etag is not null)
        {
            return attempt with { ETag = etag };
        }

        var existing = _rows.Get(attempt.DistrictCode, row)!.Value;
        return existing.Value with { ETag = existing.ETag };
    }

    public async Task<DeliveryAttempt?> UpdateAsync(DeliveryAttempt attempt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        await storage.StepAsync("deliveries.Update").ConfigureAwait(false);
        var row = Row(attempt.OutboxId, attempt.AttemptId);
        if (attempt.ETag is null)
        {
            return attempt with { ETag = _rows.Upsert(attempt.DistrictCode, row, attempt, storage.NextETag()) };
        }

        var etag = _rows.Save(attempt.DistrictCode, row, attempt with { ETag = null }, attempt.ETag, storage.NextETag());
        return etag is null ? null : attempt with { ETag = etag };
    }

    public async Task<DeliveryAttempt?> GetAsync(string districtCode, string outboxId, string attemptId, CancellationToken cancellationToken = default)
    {
        await storage.StepAsync("deliveries.Get").ConfigureAwait(false);
        return _rows.Get(districtCode, Row(outboxId, attemptId)) is { } v ? v.Value with { ETag = v.ETag } : null;
    }

    public async IAsyncEnumerable<DeliveryAttempt> ListAsync(string districtCode, string? outboxId = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await storage.StepAsync("deliveries.List").ConfigureAwait(false);
        foreach (var row in _rows.Partition(districtCode).Where(r => outboxId is null || r.Row.StartsWith(outboxId + "|", StringComparison.Ordinal)))
        {
            yield return row.Value with { ETag = row.ETag };
        }
    }

    private static string Row(string outboxId, string attemptId) => outboxId + "|" + attemptId;
}
