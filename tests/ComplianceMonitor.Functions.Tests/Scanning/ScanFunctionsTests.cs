using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Tasks;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using ComplianceMonitor.Application.Leases;
using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Domain.Jurisdictions;
using ComplianceMonitor.Functions.Scanning;
using ComplianceMonitor.Functions.Tests.Support;
using ComplianceMonitor.Testing.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Moq;

namespace ComplianceMonitor.Functions.Tests.Scanning;

[Trait("Category", "azurite")]
[Collection("azurite")]
public sealed class ScanFunctionsTests(AzuriteFixture azurite)
{
    // The 05:30 Beijing scan of 2026-03-06 would be 21:30 UTC on 03-05; a late firing at 23:30 UTC is still 03-06 in Beijing.
    private static readonly DateTimeOffset Now = new(2026, 3, 5, 23, 30, 0, TimeSpan.Zero);
    private static readonly DateOnly BeijingToday = new(2026, 3, 6);

    private static async Task<List<string>> PeekAsync(FunctionsTestHost host, string queueName)
    {
        var queue = await host.Tables.GetQueueClientAsync(queueName);
        var peeked = await queue.PeekMessagesAsync(32);
        return [.. peeked.Value.Select(m => m.Body.ToString())];
    }

    private static async Task<int> CountAsync(FunctionsTestHost host, string queueName)
    {
        var queue = await host.Tables.GetQueueClientAsync(queueName);
        return (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount;
    }

    private static FunctionContext QueueContext(FunctionsTestHost host, object dequeueCount, string id = "msg-1") =>
        host.Context(new Dictionary<string, object?> { ["Id"] = id, ["DequeueCount"] = dequeueCount });

    private static async Task<List<T>> AllAsync<T>(IAsyncEnumerable<StoreReadItem<T>> items)
        where T : class
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(Assert.IsType<T>(item.Item));
        }

