using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Tasks;
using ComplianceMonitor.Infrastructure.Composition;
using ComplianceMonitor.Infrastructure.Leases;
using ComplianceMonitor.Infrastructure.Scanning;
using ComplianceMonitor.Infrastructure.Tasks;
using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Domain.Jurisdictions;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Domain.Rules;
using ComplianceMonitor.Infrastructure.Reminders;
using ComplianceMonitor.Infrastructure.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace ComplianceMonitor.ScanBench;

/// <summary>Figures of one measured pass: wall-clock seconds, storage requests, entities read.</summary>
public sealed record Pass(double Seconds, long Requests, long Writes, long EntitiesRead, double ClientCpu = 0, double ServerCpu = 0);

/// <summary>Everything measured for one portfolio size.</summary>
public sealed record SizeResult(
    int Leases,
    int Findings,
    int Quarantined,
    double LoadSeconds,
    long LoadRequests,
    Pass FloorBefore,
    Pass FirstScan,
    Pass FloorBetween,
    Pass SteadyScan,
    Pass FloorAfter,
    Pass StoreRead,
    int AlertsCreated,
    int OutboxQueued,
    int TasksOpened,
    int SteadyWrites)
{
    /// <summary>Writing the first scan's entities (same tables, same counts) in batch transactions, without the scan's logic.</summary>
    public Pass FirstWrites { get; init; } = new(0, 0, 0, 0);

    /// <summary>Writing the steady scan's entities the same way.</summary>
    public Pass SteadyWritesFloor { get; init; } = new(0, 0, 0, 0);

    /// <summary>The first scan's floor: streaming the leases plus writing its entities in batches.</summary>
    public double FirstFloorSeconds => FloorSeconds + FirstWrites.Seconds;

    /// <summary>The steady scan's floor: streaming the leases plus writing its entities.</summary>
    public double SteadyFloorSeconds => FloorSeconds + SteadyWritesFloor.Seconds;

    /// <summary>First scan time over its floor (target ≤ 1.5).</summary>
    public double FirstRatio => FirstScan.Seconds / FirstFloorSeconds;

    /// <summary>Steady scan time over its floor (target ≤ 1.3).</summary>
    public double SteadyRatio => SteadyScan.Seconds / SteadyFloorSeconds;

    /// <summary>Every timed stream of the leases after the first scan (the one between the scans, then one before each steady scan after the first, then the one after).</summary>
    public IReadOnlyList<double> FloorSamples { get; init; } = [];

    /// <summary>The scan of the following day, after the steady scans (what the daily timer does).</summary>
    public Pass NextDayScan { get; init; } = new(0, 0, 0, 0);

    /// <summary>Every steady scan's time, in order (the reported <see cref="SteadyScan"/> is the median one).</summary>
    public IReadOnlyList<double> SteadySamples { get; init; } = [];

    /// <summary>The floor: the median of the lease streams timed between and after the steady-state scans (the mean of the two that bracket it when there is one scan).</summary>
    public double FloorSeconds => FloorSamples.Count > 0 ? Median(FloorSamples) : (FloorBetween.Seconds + FloorAfter.Seconds) / 2;

    /// <summary>The median of <paramref name="values"/> (the mean of the middle two for an even count).</summary>
    public static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>Steady-state scan time over reading the leases through the lease store (stream + parse + validate).</summary>
    public double StoreRatio => SteadyScan.Seconds / StoreRead.Seconds;
}

/// <summary>Loads a synthetic portfolio into storage, then times the floor (streaming the lease entities) and the scan, cold and steady.</summary>
public sealed class ScanBenchRunner
{
    private static readonly string[] LeaseColumns = ["RowKey", .. EntityChunking.Columns(TableLeaseStore.DataProperty)];

    private readonly string _connectionString;
    private readonly DateOnly _asOf;
    private readonly int _seed;
    private readonly TextWriter _log;

    /// <summary>The storage emulator's process id when it runs locally (its CPU time is reported), else null.</summary>
    public int? ServerProcessId { get; init; }

    /// <summary>Creates the runner.</summary>
    public ScanBenchRunner(string connectionString, DateOnly asOf, int seed, TextWriter log)
    {
        _connectionString = connectionString;
        _asOf = asOf;
        _seed = seed;
        _log = log;
    }

    /// <summary>How many districts are scanned (and streamed, for the floor) at once. <value>The default value is 1.</value></summary>
    public int Parallelism { get; init; } = 1;

