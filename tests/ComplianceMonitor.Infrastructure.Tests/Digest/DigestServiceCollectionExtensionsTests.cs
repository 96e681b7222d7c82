using ComplianceMonitor.Infrastructure.Reminders;
using ComplianceMonitor.Application.Digest;
using ComplianceMonitor.Infrastructure.Digest;
using ComplianceMonitor.Infrastructure.Leases;
using ComplianceMonitor.Infrastructure.Storage;
using ComplianceMonitor.Testing.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ComplianceMonitor.Infrastructure.Tests.Composition;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using static ComplianceMonitor.Infrastructure.Tests.Digest.DigestSamples;

namespace ComplianceMonitor.Infrastructure.Tests.Digest;

[Trait("Category", "azurite")]
[Collection("azurite")]
public sealed class DigestServiceCollectionExtensionsTests(AzuriteFixture azurite) : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "cm-digest-di-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private ServiceProvider CreateSut(Dictionary<string, string?> settings, TimeProvider time)
    {
        settings["Email:OutboxFolder"] = _folder;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton(time);
        services.AddSingleton(azurite.CreateFactory());
        services.AddSingleton<IConfiguration>(configuration);
        services.AddNotificationSenders();
        services.AddDigest();
        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task AddDigest_EnvironmentStyleSettings_SchedulerSendsThroughTheOutboxSenderOnTheConfiguredTime()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 23, 0, 0, TimeSpan.Zero));
        using var provider = CreateSut(
            new()
            {
                ["Digest:DefaultCron"] = "0 9 * * 1-5",
                ["Digest:Districts:110111:Cron"] = "0 7 * * 1-5",
                ["Digest:Districts:110111:Recipients"] = "chief@fangshan.gov.example.cn, deputy@fangshan.gov.example.cn",
                ["Digest:ChartWeeks"] = "8",
            },
            time);

        var outcomes = await provider.GetRequiredService<DigestScheduler>().RunDueAsync(time.GetUtcNow());

        Assert.Equal(new DigestDistrictOutcome(Fangshan, DigestRunResult.Sent, time.GetUtcNow()), outcomes.Single(o => o.DistrictCode == Fangshan));
        Assert.Single(Directory.GetFiles(_folder, "*.eml"));
        var preview = await provider.GetRequiredService<IDigestPreview>().RenderAsync(Fangshan, Day, DigestFormat.Json);
        Assert.Equal(8, DigestJson.Deserialize(preview).DeadlineWeeks.Count);
        Assert.Same(provider.GetRequiredService<DigestService>(), provider.GetRequiredService<IDigestPreview>());
        Assert.Equal("0 9 * * 1-5", provider.GetRequiredService<IOptions<DigestOptions>>().Value.DefaultCron);
    }

    [Theory]
    [InlineData("Digest:DefaultCron", "30 8 * *", "Digest__DefaultCron: '30 8 * *' has 4 fields")]
    [InlineData("Digest:Districts:110111:Cron", "30 8 * * 8", "Digest__Districts__110111__Cron: '30 8 * * 8' is not a cron expression")]
    [InlineData("Digest:Districts:110111:Recipients", "chief at fangshan", "Digest__Districts__110111__Recipients: '***' is not an email address")]
    [InlineData("Digest:Districts:110100:Cron", "30 8 * * *", "Digest__Districts__110100: '110100' is not a jurisdiction code")]
    [InlineData("Digest:ChartWeeks", "twelve", "Digest__ChartWeeks: 'twelve' is not a whole number")]
    [InlineData("Digest:Districts:110111:Time", "08:30", "Digest__Districts__110111__Time: unknown setting; expected Cron or Recipients")]
    public async Task AddDigest_BadSetting_StopsHostStartNamingTheKey(string key, string value, string expected)
    {
        // Bound from Digest and validated on start (it used to throw while registering); registering no longer throws.
        using var host = SettingsHost.Build(key, value, s => s.AddDigest());

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }
}
