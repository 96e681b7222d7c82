using ComplianceMonitor.Application.Leases;
using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Tasks;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Functions.Scanning;
using ComplianceMonitor.Functions.Tests.Support;
using ComplianceMonitor.Testing.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceMonitor.Functions.Tests.Scanning;

/// <summary>
/// The queue scan (<see cref="ScanFunctions.ScanDistrictAsync"/>, called as the worker calls it, with a Moq'd
/// <see cref="FunctionContext"/>) refuses a fan-out message for a day other than today in Beijing: taken from the queue
/// after midnight, a day late, or for a future day, it scans, sends, opens and resolves nothing.
/// </summary>
[Trait("Category", "azurite")]
[Collection("azurite")]
public sealed class StaleScanMessageTests(AzuriteFixture azurite)
{
    private const string District = "110111";

    // 2026-03-06 07:30 Beijing.
    private static readonly DateTimeOffset Now = new(2026, 3, 5, 23, 30, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2026, 3, 6);

    private static FunctionContext QueueContext(FunctionsTestHost host, string id) =>
        host.Context(new Dictionary<string, object?> { ["Id"] = id, ["DequeueCount"] = "1" });

    /// <summary>A lease whose instalment of 2026-03-01 is unpaid: on 2026-03-06 an overdue obligation with a reminder and a task.</summary>
    private static LeaseRecord Overdue() => TestRecords.Lease("FS-2024-0007", District) with
    {
        RentSchedule = [.. TestRecords.Lease().RentSchedule, new RentInstalment(new DateOnly(2026, 3, 1), 1_546_750.00m, RentPeriod.Lease)],
    };

    private static async Task<int> CountAsync<T>(IAsyncEnumerable<StoreReadItem<T>> items)
        where T : class
    {
        var n = 0;
        await foreach (var _ in items)
        {
            n++;
        }

        return n;
    }

    [Fact]
    public async Task ScanDistrict_MessageForTodayTakenAfterMidnight_RefusedNothingScannedRunRecordedFailed()
    {
        using var host = FunctionsTestHost.Create(azurite, Now);
        await host.Services.GetRequiredService<ILeaseStore>().UpsertAsync(Overdue());
        var message = new ScanRequestMessage(District, Today, "daily-20260306").ToJson();
        host.Time.Advance(TimeSpan.FromHours(16) + TimeSpan.FromMinutes(40)); // 2026-03-07 00:10 Beijing

        await host.Create<ScanFunctions>().ScanDistrictAsync(message, QueueContext(host, "msg-late"));

        Assert.Equal(0, await CountAsync(host.Services.GetRequiredService<IAlertStore>().ListAsync(District)));
        Assert.Equal(0, await CountAsync(host.Services.GetRequiredService<IOutboxStore>().ListAsync(District)));
        Assert.Equal(0, await CountAsync(host.Services.GetRequiredService<ITaskStore>().ListAsync(District)));
        var run = await host.Services.GetRequiredService<IRunStore>().GetAsync(District, "daily-20260306");
        Assert.NotNull(run);
        Assert.Equal((ScanOutcome.Failed, Today, 0, 0), (run.Outcome, run.AsOf, run.Leases, run.AlertsCreated));
        Assert.Equal(
            "refused: message msg-late asks for 2026-03-06 but was taken from the queue on 2026-03-07 (Beijing); nothing was scanned, sent, opened or resolved; a scan only runs for today (cm scan --backdate for a deliberate back-dated run)",
            run.Error);
        var warning = Assert.Single(host.Logs.WithEvent(5025));
        Assert.Equal(new DateOnly(2026, 3, 7), warning.State["Today"]);
    }

    [Fact]
    public async Task ScanDistrict_YesterdaysSucceededMessageRedeliveredToday_ResolvesNothingAndWritesNothing()
    {
        // Yesterday's scan opened the alert, reminder and task; today the instalment is paid. A redelivered copy of
        // yesterday's message must not resolve them on yesterday's terms (nor anything else): storage stays as it was.
        using var host = FunctionsTestHost.Create(azurite, Now.AddDays(-1));
        var leases = host.Services.GetRequiredService<ILeaseStore>();
        await leases.UpsertAsync(Overdue());
        var yesterday = new ScanRequestMessage(District, Today.AddDays(-1), "daily-20260305").ToJson();
        var functions = host.Create<ScanFunctions>();
        await functions.ScanDistrictAsync(yesterday, QueueContext(host, "msg-1"));
        var alerts = await CountAsync(host.Services.GetRequiredService<IAlertStore>().ListAsync(District));
        Assert.True(alerts > 0);
        host.Time.Advance(TimeSpan.FromDays(1));
        await leases.UpsertAsync(TestRecords.Lease("FS-2024-0007", District));
        var before = await StorageSnapshot.TakeAsync(host.Tables);

        await functions.ScanDistrictAsync(yesterday, QueueContext(host, "msg-1-again"));

        var diff = (await StorageSnapshot.TakeAsync(host.Tables)).DifferencesFrom(before);
        Assert.True(diff.Length == 0, "storage changed:\n" + diff);
        Assert.Equal(ScanOutcome.Succeeded, (await host.Services.GetRequiredService<IRunStore>().GetAsync(District, "daily-20260305"))!.Outcome);
        Assert.Single(host.Logs.WithEvent(5025));
    }

    [Fact]
    public async Task ScanDistrict_MessageForTomorrow_RefusedNothingScanned()
    {
        using var host = FunctionsTestHost.Create(azurite, Now);
        await host.Services.GetRequiredService<ILeaseStore>().UpsertAsync(Overdue());
        var message = new ScanRequestMessage(District, Today.AddDays(1), "ondemand-tomorrow").ToJson();

        await host.Create<ScanFunctions>().ScanDistrictAsync(message, QueueContext(host, "msg-future"));

        Assert.Equal(0, await CountAsync(host.Services.GetRequiredService<IAlertStore>().ListAsync(District)));
        Assert.Equal(0, await CountAsync(host.Services.GetRequiredService<IOutboxStore>().ListAsync(District)));
        var run = await host.Services.GetRequiredService<IRunStore>().GetAsync(District, "ondemand-tomorrow");
        Assert.Equal((ScanOutcome.Failed, new DateOnly(2026, 3, 7)), (run!.Outcome, run.AsOf));
        Assert.StartsWith("refused: message msg-future asks for 2026-03-07 but was taken from the queue on 2026-03-06 (Beijing)", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScanDistrict_MessageForToday_StillScans_ControlCase()
    {
        using var host = FunctionsTestHost.Create(azurite, Now);
        await host.Services.GetRequiredService<ILeaseStore>().UpsertAsync(Overdue());

        await host.Create<ScanFunctions>().ScanDistrictAsync(new ScanRequestMessage(District, Today, "daily-20260306").ToJson(), QueueContext(host, "msg-today"));

        Assert.Equal(ScanOutcome.Succeeded, (await host.Services.GetRequiredService<IRunStore>().GetAsync(District, "daily-20260306"))!.Outcome);
        Assert.True(await CountAsync(host.Services.GetRequiredService<ITaskStore>().ListAsync(District)) > 0);
        Assert.Empty(host.Logs.WithEvent(5025));
    }
}
