using ComplianceMonitor.Infrastructure.Storage;

namespace ComplianceMonitor.DevStorage;

/// <summary>
/// The storage a console run uses: the configured account (<c>ComplianceStorage__*</c>), or, when nothing is
/// configured, a local Azurite started for the run with its data kept in a folder so that later runs see it.
/// Dispose to stop that Azurite (gracefully, so its data is saved).
/// </summary>
public sealed class StorageSession : IAsyncDisposable
{
    private StorageSession(TableStorageOptions options, LocalAzurite? azurite, string description)
    {
        Options = options;
        Azurite = azurite;
        Description = description;
    }

    /// <summary>The storage options to build clients from.</summary>
    public TableStorageOptions Options { get; }

    /// <summary>The local Azurite started for this session, or null when configured storage is used.</summary>
    public LocalAzurite? Azurite { get; }

    /// <summary>Where the data goes, for a person (no secrets: never the connection string).</summary>
    public string Description { get; }

    /// <summary>
    /// The default data folder of the local Azurite used by console runs: <c>&lt;repo&gt;/.azurite</c> (git-ignored), or a
    /// per-user folder outside a repository.
    /// </summary>
    public static string DefaultDataDirectory()
    {
        var root = LocalAzurite.FindRepositoryRoot();
        return root is not null
            ? Path.Combine(root, ".azurite")
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "ComplianceMonitor", "azurite-data");
    }

    /// <summary>
    /// Uses <paramref name="configured"/> when it names storage; otherwise starts a local Azurite (installing it on first
    /// use) with its data in <paramref name="dataDirectory"/> (default <see cref="DefaultDataDirectory"/>).
    /// </summary>
    public static async Task<StorageSession> OpenAsync(TableStorageOptions configured, string? dataDirectory = null, Action<string>? log = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(configured);
        if (configured.IsConfigured)
        {
            configured.Validate();
            var where = !string.IsNullOrWhiteSpace(configured.ConnectionString)
                ? $"{TableStorageOptions.SectionName}__ConnectionString"
                : configured.TableServiceUri!.GetLeftPart(UriPartial.Authority);
            return new StorageSession(configured, null, $"configured storage ({where})");
        }

        var folder = Path.GetFullPath(dataDirectory ?? DefaultDataDirectory());
        log?.Invoke($"No {TableStorageOptions.SectionName}__ConnectionString configured: starting local Azurite with data in {folder}.");
        var azurite = await LocalAzurite.StartAsync(
            new LocalAzuriteOptions { InMemory = false, DataDirectory = folder, Log = log },
            cancellationToken);
        var options = new TableStorageOptions { ConnectionString = azurite.ConnectionString, TablePrefix = configured.TablePrefix };
        return new StorageSession(options, azurite, $"local Azurite (data in {folder})");
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Azurite?.DisposeAsync() ?? ValueTask.CompletedTask;
}
