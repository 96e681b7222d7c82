using ComplianceMonitor.Infrastructure.Leases;
using ComplianceMonitor.Infrastructure.Tests.Leases;
using ComplianceMonitor.Infrastructure.Storage;
using ComplianceMonitor.Testing.Storage;

namespace ComplianceMonitor.Infrastructure.Tests.Storage;

[Trait("Category", "azurite")]
[Collection("azurite")]
public sealed class TableClientFactoryTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task GetTableClientAsync_TwiceSameTable_CreatesOnceThenNoRequests()
    {
        var factory = azurite.CreateFactory();

        var first = await factory.GetTableClientAsync("leases");
        var afterCreate = factory.Counter.Total;
        var second = await factory.GetTableClientAsync("leases");

        Assert.Equal(1, afterCreate);
        Assert.Equal(1, factory.Counter.Total);
        Assert.Same(first, second);
    }

    [Fact]
    public async Task GetTableClientAsync_Prefix_TableNamedPrefixPlusBase()
    {
        var prefix = AzuriteFixture.NewPrefix();
        var factory = azurite.CreateFactory(prefix);

        var client = await factory.GetTableClientAsync("leaseindex");

        Assert.Equal(prefix + "leaseindex", client.Name);
        var names = new List<string>();
        await foreach (var table in factory.ServiceClient.QueryAsync(Azure.Data.Tables.TableClient.CreateQueryFilter($"TableName eq {prefix + "leaseindex"}")))
        {
            names.Add(table.Name);
        }

        Assert.Equal([prefix + "leaseindex"], names);
    }

    [Fact]
    public async Task GetTableClientAsync_ConcurrentFirstCalls_OneCreateRequest()
    {
        var factory = azurite.CreateFactory();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => factory.GetTableClientAsync("alerts")));

        Assert.Equal(1, factory.Counter.Total);
    }

    [Fact]
    public async Task GetQueueClientAsync_Prefix_LowercaseNameAndBase64RoundTrip()
    {
        var prefix = AzuriteFixture.NewPrefix();
        var factory = azurite.CreateFactory(prefix);

        var queue = await factory.GetQueueClientAsync("scan-districts");
        await queue.SendMessageAsync("{\"district\":\"110111\"}");
        var message = await queue.ReceiveMessageAsync();

        Assert.Equal(prefix + "scan-districts", queue.Name);
        Assert.Equal("{\"district\":\"110111\"}", message.Value.Body.ToString());
    }

    [Fact]
    public void TableName_InvalidCharacters_ThrowsNamingTable()
    {
        var factory = azurite.CreateFactory("tabc");

        var ex = Assert.Throws<ArgumentException>(() => factory.TableName("lease-index"));

        Assert.Contains("'tabclease-index' is not a valid table name", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_NothingConfigured_ThrowsNamingSettings()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => new TableClientFactory(new TableStorageOptions()));

        Assert.Contains("ComplianceStorage__ConnectionString", ex.Message, StringComparison.Ordinal);
        Assert.Contains("ComplianceStorage__TableServiceUri", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_InvalidPrefix_ThrowsNamingPrefixSetting()
    {
        var options = new TableStorageOptions { ConnectionString = azurite.ConnectionString, TablePrefix = "1-bad" };

        var ex = Assert.Throws<InvalidOperationException>(() => new TableClientFactory(options));

        Assert.Contains("ComplianceStorage__TablePrefix '1-bad'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void From_Lookup_ReadsSectionKeys()
    {
        var values = new Dictionary<string, string?>
        {
            ["ComplianceStorage:TableServiceUri"] = "https://acct.table.core.windows.net",
            ["ComplianceStorage:QueueServiceUri"] = "https://acct.queue.core.windows.net",
            ["ComplianceStorage:ConnectionString"] = "  ",
        };

        var options = TableStorageOptions.From(key => values.GetValueOrDefault(key));

        Assert.Null(options.ConnectionString);
        Assert.Equal(new Uri("https://acct.table.core.windows.net"), options.TableServiceUri);
        Assert.Equal(new Uri("https://acct.queue.core.windows.net"), options.QueueServiceUri);
        Assert.True(options.IsConfigured);
    }

    [Fact]
    public void From_RelativeUri_ThrowsNamingSetting()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => TableStorageOptions.From(key => key == "ComplianceStorage:TableServiceUri" ? "acct.table" : null));

        Assert.Equal("ComplianceStorage__TableServiceUri 'acct.table' is not an absolute URI.", ex.Message);
    }
}
