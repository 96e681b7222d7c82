using System.Diagnostics;
using System.Globalization;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Rules;

namespace ComplianceMonitor.Benchmarks;

/// <summary>
/// <c>--quick</c>: a Stopwatch loop without BenchmarkDotNet, for a fast check of throughput and allocation
/// (no statistics, no separate process; expect a few percent of noise).
/// </summary>
internal static class QuickRun
{
    /// <summary>Runs the loop and prints leases/s and allocated bytes per lease. Options: <c>--leases N</c>, <c>--seconds S</c>.</summary>
    public static int Run(string[] args)
    {
        var leaseCount = Option(args, "--leases", RuleEngineBenchmarks.Leases);
        var seconds = Option(args, "--seconds", 3);
        var sample = SampleLedger.Load();
        var leases = SampleLedger.Replicate(sample, leaseCount);
        var engine = RuleEngine.Default;
        var context = engine.ContextFor(SampleLedger.AsOf);
        var findings = new List<Finding>(32);

        long Pass()
        {
            long total = 0;
            foreach (var lease in leases)
            {
                findings.Clear();
                engine.Evaluate(lease, context, findings);
                total += findings.Count;
            }

            return total;
        }

        // Warm up: JIT the rules (tiered compilation reaches its optimised code after a few passes).
        var warmUp = Stopwatch.StartNew();
        while (warmUp.Elapsed < TimeSpan.FromSeconds(1))
        {
            Pass();
        }

        long passes = 0;
        long totalFindings = 0;
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(seconds))
        {
            totalFindings += Pass();
            passes++;
        }

        clock.Stop();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        var evaluated = passes * leaseCount;
        var ci = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Format(ci, "sample: {0} leases from samples/ledger.json, replicated to {1:N0}; as of {2:yyyy-MM-dd}; {3} rules",
            sample.Count, leaseCount, SampleLedger.AsOf, engine.Rules.Count));
        Console.WriteLine(string.Format(ci, "{0:N0} passes, {1:N0} leases in {2:N2} s on one thread",
            passes, evaluated, clock.Elapsed.TotalSeconds));
        Console.WriteLine(string.Format(ci, "{0:N0} leases/s", evaluated / clock.Elapsed.TotalSeconds));
        Console.WriteLine(string.Format(ci, "{0:N1} bytes allocated per lease", (double)allocated / evaluated));
        Console.WriteLine(string.Format(ci, "{0:N2} findings per lease", (double)totalFindings / evaluated));
        return 0;
    }

    private static int Option(string[] args, string name, int defaultValue)
    {
        var i = Array.IndexOf(args, name);
        if (i < 0)
        {
            return defaultValue;
        }

        if (i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0)
        {
            return value;
        }

        throw new ArgumentException($"{name} needs a positive whole number.");
    }
}
