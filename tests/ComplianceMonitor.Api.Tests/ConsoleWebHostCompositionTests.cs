using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Application.Tasks;
using ComplianceMonitor.Infrastructure.Composition;
using ComplianceMonitor.Infrastructure.Reminders;
using ComplianceMonitor.Infrastructure.Reminders.Pickup;
using ComplianceMonitor.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ComplianceMonitor.Api.Tests;

/// <summary>
/// <c>cm serve</c>'s web host composes over exactly the configuration it is given: that configuration is the container's
/// <see cref="IConfiguration"/>, which every options class binds from (<c>BindConfiguration</c>).
/// </summary>
[Trait("Category", "unit")]
public sealed class ConsoleWebHostCompositionTests
{
    private static IConfigurationRoot Settings(params (string Key, string? Value)[] settings) => new ConfigurationBuilder().AddInMemoryCollection(
    [
        new("ComplianceStorage:ConnectionString", "UseDevelopmentStorage=true"),
        new("ComplianceStorage:TablePrefix", "webhost"),
        .. settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)),
    ]).Build();

    private static WebApplication Build(IConfiguration settings) =>
        ConsoleWebHost.Build(new ConsoleWebHostOptions { Port = 0 }, settings, (services, configuration) =>
        {
            services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
            services.AddComplianceMonitor(configuration);
        }, runsInAzure: () => false);

    [Fact]
    public async Task Build_ContainersConfiguration_IsTheGivenSettingsOnly_AndTheOptionsAndSenderChoiceFollowIt()
    {
        var settings = Settings(("Tasks:DueDays", "9"), ("Email:SendGridApiKey", "SG.key"), ("Email:FromAddress", "reminders@cm.example.cn"), ("Sms:OutboxFolder", "cm-webhost-sms"));
        await using var app = Build(settings);

        var configuration = app.Services.GetRequiredService<IConfiguration>();
        Assert.Equal(("9", "webhost"), (configuration["Tasks:DueDays"], configuration["ComplianceStorage:TablePrefix"]));
        Assert.Null(configuration["PATH"]); // the process environment is not a source of the host: only the given settings
        Assert.Equal("http://127.0.0.1:0", configuration["urls"]);
        Assert.Null(settings["urls"]); // the host's own setting is never written into the caller's configuration
        Assert.Equal(9, app.Services.GetRequiredService<EnforcementTaskOptions>().DueDays);
        Assert.IsType<SendGridEmailSender>(app.Services.GetRequiredService<IEmailSender>());
        Assert.IsType<OutboxFileSmsSender>(app.Services.GetRequiredService<ISmsSender>());
        Assert.Equal(new NotificationSenderSelection("sendgrid", "outbox", null, Path.GetFullPath("cm-webhost-sms")), app.Services.GetRequiredService<NotificationSenderSelection>());
    }

    [Fact]
    public async Task StartAsync_BadSettingInTheGivenConfiguration_StopsNamingTheSetting()
    {
        await using var app = Build(Settings(("Tasks:DueDays", "0")));

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Equal("Tasks__DueDays must be a whole number of days ≥ 1 (got 0).", ex.Message);
    }
}
