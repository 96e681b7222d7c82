using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Tasks;

namespace ComplianceMonitor.Application.Scanning;

/// <summary>Scan reads driven by the fingerprints: the open alerts of the leases to compare, the active tasks, the quarantine, and re-reads after conflicts.</summary>
/// <remarks>
/// Few leases to compare are read lease by lease (a row-key range each); many are read with the district's open
/// alerts in one paged query, filtered. Tasks are read for escalation only when past due (with the resolved tasks awaiting the scan, in the same query); those of resolved
/// alerts are fetched when needed. An unreadable alert or task is left as it is, with a warning.
/// </remarks>
internal sealed class OpenAlertLoader
{
    /// <summary>Up to this many leases (or tasks) are read one by one; above it, in one paged query of the district.</summary>
    public const int PerLeaseReadLimit = 20;

    /// <summary>Above this many conflicted alerts, re-read the district's open alerts in one query rather than one by one.</summary>
    public const int BulkRereadThreshold = 16;

    private readonly ScanContext _scan;
    private int _alertsRead;
    private int _tasksRead;

    public OpenAlertLoader(ScanContext scan) => _scan = scan;

    /// <summary>The reads so far.</summary>
    public ReadCounts Counts => new(_alertsRead, _tasksRead);

    private ScanDependencies Deps => _scan.Deps;

    /// <summary>The ids of the district's quarantined leases.</summary>
    public async Task<List<string>> LoadQuarantinedAsync(CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        await foreach (var entry in Deps.Quarantine.ListAsync(_scan.District, cancellationToken).ConfigureAwait(false))
        {
            ids.Add(entry.LeaseId);
        }

        return ids;
    }

    /// <summary>The open alerts of <paramref name="leases"/> only: lease by lease when few, else the district's in one paged query, filtered.</summary>
    public async Task<OpenAlerts> LoadOpenAlertsOfAsync(List<EvaluatedLease> leases, CancellationToken cancellationToken)
    {
        var result = new OpenAlerts();
        if (leases.Count == 0)
        {
            return result;
        }

        if (leases.Count > PerLeaseReadLimit)
        {
            var prefixes = leases.Select(e => AlertKey.LeaseRangeStart(e.Record.LeaseId)).ToHashSet(StringComparer.Ordinal);
            await foreach (var item in Deps.Alerts.ReadOpenAsync(_scan.District, cancellationToken).ConfigureAwait(false))
            {
                var key = item.Item?.Key ?? item.Key;
                var cut = key.IndexOf(AlertKey.Separator, StringComparison.Ordinal);
                if (cut >= 0 && prefixes.Contains(key[..(cut + 1)]))
                {
                    Add(result, item);
                }
                else
                {
                    _alertsRead++;
                }
            }

            return result;
        }

        var reads = leases.Select(async e =>
        {
            var items = new List<StoreReadItem<Alert>>();
            await foreach (var item in Deps.Alerts.ReadOpenByLeaseAsync(_scan.District, e.Record.LeaseId, cancellationToken).ConfigureAwait(false))
            {
                items.Add(item);
            }

            return items;
        }).ToList();
        foreach (var items in await Task.WhenAll(reads).ConfigureAwait(false))
        {
            foreach (var item in items)
            {
                Add(result, item);
            }
        }

        return result;
    }

    /// <summary>
    /// The district's tasks a scan reads, in one query (<see cref="ITaskStore.ReadForScanAsync"/>): the active tasks past due (for
    /// escalation) and the tasks a person resolved that await this scan (for <see cref="TaskRecheck"/>), with warnings for unreadable ones.
    /// </summary>
    public async Task<ScanTasks> LoadScanTasksAsync(CancellationToken cancellationToken)
    {
        var result = new ScanTasks();
        await foreach (var item in Deps.Tasks.ReadForScanAsync(_scan.District, _scan.AsOf, cancellationToken).ConfigureAwait(false))
        {
            if (item.Item is not { } task)
            {
                _tasksRead++;
                result.Warnings.Add($"task {item.Key} could not be read and was left as it is (neither escalated nor its resolution checked): {item.Error}");
            }
            else if (task.IsActive)
            {
                _tasksRead++;
                result.PastDue[task.Id] = task;
            }
            else
            {
                result.AwaitingScan.Add(task);
                result.AwaitingLeaseIds.Add(task.LeaseId);
            }
        }

        return result;
    }