    /// <summary>How many steady scans to time, each after a timed lease stream; the median of each is reported (default 5).</summary>
    public int Repeats { get; init; } = 5;

    /// <summary>Whether to time the parts of a steady-state scan separately (lease read and parse, rules, alert read).</summary>
    public bool Breakdown { get; init; }

    /// <summary>Runs the whole measurement for a portfolio of <paramref name="count"/> leases in fresh tables.</summary>
    public async Task<SizeResult> RunAsync(int count, CancellationToken cancellationToken = default)
    {
        var counter = new RequestCounter();
        var prefix = "sb" + count.ToString(CultureInfo.InvariantCulture) + Guid.NewGuid().ToString("N")[..6];
        var factory = new TableClientFactory(new TableStorageOptions { ConnectionString = _connectionString, TablePrefix = prefix }, counter);
        try
        {
            var leases = new PortfolioGenerator(_seed, _asOf).Generate(count);
            var (loadSeconds, loadRequests) = await LoadAsync(factory, counter, leases, cancellationToken);
            _log.WriteLine($"  loaded {count:N0} leases in {loadSeconds:F2} s ({loadRequests:N0} requests)");

            // Create every table up front so that no pass pays for table creation.
            foreach (var table in new[] { MonitoringTables.Alerts, MonitoringTables.Tasks, MonitoringTables.Outbox, MonitoringTables.Runs, MonitoringTables.Quarantine })
            {
                await factory.GetTableClientAsync(table, cancellationToken);
            }

            var scanner = new ScanService(
                new TableLeaseStore(factory), new TableAlertStore(factory), new TableTaskStore(factory), new TableOutboxStore(factory),
                new TableRunStore(factory), new TableQuarantineStore(factory), RuleEngine.Default, ReminderCadence.Default,
                new EnforcementTaskOptions(), TimeProvider.System, NullLogger<ScanService>.Instance);

            var floorBefore = await FloorAsync(factory, counter, cancellationToken);
            var (first, firstRuns) = await ScanAsync(scanner, counter, "first", cancellationToken);
            var firstWritten = await CaptureAsync(factory, new Written(), cancellationToken);
            var floorBetween = await FloorAsync(factory, counter, cancellationToken);
            var (steady, steadyRuns) = await ScanAsync(scanner, counter, "steady", cancellationToken);
            var steadyWritten = await CaptureAsync(factory, firstWritten, cancellationToken);

            // More steady scans, each after a timed stream, so that the reported figures are medians rather than one sample each.
            var floors = new List<Pass> { floorBetween };
            var steadies = new List<Pass> { steady };
            for (var i = 1; i < Repeats; i++)
            {
                floors.Add(await FloorAsync(factory, counter, cancellationToken));
                steadies.Add((await ScanAsync(scanner, counter, "steady", cancellationToken)).Pass);
            }

            var floorAfter = await FloorAsync(factory, counter, cancellationToken);
            floors.Add(floorAfter);
            var medianSteady = steadies.OrderBy(p => p.Seconds).ElementAt(steadies.Count / 2);

            // The next day's scan, as the daily timer runs it: stamps whose window reaches tomorrow hold; the rest are evaluated
            // (reminder stages and deadlines that fall tomorrow are written, ended windows renewed). Reported, not held to a target.
            var (nextDay, _) = await ScanAsync(scanner, counter, "next", cancellationToken, _asOf.AddDays(1));
            var storeRead = await StoreReadAsync(factory, counter, cancellationToken);

            // The write floors: the entities each scan wrote, written again in batches (fresh tables, same names).
            var firstWrites = await WriteFloorAsync(factory, counter, firstWritten, cancellationToken);
            var steadyWrites = await WriteFloorAsync(factory, counter, steadyWritten, cancellationToken);
            _log.WriteLine($"  first scan wrote {Describe(firstWritten)}; steady scan wrote {Describe(steadyWritten)}");
            if (Breakdown)
            {
                await BreakdownAsync(factory, counter, cancellationToken);
            }

            return new SizeResult(
                count,
                firstRuns.Sum(r => r.Findings),
                firstRuns.Sum(r => r.QuarantinedLeaseIds.Count),
                loadSeconds,
                loadRequests,
                floorBefore,
                first,
                floorBetween,
                medianSteady,
                floorAfter,
                storeRead,
                firstRuns.Sum(r => r.AlertsCreated),
                firstRuns.Sum(r => r.OutboxQueued),
                firstRuns.Sum(r => r.TasksOpened),
                steadyRuns.Sum(r => r.AlertsCreated + r.AlertsUpdated + r.AlertsResolved + r.OutboxQueued + r.TasksOpened + r.TasksEscalated))
            {
                FirstWrites = firstWrites,
                SteadyWritesFloor = steadyWrites,
                FloorSamples = [.. floors.Select(f => f.Seconds)],
                NextDayScan = nextDay,
                SteadySamples = [.. steadies.Select(p => p.Seconds)],
            };
        }
        finally
        {
            await DropTablesAsync(factory, cancellationToken);
        }
    }

