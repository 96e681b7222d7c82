using ComplianceMonitor.Application.Contacts;
using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Tasks;
using ComplianceMonitor.Infrastructure.Composition;
using ComplianceMonitor.Infrastructure.Contacts;
using ComplianceMonitor.Infrastructure.Leases;
using ComplianceMonitor.Infrastructure.Scanning;
using ComplianceMonitor.Infrastructure.Tasks;
using ComplianceMonitor.Infrastructure.Tests.Scanning;
using System.Globalization;
using System.Text.Json;
using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Application.Reminders.Content;
using ComplianceMonitor.Application.Reminders.Sms;
using ComplianceMonitor.Domain.Calendar;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Domain.Rules;
using ComplianceMonitor.Infrastructure.Delivery;
using ComplianceMonitor.Infrastructure.Reminders;
using ComplianceMonitor.Infrastructure.Reminders.Content;
using ComplianceMonitor.Infrastructure.Storage;
using ComplianceMonitor.Testing.Records;
using ComplianceMonitor.Testing.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using WireMock;
using WireMock.Logging;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Types;
using WireMock.Util;

namespace ComplianceMonitor.Infrastructure.Tests.Reminders;

/// <summary>
/// Real stores on one Azurite prefix, a real local HTTP server speaking SendGrid v3 and Twilio (WireMock.Net), the
/// real senders and renderer, and a dispatcher over them with a fake clock and fixed jitter.
/// </summary>
internal sealed class DispatchHost : IDisposable
{
    public const string District = "110111";
    public const string SendGridPath = "/v3/mail/send";
    public const string AccountSid = "AC0123456789abcdef0123456789abcdef";
    public const string TwilioPath = "/2010-04-01/Accounts/" + AccountSid + "/Messages.json";
    public const string ApiKey = "SG.test-key.not-a-secret";

    /// <summary>2026-06-23 10:00 Beijing (a Tuesday), inside the SMS window.</summary>
    public static readonly DateTimeOffset Morning = new(2026, 6, 23, 2, 0, 0, TimeSpan.Zero);

    private int _sid;

    public DispatchHost(AzuriteFixture azurite, string? prefix = null, DateTimeOffset? now = null)
    {
        Prefix = prefix ?? AzuriteFixture.NewPrefix();
        Factory = azurite.CreateFactory(Prefix);
        Leases = new TableLeaseStore(Factory);
        Alerts = new TableAlertStore(Factory);
        Outbox = new TableOutboxStore(Factory);
        Log = new TableDeliveryLog(Factory);
        Preferences = new TableContactPreferencesStore(Factory);
        Snoozes = new TableSnoozeStore(Factory);
        Audit = new TableAuditLog(Factory);
        Pauses = new TableChannelPauseStore(Factory);
        Time = new FakeTimeProvider(now ?? Morning);
        Server = WireMockServer.Start();
    }

    public string Prefix { get; }

    public TableClientFactory Factory { get; }

    public TableLeaseStore Leases { get; }

    public TableAlertStore Alerts { get; }

    public TableOutboxStore Outbox { get; }

    public TableDeliveryLog Log { get; }

    public TableContactPreferencesStore Preferences { get; }

    public TableSnoozeStore Snoozes { get; }

    public TableAuditLog Audit { get; }

    public TableChannelPauseStore Pauses { get; }

    public FakeTimeProvider Time { get; }

    public WireMockServer Server { get; }

    public FixedRandom Random { get; } = new(0.5);

    public static DispatchOptions Options(int maxAttempts = 10, int parallelism = 4) => new()
    {
        Districts = [District, "110108"],
        MaxAttempts = maxAttempts,
        Parallelism = parallelism,
    };

