using System.Collections.Concurrent;
using ComplianceMonitor.Application.Contacts;
using ComplianceMonitor.Application.Leases;
using ComplianceMonitor.Application.Scanning;

namespace ComplianceMonitor.Application.Reminders.Dispatch;

/// <summary>The reads an entry's dispatch needs (lease, alert, snoozes, stopped SMS), each made once per pass and shared by its entries.</summary>
internal sealed class PassReads(ILeaseStore leases, IAlertStore alerts, ISnoozeStore snoozes, IContactPreferencesStore preferences)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<StoredLease?>>> _leases = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task<Alert?>>> _alerts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task<IReadOnlyList<Snooze>>>> _snoozes = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private Lazy<Task<Dictionary<string, ContactPreferences>>>? _stopped;

    /// <summary>The stored lease, or null.</summary>
    public Task<StoredLease?> LeaseAsync(string district, string leaseId, CancellationToken cancellationToken) =>
        _leases.GetOrAdd(district + "/" + leaseId, _ => new(() => leases.GetAsync(district, leaseId, cancellationToken))).Value;

    /// <summary>The stored alert, or null.</summary>
    public Task<Alert?> AlertAsync(string district, string key, CancellationToken cancellationToken) =>
        _alerts.GetOrAdd(district + "/" + key, _ => new(() => alerts.GetAsync(district, key, cancellationToken))).Value;

    /// <summary>The snooze of the district that covers <paramref name="leaseId"/> and <paramref name="rule"/> at <paramref name="now"/> the longest, or null.</summary>
    public async Task<Snooze?> SnoozeAsync(string district, string leaseId, Domain.Rules.RuleCode rule, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var all = await _snoozes.GetOrAdd(district, _ => new(async () =>
        {
            var list = new List<Snooze>();
            await foreach (var s in snoozes.ListAsync(district, cancellationToken).ConfigureAwait(false))
            {
                list.Add(s);
            }

            return list;
        })).Value.ConfigureAwait(false);
        return all.Where(s => s.Covers(leaseId, rule) && s.IsActive(now)).OrderByDescending(s => s.Until).FirstOrDefault();
    }

    /// <summary>The enterprise's preferences when it stopped SMS, else null (one listing of the stopped ones per pass).</summary>
    public async Task<ContactPreferences?> PreferencesAsync(string creditCode, CancellationToken cancellationToken)
    {
        Lazy<Task<Dictionary<string, ContactPreferences>>> stopped;
        lock (_gate)
        {
            stopped = _stopped ??= new(async () =>
            {
                var map = new Dictionary<string, ContactPreferences>(StringComparer.Ordinal);
                await foreach (var p in preferences.ListSmsStoppedAsync(cancellationToken).ConfigureAwait(false))
                {
                    map[p.CreditCode] = p;
                }

                return map;
            });
        }

        return (await stopped.Value.ConfigureAwait(false)).GetValueOrDefault(creditCode);
    }
}
