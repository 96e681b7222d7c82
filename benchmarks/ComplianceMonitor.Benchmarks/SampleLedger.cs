using ComplianceMonitor.Domain.Records;

namespace ComplianceMonitor.Benchmarks;

/// <summary>The sample ledger (samples/ledger.json) read through the real reader, and replicated to a scan-sized portfolio.</summary>
internal static class SampleLedger
{
    /// <summary>The day every benchmark evaluates for: the day the sample ledger was built around.</summary>
    public static readonly DateOnly AsOf = new(2026, 11, 26);

    /// <summary>Reads and validates samples/ledger.json; throws when any record is invalid.</summary>
    public static IReadOnlyList<LeaseRecord> Load()
    {
        var path = Locate();
        var batch = LeaseRecordReader.ReadMany(File.ReadAllText(path));
        if (!batch.IsValid)
        {
            var first = batch.Errors[0];
            throw new InvalidOperationException($"{path}: {batch.Errors.Count} validation error(s), e.g. {first.LeaseId} {first.Field}: {first.Message}");
        }

        return batch.Records;
    }

    /// <summary><paramref name="count"/> leases cycling through the sample mix, each with its own lease id.</summary>
    public static LeaseRecord[] Replicate(IReadOnlyList<LeaseRecord> sample, int count)
    {
        ArgumentOutOfRangeException.ThrowIfZero(sample.Count);
        var leases = new LeaseRecord[count];
        for (var i = 0; i < count; i++)
        {
            var source = sample[i % sample.Count];
            leases[i] = source with { LeaseId = $"{source.LeaseId}-{i / sample.Count:D4}" };
        }

        return leases;
    }

    /// <summary>samples/ledger.json above the working or the base directory (BenchmarkDotNet runs a child process from bin/).</summary>
    private static string Locate()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "samples", "ledger.json");
                if (File.Exists(candidate) && File.Exists(Path.Combine(dir.FullName, "ComplianceMonitor.sln")))
                {
                    return candidate;
                }
            }
        }

        throw new FileNotFoundException("samples/ledger.json was not found above the working directory; run from the repository.");
    }
}