    private static async Task<(double Seconds, long Requests)> LoadAsync(TableClientFactory factory, RequestCounter counter, IReadOnlyList<LeaseRecord> leases, CancellationToken cancellationToken)
    {
        var table = await factory.GetTableClientAsync(TableLeaseStore.LeasesTable, cancellationToken);
        counter.Reset();
        var watch = Stopwatch.StartNew();
        var invalid = 0;
        foreach (var district in leases.GroupBy(l => l.DistrictCode))
        {
            foreach (var chunk in district.Chunk(100))
            {
                var actions = new List<TableTransactionAction>(chunk.Length);
                foreach (var lease in chunk)
                {
                    var json = LeaseRecordJson.Serialize(lease);
                    if (!LeaseRecordReader.ReadMany(json).IsValid)
                    {
                        invalid++;
                    }

                    // The lease store's own format: the record's wire JSON in chunks, its hash and the format version.
                    var entity = new TableEntity(lease.DistrictCode, lease.LeaseId)
                    {
                        [TableLeaseStore.HashProperty] = TableLeaseStore.ContentHash(json),
                        [TableLeaseStore.FormatProperty] = 1,
                    };
                    EntityChunking.Write(entity, TableLeaseStore.DataProperty, json);
                    actions.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, entity));
                }

                await table.SubmitTransactionAsync(actions, cancellationToken);
            }
        }

        if (invalid > 0)
        {
            throw new InvalidOperationException($"The generator produced {invalid} invalid records; fix the generator.");
        }

        return (watch.Elapsed.TotalSeconds, counter.Total);
    }

    /// <summary>The floor: stream every lease entity of every district (the columns the lease store reads), nothing else.</summary>
    private async Task<Pass> FloorAsync(TableClientFactory factory, RequestCounter counter, CancellationToken cancellationToken)
    {
        var table = await factory.GetTableClientAsync(TableLeaseStore.LeasesTable, cancellationToken);
        return await MeasureAsync(counter, async district =>
        {
            long entities = 0;
            long chars = 0;
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {district}");
            await foreach (var page in table.QueryAsync<TableEntity>(filter, 1000, LeaseColumns, cancellationToken).AsPages(pageSizeHint: 1000))
            {
                foreach (var e in page.Values)
                {
                    entities++;
                    chars += e.GetString("Data_0")?.Length ?? 0;
                }
            }

            GC.KeepAlive(chars);
            return entities;
        }, cancellationToken);
    }

    /// <summary>The monitoring tables a scan inserts into (conditional inserts, batched per district).</summary>
    private const int MaxBatch = 100;

    private static readonly string[] InsertTables = [MonitoringTables.Alerts, MonitoringTables.Outbox, MonitoringTables.Tasks, MonitoringTables.Quarantine];

    /// <summary>
    /// Every entity the scans have written so far, less those in <paramref name="before"/>: the rows of the insert tables,
    /// the run records, and the lease fingerprints (as merges of the <c>ScanState</c> column).
    /// </summary>
    private static async Task<Written> CaptureAsync(TableClientFactory factory, Written before, CancellationToken cancellationToken)
    {
        var written = new Written();
        foreach (var name in InsertTables.Append(MonitoringTables.Runs))
        {
            var table = await factory.GetTableClientAsync(name, cancellationToken);
            var rows = new List<TableEntity>();
            await foreach (var e in table.QueryAsync<TableEntity>(maxPerPage: 1000, cancellationToken: cancellationToken))
            {
                if (!before.Contains(name, e))
                {
                    rows.Add(Copy(e));
                }
            }

            written.Tables[name] = rows;
        }

        var leases = await factory.GetTableClientAsync(TableLeaseStore.LeasesTable, cancellationToken);
        var fingerprints = new List<TableEntity>();
        await foreach (var e in leases.QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey", TableLeaseStore.ScanStateProperty], maxPerPage: 1000, cancellationToken: cancellationToken))
        {
            if (e.GetString(TableLeaseStore.ScanStateProperty) is { } state && !before.HasFingerprint(e.PartitionKey, e.RowKey, state))
            {
                fingerprints.Add(new TableEntity(e.PartitionKey, e.RowKey) { [TableLeaseStore.ScanStateProperty] = state });
            }
        }

        written.Tables[TableLeaseStore.LeasesTable] = fingerprints;
        return written;
    }

    private static TableEntity Copy(TableEntity e)
    {
        var copy = new TableEntity(e.PartitionKey, e.RowKey);
        foreach (var (key, value) in e)
        {
            if (key is not ("odata.etag" or "PartitionKey" or "RowKey" or "Timestamp"))
            {
                copy[key] = value;
            }
        }

        return copy;
    }

    private static string Describe(Written w) =>
        string.Join(", ", w.Tables.Select(kv => $"{kv.Value.Count:N0} {kv.Key}{(kv.Key == TableLeaseStore.LeasesTable ? " fingerprints" : string.Empty)}"));

    /// <summary>
    /// The write floor: <paramref name="written"/> written again without the scan's logic, district by district with the
    /// scan's parallelism: inserts in batch transactions of up to 100 (a lone entity as one insert) into fresh tables of
    /// the same names, each run record upserted twice (the scan records a run when it starts and when it ends), and the
    /// fingerprints merged into the stored lease entities in batches of 100.
    /// </summary>
    private async Task<Pass> WriteFloorAsync(TableClientFactory factory, RequestCounter counter, Written written, CancellationToken cancellationToken)
    {
        var fresh = new TableClientFactory(
            new TableStorageOptions { ConnectionString = _connectionString, TablePrefix = "wf" + Guid.NewGuid().ToString("N")[..8] }, counter);
        var tables = new Dictionary<string, TableClient>(StringComparer.Ordinal);
        foreach (var name in InsertTables.Append(MonitoringTables.Runs))
        {
            tables[name] = await fresh.GetTableClientAsync(name, cancellationToken);
        }

        var leases = await factory.GetTableClientAsync(TableLeaseStore.LeasesTable, cancellationToken);
        var byDistrict = written.Tables.ToDictionary(kv => kv.Key, kv => kv.Value.ToLookup(e => e.PartitionKey));
        try
        {
            return await MeasureAsync(counter, async district =>
            {
                long entities = 0;
                foreach (var name in InsertTables)
                {
                    foreach (var chunk in byDistrict[name][district].Chunk(MaxBatch))
                    {
                        entities += chunk.Length;
                        if (chunk.Length == 1)
                        {
                            await tables[name].AddEntityAsync(chunk[0], cancellationToken);
                        }
                        else
                        {
                            await tables[name].SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.Add, e)), cancellationToken);
                        }
                    }
                }

                foreach (var run in byDistrict[MonitoringTables.Runs][district])
                {
                    entities++;
                    await tables[MonitoringTables.Runs].UpsertEntityAsync(run, TableUpdateMode.Replace, cancellationToken);
                    await tables[MonitoringTables.Runs].UpsertEntityAsync(run, TableUpdateMode.Replace, cancellationToken);
                }

                foreach (var chunk in byDistrict[TableLeaseStore.LeasesTable][district].Chunk(MaxBatch))
                {
                    entities += chunk.Length;
                    await leases.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.UpdateMerge, e, Azure.ETag.All)), cancellationToken);
                }

                return entities;
            }, cancellationToken);
        }
        finally
        {
            foreach (var name in tables.Keys)
            {
                try
                {
                    await fresh.ServiceClient.DeleteTableAsync(fresh.TableName(name), cancellationToken);
                }
                catch (Azure.RequestFailedException)
                {
                    // Best effort, as for the bench's own tables.
                }
            }
        }
    }

    /// <summary>The entities a scan wrote, by table base name (the lease table holds fingerprint merges).</summary>
    private sealed class Written
    {
        public Dictionary<string, List<TableEntity>> Tables { get; } = new(StringComparer.Ordinal);

        private HashSet<(string Table, string Partition, string Row)>? _keys;
        private Dictionary<(string Partition, string Row), string?>? _fingerprints;

        public bool Contains(string table, TableEntity e) =>
            (_keys ??= [.. Tables.SelectMany(kv => kv.Value.Select(r => (kv.Key, r.PartitionKey, r.RowKey)))]).Contains((table, e.PartitionKey, e.RowKey));

        public bool HasFingerprint(string partition, string row, string state) =>
            (_fingerprints ??= Tables.GetValueOrDefault(TableLeaseStore.LeasesTable, []).ToDictionary(r => (r.PartitionKey, r.RowKey), r => (string?)r.GetString(TableLeaseStore.ScanStateProperty)))
                .TryGetValue((partition, row), out var stored) && stored == state;
    }

    /// <summary>Runs <paramref name="perDistrict"/> over every jurisdiction with the bench's parallelism; time, requests, CPU and entities.</summary>
    private async Task<Pass> MeasureAsync(RequestCounter counter, Func<string, Task<long>> perDistrict, CancellationToken cancellationToken)
    {
        counter.Reset();
        var cpu = CpuMark.Start(ServerProcessId);
        var watch = Stopwatch.StartNew();
        long entities = 0;
        await Parallel.ForEachAsync(
            Jurisdiction.All,
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (j, _) => Interlocked.Add(ref entities, await perDistrict(j.Code)));
        var seconds = watch.Elapsed.TotalSeconds;
        var (client, server) = cpu.Stop();
        return new Pass(seconds, counter.Total, counter.Writes, entities, client, server);
    }

    /// <summary>The leases read through the lease store as the scan reads them (stream, parse, validate), nothing else.</summary>
    private async Task<Pass> StoreReadAsync(TableClientFactory factory, RequestCounter counter, CancellationToken cancellationToken)
    {
        var store = new TableLeaseStore(factory);
        return await MeasureAsync(counter, async district =>
        {
            long entities = 0;
            await foreach (var item in store.ReadDistrictAsync(district, cancellationToken))
            {
                entities++;
                GC.KeepAlive(item);
            }

            return entities;
        }, cancellationToken);
    }

    private async Task<(Pass Pass, IReadOnlyList<ScanRun> Runs)> ScanAsync(ScanService scanner, RequestCounter counter, string name, CancellationToken cancellationToken, DateOnly? day = null)
    {
        counter.Reset();
        var cpu = CpuMark.Start(ServerProcessId);
        var watch = Stopwatch.StartNew();
        var runs = await scanner.ScanDistrictsAsync(Jurisdiction.All.Select(j => j.Code), day ?? _asOf, $"bench-{name}-{Guid.NewGuid():N}"[..30], Parallelism, cancellationToken);
        var seconds = watch.Elapsed.TotalSeconds;
        var failed = runs.Where(r => r.Outcome != ScanOutcome.Succeeded).ToList();
        if (failed.Count > 0)
        {
            throw new InvalidOperationException($"{failed.Count} district scan(s) failed: {failed[0].Error}");
        }

        var read = runs.Sum(r => (long)r.Leases + r.AlertsRead + r.TasksRead);
        var (client, server) = cpu.Stop();
        return (new Pass(seconds, counter.Total, counter.Writes, read, client, server), runs);
    }

    private async Task BreakdownAsync(TableClientFactory factory, RequestCounter counter, CancellationToken cancellationToken)
    {
        var leaseStore = new TableLeaseStore(factory);
        var alertStore = new TableAlertStore(factory);
        var taskStore = new TableTaskStore(factory);
        var context = RuleEngine.Default.ContextFor(_asOf);

        async Task<double> Time(Func<string, Task> perDistrict)
        {
            var watch = Stopwatch.StartNew();
            foreach (var d in Jurisdiction.All)
            {
                await perDistrict(d.Code);
            }

            return watch.Elapsed.TotalSeconds;
        }

        var leasesOnly = await Time(async d =>
        {
            await foreach (var item in leaseStore.ReadDistrictAsync(d, cancellationToken))
            {
                GC.KeepAlive(item);
            }
        });
        var evaluate = await Time(async d =>
        {
            var findings = new List<ComplianceMonitor.Domain.Findings.Finding>();
            await foreach (var item in leaseStore.ReadDistrictAsync(d, cancellationToken))
            {
                findings.Clear();
                RuleEngine.Default.Evaluate(item.Lease!.Record, context, findings);
            }
        });
        var alertsRaw = await Time(async d =>
        {
            var table = await factory.GetTableClientAsync(MonitoringTables.Alerts, cancellationToken);
            await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {d} and State eq {"open"}"), 1000, cancellationToken: cancellationToken))
            {
                GC.KeepAlive(e);
            }
        });
        var selected = new[] { "RowKey", "Status", "Severity", "Deadline", "QueuedStages", "TaskId" };
        var cpuSel = CpuMark.Start(ServerProcessId);
        var alertsSelected = await Time(async d =>
        {
            var table = await factory.GetTableClientAsync(MonitoringTables.Alerts, cancellationToken);
            await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {d} and State eq {"open"}"), 1000, selected, cancellationToken))
            {
                GC.KeepAlive(e);
            }
        });
        var (selClient, selServer) = cpuSel.Stop();
        var cpuFull = CpuMark.Start(ServerProcessId);
        var alertsFull = await Time(async d =>
        {
            var table = await factory.GetTableClientAsync(MonitoringTables.Alerts, cancellationToken);
            await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {d} and State eq {"open"}"), 1000, cancellationToken: cancellationToken))
            {
                GC.KeepAlive(e);
            }
        });
        var (fullClient, fullServer) = cpuFull.Stop();
        _log.WriteLine($"  alerts full {alertsFull:F2} s (cpu client {fullClient:F2}, storage {fullServer:F2}); 6 columns {alertsSelected:F2} s (cpu client {selClient:F2}, storage {selServer:F2})");
        var alerts = await Time(async d =>
        {
            await foreach (var item in alertStore.ReadOpenAsync(d, cancellationToken))
            {
                GC.KeepAlive(item);
            }
        });
        var tasks = await Time(async d =>
        {
            await foreach (var item in taskStore.ReadActiveAsync(d, cancellationToken))
            {
                GC.KeepAlive(item);
            }
        });
        _log.WriteLine($"  breakdown: lease store read+parse {leasesOnly:F2} s; +rules {evaluate:F2} s; alerts raw {alertsRaw:F2} s, mapped {alerts:F2} s; tasks {tasks:F2} s");
    }

    private static async Task DropTablesAsync(TableClientFactory factory, CancellationToken cancellationToken)
    {
        foreach (var name in new[] { TableLeaseStore.LeasesTable, MonitoringTables.Alerts, MonitoringTables.Tasks, MonitoringTables.Outbox, MonitoringTables.Runs, MonitoringTables.Quarantine })
        {
            try
            {
                await factory.ServiceClient.DeleteTableAsync(factory.TableName(name), cancellationToken);
            }
            catch (Azure.RequestFailedException)
            {
                // Best effort: the tables die with the in-memory Azurite anyway.
            }
        }
    }
}

