namespace ComplianceMonitor.Functions.Tests.Infra;

/// <summary>Finds the repository root: the nearest folder above the test binaries that holds ComplianceMonitor.sln.</summary>
internal static class RepositoryRoot
{
    private const string SolutionFileName = "ComplianceMonitor.sln";

    /// <summary>Returns the full path of the repository root.</summary>
    /// <exception cref="InvalidOperationException">No ancestor folder holds the solution file.</exception>
    public static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, SolutionFileName)))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException(
            $"No folder above '{AppContext.BaseDirectory}' contains {SolutionFileName}.");
    }
}
