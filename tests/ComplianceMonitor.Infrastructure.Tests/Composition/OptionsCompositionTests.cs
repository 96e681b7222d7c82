using ComplianceMonitor.Application.Digest;
using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Infrastructure.Composition;
using ComplianceMonitor.Infrastructure.Delivery;
using ComplianceMonitor.Infrastructure.Digest;
using ComplianceMonitor.Infrastructure.Reminders;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ComplianceMonitor.Infrastructure.Tests.Composition;

/// <summary>The options bound from their sections (<c>.Bind(GetSection)</c> + validator + <c>ValidateOnStart</c>): a bad setting
/// stops host start naming the setting, and a container that is never started fails when the options are first resolved.</summary>
[Trait("Category", "unit")]
public sealed class OptionsCompositionTests
{
    private static IConfiguration Settings(params (string Key, string? Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();

    private static IHost Host(Action<IServiceCollection> compose)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        compose(builder.Services);
        return builder.Build();
    }

    [Fact]
    public void AddMonitoring_BadReminderSetting_FailsWhenTheCadenceIsFirstResolvedNamingTheKey()
    {
        // A container that is never started (cm serve's, the Api tests'): registering succeeds, the first resolve fails.
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Reminders:OverdueEveryDays"] = "weekly" }).Build();
        using var provider = new ServiceCollection().AddMonitoring(config).BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<ReminderCadence>());

        Assert.Equal("Configuration Reminders__OverdueEveryDays must be a whole number of days (got 'weekly').", ex.Message);
    }

    [Fact]
    public async Task AddMonitoring_BadReminderSetting_StopsHostStartNamingTheKey()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Reminders:DaysBefore"] = "30,-1" }).Build();
        using var host = Host(s => s.AddMonitoring(config));

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.StartsWith("Configuration Reminders__DaysBefore is invalid: Days before a deadline must not be negative (got -1).", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddMonitoring_DefaultSettings_StartsAndResolvesTheDefaultCadence()
    {
        using var host = Host(s => s.AddMonitoring(Settings()));

        await host.StartAsync();
        var cadence = host.Services.GetRequiredService<ReminderCadence>();
        await host.StopAsync();

        Assert.Equal([90, 60, 30, 14, 7, 3, 1, 0], cadence.DaysBefore);
        Assert.Equal([7, 3, 1, 0], cadence.TransferWindowDaysBefore);
        Assert.Equal((7, 7), (cadence.OverdueEveryDays, cadence.SmsWithinDays));
    }

    [Fact]
    public async Task AddDelivery_BadDispatchSetting_StopsHostStartNamingTheKey()
    {
        var config = Settings(("Dispatch:MaxAttempts", "many"));
        using var host = Host(s => s.AddNotificationSenders(config).AddDelivery(config));

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Equal("Dispatch__MaxAttempts: 'many' is not a whole number", ex.Message);
    }

    [Fact]
    public async Task AddDelivery_ClaimMarginShorterThanSenderTimeout_StopsHostStartNamingTheKey()
    {
        var config = Settings(("Dispatch:MinClaimRemainingSeconds", "10"), ("Sms:TimeoutSeconds", "45"));
        using var host = Host(s => s.AddNotificationSenders(config).AddDelivery(config));

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Equal("Dispatch__MinClaimRemainingSeconds: 10 s is shorter than a provider call may take (45 s, Email__TimeoutSeconds / Sms__TimeoutSeconds)", ex.Message);
    }

    [Fact]
    public void AddDelivery_BadDispatchSetting_FailsWhenTheOptionsAreFirstResolved()
    {
        var config = Settings(("Dispatch:Parallelism", "65"));
        using var provider = new ServiceCollection().AddNotificationSenders(config).AddDelivery(config).BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<DispatchOptions>());

        Assert.Equal("Dispatch__Parallelism: must be 1-64", ex.Message);
    }

    [Fact]
    public async Task AddDelivery_GoodSettings_StartsAndResolvesTheBoundOptions()
    {
        var config = Settings(("Dispatch:MaxAttempts", "20"), ("Dispatch:Districts", "110111"));
        using var host = Host(s => s.AddNotificationSenders(config).AddDelivery(config));

        await host.StartAsync();
        var options = host.Services.GetRequiredService<DispatchOptions>();
        await host.StopAsync();

        Assert.Equal(new DispatchOptions { MaxAttempts = 20, Districts = ["110111"] } with { Districts = options.Districts }, options);
        Assert.Equal(["110111"], options.Districts);
    }

    [Fact]
    public async Task AddDigest_BadDigestSetting_StopsHostStartNamingTheKey()
    {
        var config = Settings(("Digest:ChartWeeks", "twelve"));
        using var host = Host(s => s.AddDigest(config));

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Equal("Digest__ChartWeeks: 'twelve' is not a whole number", ex.Message);
    }

    [Fact]
    public void AddDigest_BadDigestSetting_FailsWhenTheOptionsAreFirstResolved()
    {
        var config = Settings(("Digest:MaxAttempts", "0"), ("Digest:Districts:110111:Time", "08:30"));
        using var provider = new ServiceCollection().AddDigest(config).BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<DigestOptions>>().Value);

        Assert.Equal("Digest__Districts__110111__Time: unknown setting; expected Cron or Recipients", ex.Message);
    }

    [Fact]
    public async Task AddDigest_GoodSettings_StartsAndResolvesTheBoundOptionsWithDefaults()
    {
        var config = Settings(("Digest:ChartWeeks", "8"), ("Digest:Districts:110111:Recipients", "chief@fangshan.gov.cn"));
        using var host = Host(s => s.AddDigest(config));

        await host.StartAsync();
        var options = host.Services.GetRequiredService<IOptions<DigestOptions>>().Value;
        await host.StopAsync();

        Assert.Equal((DigestOptions.BuiltInCron, 30, 8, 100, 10, 5), (options.DefaultCron, options.DueWithinDays, options.ChartWeeks, options.MaxItemsPerSection, options.ClaimTimeoutMinutes, options.MaxAttempts));
        var district = Assert.Single(options.Districts);
        Assert.Equal(("110111", null, "chief@fangshan.gov.cn"), (district.Key, district.Value.Cron, district.Value.Recipients));
    }
}