/// <summary>CPU time of this process and of the storage emulator over a pass (Linux /proc; zero elsewhere).</summary>
internal readonly struct CpuMark
{
    private readonly TimeSpan _client;
    private readonly double _server;
    private readonly int? _pid;

    private CpuMark(TimeSpan client, double server, int? pid)
    {
        _client = client;
        _server = server;
        _pid = pid;
    }

    public static CpuMark Start(int? serverPid) => new(Process.GetCurrentProcess().TotalProcessorTime, ServerSeconds(serverPid), serverPid);

    public (double Client, double Server) Stop() =>
        ((Process.GetCurrentProcess().TotalProcessorTime - _client).TotalSeconds, ServerSeconds(_pid) - _server);

    private static double ServerSeconds(int? pid)
    {
        if (pid is not { } p)
        {
            return 0;
        }

        // utime + stime of the emulator and its children (the node host runs Azurite as a child).
        double total = 0;
        foreach (var stat in Directory.EnumerateFiles("/proc", "stat", new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = 1, IgnoreInaccessible = true }))
        {
            try
            {
                var text = File.ReadAllText(stat);
                var close = text.LastIndexOf(')');
                var fields = text[(close + 2)..].Split(' ');
                var id = int.Parse(Path.GetFileName(Path.GetDirectoryName(stat)!), CultureInfo.InvariantCulture);
                var ppid = int.Parse(fields[1], CultureInfo.InvariantCulture);
                if (id == p || ppid == p)
                {
                    total += (double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
                }
            }
            catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException or IndexOutOfRangeException or ArgumentException)
            {
                // A process that ended meanwhile, or not a pid folder.
            }
        }

        return total;
    }
}
