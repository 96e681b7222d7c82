using ComplianceMonitor.DevStorage;
using ComplianceMonitor.Infrastructure.Leases;
using ComplianceMonitor.Infrastructure.Storage;

namespace ComplianceMonitor.Testing.Storage;

/// <summary>
/// The one storage endpoint of this test process: <c>COMPLIANCE_TEST_STORAGE</c> when set, else a single Azurite
/// started lazily on first use and shared by every test class and collection of the process (one per test assembly,
/// since xunit runs each assembly in its own process). Azurite is killed when the process exits, and exits on its
/// own if the test host is killed (see <see cref="LocalAzurite"/>).
/// </summary>
public static class SharedAzurite
{
    /// <summary>The environment variable naming an external storage connection string to use instead of Azurite.</summary>
    public const string ExternalStorageVariable = "COMPLIANCE_TEST_STORAGE";

    private static readonly Lock Gate = new();
    private static Task<string>? _connectionString;
    private static LocalAzurite? _instance;

    /// <summary>The connection string of the shared storage, starting Azurite on first call.</summary>
    public static Task<string> GetConnectionStringAsync()
    {
        lock (Gate)
        {
            // A failed start is not cached: the next test retries (and reports its own failure).
            if (_connectionString is null || _connectionString.IsFaulted || _connectionString.IsCanceled)
            {
                _connectionString = StartAsync();
            }

            return _connectionString;
        }
    }

    /// <summary>Whether the tests use an external storage account (<c>COMPLIANCE_TEST_STORAGE</c>) rather than local Azurite.</summary>
    public static bool IsExternal => !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(ExternalStorageVariable));

    /// <summary>The running local Azurite, or null when external storage is used or it has not started yet.</summary>
    public static LocalAzurite? Instance => _instance;

    private static async Task<string> StartAsync()
    {
        if (Environment.GetEnvironmentVariable(ExternalStorageVariable) is { Length: > 0 } external && !string.IsNullOrWhiteSpace(external))
        {
            return external.Trim();
        }

        var azurite = await LocalAzurite.StartAsync(new LocalAzuriteOptions
        {
            Log = line => Console.Error.WriteLine($"[azurite] {line}"),
        });
        _instance = azurite;
        return azurite.ConnectionString;
    }
}
