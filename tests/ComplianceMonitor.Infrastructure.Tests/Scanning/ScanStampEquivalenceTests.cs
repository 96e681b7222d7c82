using System.Runtime.CompilerServices;
using System.Text.Json;
using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Tasks;
using ComplianceMonitor.Domain.Jurisdictions;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Domain.Rules;
using ComplianceMonitor.ScanBench;
using ComplianceMonitor.Testing.InMemory;
using Xunit.Abstractions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ComplianceMonitor.Infrastructure.Tests.Scanning;

/// <summary>
/// A lease whose stored <see cref="ScanStamp"/> holds for the scan's day is neither parsed nor evaluated. This proves the
/// shortcut changes nothing: two worlds with the same synthetic portfolio (every stage of a lease's life) are scanned every day
/// for 75 days, one with stamps, the other with the stamps cut back to bare fingerprints (every lease evaluated every day, as
/// before stamps); records change on some days, some days are scanned twice. After every scan, every alert, reminder and task
/// and every run's counts and warnings are the same in both worlds, while the stamped world parses far fewer leases.
/// </summary>
[Trait("Category", "unit")]
public sealed class ScanStampEquivalenceTests(ITestOutputHelper output)
{
    private static readonly DateOnly Start = new(2026, 6, 23);

    [Fact]
    public async Task DailyScans75Days_WithAndWithoutStamps_SameAlertsRemindersTasksAndRuns_StampedParsesFewer()
    {
        var portfolio = new PortfolioGenerator(20261207, Start).Generate(360);
        var stamped = await World.CreateAsync(portfolio, stripStamps: false);
        var plain = await World.CreateAsync(portfolio, stripStamps: true);
        var renamed = 0;

        for (var day = 0; day < 75; day++)
        {
            var asOf = Start.AddDays(day);
            if (day % 20 == 10)
            {
                // Some records change (an import renames the land user): the stamp is dropped with the old record.
                foreach (var lease in portfolio.Where((_, i) => i % 37 == day % 37).Take(8))
                {
                    var changed = lease with { LandUser = lease.LandUser with { Name = $"{lease.LandUser.Name}（{day}）" } };
                    await stamped.Storage.Leases.UpsertAsync(changed);
                    await plain.Storage.Leases.UpsertAsync(changed);
                    renamed++;
                }
            }

            var scans = day % 9 == 4 ? 2 : 1; // the timer fires twice on some days
            for (var s = 0; s < scans; s++)
            {
                var a = await stamped.ScanAsync(asOf);
                var b = await plain.ScanAsync(asOf);
                Assert.Equal(b.Runs, a.Runs);
                Assert.Equal(await plain.SnapshotAsync(), await stamped.SnapshotAsync());
            }
        }

        output.WriteLine($"leases parsed: stamped {stamped.Leases.Parsed}, plain {plain.Leases.Parsed}");
        Assert.Equal(32, renamed);
        Assert.Equal(360 * 83, plain.Leases.Parsed); // 75 days + 8 second scans, every lease every time
        Assert.InRange(stamped.Leases.Parsed, 1, 360 * 83 / 4); // measured 3,800 of 29,880 (13%): windows of up to 7 days, and same-day rescans parse nothing
        var (alerts, outbox, tasks) = await stamped.CountsAsync();
        Assert.True(alerts > 300 && outbox > 300 && tasks > 30, $"the portfolio must exercise the scan: {alerts} alerts, {outbox} reminders, {tasks} tasks");
    }

    [Fact]
    public async Task SameDayRescan_EveryLeaseStamped_NothingParsed()
    {
        var world = await World.CreateAsync(new PortfolioGenerator(7, Start).Generate(90), stripStamps: false);
        await world.ScanAsync(Start);
        var parsedByFirst = world.Leases.Parsed;

        var again = await world.ScanAsync(Start);

        Assert.Equal(90, parsedByFirst);
        Assert.Equal(90, world.Leases.Parsed); // none more
        Assert.Equal(90, again.Leases);
    }

    private sealed class World
    {
        private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 6, 22, 22, 0, 0, TimeSpan.Zero));
        private readonly ScanService _scanner;
        private int _run;

        private World(InMemoryStorage storage, bool stripStamps)
        {
            Storage = storage;
            Leases = new ParseCountingLeases(storage.Leases, stripStamps);
            _scanner = new ScanService(
                Leases, storage.Alerts, storage.Tasks, storage.Outbox, storage.Runs, storage.Quarantine, RuleEngine.Default,
                ReminderCadence.Default, new EnforcementTaskOptions(), _time, NullLogger<ScanService>.Instance);
        }

        public InMemoryStorage Storage { get; }

        public ParseCountingLeases Leases { get; }

        public static async Task<World> CreateAsync(IReadOnlyList<LeaseRecord> leases, bool stripStamps)
        {
            var world = new World(new InMemoryStorage(), stripStamps);
            foreach (var lease in leases)
            {
                await world.Storage.Leases.UpsertAsync(lease);
            }

            return world;
        }

        public async Task<(string Runs, int Leases)> ScanAsync(DateOnly asOf)
        {
            _time.SetUtcNow(new DateTimeOffset(asOf.ToDateTime(new TimeOnly(6, 0)), TimeSpan.Zero));
            var runs = await _scanner.ScanDistrictsAsync(Jurisdiction.All.Select(j => j.Code), asOf, $"run-{++_run}");
            Assert.All(runs, r => Assert.Equal(ScanOutcome.Succeeded, r.Outcome));

            // What a run reports, without the reads (a stamped lease's alerts are not read) and timings.
            var counts = runs.Select(r => new
            {
                r.DistrictCode, r.Leases, r.Findings, r.AlertsCreated, r.AlertsUpdated, r.AlertsResolved, r.OutboxQueued, r.OutboxSuperseded,
                r.OutboxWithdrawn, r.TasksOpened, r.TasksResolved, r.TasksEscalated, r.TasksReopened, r.TasksConfirmed, r.QuarantineReleased, r.QuarantinedLeaseIds, r.Warnings,
            });
            return (JsonSerializer.Serialize(counts), runs.Sum(r => r.Leases));
        }

        public async Task<string> SnapshotAsync()
        {
            var all = new List<string>();
            foreach (var district in Jurisdiction.All.Select(j => j.Code))
            {
                all.AddRange(await JsonOfAsync(Storage.Alerts.ListAsync(district), a => a with { ETag = null }));
                all.AddRange(await JsonOfAsync(Storage.Outbox.ListAsync(district), o => o with { ETag = null }));
                all.AddRange(await JsonOfAsync(Storage.Tasks.ListAsync(district), t => t with { ETag = null }));
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
    private sealed class ParseCountingLeases(InMemoryLeaseStore inner, bool stripStamps) : ILeaseScanStateStore
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
}
