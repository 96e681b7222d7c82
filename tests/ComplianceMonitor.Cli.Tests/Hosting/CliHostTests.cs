using System.CommandLine;
using ComplianceMonitor.Application.Tasks;
using ComplianceMonitor.Cli.Commands;
using ComplianceMonitor.Cli.Hosting;
using ComplianceMonitor.DevStorage;
using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Infrastructure.Reminders;
using ComplianceMonitor.Infrastructure.Reminders.Pickup;
using ComplianceMonitor.Infrastructure.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ComplianceMonitor.Cli.Tests.Hosting;

/// <summary>The Generic Host of a <c>cm</c> command: the shared composition over the storage the command opened, settings checked at start.</summary>
[Trait("Category", "unit")]
public sealed class CliHostTests
{
    // Never contacted: composing and starting the host opens no connection.
    private static readonly TableClientFactory Tables = new(new TableStorageOptions { ConnectionString = LocalAzurite.BuildConnectionString(1, 2, 3), TablePrefix = "clihost" });

    private static IConfiguration Settings(params (string Key, string? Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public async Task StartAsync_GoodSettings_ComposesOverTheOpenedStorageAndTheCommandsClock()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 2, 0, 0, TimeSpan.Zero));
        // A ComplianceStorage section in the settings is replaced by the storage the command opened.
        var settings = Settings(("Tasks:DueDays", "10"), ("ComplianceStorage:ConnectionString", "UseDevelopmentStorage=true"), ("ComplianceStorage:TablePrefix", "other"));

        await using var host = await CliHost.StartAsync(settings, Tables, time, log: false);

        Assert.Same(Tables, host.Services.GetRequiredService<TableClientFactory>());
        Assert.Same(time, host.Services.GetRequiredService<TimeProvider>());
        Assert.Equal(10, host.Services.GetRequiredService<EnforcementTaskOptions>().DueDays);
        var storage = host.Services.GetRequiredService<IOptions<TableStorageOptions>>().Value;
        Assert.Equal((Tables.Options.ConnectionString, "clihost"), (storage.ConnectionString, storage.TablePrefix));
    }

    [Fact]
    public async Task StartAsync_ContainersConfiguration_IsTheCommandsWithTheOpenedStorage_AndDrivesTheSenderChoice()
    {
        // Every options class binds from the host's IConfiguration: it must be the command's settings, storage laid over.
        var settings = Settings(
            ("Tasks:DueDays", "10"),
            ("ComplianceStorage:TablePrefix", "other"),
            ("Email:SendGridApiKey", "SG.key"),
            ("Email:FromAddress", "reminders@cm.example.cn"),
            ("Sms:OutboxFolder", "cm-clihost-sms"));

        await using var host = await CliHost.StartAsync(settings, Tables, TimeProvider.System, log: false);

        var configuration = host.Services.GetRequiredService<IConfiguration>();
        Assert.Equal(("10", "SG.key", "clihost"), (configuration["Tasks:DueDays"], configuration["Email:SendGridApiKey"], configuration["ComplianceStorage:TablePrefix"]));
        Assert.IsType<SendGridEmailSender>(host.Services.GetRequiredService<IEmailSender>());
        Assert.IsType<OutboxFileSmsSender>(host.Services.GetRequiredService<ISmsSender>());
        Assert.Equal(new NotificationSenderSelection("sendgrid", "outbox", null, Path.GetFullPath("cm-clihost-sms")), host.Services.GetRequiredService<NotificationSenderSelection>());
    }

    [Theory]
    [InlineData("Tasks:DueDays", "0", "Tasks__DueDays must be a whole number of days ≥ 1 (got 0).")]
    [InlineData("Sms:TimeoutSeconds", "0", "Sms__TimeoutSeconds")]
    [InlineData("Reminders:OverdueEveryDays", "0", "Configuration Reminders__OverdueEveryDays is invalid: The overdue interval must be at least 1 day.")]
    public async Task StartAsync_BadSetting_FailsAtStartNamingTheSetting(string key, string value, string named)
    {
        var ex = await Assert.ThrowsAnyAsync<Exception>(() => CliHost.StartAsync(Settings((key, value)), Tables, TimeProvider.System, log: false));

        Assert.True(ex is OptionsValidationException or InvalidOperationException, ex.GetType().Name);
        Assert.Contains(named, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_BadSettingsInTwoOptionsClasses_OneExceptionNamingBoth()
    {
        var settings = Settings(("Tasks:DueDays", "0"), ("Sms:TimeoutSeconds", "0"));

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => CliHost.StartAsync(settings, Tables, TimeProvider.System, log: false));

        Assert.Equal(["Tasks__DueDays must be a whole number of days ≥ 1 (got 0).", "Sms__TimeoutSeconds: 0 is outside 1-300"], ex.Failures);
    }

    [Fact]
    public async Task Command_BadSetting_Exit2WithTheSettingNamedBeforeTouchingStorage()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = new CliContext(TextReader.Null, output, error, new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 2, 0, 0, TimeSpan.Zero)))
        {
            Configuration = Settings(("Tasks:DueDays", "0")),
        };
        var services = new MonitoringCliServices(() => Tables);
        var root = new RootCommand { new TasksCommand(services).Create(context) };

        var code = await root.Parse(["tasks", "list"]).InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });

        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Equal("error: Tasks__DueDays must be a whole number of days ≥ 1 (got 0).", error.ToString().Trim());
        Assert.Equal(string.Empty, output.ToString());
    }
}
