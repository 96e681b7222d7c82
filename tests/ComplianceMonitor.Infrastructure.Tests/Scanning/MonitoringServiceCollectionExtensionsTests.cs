using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Tasks;
using ComplianceMonitor.Infrastructure.Composition;
using ComplianceMonitor.Infrastructure.Scanning;
using ComplianceMonitor.Infrastructure.Storage;
using ComplianceMonitor.Infrastructure.Tasks;
using ComplianceMonitor.Testing.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static ComplianceMonitor.Infrastructure.Tests.Scanning.ScanLeases;

namespace ComplianceMonitor.Infrastructure.Tests.Scanning;

[Trait("Category", "azurite")]
[Collection("azurite")]
public sealed class MonitoringServiceCollectionExtensionsTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task AddMonitoring_WithFactoryAndSettings_ResolvesAScanServiceThatUsesThem()
    {
        var host = new ScanHost(azurite);
        await host.BulkLoadAsync([Plain("FS-A")]);
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Tasks:DueDays"] = "10", ["Reminders:DaysBefore"] = "30,0" }).Build();
        using var provider = new ServiceCollection()
            .AddLogging()
            .AddSingleton(host.Factory)
            .AddSingleton<TimeProvider>(new FakeTimeProvider(new DateTimeOffset(2026, 6, 22, 21, 30, 0, TimeSpan.Zero)))
            .AddSingleton<IConfiguration>(config)
            .AddMonitoring()
            .BuildServiceProvider();

        var run = await provider.GetRequiredService<ScanService>().ScanDistrictAsync(Fangshan, Day, "di-1");

        Assert.Equal(1, run.AlertsCreated);
        Assert.Equal(10, provider.GetRequiredService<EnforcementTaskOptions>().DueDays);
        Assert.Equal(["D-30"], Assert.Single(await host.AlertsAsync()).QueuedStages);
        Assert.IsType<TableTaskStore>(provider.GetRequiredService<ITaskStore>());
        Assert.NotNull(provider.GetRequiredService<TaskService>());
    }
}