        return list;
    }

    [Fact]
    public async Task DailyScan_LateFiringAt2330Utc_OneMessagePerDistrictForTheBeijingDate()
    {
        using var host = FunctionsTestHost.Create(azurite, Now);

        await host.Create<ScanFunctions>().DailyScanAsync(new TimerInfo { IsPastDue = true }, host.Context());

        var messages = (await PeekAsync(host, ScanQueue.Name)).Select(b => JsonDocument.Parse(b).RootElement).ToList();
        Assert.Equal(Jurisdiction.All.Select(j => j.Code).Order(), messages.Select(m => m.GetProperty("districtCode").GetString()).Order());
        Assert.All(messages, m =>
        {
            Assert.Equal("2026-03-06", m.GetProperty("asOf").GetString());
            Assert.Equal("daily-20260306", m.GetProperty("runId").GetString());
        });
        var fired = Assert.Single(host.Logs.WithEvent(5000));
        Assert.Equal(BeijingToday, fired.State["BeijingDate"]);
    }

    [Fact]
    public async Task DailyScan_FiredTwice_NoDuplicateMessages()
    {
        using var host = FunctionsTestHost.Create(azurite, Now);
        var functions = host.Create<ScanFunctions>();

        await functions.DailyScanAsync(new TimerInfo(), host.Context());
        host.Time.Advance(TimeSpan.FromSeconds(40));
        await host.Create<ScanFunctions>().DailyScanAsync(new TimerInfo(), host.Context());

        Assert.Equal(18, await CountAsync(host, ScanQueue.Name));
        var summaries = host.Logs.WithEvent(5010);
        Assert.Equal([(18, 0), (0, 18)], summaries.Select(s => ((int)s.State["Enqueued"]!, (int)s.State["Skipped"]!)));
    }

    [Fact]
    public async Task DailyScan_ClaimLeftPendingByACrashedFanOut_IsSentOnTheNextFiring()
    {
        using var host = FunctionsTestHost.Create(azurite, Now);
        var markers = await host.Tables.GetTableClientAsync(ScanQueue.FanOutTable);
        // 110101 was claimed 10 minutes ago and never sent (the process died); 110102 is being sent right now by another firing.
        await markers.AddEntityAsync(new TableEntity("daily-20260306", "110101") { ["State"] = "pending", ["ClaimedAt"] = Now.AddMinutes(-10) });
        await markers.AddEntityAsync(new TableEntity("daily-20260306", "110102") { ["State"] = "pending", ["ClaimedAt"] = Now.AddSeconds(-20) });

        await host.Create<ScanFunctions>().DailyScanAsync(new TimerInfo(), host.Context());

        var districts = (await PeekAsync(host, ScanQueue.Name)).Select(b => JsonDocument.Parse(b).RootElement.GetProperty("districtCode").GetString()).ToList();
        Assert.Equal(17, districts.Count);
        Assert.Contains("110101", districts);
        Assert.DoesNotContain("110102", districts);
        Assert.Equal("enqueued", (await markers.GetEntityAsync<TableEntity>("daily-20260306", "110101")).Value.GetString("State"));
    }

    [Fact]
    public async Task ScanDistrict_Message_ScansAndRecordsTheRun()
    {
        using var host = FunctionsTestHost.Create(azurite, Now);
        await host.Services.GetRequiredService<ILeaseStore>().UpsertAsync(TestRecords.Lease("FS-2024-0001", "110111"));
        var message = new ScanRequestMessage("110111", BeijingToday, "daily-20260306").ToJson();

        await host.Create<ScanFunctions>().ScanDistrictAsync(message, QueueContext(host, "1"));

        var run = await host.Services.GetRequiredService<IRunStore>().GetAsync("110111", "daily-20260306");
        Assert.NotNull(run);
        Assert.Equal((ScanOutcome.Succeeded, 1, BeijingToday), (run.Outcome, run.Leases, run.AsOf));
        var alerts = await AllAsync(host.Services.GetRequiredService<IAlertStore>().ListAsync("110111"));
        Assert.Equal(run.AlertsCreated, alerts.Count);
        Assert.Contains(alerts, a => a.LeaseId == "FS-2024-0001" && a.Rule == Domain.Rules.RuleCode.ASSESSMENT_APPLICATION && a.Deadline == new DateOnly(2028, 8, 31));
    }

    [Fact]
    public async Task ScanDistrict_SameMessageTwice_NoDuplicateAlertsRemindersOrTasks()
    {
        using var host = FunctionsTestHost.Create(azurite, Now);
        // A lease whose rent instalment of 2026-03-01 is unpaid: an overdue obligation with a reminder and a task.
        var lease = TestRecords.Lease("FS-2024-0007", "110111") with
        {
            RentSchedule = [.. TestRecords.Lease().RentSchedule, new Domain.Records.RentInstalment(new DateOnly(2026, 3, 1), 1_546_750.00m, Domain.Records.RentPeriod.Lease)],
        };
        await host.Services.GetRequiredService<ILeaseStore>().UpsertAsync(lease);
        var message = new ScanRequestMessage("110111", BeijingToday, "daily-20260306").ToJson();
        var functions = host.Create<ScanFunctions>();
        var alerts = host.Services.GetRequiredService<IAlertStore>();
        var outbox = host.Services.GetRequiredService<IOutboxStore>();
        var tasks = host.Services.GetRequiredService<ITaskStore>();

        await functions.ScanDistrictAsync(message, QueueContext(host, "1", "msg-a"));
        var firstAlerts = await AllAsync(alerts.ListAsync("110111"));
        var firstOutbox = await AllAsync(outbox.ListAsync("110111"));
        var firstTasks = await AllAsync(tasks.ListAsync("110111"));
        host.Time.Advance(TimeSpan.FromMinutes(1));
        await functions.ScanDistrictAsync(message, QueueContext(host, "1", "msg-b"));

        Assert.Contains(firstAlerts, a => a.Rule == Domain.Rules.RuleCode.RENT_ARREARS);
        Assert.NotEmpty(firstOutbox);
        Assert.Equal(firstAlerts.Select(a => a.Key).Order(), (await AllAsync(alerts.ListAsync("110111"))).Select(a => a.Key).Order());
        Assert.Equal(firstOutbox.Select(o => o.Id).Order(), (await AllAsync(outbox.ListAsync("110111"))).Select(o => o.Id).Order());
        Assert.Equal(firstTasks.Select(t => t.Id).Order(), (await AllAsync(tasks.ListAsync("110111"))).Select(t => t.Id).Order());
        var second = await host.Services.GetRequiredService<IRunStore>().GetAsync("110111", "daily-20260306");
        Assert.Equal((0, 0, 0), (second!.AlertsCreated, second.OutboxQueued, second.TasksOpened));
    }

    [Fact]
    public async Task ScanDistrict_BodyNotJson_LoggedMovedToPoisonAndNotRetried()
    {
        using var host = FunctionsTestHost.Create(azurite, Now);

        await host.Create<ScanFunctions>().ScanDistrictAsync("scan 110111 please", QueueContext(host, "1", "msg-bad"));

        Assert.Equal(["scan 110111 please"], await PeekAsync(host, ScanQueue.PoisonName));
        var logged = Assert.Single(host.Logs.WithEvent(5021));
        Assert.Equal(LogLevel.Error, logged.Level);
        Assert.Equal("msg-bad", logged.State["MessageId"]);
        Assert.Contains("not JSON", (string)logged.State["Reason"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScanDistrict_BadAsOfWithReadableDistrictAndRun_RecordsAFailedRun()
    {
        using var host = FunctionsTestHost.Create(azurite, Now);
        const string body = """{"districtCode":"110111","asOf":"2026-02-30","runId":"daily-20260306"}""";

        await host.Create<ScanFunctions>().ScanDistrictAsync(body, QueueContext(host, 1L, "msg-date"));

        var run = await host.Services.GetRequiredService<IRunStore>().GetAsync("110111", "daily-20260306");
        Assert.NotNull(run);
        Assert.Equal(ScanOutcome.Failed, run.Outcome);
        Assert.Equal("rejected message msg-date: asOf: '2026-02-30' is not a date yyyy-MM-dd; moved to scan-district-poison", run.Error);
        Assert.Equal([body], await PeekAsync(host, ScanQueue.PoisonName));
    }

    [Fact]
    public async Task ScanDistrict_FailsOnTheLastAttempt_LogsCriticalRecordsFailedRunAndRethrows()
    {
        var leases = new Mock<ILeaseScanStateStore>();
        leases.Setup(l => l.ReadDistrictForScanAsync("110111", It.IsAny<CancellationToken>())).Returns(Broken());
        using var host = FunctionsTestHost.Create(azurite, Now, s => s.AddSingleton(leases.Object));
        var message = new ScanRequestMessage("110111", BeijingToday, "daily-20260306").ToJson();

        var ex = await Assert.ThrowsAsync<ScanFailedException>(() => host.Create<ScanFunctions>().ScanDistrictAsync(message, QueueContext(host, "5", "msg-5")));

        Assert.Equal("partition unreadable", Assert.IsType<InvalidDataException>(ex.InnerException).Message);
        var critical = Assert.Single(host.Logs.WithEvent(5023));
        Assert.Equal(LogLevel.Critical, critical.Level);
        Assert.Equal(ScanQueue.PoisonName, critical.State["PoisonQueue"]);
        Assert.IsType<InvalidDataException>(critical.Exception);
        var run = await host.Services.GetRequiredService<IRunStore>().GetAsync("110111", "daily-20260306");
        Assert.Equal(ScanOutcome.Failed, run!.Outcome);
        Assert.Equal("InvalidDataException: partition unreadable; gave up after 5 attempts, message msg-5 moved to scan-district-poison", run.Error);
    }

    [Fact]
    public async Task ScanDistrict_FailsOnAnEarlierAttempt_WarnsAndRethrowsForTheHostToRetry()
    {
        var leases = new Mock<ILeaseScanStateStore>();
        leases.Setup(l => l.ReadDistrictForScanAsync("110111", It.IsAny<CancellationToken>())).Returns(Broken());
        using var host = FunctionsTestHost.Create(azurite, Now, s => s.AddSingleton(leases.Object));
        var message = new ScanRequestMessage("110111", BeijingToday, "daily-20260306").ToJson();

        await Assert.ThrowsAsync<ScanFailedException>(() => host.Create<ScanFunctions>().ScanDistrictAsync(message, QueueContext(host, 2L)));

        var warning = Assert.Single(host.Logs.WithEvent(5022));
        Assert.Equal((2L, 5), ((long)warning.State["Attempt"]!, (int)warning.State["MaxAttempts"]!));
        Assert.Empty(host.Logs.WithEvent(5023));
        var run = await host.Services.GetRequiredService<IRunStore>().GetAsync("110111", "daily-20260306");
        Assert.Equal((ScanOutcome.Failed, "InvalidDataException: partition unreadable"), (run!.Outcome, run.Error));
    }

    [Fact]
    public async Task ScanOnDemand_OwnDistrict_202WithRunIdAndOneMessage()
    {
        using var host = FunctionsTestHost.Create(azurite, Now);
        var context = host.Context();

        var response = await host.Create<ScanFunctions>().ScanOnDemandAsync(host.Request(context, "POST", "/api/scan", """{"districtCode":"110111"}""", Principals.District("110111")), context);

        var json = response.AssertJson(HttpStatusCode.Accepted);
        var runId = json.GetProperty("runId").GetString()!;
        Assert.Matches("^manual-20260305T233000Z-[0-9a-f]{6}$", runId);
        Assert.Equal("2026-03-06", json.GetProperty("asOf").GetString());
        var message = JsonDocument.Parse(Assert.Single(await PeekAsync(host, ScanQueue.Name))).RootElement;
        Assert.Equal(("110111", "2026-03-06", runId), (message.GetProperty("districtCode").GetString(), message.GetProperty("asOf").GetString(), message.GetProperty("runId").GetString()));
    }

    [Theory]
    [InlineData("""{"asOf":"2026-03-01"}""", new[] { "districtCode" })]
    [InlineData("""{"districtCode":"110199","asOf":"yesterday"}""", new[] { "districtCode", "asOf" })]
    [InlineData("""{"districtCode":"110111","district":"110111"}""", new[] { "district" })]
    [InlineData("""not json""", new[] { "$" })]
    public async Task ScanOnDemand_BadBody_400NamingFieldsAndNothingEnqueued(string body, string[] fields)
    {
        using var host = FunctionsTestHost.Create(azurite, Now);
        var context = host.Context();

        var response = await host.Create<ScanFunctions>().ScanOnDemandAsync(host.Request(context, "POST", "/api/scan", body, Principals.City()), context);

        Assert.Equal(fields, response.AssertProblem(HttpStatusCode.BadRequest));
        Assert.Equal(0, await CountAsync(host, ScanQueue.Name));
    }

    [Fact]
    public async Task ScanOnDemand_AnotherDistrict_403_NoPrincipal_401_NothingEnqueued()
    {
        using var host = FunctionsTestHost.Create(azurite, Now);
        var context = host.Context();
        var functions = host.Create<ScanFunctions>();

        var other = await functions.ScanOnDemandAsync(host.Request(context, "POST", "/api/scan", """{"districtCode":"110112"}""", Principals.District("110111")), context);
        var anonymous = await functions.ScanOnDemandAsync(host.Request(context, "POST", "/api/scan", """{"districtCode":"110111"}""", principal: null), context);

        Assert.Equal(["districtCode"], other.AssertProblem(HttpStatusCode.Forbidden));
        anonymous.AssertProblem(HttpStatusCode.Unauthorized);
        Assert.Equal(0, await CountAsync(host, ScanQueue.Name));
    }

    private static async IAsyncEnumerable<ScanLeaseItem> Broken([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        cancellationToken.ThrowIfCancellationRequested();
        throw new InvalidDataException("partition unreadable");
#pragma warning disable CS0162 // the iterator must yield somewhere to be one
        yield break;
#pragma warning restore CS0162
    }
}