    public DispatchService CreateSut(DispatchOptions? options = null, IEmailSenderDecorator? emailDecorator = null, TableClientFactory? factory = null, Func<IOutboxStore, IOutboxStore>? outboxDecorator = null)
    {
        // A second dispatcher gets its own clients over the same tables, like a second instance would.
        var f = factory ?? Factory;
        var email = new SendGridEmailSender(
            new HttpClient { Timeout = TimeSpan.FromSeconds(20) },
            Microsoft.Extensions.Options.Options.Create(new EmailOptions { SendGridApiKey = ApiKey, SendGridHost = Server.Url, FromAddress = "reminders@cm.example.cn", FromName = "北京市工业用地先租后让监管" }),
            Time,
            NullLogger<SendGridEmailSender>.Instance);
        var handler = new TwilioCallContextHandler
        {
            InnerHandler = new TwilioBaseUrlHandler(new Uri(Server.Url!)) { InnerHandler = new SocketsHttpHandler() },
        };
        var sms = new TwilioSmsSender(
            new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(20) },
            Microsoft.Extensions.Options.Options.Create(new SmsOptions { TwilioAccountSid = AccountSid, TwilioAuthToken = "test-auth-token", FromNumber = "+15005550006" }),
            Time,
            NullLogger<TwilioSmsSender>.Instance);
        var outbox = new TableOutboxStore(f);
        return new DispatchService(
            outboxDecorator?.Invoke(outbox) ?? outbox,
            new TableAlertStore(f),
            new TableLeaseStore(f),
            new TableDeliveryLog(f),
            new TableContactPreferencesStore(f),
            new TableSnoozeStore(f),
            new TableChannelPauseStore(f),
            new FluidReminderRenderer(DistrictContacts.Default, WorkingDayCalendar.Default),
            RuleEngine.Default,
            new SmsComposer(),
            NotificationGate.Default,
            emailDecorator?.Wrap(email) ?? email,
            sms,
            options ?? Options(),
            Time,
            Random,
            NullLogger<DispatchService>.Instance);
    }

    public ContactSettingsService CreateSettings() =>
        new(Leases, Preferences, Snoozes, Audit, Outbox, Time, NullLogger<ContactSettingsService>.Instance);

    // ---- provider behaviour -------------------------------------------------------------------------

    /// <summary>SendGrid accepts every request with 202 and an X-Message-Id of sg-{outboxId hash}.</summary>
    public void SendGridAccepts(int priority = 10) =>
        Server.Given(Request.Create().WithPath(SendGridPath).UsingPost()).AtPriority(priority)
            .RespondWith(Response.Create().WithCallback(req => Accepted202(req)));

    /// <summary>SendGrid answers <paramref name="status"/> with <paramref name="body"/> to the first <paramref name="times"/> requests, then accepts.</summary>
    public void SendGridFailsFirst(int times, int status, string body, params (string Name, string Value)[] headers)
    {
        var count = 0;
        Server.Given(Request.Create().WithPath(SendGridPath).UsingPost())
            .RespondWith(Response.Create().WithCallback(req => Interlocked.Increment(ref count) <= times ? Answer(status, body, headers) : Accepted202(req)));
    }

    /// <summary>Twilio accepts every request with 201 and a fresh SID.</summary>
    public void TwilioAccepts() =>
        Server.Given(Request.Create().WithPath(TwilioPath).UsingPost())
            .RespondWith(Response.Create().WithCallback(_ => Answer(201, Created(NextSid()), [("Content-Type", "application/json")])));

    public IResponseMessage Accepted202(IRequestMessage request) =>
        Answer(202, string.Empty, [("X-Message-Id", "sg-" + (OutboxIdOf(request) ?? "none").GetHashCode(StringComparison.Ordinal).ToString("x8", CultureInfo.InvariantCulture))]);

    public static IResponseMessage Answer(int status, string body, IEnumerable<(string Name, string Value)> headers)
    {
        var response = new ResponseMessage
        {
            StatusCode = status,
            BodyData = new BodyData { BodyAsString = body, DetectedBodyType = BodyType.String, Encoding = System.Text.Encoding.UTF8 },
        };
        foreach (var (name, value) in headers)
        {
            response.AddHeader(name, value);
        }

        return response;
    }

    public string NextSid() => "SM" + Interlocked.Increment(ref _sid).ToString("x32", CultureInfo.InvariantCulture);

    public static string Created(string sid) =>
        $$"""{"sid":"{{sid}}","account_sid":"{{AccountSid}}","to":"+8613800138000","from":"+15005550006","body":"x","status":"queued","num_segments":"1","direction":"outbound-api","api_version":"2010-04-01","price":null,"error_code":null,"error_message":null,"uri":"/2010-04-01/Accounts/{{AccountSid}}/Messages/{{sid}}.json"}""";

    // ---- what the provider received -----------------------------------------------------------------

    /// <summary>The outboxId custom argument of a SendGrid request, or null.</summary>
    public static string? OutboxIdOf(IRequestMessage request)
    {
        if (request.Path != SendGridPath || string.IsNullOrEmpty(request.Body))
        {
            return null;
        }

        using var json = JsonDocument.Parse(request.Body);
        return json.RootElement.TryGetProperty("custom_args", out var args) && args.TryGetProperty("outboxId", out var id) ? id.GetString() : null;
    }

    public IReadOnlyList<ILogEntry> SendGridLog() => [.. Server.LogEntries.Where(e => e.RequestMessage.Path == SendGridPath)];

    public IReadOnlyList<ILogEntry> TwilioLog() => [.. Server.LogEntries.Where(e => e.RequestMessage.Path == TwilioPath)];

    /// <summary>SendGrid requests per outbox id: (all requests, requests answered 202).</summary>
    public Dictionary<string, (int Requests, int Accepted)> SendGridCounts() =>
        SendGridLog().GroupBy(e => OutboxIdOf(e.RequestMessage) ?? "(none)").ToDictionary(
            g => g.Key,
            g => (g.Count(), g.Count(e => Equals(e.ResponseMessage?.StatusCode, 202) || e.ResponseMessage?.StatusCode?.ToString() == "202")));

    public static Dictionary<string, string> Form(string body) =>
        body.Split('&').Select(p => p.Split('=', 2)).ToDictionary(
            kv => Uri.UnescapeDataString(kv[0].Replace('+', ' ')),
            kv => Uri.UnescapeDataString(kv[1].Replace('+', ' ')));

    // ---- stored state -------------------------------------------------------------------------------

    public async Task SeedAsync(LeaseRecord lease, Alert alert, IReadOnlyList<OutboxEntry> entries)
    {
        await Leases.UpsertAsync(lease);
        await Alerts.CreateManyAsync(alert.DistrictCode, [alert]);
        foreach (var chunk in entries.Chunk(100))
        {
            await Outbox.CreateManyAsync(alert.DistrictCode, chunk);
        }
    }

    public async Task<OutboxEntry> EntryAsync(string id) =>
        await Outbox.GetAsync(District, id) ?? throw new InvalidOperationException($"no outbox entry {id}");

    public async Task<List<OutboxEntry>> OutboxAsync(string district = District)
    {
        var list = new List<OutboxEntry>();
        await foreach (var item in Outbox.ListAsync(district))
        {
            list.Add(item.Item ?? throw new InvalidOperationException(item.Error));
        }

        return list;
    }

    public async Task<List<DeliveryAttempt>> AttemptsAsync(string? outboxId = null, string district = District)
    {
        var list = new List<DeliveryAttempt>();
        await foreach (var a in Log.ListAsync(district, outboxId))
        {
            list.Add(a);
        }

        return list;
    }

    /// <summary>Runs passes, moving the clock on by <paramref name="step"/> between them, until nothing is pending or in flight.</summary>
    public async Task<DispatchSummary> DrainAsync(DispatchService sut, TimeSpan step, int maxPasses = 100)
    {
        var total = await sut.RunOnceAsync();
        for (var i = 1; total.Waiting > 0; i++)
        {
            Assert.True(i < maxPasses, $"still {total.Waiting} waiting after {maxPasses} passes");
            Time.Advance(step);
            total = total.Then(await sut.RunOnceAsync());
        }

        return total;
    }

    public void Dispose() => Server.Stop();
}

/// <summary>A jitter source that always returns the same number.</summary>
internal sealed class FixedRandom(double value) : IRandomSource
{
    public double Value { get; set; } = value;

    public double NextDouble() => Value;
}

/// <summary>Wraps the email sender (to simulate a crash around the provider call).</summary>
internal interface IEmailSenderDecorator
{
    Application.Reminders.IEmailSender Wrap(Application.Reminders.IEmailSender inner);
}

/// <summary>Leases, alerts and outbox entries with known content.</summary>
internal static class DeliverySamples
{
    public const string Subject = "2026-06-30";

    /// <summary>A lease whose assessment application is due 2026-06-30 (7 days after <see cref="DispatchHost.Morning"/>).</summary>
    public static LeaseRecord Lease(string leaseId = "FS-2022-0001") => ReminderSamples.Lease(leaseId, DispatchHost.District);

    public static Alert Alert(LeaseRecord lease, Severity severity = Severity.Warning, FindingStatus status = FindingStatus.Upcoming) => ReminderSamples.Alert(lease, severity, status);

    public static OutboxEntry Entry(Alert alert, OutboxChannel channel = OutboxChannel.Email, string? recipient = null, string stage = "D-7") => ReminderSamples.Entry(alert, channel, recipient, stage);
}
