using ComplianceMonitor.DevStorage;
using ComplianceMonitor.Infrastructure.Leases;
using System.Globalization;
using System.Text;
using ComplianceMonitor.Infrastructure.Storage;
using ComplianceMonitor.ScanBench;

// cm scan benchmark: dotnet run -c Release --project benchmarks/ComplianceMonitor.ScanBench -- [--sizes 1000,5000,20000]
//   [--as-of 2026-06-23] [--seed 20260623] [--parallel 2] [--repeat 5] [--breakdown] [--cpu] [--connection-string CS]
// Without a connection string (or ComplianceStorage__ConnectionString) it starts its own in-memory Azurite.
Console.OutputEncoding = Encoding.UTF8;
var sizes = new[] { 1_000, 5_000, 20_000 };
var asOf = new DateOnly(2026, 6, 23);
var seed = 20260623;
var breakdown = false;
var parallel = 2;
var repeats = 5;
string? connectionString = Environment.GetEnvironmentVariable("ComplianceStorage__ConnectionString");
for (var i = 0; i < args.Length; i++)
{
    string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
    switch (args[i])
    {
        case "--sizes":
            sizes = [.. Next().Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))];
            break;
        case "--as-of":
            asOf = DateOnly.ParseExact(Next(), "yyyy-MM-dd", CultureInfo.InvariantCulture);
            break;
        case "--seed":
            seed = int.Parse(Next(), CultureInfo.InvariantCulture);
            break;
        case "--cpu":
            CpuProfile.Run(sizes[0], asOf, seed, Console.Out);
            return 0;
        case "--parallel":
            parallel = int.Parse(Next(), CultureInfo.InvariantCulture);
            break;
        case "--repeat":
            repeats = int.Parse(Next(), CultureInfo.InvariantCulture);
            if (repeats < 1)
            {
                Console.Error.WriteLine("--repeat must be at least 1");
                return 2;
            }

            break;
        case "--breakdown":
            breakdown = true;
            break;
        case "--connection-string":
            connectionString = Next();
            break;
        default:
            Console.Error.WriteLine($"unknown option {args[i]}");
            return 2;
    }
}

LocalAzurite? azurite = null;
if (string.IsNullOrWhiteSpace(connectionString))
{
    Console.WriteLine("starting in-memory Azurite…");
    azurite = await LocalAzurite.StartAsync(new LocalAzuriteOptions());
    connectionString = azurite.ConnectionString;
}

