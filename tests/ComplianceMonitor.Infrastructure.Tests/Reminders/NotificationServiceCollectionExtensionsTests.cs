using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Application.Reminders.Content;
using ComplianceMonitor.Application.Reminders.Sms;
using ComplianceMonitor.Infrastructure.Reminders;
using ComplianceMonitor.Infrastructure.Reminders.Pickup;
using ComplianceMonitor.Application.Contacts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ComplianceMonitor.Infrastructure.Tests.Composition;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace ComplianceMonitor.Infrastructure.Tests.Reminders;

[Trait("Category", "unit")]
public sealed class NotificationServiceCollectionExtensionsTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "cm-di-" + Guid.NewGuid().ToString("N"));
    private WireMockServer? _server;

    public void Dispose()
    {
        _server?.Stop();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private static ServiceProvider CreateSut(Dictionary<string, string?> settings, TimeProvider? time = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging();
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        services.AddSingleton<IConfiguration>(configuration);
        services.AddNotificationSenders();
        services.AddReminderRendering();
        return services.BuildServiceProvider();
    }

    [Fact]
    public void AddNotificationSenders_NoKeys_UsesOutboxFiles()
    {
        using var provider = CreateSut(new() { ["Email:OutboxFolder"] = _folder, ["Sms:OutboxFolder"] = _folder });

        Assert.IsType<OutboxFileEmailSender>(provider.GetRequiredService<IEmailSender>());
        Assert.IsType<OutboxFileSmsSender>(provider.GetRequiredService<ISmsSender>());
        Assert.Equal(new NotificationSenderSelection("outbox", "outbox", _folder, _folder), provider.GetRequiredService<NotificationSenderSelection>());
    }

    [Fact]
    public void AddNotificationSenders_KeysSet_UsesSendGridAndTwilio()
    {
        using var provider = CreateSut(new()
        {
            ["Email:SendGridApiKey"] = "SG.key",
            ["Email:FromAddress"] = "reminders@cm.example.cn",
            ["Sms:TwilioAccountSid"] = Samples.AccountSid,
            ["Sms:TwilioAuthToken"] = Samples.AuthToken,
            ["Sms:FromNumber"] = "+15005550006",
        });

        Assert.IsType<SendGridEmailSender>(provider.GetRequiredService<IEmailSender>());
        Assert.IsType<TwilioSmsSender>(provider.GetRequiredService<ISmsSender>());
        Assert.Equal(new NotificationSenderSelection("sendgrid", "twilio", null, null), provider.GetRequiredService<NotificationSenderSelection>());
    }

    [Fact]
    public async Task AddNotificationSenders_HostsPointedAtLocalServer_SendsThroughIt()
    {
        _server = WireMockServer.Start();
        _server.Given(Request.Create().WithPath("/v3/mail/send").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(202).WithHeader("X-Message-Id", "sg-1"));
        _server.Given(Request.Create().WithPath($"/2010-04-01/Accounts/{Samples.AccountSid}/Messages.json").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(201).WithBody("""{"sid":"SM1","status":"queued"}"""));
        using var provider = CreateSut(new()
        {
            ["Email:SendGridApiKey"] = "SG.key",
            ["Email:FromAddress"] = "reminders@cm.example.cn",
            ["Email:SendGridHost"] = _server.Url,
            ["Sms:TwilioAccountSid"] = Samples.AccountSid,
            ["Sms:TwilioAuthToken"] = Samples.AuthToken,
            ["Sms:FromNumber"] = "+15005550006",
            ["Sms:TwilioBaseUrl"] = _server.Url,
        });

        var email = await provider.GetRequiredService<IEmailSender>().SendAsync(Samples.Email());
        var sms = await provider.GetRequiredService<ISmsSender>().SendAsync(Samples.Sms());

        Assert.Equal(new SendResult.Accepted("sg-1"), email);
        Assert.Equal(new SendResult.Accepted("SM1"), sms);
        Assert.Equal(["/v3/mail/send", $"/2010-04-01/Accounts/{Samples.AccountSid}/Messages.json"], _server.LogEntries.Select(e => e.RequestMessage.Path).ToArray());
    }

    [Fact]
    public async Task AddNotificationSenders_TwilioRateLimitThroughDi_HonoursRetryAfter()
    {
        _server = WireMockServer.Start();
        _server.Given(Request.Create().WithPath($"/2010-04-01/Accounts/{Samples.AccountSid}/Messages.json").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "120").WithBody("""{"code":20429,"message":"Too Many Requests","status":429}"""));
        using var provider = CreateSut(new()
        {
            ["Sms:TwilioAccountSid"] = Samples.AccountSid,
            ["Sms:TwilioAuthToken"] = Samples.AuthToken,
            ["Sms:FromNumber"] = "+15005550006",
            ["Sms:TwilioBaseUrl"] = _server.Url,
            ["Email:OutboxFolder"] = _folder,
        });

        var result = await provider.GetRequiredService<ISmsSender>().SendAsync(Samples.Sms());

        Assert.Equal(TimeSpan.FromSeconds(120), Assert.IsType<SendResult.Transient>(result).RetryAfter);
    }

    [Fact]
    public void AddNotificationSenders_Window_FromSettings()
    {
        using var provider = CreateSut(new() { ["Sms:WindowStart"] = "09:00", ["Sms:WindowEnd"] = "18:30" }, new FakeTimeProvider(Samples.Now));

        var window = provider.GetRequiredService<SmsWindow>();
        Assert.Equal(new TimeOnly(9, 0), window.Start);
        Assert.Equal(new TimeOnly(18, 30), window.End);
        Assert.Same(window, provider.GetRequiredService<NotificationGate>().SmsWindow);
        Assert.Equal(SmsComposer.DefaultSignature, provider.GetRequiredService<SmsComposer>().Signature);
        Assert.Equal(7, provider.GetRequiredService<SmsPolicy>().DaysBefore);
    }

    [Theory]
    [InlineData("Sms:TwilioAccountSid", Samples.AccountSid, "Sms__TwilioAuthToken")]
    [InlineData("Sms:TwilioAccountSid", "not-a-sid", "Sms__TwilioAccountSid")]
    [InlineData("Sms:WindowStart", "25:00", "Sms__WindowStart")]
    [InlineData("Sms:FromNumber", "010-1234", "Sms__FromNumber")]
    [InlineData("Email:FromAddress", "not an address", "Email__FromAddress")]
    [InlineData("Email:SendGridHost", "localhost:4010", "Email__SendGridHost")]
    [InlineData("Email:SendGridApiKey", "SG.key", "Email__FromAddress")]
    [InlineData("Email:TimeoutSeconds", "0", "Email__TimeoutSeconds")]
    public async Task AddNotificationSenders_BadSetting_StopsHostStartNamingTheKey(string key, string value, string named)
    {
        // Registering reads nothing; the bound options are validated when the host starts (ValidateOnStart).
        using var host = SettingsHost.Build(key, value, s => s.AddLogging().AddNotificationSenders());

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(named, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddReminderRendering_ContactSettings_AreApplied()
    {
        using var provider = CreateSut(new()
        {
            ["DistrictContacts:110111:Planning:Phone"] = "010-69350000",
            ["DistrictContacts:110111:Industry:Name"] = "房山区经济和信息化局（产业科）",
        });

        var contacts = provider.GetRequiredService<DistrictContacts>();
        Assert.Equal("010-69350000", contacts.For("110111").Planning.Phone);
        Assert.Equal("房山区经济和信息化局（产业科）", contacts.For("110111").Industry.Name);
        var text = provider.GetRequiredService<IReminderRenderer>().Render(Samples.Request(Samples.TransferWindow())).TextBody;
        Assert.Contains("请联系房山区规划自然资源分局，电话：010-69350000。", text, StringComparison.Ordinal);
    }

    [Fact]
    public void AddReminderRendering_UnknownDistrict_FailsWhenTheContactsAreFirstResolvedNamingIt()
    {
        using var provider = CreateSut(new() { ["DistrictContacts:110199:Planning:Phone"] = "1" });

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<DistrictContacts>());

        Assert.Equal("DistrictContacts__110199: not a jurisdiction code (Parameter 'overrides')", ex.Message);
    }

    [Theory]
    [InlineData("DistrictContacts:110111:Planing:Phone", "010-69350000", "DistrictContacts__110111__Planing: expected Planning or Industry")]
    [InlineData("DistrictContacts:110111:Industry:Email", "chief at fangshan", "DistrictContacts__110111__Industry__Email: not an email address")]
    [InlineData("DistrictContacts:110199:Planning:Phone", "1", "DistrictContacts__110199: not a jurisdiction code (Parameter 'overrides')")]
    public async Task AddReminderRendering_BadContactSetting_StopsHostStartNamingTheKey(string key, string value, string message)
    {
        using var host = SettingsHost.Build(key, value, s => s.AddLogging().AddReminderRendering());

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Equal(message, ex.Message);
    }

    [Fact]
    public void AddReminderRendering_BlankValues_KeepTheBuiltInContactAndAnEmailIsApplied()
    {
        using var provider = CreateSut(new()
        {
            ["DistrictContacts:110111:Planning:Name"] = " ",
            ["DistrictContacts:110111:Planning:Email"] = " planning@fangshan.gov.cn ",
        });

        var planning = provider.GetRequiredService<DistrictContacts>().For("110111").Planning;
        Assert.Equal(("房山区规划自然资源分局", (string?)null, "planning@fangshan.gov.cn"), (planning.Name, planning.Phone, planning.Email));
    }
}

/// <summary>The committed sample settings start the notification services (both channels to the outbox).</summary>
[Trait("Category", "unit")]
public class LocalSettingsSampleNotificationTests
{
    [Fact]
    public void AddNotificationSenders_SampleSettings_StartWithOutboxSenders()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "local.settings.sample.json")))
        {
            dir = dir.Parent;
        }

        Assert.NotNull(dir);
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.FullName, "local.settings.sample.json")));
        // App settings arrive as environment variables, where "__" separates sections.
        var values = json.RootElement.GetProperty("Values").EnumerateObject()
            .ToDictionary(p => p.Name.Replace("__", ":", StringComparison.Ordinal), p => (string?)p.Value.ToString());
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();

        using var provider = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration).AddNotificationSenders().BuildServiceProvider();

        var selection = provider.GetRequiredService<NotificationSenderSelection>();
        Assert.Equal("outbox", selection.Email);
        Assert.Equal("outbox", selection.Sms);
        Assert.Equal(new TimeOnly(8, 0), provider.GetRequiredService<SmsWindow>().Start);
        Assert.Equal(new TimeOnly(20, 0), provider.GetRequiredService<SmsWindow>().End);
    }
}
