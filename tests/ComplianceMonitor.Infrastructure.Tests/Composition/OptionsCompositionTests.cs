using ComplianceMonitor.Application.Digest;
using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Infrastructure.Composition;
using ComplianceMonitor.Infrastructure.Delivery;
using ComplianceMonitor.Infrastructure.Digest;
using ComplianceMonitor.Infrastructure.Reminders;
using ComplianceMonitor.Infrastructure.Reminders.Pickup;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ComplianceMonitor.Infrastructure.Tests.Composition;

/// <summary>The options bound from their sections of the container's configuration (<c>BindConfiguration</c> + validator +
/// <c>ValidateOnStart</c>): a bad setting stops host start naming the setting, and a container that is never started fails
/// when the options are first resolved.</summary>
[Trait("Category", "unit")]
public sealed class OptionsCompositionTests
{
    private static IConfiguration Settings(params (string Key, string? Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();

    /// <summary>A container that is never started, with <paramref name="config"/> as its <see cref="IConfiguration"/>.</summary>
    private static ServiceProvider Provider(IConfiguration config, Action<IServiceCollection> compose)
    {
        var services = new ServiceCollection().AddSingleton(config);
        compose(services);
        return services.BuildServiceProvider();
    }

    [Fact]
    public void AddMonitoring_BadReminderSetting_FailsWhenTheCadenceIsFirstResolvedNamingTheKey()
    {
        // A container that is never started (cm serve's, the Api tests'): registering succeeds, the first resolve fails.
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Reminders:OverdueEveryDays"] = "weekly" }).Build();
        using var provider = Provider(config, s => s.AddMonitoring());

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<ReminderCadence>());

        Assert.Equal("Configuration Reminders__OverdueEveryDays must be a whole number of days (got 'weekly').", ex.Message);
    }

    [Fact]
    public async Task AddMonitoring_BadReminderSetting_StopsHostStartNamingTheKey()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Reminders:DaysBefore"] = "30,-1" }).Build();
        using var host = SettingsHost.Build(config, s => s.AddMonitoring());

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.StartsWith("Configuration Reminders__DaysBefore is invalid: Days before a deadline must not be negative (got -1).", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddMonitoring_DefaultSettings_StartsAndResolvesTheDefaultCadence()
    {
        using var host = SettingsHost.Build(Settings(), s => s.AddMonitoring());

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
        using var host = SettingsHost.Build(config, s => s.AddNotificationSenders().AddDelivery());

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Equal("Dispatch__MaxAttempts: 'many' is not a whole number", ex.Message);
    }

    [Fact]
    public async Task AddDelivery_ClaimMarginShorterThanSenderTimeout_StopsHostStartNamingTheKey()
    {
        var config = Settings(("Dispatch:MinClaimRemainingSeconds", "10"), ("Sms:TimeoutSeconds", "45"));
        using var host = SettingsHost.Build(config, s => s.AddNotificationSenders().AddDelivery());

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Equal("Dispatch__MinClaimRemainingSeconds: 10 s is shorter than a provider call may take (45 s, Email__TimeoutSeconds / Sms__TimeoutSeconds)", ex.Message);
    }

    [Fact]
    public void AddDelivery_BadDispatchSetting_FailsWhenTheOptionsAreFirstResolved()
    {
        var config = Settings(("Dispatch:Parallelism", "65"));
        using var provider = Provider(config, s => s.AddNotificationSenders().AddDelivery());

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<DispatchOptions>());

        Assert.Equal("Dispatch__Parallelism: must be 1-64", ex.Message);
    }

    [Fact]
    public async Task AddDelivery_GoodSettings_StartsAndResolvesTheBoundOptions()
    {
        var config = Settings(("Dispatch:MaxAttempts", "20"), ("Dispatch:Districts", "110111"));
        using var host = SettingsHost.Build(config, s => s.AddNotificationSenders().AddDelivery());

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
        using var host = SettingsHost.Build(config, s => s.AddDigest());

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Equal("Digest__ChartWeeks: 'twelve' is not a whole number", ex.Message);
    }

    [Fact]
    public void AddDigest_BadDigestSetting_FailsWhenTheOptionsAreFirstResolved()
    {
        var config = Settings(("Digest:MaxAttempts", "0"), ("Digest:Districts:110111:Time", "08:30"));
        using var provider = Provider(config, s => s.AddDigest());

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<DigestOptions>>().Value);

        Assert.Equal("Digest__Districts__110111__Time: unknown setting; expected Cron or Recipients", ex.Message);
    }

