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

        // Like BenchmarkDotNet, ask for a high priority so that a busy machine distorts the figure less.
        var elevated = TryRaisePriority();

        // Warm up until the rules run their optimised code: tiered compilation (with dynamic PGO) recompiles hot
        // methods in steps on a background thread, which takes seconds, more on a busy machine. Stop when ten
        // passes in a row were no more than 3% faster than the best so far, after at least 5 s (at most 30 s).
        var warmUp = Stopwatch.StartNew();
        var best = TimeSpan.MaxValue;
        var sinceImprovement = 0;
        while (warmUp.Elapsed < TimeSpan.FromSeconds(30) && (sinceImprovement < 10 || warmUp.Elapsed < TimeSpan.FromSeconds(5)))
        {
            var pass = Stopwatch.StartNew();
            Pass();
            pass.Stop();
            if (pass.Elapsed < best * 0.97)
            {
                best = pass.Elapsed;
                sinceImprovement = 0;
            }
            else
            {
                sinceImprovement++;
            }
        }

        warmUp.Stop();
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
        Console.WriteLine(string.Format(ci, "warm-up {0:N1} s; then {1:N0} passes, {2:N0} leases in {3:N2} s on one thread ({4} priority)",
            warmUp.Elapsed.TotalSeconds, passes, evaluated, clock.Elapsed.TotalSeconds, elevated ? "high" : "normal"));
        Console.WriteLine(string.Format(ci, "{0:N0} leases/s", evaluated / clock.Elapsed.TotalSeconds));
        Console.WriteLine(string.Format(ci, "{0:N1} bytes allocated per lease", (double)allocated / evaluated));
        Console.WriteLine(string.Format(ci, "{0:N2} findings per lease", (double)totalFindings / evaluated));
        if (args.Contains("--per-rule"))
        {
            // Where the time goes: each rule alone over the same leases (after the warm-up above).
            foreach (var rule in engine.Rules)
            {
                var ruleClock = Stopwatch.StartNew();
                var ruleAllocated = GC.GetAllocatedBytesForCurrentThread();
                const int RulePasses = 20;
                for (var p = 0; p < RulePasses; p++)
                {
                    foreach (var lease in leases)
                    {
                        findings.Clear();
                        rule.Evaluate(lease, context, findings);
                    }
                }

                ruleClock.Stop();
                var n = (double)RulePasses * leaseCount;
                Console.WriteLine(string.Format(ci, "  {0,-30} {1,7:N1} ns/lease {2,7:N1} B/lease",
                    rule.Code, ruleClock.Elapsed.TotalNanoseconds / n, (GC.GetAllocatedBytesForCurrentThread() - ruleAllocated) / n));
            }
        }

        return 0;
    }

    private static bool TryRaisePriority()
    {
        try
        {
            Process.GetCurrentProcess().PriorityClass = ProcessPriorityClass.High;
            Thread.CurrentThread.Priority = ThreadPriority.Highest;
            return true;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            return false;
        }
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
