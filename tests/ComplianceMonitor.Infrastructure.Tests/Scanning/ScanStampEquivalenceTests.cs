using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.ScanBench;
using Xunit.Abstractions;

namespace ComplianceMonitor.Infrastructure.Tests.Scanning;

/// <summary>
/// A lease whose stored <see cref="ScanStamp"/> holds for the scan's day is neither parsed nor evaluated. This proves the
/// shortcut changes nothing: two worlds with the same synthetic portfolio (every stage of a lease's life) are scanned every day
/// for 75 days, one with stamps, the other with the stamps cut back to bare fingerprints (every lease evaluated every day, as
/// before stamps); records change on some days, some days are scanned twice. After every scan, every alert, reminder and task
/// and every run's counts and warnings are the same in both worlds, while the stamped world parses far fewer leases.
/// </summary>
[Trait("Category", "unit")]
public sealed class ScanStampEquivalenceTests(ITestOutputHelper output)
{
    private static readonly DateOnly Start = new(2026, 6, 23);

    [Fact]
    public async Task DailyScans75Days_WithAndWithoutStamps_SameAlertsRemindersTasksAndRuns_StampedParsesFewer()
    {
        var portfolio = new PortfolioGenerator(20261207, Start).Generate(360);
        var stamped = await StampWorld.CreateAsync(portfolio, stripStamps: false);
        var plain = await StampWorld.CreateAsync(portfolio, stripStamps: true);
        var renamed = 0;

        for (var day = 0; day < 75; day++)
        {
            var asOf = Start.AddDays(day);
            if (day % 20 == 10)
            {
                // Some records change (an import renames the land user): the stamp is dropped with the old record.
                foreach (var lease in portfolio.Where((_, i) => i % 37 == day % 37).Take(8))
                {
                    var changed = lease with { LandUser = lease.LandUser with { Name = $"{lease.LandUser.Name}（{day}）" } };
                    await stamped.Storage.Leases.UpsertAsync(changed);
                    await plain.Storage.Leases.UpsertAsync(changed);
                    renamed++;
                }
            }

            var scans = day % 9 == 4 ? 2 : 1; // the timer fires twice on some days
            for (var s = 0; s < scans; s++)
            {
                var a = await stamped.ScanAsync(asOf, asOf);
                var b = await plain.ScanAsync(asOf, asOf);
                Assert.Equal(b.Runs, a.Runs);
                Assert.Equal(await plain.SnapshotAsync(), await stamped.SnapshotAsync());
            }
        }

        output.WriteLine($"leases parsed: stamped {stamped.Leases.Parsed}, plain {plain.Leases.Parsed}");
        Assert.Equal(32, renamed);
        Assert.Equal(360 * 83, plain.Leases.Parsed); // 75 days + 8 second scans, every lease every time
        Assert.InRange(stamped.Leases.Parsed, 1, 360 * 83 / 4); // measured 3,800 of 29,880 (13%): windows of up to 7 days, and same-day rescans parse nothing
        var (alerts, outbox, tasks) = await stamped.CountsAsync();
        Assert.True(alerts > 300 && outbox > 300 && tasks > 30, $"the portfolio must exercise the scan: {alerts} alerts, {outbox} reminders, {tasks} tasks");
    }

    [Fact]
    public async Task SameDayRescan_EveryLeaseStamped_NothingParsed()
    {
        var world = await StampWorld.CreateAsync(new PortfolioGenerator(7, Start).Generate(90), stripStamps: false);
        await world.ScanAsync(Start, Start);
        var parsedByFirst = world.Leases.Parsed;

        var again = await world.ScanAsync(Start, Start);

        Assert.Equal(90, parsedByFirst);
        Assert.Equal(90, world.Leases.Parsed); // none more
        Assert.Equal(90, again.Leases);
    }
}