    [Fact]
    public async Task AddDigest_GoodSettings_StartsAndResolvesTheBoundOptionsWithDefaults()
    {
        var config = Settings(("Digest:ChartWeeks", "8"), ("Digest:Districts:110111:Recipients", "chief@fangshan.gov.cn"));
        using var host = SettingsHost.Build(config, s => s.AddDigest());

        await host.StartAsync();
        var options = host.Services.GetRequiredService<IOptions<DigestOptions>>().Value;
        await host.StopAsync();

        Assert.Equal((DigestOptions.BuiltInCron, 30, 8, 100, 10, 5), (options.DefaultCron, options.DueWithinDays, options.ChartWeeks, options.MaxItemsPerSection, options.ClaimTimeoutMinutes, options.MaxAttempts));
        var district = Assert.Single(options.Districts);
        Assert.Equal(("110111", null, "chief@fangshan.gov.cn"), (district.Key, district.Value.Cron, district.Value.Recipients));
    }

    private static readonly (string, string?)[] ProviderKeys =
    [
        ("Email:SendGridApiKey", "SG.key"),
        ("Email:FromAddress", "reminders@cm.example.cn"),
        ("Sms:TwilioAccountSid", "AC0123456789abcdef0123456789abcdef"),
        ("Sms:TwilioAuthToken", "test-auth-token"),
        ("Sms:FromNumber", "+15005550006"),
    ];