try
{
    var runner = new ScanBenchRunner(connectionString, asOf, seed, Console.Out) { Breakdown = breakdown, Repeats = repeats, ServerProcessId = azurite?.ProcessId, Parallelism = parallel };

    // Warm-up (JIT, connections, Azurite's code paths): a small portfolio, not reported.
    Console.WriteLine("warm-up with 500 leases…");
    await runner.RunAsync(500);

    var results = new List<SizeResult>();
    foreach (var n in sizes)
    {
        Console.WriteLine($"N = {n:N0}");
        var r = await runner.RunAsync(n);
        results.Add(r);
        Console.WriteLine($"  findings {r.Findings:N0}; first scan created {r.AlertsCreated:N0} alerts, {r.OutboxQueued:N0} reminders, {r.TasksOpened:N0} tasks; quarantined {r.Quarantined}");
        Console.WriteLine($"  floor   {r.FloorBetween.Seconds,7:F2} s / {r.FloorAfter.Seconds:F2} s  {r.FloorAfter.Requests,6:N0} req  {r.FloorAfter.EntitiesRead,8:N0} entities  cpu client {r.FloorAfter.ClientCpu:F2} s, storage {r.FloorAfter.ServerCpu:F2} s");
        Console.WriteLine($"  store   {r.StoreRead.Seconds,7:F2} s  {r.StoreRead.Requests,6:N0} req  {r.StoreRead.EntitiesRead,8:N0} leases read and validated  cpu client {r.StoreRead.ClientCpu:F2} s, storage {r.StoreRead.ServerCpu:F2} s");
        Console.WriteLine($"  first   {r.FirstScan.Seconds,7:F2} s  {r.FirstScan.Requests,6:N0} req ({r.FirstScan.Writes:N0} writes)  {r.FirstScan.EntitiesRead,8:N0} entities read  cpu client {r.FirstScan.ClientCpu:F2} s, storage {r.FirstScan.ServerCpu:F2} s");
        Console.WriteLine($"  steady  {r.SteadyScan.Seconds,7:F2} s  {r.SteadyScan.Requests,6:N0} req ({r.SteadyScan.Writes:N0} writes)  {r.SteadyScan.EntitiesRead,8:N0} entities read  cpu client {r.SteadyScan.ClientCpu:F2} s, storage {r.SteadyScan.ServerCpu:F2} s; ratio to its floor {r.SteadyRatio:F2}");
        Console.WriteLine($"  next day {r.NextDayScan.Seconds,6:F2} s  {r.NextDayScan.Requests,6:N0} req ({r.NextDayScan.Writes:N0} writes)  cpu client {r.NextDayScan.ClientCpu:F2} s, storage {r.NextDayScan.ServerCpu:F2} s (the daily timer's scan of the following day; no target)");
        Console.WriteLine($"  writes  first {r.FirstWrites.Seconds,5:F2} s  {r.FirstWrites.Requests,6:N0} req  {r.FirstWrites.EntitiesRead,8:N0} entities  cpu client {r.FirstWrites.ClientCpu:F2} s, storage {r.FirstWrites.ServerCpu:F2} s; steady {r.SteadyWritesFloor.Seconds:F2} s  {r.SteadyWritesFloor.Requests:N0} req  {r.SteadyWritesFloor.EntitiesRead:N0} entities (batch transactions, no scan logic)");
        Console.WriteLine($"  first scan {r.FirstScan.Seconds:F2} s, floor {r.FirstFloorSeconds:F2} s (lease stream {r.FloorSeconds:F2} + writes {r.FirstWrites.Seconds:F2}), ratio {r.FirstRatio:F2} (target ≤ 1.5)");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  steady scans {string.Join(" ", r.SteadySamples.Select(x => x.ToString("F2", CultureInfo.InvariantCulture)))} s (median {r.SteadyScan.Seconds:F2}); lease streams {string.Join(" ", r.FloorSamples.Select(x => x.ToString("F2", CultureInfo.InvariantCulture)))} s (median {r.FloorSeconds:F2})"));
        Console.WriteLine($"  steady scan {r.SteadyScan.Seconds:F2} s, floor {r.SteadyFloorSeconds:F2} s (lease stream {r.FloorSeconds:F2} + writes {r.SteadyWritesFloor.Seconds:F2}), ratio {r.SteadyRatio:F2} (target ≤ 1.3)");
    }

    Console.WriteLine();
    Console.WriteLine($"Scan benchmark, as of {asOf:yyyy-MM-dd}, seed {seed}, 18 jurisdictions, {parallel} district(s) at a time for the scans and the floor alike, steady scan and floor = medians of {repeats} scans and {repeats + 1} streams, {Environment.ProcessorCount} cores");
    Console.WriteLine("| leases | findings | floor s (req, entities) | lease-store read s | first scan s (req, writes) | first floor s (stream + writes) | first / floor | steady scan s (req, writes, entities read) | steady floor s | steady / floor | steady / store read |");
    Console.WriteLine("|---:|---:|---|---:|---|---|---:|---|---:|---:|---:|");
    foreach (var r in results)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {r.Leases:N0} | {r.Findings:N0} | {r.FloorSeconds:F2} ({r.FloorAfter.Requests:N0}, {r.FloorAfter.EntitiesRead:N0}) | {r.StoreRead.Seconds:F2} | {r.FirstScan.Seconds:F2} ({r.FirstScan.Requests:N0}, {r.FirstScan.Writes:N0}) | {r.FirstFloorSeconds:F2} ({r.FloorSeconds:F2} + {r.FirstWrites.Seconds:F2}) | {r.FirstRatio:F2} | {r.SteadyScan.Seconds:F2} ({r.SteadyScan.Requests:N0}, {r.SteadyScan.Writes:N0}, {r.SteadyScan.EntitiesRead:N0}) | {r.SteadyFloorSeconds:F2} | {r.SteadyRatio:F2} | {r.StoreRatio:F2} |"));
    }

    var largest = results.MaxBy(r => r.Leases);
    if (largest is not null)
    {
        Console.WriteLine(largest.FirstRatio <= 1.5
            ? $"target met: at {largest.Leases:N0} leases the first scan takes {largest.FirstRatio:F2}x its write floor (target ≤ 1.5x)"
            : $"TARGET MISSED: at {largest.Leases:N0} leases the first scan takes {largest.FirstRatio:F2}x its write floor (target ≤ 1.5x)");
        Console.WriteLine(largest.SteadyRatio <= 1.3
            ? $"target met: at {largest.Leases:N0} leases the steady scan takes {largest.SteadyRatio:F2}x its floor (target ≤ 1.3x)"
            : $"TARGET MISSED: at {largest.Leases:N0} leases the steady scan takes {largest.SteadyRatio:F2}x its floor (target ≤ 1.3x)");
    }

    return 0;
}
finally
{
    if (azurite is not null)
    {
        await azurite.DisposeAsync();
    }
}
