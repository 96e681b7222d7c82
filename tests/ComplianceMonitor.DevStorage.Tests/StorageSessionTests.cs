using ComplianceMonitor.DevStorage;
using Azure.Data.Tables;
using ComplianceMonitor.Infrastructure.Storage;
using ComplianceMonitor.Testing.Storage;

namespace ComplianceMonitor.DevStorage.Tests;

[Trait("Category", "azurite")]
public sealed class StorageSessionTests : IDisposable
{
    private readonly string _dataFolder = Path.Combine(Path.GetTempPath(), "cm-azurite-data-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dataFolder))
        {
            Directory.Delete(_dataFolder, recursive: true);
        }
    }

    [Fact]
    public async Task OpenAsync_Configured_UsesItWithoutAzurite()
    {
        var configured = new TableStorageOptions { ConnectionString = LocalAzurite.BuildConnectionString(1, 2, 3), TablePrefix = "tx" };

        await using var session = await StorageSession.OpenAsync(configured, _dataFolder);

        Assert.Null(session.Azurite);
        Assert.Same(configured, session.Options);
        Assert.Equal("configured storage (ComplianceStorage__ConnectionString)", session.Description);
        Assert.DoesNotContain("AccountKey", session.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_NothingConfigured_LocalAzuriteKeepsDataAcrossRuns()
    {
        if (SharedAzurite.IsExternal)
        {
            return; // only meaningful for the local Azurite harness
        }

        await using (var first = await StorageSession.OpenAsync(new TableStorageOptions(), _dataFolder))
        {
            Assert.NotNull(first.Azurite);
            var table = new TableServiceClient(first.Options.ConnectionString).GetTableClient("persisted");
            await table.CreateIfNotExistsAsync();
            await table.AddEntityAsync(new TableEntity("110111", "FS-2024-0001") { ["Value"] = "保存" });
        }

        await using var second = await StorageSession.OpenAsync(new TableStorageOptions(), _dataFolder);
        var again = new TableServiceClient(second.Options.ConnectionString).GetTableClient("persisted");
        var entity = await again.GetEntityAsync<TableEntity>("110111", "FS-2024-0001");

        Assert.Equal("保存", entity.Value.GetString("Value"));
        Assert.StartsWith("local Azurite (data in ", second.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_DataFolderInUse_SecondInstanceGivesUpNamingFolder()
    {
        if (SharedAzurite.IsExternal)
        {
            return; // only meaningful for the local Azurite harness
        }

        await using var first = await LocalAzurite.StartAsync(new LocalAzuriteOptions { InMemory = false, DataDirectory = _dataFolder });

        var ex = await Assert.ThrowsAsync<TimeoutException>(() => LocalAzurite.StartAsync(
            new LocalAzuriteOptions { InMemory = false, DataDirectory = _dataFolder, StartTimeout = TimeSpan.FromSeconds(1) }));

        Assert.Contains("another Azurite using the data folder " + _dataFolder, ex.Message, StringComparison.Ordinal);
        Assert.True(first.IsRunning);
    }
}
