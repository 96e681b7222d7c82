namespace ComplianceMonitor.Cli.Tests.Support;

/// <summary>Finds files of the repository from the test's output folder.</summary>
internal static class RepoPaths
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    /// <summary>The repository root: the nearest folder above the test assembly holding ComplianceMonitor.sln.</summary>
    public static string Root => LazyRoot.Value;

    /// <summary>samples/ledger.json.</summary>
    public static string Ledger => Path.Combine(Root, "samples", "ledger.json");

    /// <summary>samples/invalid-lease.json.</summary>
    public static string InvalidLease => Path.Combine(Root, "samples", "invalid-lease.json");

    /// <summary>The build configuration the tests run in (Debug or Release), read from the output path.</summary>
    public static string Configuration
    {
        get
        {
            // .../bin/<Configuration>/<tfm>/
            var tfmDir = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            return tfmDir.Parent?.Name ?? "Debug";
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ComplianceMonitor.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No ComplianceMonitor.sln above {AppContext.BaseDirectory}.");
    }
}
