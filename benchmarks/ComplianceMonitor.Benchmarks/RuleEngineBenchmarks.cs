using BenchmarkDotNet.Attributes;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Domain.Rules;

namespace ComplianceMonitor.Benchmarks;

/// <summary>
/// The daily scan's hot loop: every rule of the catalogue over a portfolio of leases for one day, single-threaded.
/// Each operation is one lease (<see cref="Leases"/> per invocation), so Mean is the time per lease and
/// Allocated the bytes per lease; the Leases/s column is 1 s ÷ Mean.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ScanBenchmarkConfig))]
public class RuleEngineBenchmarks
{
    /// <summary>How many leases one invocation evaluates (the sample mix replicated).</summary>
    public const int Leases = 10_000;

    private LeaseRecord[] _leases = [];
    private RuleEngine _engine = RuleEngine.Default;
    private RuleContext _context = null!;
    private List<Finding> _findings = [];

    /// <summary>Loads the sample ledger once and builds the portfolio and the day's context.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _leases = SampleLedger.Replicate(SampleLedger.Load(), Leases);
        _engine = RuleEngine.Default;
        _context = _engine.ContextFor(SampleLedger.AsOf);
        _findings = new List<Finding>(32);
    }

    /// <summary>The scan path: <see cref="RuleEngine.Evaluate"/> into one reused findings list, fixed context.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Leases)]
    public int Evaluate()
    {
        var total = 0;
        foreach (var lease in _leases)
        {
            _findings.Clear();
            _engine.Evaluate(lease, _context, _findings);
            total += _findings.Count;
        }

        return total;
    }

    /// <summary>The on-demand path: <see cref="RuleEngine.Check"/> builds a result object per lease.</summary>
    [Benchmark(OperationsPerInvoke = Leases)]
    public int Check()
    {
        var total = 0;
        foreach (var lease in _leases)
        {
            total += _engine.Check(lease, SampleLedger.AsOf).Findings.Count;
        }

        return total;
    }
}
