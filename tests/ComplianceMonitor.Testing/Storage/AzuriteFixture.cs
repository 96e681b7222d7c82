using Xunit;

namespace ComplianceMonitor.Testing.Storage;

/// <summary>
/// xunit fixture giving tests the shared storage connection string (table, queue and blob endpoints).
/// Use as <c>IClassFixture&lt;AzuriteFixture&gt;</c> or through a <c>[CollectionDefinition("azurite")]</c> declared in
/// the test assembly (see README.md). Every fixture instance of a test process shares one Azurite process.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private string? _connectionString;

    /// <summary>The connection string (development account on local Azurite, or <c>COMPLIANCE_TEST_STORAGE</c>).</summary>
    public string ConnectionString => _connectionString ?? throw new InvalidOperationException("The Azurite fixture has not been initialised.");

    /// <summary>Whether an external storage account is used instead of local Azurite.</summary>
    public bool IsExternal => SharedAzurite.IsExternal;

    /// <summary>A fresh table/queue name prefix so that tests never see each other's data.</summary>
    public static string NewPrefix() => TestNames.UniquePrefix();

    /// <inheritdoc />
    public async Task InitializeAsync() => _connectionString = await SharedAzurite.GetConnectionStringAsync();

    /// <inheritdoc />
    /// <remarks>Azurite is shared by the whole test process and stopped at process exit, not per fixture.</remarks>
    public Task DisposeAsync() => Task.CompletedTask;
}
