using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Tasks;
using System.Diagnostics;
using Azure.Data.Tables;
using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Domain.Rules;

namespace ComplianceMonitor.ScanBench;

/// <summary>Times the client-side steps of a steady-state scan in memory, without storage (<c>--cpu</c>).</summary>
internal static class CpuProfile
{
    public static void Run(int count, DateOnly asOf, int seed, TextWriter log)
    {
        var leases = new PortfolioGenerator(seed, asOf).Generate(count);
        var json = leases.Select(LeaseRecordJson.Serialize).ToArray();
        var reconciler = new AlertReconciler(ReminderCadence.Default, new EnforcementTaskOptions());
        var context = RuleEngine.Default.ContextFor(asOf);
        var now = DateTimeOffset.UnixEpoch;

        for (var round = 0; round < 3; round++)
        {
            var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
            var w = Stopwatch.StartNew();
            var records = new LeaseRecord[count];
            for (var i = 0; i < count; i++)
            {
                records[i] = LeaseRecordReader.ReadMany(json[i]).Records[0];
            }

            var parse = w.Elapsed.TotalMilliseconds;
            var parseCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalMilliseconds;
            var cpu1 = Process.GetCurrentProcess().TotalProcessorTime;
            w.Restart();
            foreach (var j in json)
            {
                using var doc = System.Text.Json.JsonDocument.Parse(j);
                GC.KeepAlive(doc);
            }

            var docOnly = w.Elapsed.TotalMilliseconds;
            var docCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu1).TotalMilliseconds;
            w.Restart();
            var all = new List<(LeaseRecord, Finding)>();
            var findings = new List<Finding>();
            foreach (var r in records)
            {
                findings.Clear();
                RuleEngine.Default.Evaluate(r, context, findings);
                foreach (var f in findings)
                {
                    all.Add((r, f));
                }
            }

            var rules = w.Elapsed.TotalMilliseconds;
            var stateSeed = ScanState.Seed(ReminderCadence.Default);
            var byLease = all.GroupBy(x => x.Item1).ToList();
            w.Restart();
            var hashes = 0;
            foreach (var g in byLease)
            {
                hashes += ScanState.Compute(stateSeed, ReminderCadence.Default, g.Key, [.. g.Select(x => x.Item2)], asOf).Length;
            }

            var fingerprint = w.Elapsed.TotalMilliseconds;
            var stored = all.Select(x => reconciler.Plan(null, x.Item1, x.Item2, asOf, now).Alert with { ETag = "W/1" }).ToArray();
            w.Restart();
            var work = 0;
            for (var i = 0; i < all.Count; i++)
            {
                var key = AlertKey.For(all[i].Item1.LeaseId, all[i].Item2.Rule, all[i].Item2.Subject);
                if (reconciler.Plan(stored[i], all[i].Item1, all[i].Item2, asOf, now).HasWork || key.Length == 0)
                {
                    work++;
                }
            }

            var plan = w.Elapsed.TotalMilliseconds;
            log.WriteLine($"cpu round {round}: {count} leases, {all.Count} findings: parse {parse:F0} ms (cpu {parseCpu:F0}; JsonDocument alone {docOnly:F0} ms, cpu {docCpu:F0}), rules {rules:F0} ms, fingerprints {fingerprint:F0} ms ({hashes / 32} leases with findings), plan {plan:F0} ms ({work} with work)");
        }
    }
}
