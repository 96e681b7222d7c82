using System.Runtime.CompilerServices;
using System.Text.Json;
using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Tasks;
using ComplianceMonitor.Domain.Jurisdictions;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Domain.Rules;
using ComplianceMonitor.Testing.InMemory;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ComplianceMonitor.Infrastructure.Tests.Scanning;

/// <summary>
/// A world for the stamp tests: a portfolio in in-memory stores and a scanner over them, whose lease reads count the leases
/// parsed and can cut every stamp back to its bare fingerprint (every lease parsed and evaluated every time, as before stamps).
/// </summary>
internal sealed class StampWorld
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 6, 22, 22, 0, 0, TimeSpan.Zero));
    private readonly ScanService _scanner;
    private int _run;

    private StampWorld(InMemoryStorage storage, bool stripStamps, RuleEngine engine)
    {
        Storage = storage;
        Leases = new ParseCountingLeases(storage.Leases, stripStamps);
        _scanner = new ScanService(
            Leases, storage.Alerts, storage.Tasks, storage.Outbox, storage.Runs, storage.Quarantine, engine,
            ReminderCadence.Default, new EnforcementTaskOptions(), _time, NullLogger<ScanService>.Instance);
    }

    public InMemoryStorage Storage { get; }

    public ParseCountingLeases Leases { get; }

    public static async Task<StampWorld> CreateAsync(IReadOnlyList<LeaseRecord> leases, bool stripStamps, RuleEngine? engine = null)
    {
        var world = new StampWorld(new InMemoryStorage(), stripStamps, engine ?? RuleEngine.Default);
        foreach (var lease in leases)
        {
            await world.Storage.Leases.UpsertAsync(lease);
        }

        return world;
    }

    /// <summary>A second scanner over the same storage (another host), with another engine.</summary>
    public StampWorld With(RuleEngine engine, bool stripStamps) => new(Storage, stripStamps, engine);

    /// <summary>Scans every district for <paramref name="asOf"/> with the clock at 06:00 UTC on <paramref name="clock"/>; returns what the runs report (no reads, no timings).</summary>
    public async Task<(string Runs, int Leases, int Updated, int Released)> ScanAsync(DateOnly asOf, DateOnly clock)
    {
        _time.SetUtcNow(new DateTimeOffset(clock.ToDateTime(new TimeOnly(6, _run % 60)), TimeSpan.Zero));
        var runs = await _scanner.ScanDistrictsAsync(Jurisdiction.All.Select(j => j.Code), asOf, $"run-{++_run}");
        Assert.All(runs, r => Assert.Equal(ScanOutcome.Succeeded, r.Outcome));
        var counts = runs.Select(r => new
        {
            r.DistrictCode, r.AsOf, r.Leases, r.Findings, r.AlertsCreated, r.AlertsUpdated, r.AlertsResolved, r.AlertsRuleRevised, r.OutboxQueued,
            r.OutboxSuperseded, r.OutboxWithdrawn, r.TasksOpened, r.TasksResolved, r.TasksEscalated, r.TasksReopened, r.TasksConfirmed, r.QuarantineReleased, r.QuarantinedLeaseIds, r.Warnings,
        });
        return (JsonSerializer.Serialize(counts), runs.Sum(r => r.Leases), runs.Sum(r => r.AlertsUpdated), runs.Sum(r => r.QuarantineReleased));
    }

    /// <summary>Resolves every active task "record unchanged" at <paramref name="at"/>; returns how many.</summary>
    public async Task<int> ResolveActiveTasksAsync(DateTimeOffset at)
    {
        var count = 0;
        foreach (var district in Jurisdiction.All.Select(j => j.Code))
        {
            var active = await Storage.Tasks.ReadActiveAsync(district).Select(i => i.Item!).ToListAsync();
            if (active.Count == 0)
            {
                continue;
            }

            var results = await Storage.Tasks.UpdateManyAsync(district, [.. active.Select(t => t.Resolve("inspector-7", at, "checked on site", TaskResolution.RecordUnchanged))]);
            Assert.Equal(active.Count, results.Count);
            count += active.Count;
        }

        return count;
    }

    public async Task<int> TaskHistoryCountAsync(string action)
    {
        var count = 0;
        foreach (var district in Jurisdiction.All.Select(j => j.Code))
        {
            await foreach (var item in Storage.Tasks.ListAsync(district))
            {
                count += item.Item!.History.Count(h => h.Action == action);
            }
        }

        return count;
    }

    /// <summary>Every alert, reminder, task and quarantine entry, without ETags.</summary>
    public async Task<string> SnapshotAsync()
    {
        var all = new List<string>();
        foreach (var district in Jurisdiction.All.Select(j => j.Code))
        {
            all.AddRange(await JsonOfAsync(Storage.Alerts.ListAsync(district), a => a with { ETag = null }));
            all.AddRange(await JsonOfAsync(Storage.Outbox.ListAsync(district), o => o with { ETag = null }));
            all.AddRange(await JsonOfAsync(Storage.Tasks.ListAsync(district), t => t with { ETag = null }));
            await foreach (var q in Storage.Quarantine.ListAsync(district))
            {
                all.Add(JsonSerializer.Serialize(q with { RunId = string.Empty }));
            }
        }

        return string.Join('\n', all);
    }

    public async Task<(int Alerts, int Outbox, int Tasks)> CountsAsync()
    {
        var (alerts, outbox, tasks) = (0, 0, 0);
        foreach (var district in Jurisdiction.All.Select(j => j.Code))
        {
            alerts += (await Storage.Alerts.ListAsync(district).ToListAsync()).Count;
            outbox += (await Storage.Outbox.ListAsync(district).ToListAsync()).Count;
            tasks += (await Storage.Tasks.ListAsync(district).ToListAsync()).Count;
        }

        return (alerts, outbox, tasks);
    }

    private static async Task<IEnumerable<string>> JsonOfAsync<T>(IAsyncEnumerable<StoreReadItem<T>> items, Func<T, T> withoutETag)
        where T : class
    {
        var list = new List<string>();
        await foreach (var item in items)
        {
            list.Add(JsonSerializer.Serialize(withoutETag(item.Item!)));
        }

        return list.Order(StringComparer.Ordinal);
    }
}

/// <summary>The in-memory lease store as the scan sees it, counting the leases parsed; optionally with every stamp cut back to its bare fingerprint.</summary>
internal sealed class ParseCountingLeases(InMemoryLeaseStore inner, bool stripStamps) : ILeaseScanStateStore
{
    private int _parsed;

    public int Parsed => _parsed;

    public async IAsyncEnumerable<ScanLeaseItem> ReadDistrictForScanAsync(string districtCode, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var item in inner.ReadDistrictForScanAsync(districtCode, cancellationToken))
        {
            var state = stripStamps ? ScanStamp.FingerprintOf(item.ScanState) : item.ScanState;
            yield return new ScanLeaseItem(item.LeaseId, state, () =>
            {
                Interlocked.Increment(ref _parsed);
                return item.Item;
            });
        }
    }

    public Task<int> WriteScanStatesAsync(string districtCode, IReadOnlyList<LeaseScanState> states, CancellationToken cancellationToken = default) =>
        inner.WriteScanStatesAsync(districtCode, states, cancellationToken);
}
