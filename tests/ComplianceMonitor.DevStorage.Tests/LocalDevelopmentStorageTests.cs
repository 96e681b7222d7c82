using ComplianceMonitor.DevStorage;
using ComplianceMonitor.Infrastructure.Storage;

namespace ComplianceMonitor.DevStorage.Tests;

[Trait("Category", "unit")]
public sealed class LocalDevelopmentStorageTests
{
    [Theory]
    [InlineData("UseDevelopmentStorage=true", "UseDevelopmentStorage")]
    [InlineData("DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=a2V5;TableEndpoint=http://127.0.0.1:10002/devstoreaccount1;QueueEndpoint=http://127.0.0.1:10001/devstoreaccount1;", "127.0.0.1")]
    [InlineData("AccountName=devstoreaccount1;AccountKey=a2V5;TableEndpoint=http://localhost:10002/devstoreaccount1", "localhost")]
    public void IsLocal_AzuriteConnectionStrings_AreLocal(string connection, string where)
    {
        Assert.True(LocalDevelopmentStorage.IsLocal(new TableStorageOptions { ConnectionString = connection }, out var host));
        Assert.Equal(where, host);
    }

    [Theory]
    [InlineData("DefaultEndpointsProtocol=https;AccountName=stprod;AccountKey=a2V5;EndpointSuffix=core.windows.net", "stprod.table.core.windows.net")]
    [InlineData("DefaultEndpointsProtocol=https;AccountName=stprod;AccountKey=a2V5", "stprod.table.core.windows.net")]
    [InlineData("AccountName=devstoreaccount1;AccountKey=a2V5", "devstoreaccount1.table.core.windows.net")]
    [InlineData("AccountName=st;AccountKey=a2V5;TableEndpoint=https://st.table.core.chinacloudapi.cn/", "st.table.core.chinacloudapi.cn")]
    [InlineData("UseDevelopmentStorage=false;AccountName=st;AccountKey=a2V5;EndpointSuffix=core.chinacloudapi.cn", "st.table.core.chinacloudapi.cn")]
    public void IsLocal_RealAccounts_AreNot(string connection, string where)
    {
        Assert.False(LocalDevelopmentStorage.IsLocal(new TableStorageOptions { ConnectionString = connection }, out var host));
        Assert.Equal(where, host);
    }

    [Theory]
    [InlineData("http://127.0.0.1:10002/devstoreaccount1", true)]
    [InlineData("https://stprod.table.core.windows.net/", false)]
    public void IsLocal_TableServiceUri_IsLocalOnlyOnLoopback(string uri, bool local)
    {
        Assert.Equal(local, LocalDevelopmentStorage.IsLocal(new TableStorageOptions { TableServiceUri = new Uri(uri) }, out _));
    }
}
