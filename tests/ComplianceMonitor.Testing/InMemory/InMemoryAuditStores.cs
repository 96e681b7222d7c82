using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using ComplianceMonitor.Application.Contacts;
using ComplianceMonitor.Application.Leases;
using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Infrastructure.Storage;

namespace ComplianceMonitor.Testing.InMemory;

/// <summary>The entry a confirm names is not stored (the table answers 404).</summary>
public sealed class AuditEntryNotFoundException(string partition, string id)
    : InvalidOperationException($"No audit entry {id} is stored under {partition}.");

/// <summary>
/// In-memory <see cref="IAuditLog"/> with the table store's semantics: one partition per subject, row ids that sort by
/// time, append as upsert, confirm of a missing entry fails (404), discard of a missing one is a no-op.
/// </summary>
public sealed class InMemoryAuditLog(InMemoryStorage storage) : IAuditLog
{
    private readonly VersionedRows<AuditEntry> _rows = new();

    public async Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default) =>
        await WriteAsync(entry, pending: false).ConfigureAwait(false);

    public Task<string> AppendPendingAsync(AuditEntry entry, CancellationToken cancellationToken = default) => WriteAsync(entry, pending: true);

    public async Task ConfirmAsync(string subject, string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentException.ThrowIfNullOrEmpty(id);
        await storage.StepAsync("audit.Confirm").ConfigureAwait(false);
        var partition = AlertKey.Escape(subject);
        var current = _rows.Get(partition, id) ?? throw new AuditEntryNotFoundException(partition, id);
        _rows.Upsert(partition, id, current.Value with { Pending = false }, storage.NextETag());
    }

    public async Task DiscardAsync(string subject, string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentException.ThrowIfNullOrEmpty(id);
        await storage.StepAsync("audit.Discard").ConfigureAwait(false);
        var partition = AlertKey.Escape(subject);
        if (_rows.Get(partition, id) is { } current)
        {
            _rows.Delete(partition, id, current.ETag);
        }
    }

    public async IAsyncEnumerable<AuditEntry> ListAsync(string subject, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subject);
        await storage.StepAsync("audit.List").ConfigureAwait(false);
        foreach (var row in _rows.Partition(AlertKey.Escape(subject)))
        {
            yield return row.Value;
        }
    }

    private async Task<string> WriteAsync(AuditEntry entry, bool pending)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var partition = AlertKey.Escape(entry.Subject);
        if (!TableNaming.IsValidKey(partition))
        {
            throw new ArgumentException($"subject: '{entry.Subject}' cannot be a storage key", nameof(entry));
        }

        await storage.StepAsync("audit.Append").ConfigureAwait(false);
        var id = string.Concat(
            entry.At.UtcDateTime.ToString("yyyyMMdd'T'HHmmssfffffff'Z'", CultureInfo.InvariantCulture),
            "-",
            Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)));

        // Instants come back in UTC, as the table returns them.
        _rows.Upsert(partition, id, entry with { At = entry.At.ToUniversalTime(), Pending = pending }, storage.NextETag());
        return id;
    }
}

/// <summary>
/// In-memory <see cref="ILeaseHistoryStore"/> with the table store's semantics: one partition per lease, entry ids that
/// sort by time, texts cut to the stored lengths (actor 256, channel 64, detail 512), confirm of a missing entry fails
/// (404), discard of a missing one is a no-op, a key the table cannot hold reads as no entries.
/// </summary>
public sealed class InMemoryLeaseHistoryStore(InMemoryStorage storage) : ILeaseHistoryStore
{
    private readonly VersionedRows<LeaseHistoryEntry> _rows = new();

    public async Task<string> AddPendingAsync(string districtCode, string leaseId, DateTimeOffset at, string actor, string channel, string action, string? detail, CancellationToken cancellationToken = default)
    {
        await storage.StepAsync("history.AddPending").ConfigureAwait(false);
        var partition = Partition(districtCode, leaseId);
        if (!TableNaming.IsValidKey(partition))
        {
            throw new ArgumentException($"The lease {leaseId} of district {districtCode} cannot be a storage key.", nameof(leaseId));
        }

        var id = at.UtcDateTime.ToString("yyyyMMdd'T'HHmmssfffffff'Z'", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..8];
        var entry = new LeaseHistoryEntry(districtCode, leaseId, id, at.ToUniversalTime(), Trim(actor, 256), Trim(channel, 64), action, detail is null ? null : Trim(detail, 512), LeaseHistoryState.Pending);
        if (_rows.Save(partition, id, entry, null, storage.NextETag()) is null)
        {
            throw new InvalidOperationException($"The history entry {id} of lease {leaseId} exists (409).");
        }

        return id;
    }

    public async Task ConfirmAsync(string districtCode, string leaseId, string entryId, string action, CancellationToken cancellationToken = default)
    {
        await storage.StepAsync("history.Confirm").ConfigureAwait(false);
        var partition = Partition(districtCode, leaseId);
        var current = _rows.Get(partition, entryId) ?? throw new AuditEntryNotFoundException(partition, entryId);
        _rows.Upsert(partition, entryId, current.Value with { State = LeaseHistoryState.Applied, Action = action }, storage.NextETag());
    }

    public async Task DiscardAsync(string districtCode, string leaseId, string entryId, CancellationToken cancellationToken = default)
    {
        await storage.StepAsync("history.Discard").ConfigureAwait(false);
        var partition = Partition(districtCode, leaseId);
        if (_rows.Get(partition, entryId) is { } current)
        {
            _rows.Delete(partition, entryId, current.ETag);
        }
    }

    public async IAsyncEnumerable<LeaseHistoryEntry> ReadAsync(string districtCode, string leaseId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await storage.StepAsync("history.Read").ConfigureAwait(false);
        if (!TableNaming.IsValidKey(districtCode) || !TableNaming.IsValidKey(leaseId) || districtCode.Contains('~', StringComparison.Ordinal) || leaseId.Contains('~', StringComparison.Ordinal))
        {
            yield break;
        }

        foreach (var row in _rows.Partition(Partition(districtCode, leaseId)))
        {
            yield return row.Value;
        }
    }

    private static string Partition(string districtCode, string leaseId) => $"lease~{districtCode}~{leaseId}";

    private static string Trim(string value, int max) => value.Length <= max ? value : value[..max];
}