    /// <summary>The product's one composition in a started Generic Host whose configuration is <paramref name="settings"/>
    /// (never contacted storage: composing and starting open no connection).</summary>
    private static async Task<IHost> StartComposedAsync(string outbox, params (string Key, string? Value)[] settings)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(
        [
            new("ComplianceStorage:ConnectionString", "UseDevelopmentStorage=true"),
            new("ComplianceStorage:TablePrefix", "senderchoice"),
            new("Email:OutboxFolder", Path.Combine(outbox, "email")),
            new("Sms:OutboxFolder", Path.Combine(outbox, "sms")),
            .. settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)),
        ]);
        builder.Services.AddLogging();
        builder.Services.AddComplianceMonitor(builder.Configuration);
        var host = builder.Build();
        try
        {
            await host.StartAsync();
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return host;
    }

    [Fact]
    public async Task AddComplianceMonitor_ProviderKeysInTheContainersConfiguration_ResolvesSendGridAndTwilio()
    {
        var outbox = Path.Combine(Path.GetTempPath(), "cm-sender-choice-" + Guid.NewGuid().ToString("N"));
        using var host = await StartComposedAsync(outbox, ProviderKeys);

        Assert.IsType<SendGridEmailSender>(host.Services.GetRequiredService<IEmailSender>());
        Assert.IsType<TwilioSmsSender>(host.Services.GetRequiredService<ISmsSender>());
        Assert.Equal(new NotificationSenderSelection("sendgrid", "twilio", null, null), host.Services.GetRequiredService<NotificationSenderSelection>());
        await host.StopAsync();
    }

    [Fact]
    public async Task AddComplianceMonitor_NoProviderKeys_ResolvesTheOutboxFileSenders()
    {
        var outbox = Path.Combine(Path.GetTempPath(), "cm-sender-choice-" + Guid.NewGuid().ToString("N"));
        using var host = await StartComposedAsync(outbox);

        Assert.IsType<OutboxFileEmailSender>(host.Services.GetRequiredService<IEmailSender>());
        Assert.IsType<OutboxFileSmsSender>(host.Services.GetRequiredService<ISmsSender>());
        Assert.Equal(new NotificationSenderSelection("outbox", "outbox", Path.Combine(outbox, "email"), Path.Combine(outbox, "sms")), host.Services.GetRequiredService<NotificationSenderSelection>());
        await host.StopAsync();
    }

    [Fact]
    public async Task AddComplianceMonitor_OnlyTheEmailKey_ResolvesSendGridForEmailAndTheOutboxForSms()
    {
        var outbox = Path.Combine(Path.GetTempPath(), "cm-sender-choice-" + Guid.NewGuid().ToString("N"));
        using var host = await StartComposedAsync(outbox, ProviderKeys[0], ProviderKeys[1]);

        Assert.IsType<SendGridEmailSender>(host.Services.GetRequiredService<IEmailSender>());
        Assert.IsType<OutboxFileSmsSender>(host.Services.GetRequiredService<ISmsSender>());
        Assert.Equal(new NotificationSenderSelection("sendgrid", "outbox", null, Path.Combine(outbox, "sms")), host.Services.GetRequiredService<NotificationSenderSelection>());
        await host.StopAsync();
    }

    [Fact]
    public async Task AddNotificationSenders_KeysAddedToTheHostsConfigurationAfterRegistering_StillChooseSendGrid()
    {
        // The choice is made when the port is resolved, from the container's configuration: registering reads nothing.
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddLogging().AddNotificationSenders();
        builder.Configuration.AddInMemoryCollection([new(ProviderKeys[0].Item1, ProviderKeys[0].Item2), new(ProviderKeys[1].Item1, ProviderKeys[1].Item2)]);
        using var host = builder.Build();

        await host.StartAsync();

        Assert.IsType<SendGridEmailSender>(host.Services.GetRequiredService<IEmailSender>());
        await host.StopAsync();
    }

    [Fact]
    public async Task AddComplianceMonitor_BadEmailSetting_StopsHostStartWithTheValidatorsMessage()
    {
        // The same message the sender choice used to throw while registering, now at start.
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => StartComposedAsync(Path.GetTempPath(), ("Email:SendGridApiKey", "SG.key")));

        Assert.Equal("Email__FromAddress: set a verified sender address before sending through SendGrid", ex.Message);
    }

    [Fact]
    public void AddComplianceMonitor_OnAPlainCollection_RegistersTheGivenConfigurationForTheOptions()
    {
        // Tests and tools compose on a bare ServiceCollection: the configuration passed becomes the container's.
        var config = Settings(("ComplianceStorage:ConnectionString", "UseDevelopmentStorage=true"), ("Tasks:DueDays", "12"));
        using var provider = new ServiceCollection().AddLogging().AddComplianceMonitor(config).BuildServiceProvider();

        Assert.Same(config, provider.GetRequiredService<IConfiguration>());
        Assert.Equal(12, provider.GetRequiredService<Application.Tasks.EnforcementTaskOptions>().DueDays);
    }

    [Fact]
    public async Task AddComplianceMonitor_GivenAnotherConfigurationThanTheHosts_StopsHostStartSayingSo()
    {
        // The old cm serve / Api test shape: the host registers its own IConfiguration, the composition got a different one.
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection([new("ComplianceStorage:ConnectionString", "UseDevelopmentStorage=true")]);
        builder.Services.AddLogging().AddComplianceMonitor(Settings(("ComplianceStorage:ConnectionString", "UseDevelopmentStorage=true")));
        using var host = builder.Build();

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Equal(
            "AddComplianceMonitor was given a configuration that is not the container's IConfiguration, so the options would bind from other settings: " +
            "pass the host's configuration (builder.Configuration) to the composition, with the settings laid into it.",
            ex.Message);
    }
}
