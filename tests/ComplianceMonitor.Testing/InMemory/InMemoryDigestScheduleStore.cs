using System.Collections.Concurrent;
using ComplianceMonitor.Application.Digest;
using ComplianceMonitor.Infrastructure.Storage;

namespace ComplianceMonitor.Testing.InMemory;

/// <summary>
/// The stored digest schedules in memory, with <c>TableDigestScheduleStore</c>'s semantics: one row per district,
/// validated before it is written (<see cref="FormatException"/> naming the field, nothing stored), replaced
/// unconditionally by a put (a new ETag each time), Cron trimmed and Recipients normalised as written, UpdatedAt kept in
/// UTC, a district code that is not a valid key reads as missing, and delete true only when there was a row.
/// </summary>
public sealed class InMemoryDigestScheduleStore(InMemoryStorage storage) : IDigestScheduleStore
{
    private readonly ConcurrentDictionary<string, StoredDigestSchedule> _rows = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredDigestSchedule>> ListAsync(CancellationToken cancellationToken = default)
    {
        await storage.StepAsync("digestSchedules.List").ConfigureAwait(false);
        return _rows.Values.OrderBy(s => s.DistrictCode, StringComparer.Ordinal).ToList();
    }

    /// <inheritdoc />
    public async Task<StoredDigestSchedule?> GetAsync(string districtCode, CancellationToken cancellationToken = default)
    {
        await storage.StepAsync("digestSchedules.Get").ConfigureAwait(false);
        return IsKey(districtCode) && _rows.TryGetValue(districtCode, out var row) ? row : null;
    }

    /// <inheritdoc />
    public async Task<StoredDigestSchedule> PutAsync(StoredDigestSchedule schedule, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        schedule.Validate();
        await storage.StepAsync("digestSchedules.Put").ConfigureAwait(false);
        var etag = storage.NextETag();
        _rows[schedule.DistrictCode] = schedule with
        {
            Cron = schedule.Cron?.Trim(),
            Recipients = schedule.Recipients is null ? null : DigestRecipients.Join(DigestRecipients.Parse(schedule.Recipients, "recipients")),
            UpdatedAt = schedule.UpdatedAt?.ToUniversalTime(),
            ETag = etag,
        };
        return schedule with { ETag = etag };
    }

    /// <inheritdoc />
    public async Task<bool> DeleteAsync(string districtCode, CancellationToken cancellationToken = default)
    {
        await storage.StepAsync("digestSchedules.Delete").ConfigureAwait(false);
        return IsKey(districtCode) && _rows.TryRemove(districtCode, out _);
    }

    private static bool IsKey(string districtCode) => !string.IsNullOrEmpty(districtCode) && TableNaming.IsValidKey(districtCode);
}
