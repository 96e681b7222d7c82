using ComplianceMonitor.Infrastructure.Leases;
using Azure.Core;
using ComplianceMonitor.Infrastructure.Storage;
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

    /// <summary>Storage options for this storage with <paramref name="prefix"/> (a fresh unique prefix when null).</summary>
    public TableStorageOptions StorageOptions(string? prefix = null) =>
        new() { ConnectionString = ConnectionString, TablePrefix = prefix ?? NewPrefix() };

    /// <summary>A table client factory over this storage with its own prefix (fresh when null) and request counter.</summary>
    public TableClientFactory CreateFactory(string? prefix = null, RequestCounter? counter = null, Action<ClientOptions>? configure = null) =>
        new(StorageOptions(prefix), counter, credential: null, configure);

    /// <inheritdoc />
    public async Task InitializeAsync() => _connectionString = await SharedAzurite.GetConnectionStringAsync();

    /// <inheritdoc />
    /// <remarks>Azurite is shared by the whole test process and stopped at process exit, not per fixture.</remarks>
    public Task DisposeAsync() => Task.CompletedTask;
}
