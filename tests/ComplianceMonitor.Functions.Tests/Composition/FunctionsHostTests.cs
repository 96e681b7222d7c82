using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Tasks;
using System.Reflection;
using System.Text.Json;
using ComplianceMonitor.Application.Leases;
using ComplianceMonitor.Functions.Composition;
using ComplianceMonitor.Functions.Scanning;
using ComplianceMonitor.Functions.Tests.Infra;
using ComplianceMonitor.Functions.Tests.Support;
using ComplianceMonitor.Infrastructure.Reminders;
using ComplianceMonitor.Testing.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ComplianceMonitor.Functions.Tests.Composition;

[Trait("Category", "azurite")]
[Collection("azurite")]
public sealed class FunctionsHostTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Now = new(2026, 3, 6, 1, 0, 0, TimeSpan.Zero);

    /// <summary>Every class of the function app with a method carrying [Function].</summary>
    public static IReadOnlyList<Type> FunctionClasses { get; } =
    [
        .. typeof(FunctionsHost).Assembly.GetTypes()
            .Where(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static).Any(m => m.GetCustomAttribute<FunctionAttribute>() is not null))
            .OrderBy(t => t.FullName, StringComparer.Ordinal),
    ];

    private IConfiguration Settings(params (string Key, string? Value)[] overrides)
    {
        var values = new Dictionary<string, string?>
        {
            ["ComplianceStorage:ConnectionString"] = azurite.ConnectionString,
            ["ComplianceStorage:TablePrefix"] = AzuriteFixture.NewPrefix(),
            ["SCAN_SCHEDULE"] = "0 30 21 * * *",
            ["DISPATCH_SCHEDULE"] = "0 */5 * * * *",
            ["DIGEST_SCHEDULE"] = "0 */15 * * * *",
            ["Email:FromAddress"] = "noreply@example.com",
            ["Email:OutboxFolder"] = Path.Combine(Path.GetTempPath(), "cm-functions-tests", "outbox"),
            ["Sms:OutboxFolder"] = Path.Combine(Path.GetTempPath(), "cm-functions-tests", "outbox"),
            ["Digest:DefaultCron"] = "30 8 * * 1-5",
        };
        foreach (var (key, value) in overrides)
        {
            values[key] = value;
        }

        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }

    private IHost BuildHost(params (string Key, string? Value)[] overrides)
    {
        var configuration = Settings(overrides);
        return new HostBuilder()
            .ConfigureAppConfiguration(c => c.AddConfiguration(configuration))
            .ConfigureServices((context, services) => FunctionsHost.ConfigureServices(services, context.Configuration))
            .Build();
    }

    [Fact]
    public void FunctionClasses_FoundByReflection_AreTheAppsNineClasses()
    {
        Assert.Equal(
            ["AgreementFunctions", "ApiFunctions", "CheckFunctions", "ConsoleFunctions", "DeliveryTimers", "DigestFunctions", "LeaseFunctions", "ScanFunctions", "TaskFunctions"],
            FunctionClasses.Select(t => t.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ConfigureServices_ValidAzuriteSettings_HostStartsAndEveryFunctionClassResolves()
    {
        using var host = BuildHost();

        await host.StartAsync();
        try
        {
            foreach (var type in FunctionClasses)
            {
                // The worker creates function classes this way (DefaultFunctionActivator).
                Assert.NotNull(ActivatorUtilities.CreateInstance(host.Services, type));
            }

            Assert.IsType<Infrastructure.Leases.TableLeaseStore>(host.Services.GetRequiredService<ILeaseStore>());
            Assert.NotNull(host.Services.GetRequiredService<ScanService>());
            Assert.Equal(new NotificationSenderSelection("outbox", "outbox", Path.Combine(Path.GetTempPath(), "cm-functions-tests", "outbox"), Path.Combine(Path.GetTempPath(), "cm-functions-tests", "outbox")), host.Services.GetRequiredService<NotificationSenderSelection>());
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public void ConfigureServices_ServiceProviderValidatesOnBuild()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        FunctionsHost.ConfigureServices(services, Settings());

        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        Assert.All(FunctionClasses, t => Assert.NotNull(ActivatorUtilities.CreateInstance(provider, t)));
    }

    [Theory]
    [InlineData("SCAN_SCHEDULE", "0 30 21 * *", "SCAN_SCHEDULE: '0 30 21 * *' has 5 field(s)")]
    [InlineData("DISPATCH_SCHEDULE", "0 */5 * * * MON-XYZ", "DISPATCH_SCHEDULE: '0 */5 * * * MON-XYZ' is not a valid schedule")]
    [InlineData("DIGEST_SCHEDULE", " ", "DIGEST_SCHEDULE: empty")]
    [InlineData("Digest:DefaultCron", "0 30 8 * * 1-5", "Digest__DefaultCron: '0 30 8 * * 1-5' has 6 field(s)")]
    public async Task StartAsync_BadSchedule_StopsWithAMessageNamingTheSetting(string key, string value, string message)
    {
        using var host = BuildHost((key, value));

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Tasks:DueDays", "0", "Tasks__DueDays must be a whole number of days ≥ 1 (got 0).")]
    [InlineData("Tasks:DueDays", "fifteen", "'fifteen' at 'Tasks:DueDays'")]
    [InlineData("ComplianceStorage:TablePrefix", "9bad", "ComplianceStorage__TablePrefix '9bad' is invalid")]
    [InlineData("ComplianceStorage:TableServiceUri", "acct.table", "ComplianceStorage__TableServiceUri must be an absolute http(s) URI")]
    public async Task StartAsync_BadBoundSetting_StopsWithAMessageNamingTheSetting(string key, string value, string message)
    {
        // Bound with BindConfiguration and validated on start, like every options class of the composition.
        var overrides = key.StartsWith("ComplianceStorage:TableServiceUri", StringComparison.Ordinal)
            ? new[] { (key, (string?)value), ("ComplianceStorage:ConnectionString", (string?)null) }
            : [(key, value)];
        using var host = BuildHost(overrides);

        var ex = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());

        Assert.True(ex is OptionsValidationException or InvalidOperationException, ex.GetType().Name);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_DigestCronOutOfRange_StopsNamingTheSetting()
    {
        // The digest settings (shared with cm) are bound and validated on start, like the timer schedules that also read
        // Digest__DefaultCron: both may fail, so the start may throw both together.
        using var host = BuildHost(("Digest:DefaultCron", "61 8 * * 1-5"));

        var ex = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());

        Assert.True(ex is OptionsValidationException or AggregateException, ex.GetType().Name);

        Assert.Contains("Digest__DefaultCron: '61 8 * * 1-5' is not a cron expression", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_NoStorageConfigured_StopsWithAMessageNamingTheSettings()
    {
        using var host = BuildHost(("ComplianceStorage:ConnectionString", null));

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("ComplianceStorage__ConnectionString", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_SendGridKeyWithoutSenderAddress_StopsWithAMessageNamingTheSetting()
    {
        // No Email__FromAddress: the placeholder sender is kept, which is only good for the outbox folder. Bound from Email
        // and validated on start (the sender choice used to read and check it while composing).
        using var host = BuildHost(("Email:FromAddress", null), ("Email:SendGridApiKey", "SG.test-key"));

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Equal("Email__FromAddress: set a verified sender address before sending through SendGrid", ex.Message);
    }

    [Fact]
    public async Task StartAsync_BadSenderAddress_StopsWithAMessageNamingTheSetting()
    {
        using var host = BuildHost(("Email:FromAddress", "not-an-address"));

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Equal("Email__FromAddress: 'not-an-address' is not an email address", ex.Message);
    }

    [Fact]
    public async Task StartAsync_ProviderKeys_TheHostsConfigurationChoosesSendGridAndTwilio()
    {
        // The worker's registered IConfiguration is the one the options bind from and the sender choice reads.
        using var host = BuildHost(
            ("Email:SendGridApiKey", "SG.test-key"),
            ("Sms:TwilioAccountSid", "AC0123456789abcdef0123456789abcdef"),
            ("Sms:TwilioAuthToken", "test-auth-token"),
            ("Sms:FromNumber", "+15005550006"));

        await host.StartAsync();
        try
        {
            Assert.IsType<SendGridEmailSender>(host.Services.GetRequiredService<Application.Reminders.IEmailSender>());
            Assert.IsType<TwilioSmsSender>(host.Services.GetRequiredService<Application.Reminders.ISmsSender>());
            Assert.Equal(new NotificationSenderSelection("sendgrid", "twilio", null, null), host.Services.GetRequiredService<NotificationSenderSelection>());
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task StartAsync_BadReminderCadence_StopsWithAMessageNamingTheSetting()
    {
        // Bound from Reminders and validated on start (it used to throw while composing).
        using var host = BuildHost(("Reminders:DaysBefore", "90,sixty"));

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Configuration Reminders__DaysBefore must be a comma-separated list of whole days, e.g. 90,60,30 (got '90,sixty').", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_Schedules_BoundFromTheRootOfTheHostsConfiguration()
    {
        // BindConfiguration(TimerScheduleOptions.SectionName), the empty section: the top-level app settings.
        using var host = BuildHost(("SCAN_SCHEDULE", "0 0 20 * * *"), ("DISPATCH_SCHEDULE", "0 */10 * * * *"), ("DIGEST_SCHEDULE", "0 */30 * * * *"), ("Digest:DefaultCron", "0 9 * * 1-5"));

        await host.StartAsync();
        var options = host.Services.GetRequiredService<IOptions<TimerScheduleOptions>>().Value;
        await host.StopAsync();

        Assert.Equal(("0 0 20 * * *", "0 */10 * * * *", "0 */30 * * * *", "0 9 * * 1-5"), (options.ScanSchedule, options.DispatchSchedule, options.DigestSchedule, options.DigestDefaultCron));
    }

    [Fact]
    public void Defaults_AreTheTeamSchedulesAndPassValidation()
    {
        var options = new TimerScheduleOptions();

        Assert.Equal(("0 30 21 * * *", "0 */5 * * * *", "0 */15 * * * *", "30 8 * * 1-5"), (options.ScanSchedule, options.DispatchSchedule, options.DigestSchedule, options.DigestDefaultCron));
        Assert.True(new TimerScheduleOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void HostJson_MaxDequeueCount_MatchesTheWorkersLimit()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "src", "ComplianceMonitor.Functions", "host.json")));
        var queues = document.RootElement.GetProperty("extensions").GetProperty("queues");

        Assert.Equal(ScanQueue.MaxDequeueCount, queues.GetProperty("maxDequeueCount").GetInt32());
        Assert.Equal("base64", queues.GetProperty("messageEncoding").GetString());
        Assert.Equal("api", document.RootElement.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
    }
}
