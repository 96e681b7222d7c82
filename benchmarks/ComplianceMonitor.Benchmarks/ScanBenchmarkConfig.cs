using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace ComplianceMonitor.Benchmarks;

/// <summary>Adds the Leases/s column to the default configuration.</summary>
public sealed class ScanBenchmarkConfig : ManualConfig
{
    /// <summary>Creates the configuration.</summary>
    public ScanBenchmarkConfig() => AddColumn(new LeasesPerSecondColumn());
}

/// <summary>Leases evaluated per second on one core: 1 s ÷ Mean, where one operation is one lease.</summary>
public sealed class LeasesPerSecondColumn : IColumn
{
    /// <inheritdoc />
    public string Id => nameof(LeasesPerSecondColumn);

    /// <inheritdoc />
    public string ColumnName => "Leases/s";

    /// <inheritdoc />
    public bool AlwaysShow => true;

    /// <inheritdoc />
    public ColumnCategory Category => ColumnCategory.Statistics;

    /// <inheritdoc />
    public int PriorityInCategory => 10;

    /// <inheritdoc />
    public bool IsNumeric => true;

    /// <inheritdoc />
    public UnitType UnitType => UnitType.Dimensionless;

    /// <inheritdoc />
    public string Legend => "Leases evaluated per second on one core (1 s / Mean; one operation = one lease)";

    /// <inheritdoc />
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    /// <inheritdoc />
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var mean = summary[benchmarkCase]?.ResultStatistics?.Mean;
        return mean is > 0 ? (1e9 / mean.Value).ToString("N0", CultureInfo.InvariantCulture) : "NA";
    }

    /// <inheritdoc />
    public bool IsAvailable(Summary summary) => true;

    /// <inheritdoc />
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
