using ComplianceMonitor.DevStorage;
using System.Diagnostics;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using ComplianceMonitor.Infrastructure.Storage;
using ComplianceMonitor.Testing.Storage;

namespace ComplianceMonitor.DevStorage.Tests;

[Trait("Category", "azurite")]
[Collection("azurite")]
public sealed class LocalAzuriteTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Fixture_TableEndpoint_CreatesWritesAndReadsEntityOverHttp()
    {
        var service = new TableServiceClient(azurite.ConnectionString);
        var table = service.GetTableClient(AzuriteFixture.NewPrefix() + "probe");
        await table.CreateIfNotExistsAsync();

        await table.AddEntityAsync(new TableEntity("p", "r") { ["Value"] = "北京" });
        var read = await table.GetEntityAsync<TableEntity>("p", "r");

        Assert.Equal("北京", read.Value.GetString("Value"));
    }

    [Fact]
    public async Task Fixture_QueueEndpoint_SendsAndReceivesMessage()
    {
        var queue = new QueueServiceClient(azurite.ConnectionString).GetQueueClient(AzuriteFixture.NewPrefix() + "-probe");
        await queue.CreateIfNotExistsAsync();

        await queue.SendMessageAsync("110111");
        var received = await queue.ReceiveMessageAsync();

        Assert.Equal("110111", received.Value.MessageText);
    }

    [Fact]
    public void NewPrefix_ManyCalls_AreDistinctAndValidTableNameStarts()
    {
        var prefixes = Enumerable.Range(0, 1000).Select(_ => AzuriteFixture.NewPrefix()).ToList();

        Assert.Equal(1000, prefixes.Distinct().Count());
        Assert.All(prefixes, p => Assert.Matches("^t[a-z0-9]{9}$", p));
    }

    [Fact]
    public void FindRepositoryRoot_FromTestOutput_FindsSolutionFolder()
    {
        var root = LocalAzurite.FindRepositoryRoot();

        Assert.NotNull(root);
        Assert.True(File.Exists(Path.Combine(root, "ComplianceMonitor.sln")));
    }

    [Fact]
    public void BuildConnectionString_Ports_NamesEveryEndpointOnLoopback()
    {
        var text = LocalAzurite.BuildConnectionString(10000, 10001, 10002);

        Assert.Contains("AccountName=devstoreaccount1;", text, StringComparison.Ordinal);
        Assert.Contains("BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;", text, StringComparison.Ordinal);
        Assert.Contains("QueueEndpoint=http://127.0.0.1:10001/devstoreaccount1;", text, StringComparison.Ordinal);
        Assert.Contains("TableEndpoint=http://127.0.0.1:10002/devstoreaccount1;", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_ParentProcessKilled_AzuriteExitsByItself()
    {
        if (SharedAzurite.IsExternal)
        {
            return; // only meaningful for the local Azurite harness
        }

        using var parent = Process.Start(new ProcessStartInfo("sleep", "120") { UseShellExecute = false })!;
        await using var own = await LocalAzurite.StartAsync(new LocalAzuriteOptions { ParentProcessIdOverride = parent.Id });
        using var azuriteProcess = Process.GetProcessById(own.ProcessId);
        Assert.True(own.IsRunning);

        parent.Kill();
        await parent.WaitForExitAsync();
        var exited = azuriteProcess.WaitForExit(10_000);

        Assert.True(exited, "Azurite should exit within seconds of its parent's death");
    }

    [Fact]
    public async Task Stop_RunningInstance_ProcessIsGoneAndPortRefuses()
    {
        if (SharedAzurite.IsExternal)
        {
            return; // only meaningful for the local Azurite harness
        }

        var own = await LocalAzurite.StartAsync();
        using var azuriteProcess = Process.GetProcessById(own.ProcessId);
        var service = new TableServiceClient(own.ConnectionString);
        await service.GetTableClient("stopprobe").CreateIfNotExistsAsync();

        own.Stop();

        Assert.True(azuriteProcess.HasExited);
        using var client = new System.Net.Sockets.TcpClient();
        await Assert.ThrowsAnyAsync<System.Net.Sockets.SocketException>(() => client.ConnectAsync("127.0.0.1", own.TablePort));
    }
}
