using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Tasks;
using System.Globalization;
using System.Text.Json;
using ComplianceMonitor.Application.Leases;
using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Functions.Delivery;
using ComplianceMonitor.Functions.Tests.Support;
using ComplianceMonitor.Testing.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace ComplianceMonitor.Functions.Tests.Delivery;

/// <summary>The dispatch and digest timers over the real services, Azurite and a WireMock SendGrid.</summary>
[Trait("Category", "azurite")]
[Collection("azurite")]
public sealed class DeliveryTimersTests(AzuriteFixture azurite) : IDisposable
{
    private const string SendGridPath = "/v3/mail/send";

    // 2026-03-06 (a Friday, a working day) 09:00 in Beijing: past the default digest time 08:30, inside the SMS window.
    private static readonly DateTimeOffset Friday0900 = new(2026, 3, 6, 1, 0, 0, TimeSpan.Zero);

    private readonly WireMockServer _sendGrid = StartSendGrid();

    public void Dispose() => _sendGrid.Stop();

    [Fact]
    public async Task DigestAsync_FiredTwiceAtTheSameInstant_SendsOneDigestPerDistrictWithRecipients()
    {
        using var host = Create(new Dictionary<string, string?>
        {
            ["Digest:Districts:110111:Recipients"] = "fangshan.supervisor@example.org",
            ["Digest:Districts:110112:Recipients"] = "tongzhou.supervisor@example.org",
        });
        var timers = host.Create<DeliveryTimers>();

        await timers.DigestAsync(new TimerInfo(), host.Context());
        await timers.DigestAsync(new TimerInfo { IsPastDue = true }, host.Context());

        var recipients = SentTo().Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["fangshan.supervisor@example.org", "tongzhou.supervisor@example.org"], recipients);
        Assert.Equal(2, host.Logs.WithEvent(5000).Count);
    }

    [Fact]
    public async Task DispatchAsync_FiredTwice_SendsEachOutboxEmailOnce()
    {
        using var host = Create();
        var asOf = new DateOnly(2026, 3, 6);
        await SeedAsync(host, asOf);
        var outbox = host.Services.GetRequiredService<IOutboxStore>();
        var queued = await ListAsync(outbox);
        var emails = queued.Where(e => e.Channel == OutboxChannel.Email).ToList();
        Assert.NotEmpty(emails);
        var timers = host.Create<DeliveryTimers>();

        await timers.DispatchAsync(new TimerInfo(), host.Context());
        await timers.DispatchAsync(new TimerInfo(), host.Context());

        Assert.Equal(emails.Select(e => e.Recipient).Order(StringComparer.Ordinal), SentTo().Order(StringComparer.Ordinal));
        var after = await ListAsync(outbox);
        Assert.All(after.Where(e => e.Channel == OutboxChannel.Email), e => Assert.Equal(OutboxStatus.Sent, e.Status));
    }

    private static WireMockServer StartSendGrid()
    {
        var server = WireMockServer.Start();
        var count = 0;
        server.Given(Request.Create().WithPath(SendGridPath).UsingPost())
            .RespondWith(Response.Create().WithCallback(_ => new WireMock.ResponseMessage
            {
                StatusCode = 202,
                Headers = new Dictionary<string, WireMock.Types.WireMockList<string>>
                {
                    ["X-Message-Id"] = new(string.Create(CultureInfo.InvariantCulture, $"sg-{Interlocked.Increment(ref count)}")),
                },
            }));
        return server;
    }

    private FunctionsTestHost Create(IDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Email:SendGridApiKey"] = "SG.test-key.not-a-secret",
            ["Email:SendGridHost"] = _sendGrid.Url,
            ["Email:FromAddress"] = "noreply@example.org",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return FunctionsTestHost.Create(azurite, Friday0900, settings: settings);
    }

    /// <summary>The "to" addresses of every SendGrid request received.</summary>
    private IEnumerable<string> SentTo() =>
        _sendGrid.LogEntries
            .Where(e => e.RequestMessage.Path == SendGridPath)
            .SelectMany(e =>
            {
                using var json = JsonDocument.Parse(e.RequestMessage.Body!);
                return json.RootElement.GetProperty("personalizations").EnumerateArray()
                    .SelectMany(p => p.GetProperty("to").EnumerateArray().Select(t => t.GetProperty("email").GetString()!))
                    .ToList();
            });

    private static async Task SeedAsync(FunctionsTestHost host, DateOnly asOf)
    {
        var lease = TestRecords.Lease();
        await host.Services.GetRequiredService<ILeaseStore>().UpsertAsync(lease);
        await host.Services.GetRequiredService<ScanService>().ScanDistrictAsync(lease.DistrictCode, asOf, "test-run");
    }

    private static async Task<List<OutboxEntry>> ListAsync(IOutboxStore outbox)
    {
        var list = new List<OutboxEntry>();
        await foreach (var item in outbox.ListAsync("110111"))
        {
            list.Add(Assert.IsType<OutboxEntry>(item.Item));
        }

        return list;
    }
}
