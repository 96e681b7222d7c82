using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Tasks;
using ComplianceMonitor.Testing.Storage;
using static ComplianceMonitor.Infrastructure.Tests.Scanning.ScanLeases;

namespace ComplianceMonitor.Infrastructure.Tests.Scanning;

/// <summary>A deliberate back-dated scan (cm scan --backdate, cm run --as-of) never resolves an alert a later scan saw.</summary>
[Trait("Category", "azurite")]
[Collection("azurite")]
public sealed class BackdatedScanTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task BackdatedScan_FindingGoneAsOfThatDay_AlertLastSeenLaterStaysOpen_TodaysScanResolvesIt()
    {
        var host = new ScanHost(azurite);
        await host.BulkLoadAsync([Overdue("FS-C")]);
        await host.ScanAsync(Day); // 2026-06-23: the overdue assessment application opens an alert and a task
        var key = "FS-C|ASSESSMENT_APPLICATION|2026-03-31";
        Assert.Equal((AlertState.Open, Day), (await AlertAsync(host, key)).Let(a => (a.State, a.LastSeenOn)));

        // The application turns out to have been made on 2026-06-10; an operator re-runs 2026-06-20.
        await host.Leases.UpsertAsync(Applied(Overdue("FS-C"), new DateOnly(2026, 6, 10)));
        var backdated = await host.ScanAsync(new DateOnly(2026, 6, 20));

        Assert.Equal(0, backdated.AlertsResolved);
        Assert.Equal(0, backdated.TasksResolved);
        Assert.Equal((AlertState.Open, Day), (await AlertAsync(host, key)).Let(a => (a.State, a.LastSeenOn)));
        Assert.Equal(TaskState.Open, Assert.Single(await host.TasksAsync(), t => t.Id == key).State);

        var today = await host.ScanAsync(Day);

        Assert.Equal(1, today.AlertsResolved);
        Assert.Equal((AlertState.Resolved, (DateOnly?)Day), (await AlertAsync(host, key)).Let(a => (a.State, a.ResolvedOn)));
    }

    private static async Task<Alert> AlertAsync(ScanHost host, string key) => Assert.Single(await host.AlertsAsync(), a => a.Key == key);
}

internal static class LetExtensions
{
    public static TResult Let<T, TResult>(this T value, Func<T, TResult> f) => f(value);
}