    /// <summary>The district's active tasks, with warnings for unreadable ones.</summary>
    private async Task<(Dictionary<string, EnforcementTask> Tasks, List<string> Warnings)> LoadActiveTasksAsync(CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, EnforcementTask>(StringComparer.Ordinal);
        var warnings = new List<string>();
        await foreach (var item in Deps.Tasks.ReadActiveAsync(_scan.District, cancellationToken).ConfigureAwait(false))
        {
            _tasksRead++;
            if (item.Item is { } task)
            {
                result[task.Id] = task;
            }
            else
            {
                warnings.Add($"task {item.Key} could not be read and was left as it is: {item.Error}");
            }
        }

        return (result, warnings);
    }

    /// <summary>Adds to <paramref name="activeTasks"/> the active tasks of <paramref name="gone"/> alerts not read yet: one by one when few, else all active tasks in one paged query.</summary>
    public async Task AddTasksOfAsync(List<Alert> gone, Dictionary<string, EnforcementTask> activeTasks, CancellationToken cancellationToken)
    {
        var missing = gone.Where(a => a.TaskId is not null && !activeTasks.ContainsKey(a.TaskId)).Select(a => a.TaskId!).Distinct(StringComparer.Ordinal).ToList();
        if (missing.Count == 0)
        {
            return;
        }

        if (missing.Count > PerLeaseReadLimit)
        {
            var (all, warnings) = await LoadActiveTasksAsync(cancellationToken).ConfigureAwait(false);
            foreach (var w in warnings)
            {
                _scan.Warn(w);
            }

            foreach (var (id, task) in all)
            {
                activeTasks.TryAdd(id, task);
            }

            return;
        }

        var reads = missing.Select(id => Deps.Tasks.GetAsync(_scan.District, id, cancellationToken)).ToList();
        foreach (var task in await Task.WhenAll(reads).ConfigureAwait(false))
        {
            if (task is { IsActive: true })
            {
                _tasksRead++;
                activeTasks.TryAdd(task.Id, task);
            }
        }
    }

    /// <summary>Reads again the alerts of <paramref name="keys"/> after a write conflict (absent ones are missing from the result).</summary>
    public async Task<Dictionary<string, Alert>> RereadAsync(List<string> keys, CancellationToken cancellationToken)
    {
        var fresh = new Dictionary<string, Alert>(StringComparer.Ordinal);
        var missing = keys;
        if (keys.Count > BulkRereadThreshold)
        {
            var wanted = keys.ToHashSet(StringComparer.Ordinal);
            await foreach (var item in Deps.Alerts.ReadOpenAsync(_scan.District, cancellationToken).ConfigureAwait(false))
            {
                if (item.Item is { } a && wanted.Contains(a.Key))
                {
                    fresh[a.Key] = a;
                }
            }

            missing = [.. keys.Where(k => !fresh.ContainsKey(k))];
        }

        foreach (var key in missing)
        {
            if (await Deps.Alerts.GetAsync(_scan.District, key, cancellationToken).ConfigureAwait(false) is { } a)
            {
                fresh[key] = a;
            }
        }

        return fresh;
    }

    private void Add(OpenAlerts result, StoreReadItem<Alert> item)
    {
        _alertsRead++;
        if (item.Item is { } alert)
        {
            result.ByKey[alert.Key] = alert;
        }
        else
        {
            result.Unreadable.Add(item.Key);
            result.Warnings.Add($"alert {item.Key} could not be read and was left as it is: {item.Error}");
        }
    }
}

/// <summary>The open alerts read for a scan, by key, and the keys of stored alerts that could not be read (with their warnings).</summary>
internal sealed class OpenAlerts
{
    public Dictionary<string, Alert> ByKey { get; } = new(StringComparer.Ordinal);

    public List<string> Unreadable { get; } = [];

    public List<string> Warnings { get; } = [];
}

/// <summary>The tasks a scan reads: the active ones past due by id, those awaiting the scan and their leases, and the warnings for unreadable ones.</summary>
internal sealed class ScanTasks
{
    public Dictionary<string, EnforcementTask> PastDue { get; } = new(StringComparer.Ordinal);

    public List<EnforcementTask> AwaitingScan { get; } = [];

    public HashSet<string> AwaitingLeaseIds { get; } = new(StringComparer.Ordinal);

    public List<string> Warnings { get; } = [];
}
