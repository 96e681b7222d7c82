using BenchmarkDotNet.Running;
using ComplianceMonitor.Benchmarks;

// dotnet run -c Release --project benchmarks/ComplianceMonitor.Benchmarks -- --filter '*'   (BenchmarkDotNet)
// dotnet run -c Release --project benchmarks/ComplianceMonitor.Benchmarks -- --quick         (Stopwatch loop, seconds)
if (args.Contains("--quick"))
{
    return QuickRun.Run(args);
}

BenchmarkSwitcher.FromAssembly(typeof(RuleEngineBenchmarks).Assembly).Run(args);
return 0;
