using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Tasks;
using ComplianceMonitor.Domain.Calendar;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Policy;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Domain.Rules;
using ComplianceMonitor.ScanBench;
using ComplianceMonitor.Testing.Records;
using ComplianceMonitor.Testing.InMemory;

namespace ComplianceMonitor.Infrastructure.Tests.Scanning;

/// <summary>
/// Adversarial review of the scan stamps (<see cref="ScanStamp"/>): scenarios <see cref="ScanStampEquivalenceTests"/> does not
/// exercise (back-dated and future-dated scans, gaps longer than the window, tasks a person resolved on a stamped lease, a
/// quarantine entry on a stamped lease, a lease replaced while the scan runs, an engine over other policy data). Each runs two
/// worlds over the same portfolio, one with stamps, one with every stamp cut back to its bare fingerprint (every lease parsed
/// and evaluated every time), and requires the same alerts, reminders, tasks, quarantine and run counts after every scan.
/// </summary>
[Trait("Category", "unit")]
public sealed class ScanStampReviewTests
{
    private static readonly DateOnly Start = new(2026, 6, 23);

    [Fact]
    public async Task BackDatedFutureDatedAndGapsBeyondTheWindow_SameAsEvaluatingEveryLease()
    {
        var portfolio = new PortfolioGenerator(424242, Start).Generate(200);
        var stamped = await StampWorld.CreateAsync(portfolio, stripStamps: false);
        var plain = await StampWorld.CreateAsync(portfolio, stripStamps: true);

        // (day scanned, day on the clock): forward days, same-day reruns, back-dated reruns (before the stored stamps' first
        // day, and inside them), a future-dated run, and gaps of 8 to 20 days (past every window).
        (int AsOf, int Clock)[] schedule =
        [
            (0, 0), (1, 1), (2, 2), (2, 2), (10, 10), (4, 10), (11, 11), (12, 12), (5, 12), (13, 13), (20, 20), (27, 27), (40, 27),
            (28, 28), (29, 29), (49, 49), (30, 49), (50, 50), (51, 51), (52, 52), (53, 53), (70, 70), (71, 71), (60, 71), (72, 72),
        ];
        var skipped = 0;
        foreach (var (asOf, clock) in schedule)
        {
            var parsedBefore = stamped.Leases.Parsed;
            var a = await stamped.ScanAsync(Start.AddDays(asOf), Start.AddDays(clock));
            var b = await plain.ScanAsync(Start.AddDays(asOf), Start.AddDays(clock));
            Assert.Equal(b, a);
            Assert.Equal(await plain.SnapshotAsync(), await stamped.SnapshotAsync());
            skipped += 200 - (stamped.Leases.Parsed - parsedBefore);
        }

        Assert.Equal(200 * schedule.Length, plain.Leases.Parsed);
        Assert.True(skipped > 1000, $"the stamps must be exercised: {skipped} lease scans skipped");
        var (alerts, outbox, tasks) = await stamped.CountsAsync();
        Assert.True(alerts > 150 && outbox > 150 && tasks > 15, $"the portfolio must exercise the scan: {alerts} alerts, {outbox} reminders, {tasks} tasks");
    }

    [Fact]
    public async Task TasksResolvedUnchangedByAPerson_OnStampedLeases_ReopenedAsWithoutStamps()
    {
        var portfolio = new PortfolioGenerator(515151, Start).Generate(200);
        var stamped = await StampWorld.CreateAsync(portfolio, stripStamps: false);
        var plain = await StampWorld.CreateAsync(portfolio, stripStamps: true);
        var resolved = 0;
        for (var day = 0; day < 30; day++)
        {
            var asOf = Start.AddDays(day);
            if (day is 6 or 13 or 21)
            {
                // Between scans, while the leases' stamps still hold, an inspector resolves every active task "record
                // unchanged", the same way in both worlds; the next scan must reopen those still found.
                var at = new DateTimeOffset(asOf.AddDays(-1).ToDateTime(new TimeOnly(3, 0)), TimeSpan.Zero);
                var count = await stamped.ResolveActiveTasksAsync(at);
                Assert.Equal(count, await plain.ResolveActiveTasksAsync(at));
                resolved += count;
            }

            var parsedBefore = stamped.Leases.Parsed;
            var a = await stamped.ScanAsync(asOf, asOf);
            var b = await plain.ScanAsync(asOf, asOf);
            Assert.Equal(b, a);
            Assert.Equal(await plain.SnapshotAsync(), await stamped.SnapshotAsync());
            if (day is 7 or 14 or 22)
            {
                // The leases of the awaiting tasks were stamped, not evaluated, yet their findings were checked.
                Assert.True(stamped.Leases.Parsed - parsedBefore < 200, "the stamps must hold on the day of the recheck");
            }
        }

        var reopened = await stamped.TaskHistoryCountAsync("reopened");
        Assert.True(resolved > 10, $"{resolved} tasks resolved by a person");
        Assert.True(reopened > 10, $"{reopened} tasks reopened by the scan");
        Assert.Equal(reopened, await plain.TaskHistoryCountAsync("reopened"));
    }

    [Fact]
    public async Task QuarantineEntryOnAStampedLease_EvaluatedAndReleased_AsWithoutStamps()
    {
        var portfolio = new PortfolioGenerator(616161, Start).Generate(60);
        var stamped = await StampWorld.CreateAsync(portfolio, stripStamps: false);
        var plain = await StampWorld.CreateAsync(portfolio, stripStamps: true);
        await stamped.ScanAsync(Start, Start);
        await plain.ScanAsync(Start, Start);

        // A quarantine entry left by another scan (e.g. a build whose rule threw) on leases whose stamps hold today, one per district.
        var victims = portfolio
            .Where(l => ScanStamp.Parse(stamped.Storage.Leases.ScanStateOf(l.DistrictCode, l.LeaseId)) is { } s && s.Through >= Start)
            .DistinctBy(l => l.DistrictCode)
            .Take(5)
            .ToList();
        Assert.Equal(5, victims.Count);
        foreach (var world in new[] { stamped, plain })
        {
            foreach (var lease in victims)
            {
                await world.Storage.Quarantine.PutManyAsync(lease.DistrictCode, [new QuarantineEntry(lease.DistrictCode, lease.LeaseId, "other-run", Start, "rule evaluation failed: test", DateTimeOffset.UnixEpoch)]);
            }
        }

        var parsedBefore = stamped.Leases.Parsed;
        var a = await stamped.ScanAsync(Start, Start);
        var b = await plain.ScanAsync(Start, Start);

        Assert.Equal(b, a);
        Assert.Equal(await plain.SnapshotAsync(), await stamped.SnapshotAsync());
        Assert.Equal(5, stamped.Leases.Parsed - parsedBefore); // exactly the quarantined ones, evaluated whatever their stamps say
        Assert.Equal(5, a.Released);
        foreach (var lease in victims)
        {
            Assert.Empty(await stamped.Storage.Quarantine.ListAsync(lease.DistrictCode).ToListAsync());
        }
    }

    [Fact]
    public async Task LeaseReplacedBetweenTheReadAndTheStampWrite_StampNotWritten_NextScanComparesTheNewRecord()
    {
        var portfolio = new PortfolioGenerator(717171, Start).Generate(60);
        var stamped = await StampWorld.CreateAsync(portfolio, stripStamps: false);
        var plain = await StampWorld.CreateAsync(portfolio, stripStamps: true);
        await stamped.ScanAsync(Start, Start);
        await plain.ScanAsync(Start, Start);

        // A lease with alerts, whose stamp has run out by the second scan (so that scan evaluates it and stores a new stamp).
        var day = Start.AddDays(ScanStamp.WindowDays + 1);
        var target = await FirstLeaseWithAlertsAsync(stamped, portfolio);
        var renamed = target with { LandUser = target.LandUser with { Name = target.LandUser.Name + "（更名）" } };
        foreach (var world in new[] { stamped, plain })
        {
            // An import replaces the record while the scan runs: after the lease stream was read, before the stamps are written.
            var done = false;
            world.Storage.OnStep = async op =>
            {
                if (!done && op == "leases.WriteScanStates")
                {
                    done = true;
                    await world.Storage.Leases.UpsertAsync(renamed);
                }
            };
        }

        Assert.Equal(await plain.ScanAsync(day, day), await stamped.ScanAsync(day, day));
        stamped.Storage.OnStep = null;
        plain.Storage.OnStep = null;
        Assert.Null(stamped.Storage.Leases.ScanStateOf(target.DistrictCode, target.LeaseId)); // the stamp of the old record was refused

        Assert.Equal(await plain.ScanAsync(day, day), await stamped.ScanAsync(day, day));
        Assert.Equal(await plain.SnapshotAsync(), await stamped.SnapshotAsync());
        var alerts = await stamped.Storage.Alerts.ListByLeaseAsync(target.DistrictCode, target.LeaseId).ToListAsync();
        Assert.NotEmpty(alerts);
        Assert.All(alerts.Where(x => x.State == AlertState.Open), x => Assert.Equal(renamed.LandUser.Name, x.LandUserName));
    }

    [Fact]
    public async Task ReminderStageDueTheDayAfterTheWindow_StampEndsTheDayBefore_QueuedOnItsDay()
    {
        // A rent instalment of 100,000 yuan due 2026-09-01, unpaid: RENT_DUE at stage D-60 until 2026-08-01, D-30 (and
        // warning) from 2026-08-02. Scanned on 2026-07-30: its stamp holds 2026-07-30..2026-08-01, exactly.
        var dueOn = new DateOnly(2026, 9, 1);
        var sample = SampleLeases.Create("FS-STAGE-1", "110111");
        var lease = sample with { RentSchedule = [.. sample.RentSchedule, new RentInstalment(dueOn, 100_000.00m, RentPeriod.Lease)] };
        var stamped = await StampWorld.CreateAsync([lease], stripStamps: false);
        var plain = await StampWorld.CreateAsync([lease], stripStamps: true);
        var first = new DateOnly(2026, 7, 30);

        foreach (var (day, parsed) in new[] { (first, 1), (first.AddDays(1), 0), (first.AddDays(2), 0), (first.AddDays(3), 1), (first.AddDays(4), 0) })
        {
            var parsedBefore = stamped.Leases.Parsed;
            Assert.Equal(await plain.ScanAsync(day, day), await stamped.ScanAsync(day, day));
            Assert.Equal(await plain.SnapshotAsync(), await stamped.SnapshotAsync());
            Assert.Equal(parsed, stamped.Leases.Parsed - parsedBefore);
            var stamp = ScanStamp.Parse(stamped.Storage.Leases.ScanStateOf("110111", "FS-STAGE-1"));
            Assert.NotNull(stamp);
            Assert.Equal(
                day < first.AddDays(3) ? (first, new DateOnly(2026, 8, 1)) : (new DateOnly(2026, 8, 2), new DateOnly(2026, 8, 9)),
                (stamp.Value.From, stamp.Value.Through));
        }

        var reminders = await stamped.Storage.Outbox.ListAsync("110111").Select(i => i.Item!).Where(o => o.Rule == RuleCode.RENT_DUE).ToListAsync();
        Assert.Equal(
            [("D-60", OutboxChannel.Email, first), ("D-30", OutboxChannel.Email, new DateOnly(2026, 8, 2))],
            reminders.Select(o => (o.Stage, o.Channel, o.QueuedOn)).OrderBy(x => x.QueuedOn));
        var alert = Assert.Single(await stamped.Storage.Alerts.ListByLeaseAsync("110111", "FS-STAGE-1").Where(a => a.Rule == RuleCode.RENT_DUE).ToListAsync());
        Assert.Equal((Severity.Warning, dueOn, 100_000.00m, new DateOnly(2026, 8, 2)), (alert.Severity, alert.Deadline!.Value, alert.AmountYuan!.Value, alert.LastSeenOn));
    }

    [Fact]
    public async Task BackDatedRunAfterTheDaysScan_ItsAlertsOfTheOlderDay_ResolvedByTheNextForwardScan()
    {
        // Rent of 100,000 yuan due 2026-08-08, unpaid, and another due 2026-09-20. Scanned on 2026-08-10: RENT_ARREARS (08-08)
        // and RENT_DUE (09-20). Then a deliberate back-dated run for 2026-08-05 finds RENT_DUE (08-08) and opens its alert, while
        // the two alerts seen on 08-10 stay open (issue 9), so its stamp is not stored. The next scan of 08-10 and of 08-11 must
        // compare the lease in full and resolve RENT_DUE (08-08), as a scan that compares every lease would.
        var sample = SampleLeases.Create("FS-BACK-1", "110111");
        var lease = sample with
        {
            RentSchedule = [.. sample.RentSchedule, new RentInstalment(new DateOnly(2026, 8, 8), 100_000.00m, RentPeriod.Lease), new RentInstalment(new DateOnly(2026, 9, 20), 100_000.00m, RentPeriod.Lease)],
        };
        var today = new DateOnly(2026, 8, 10);
        foreach (var stripStamps in new[] { false, true })
        {
            var world = await StampWorld.CreateAsync([lease], stripStamps);
            await world.ScanAsync(today, today);
            Assert.Equal(
                ["RENT_ARREARS:rent:2026-08-08 open 2026-08-10", "RENT_DUE:rent:2026-09-20 open 2026-08-10"],
                await RentAlertsAsync(world));

            await world.ScanAsync(new DateOnly(2026, 8, 5), today);
            Assert.Equal(
                ["RENT_ARREARS:rent:2026-08-08 open 2026-08-10", "RENT_DUE:rent:2026-08-08 open 2026-08-05", "RENT_DUE:rent:2026-09-20 open 2026-08-10"],
                await RentAlertsAsync(world));

            await world.ScanAsync(today, today);
            await world.ScanAsync(today.AddDays(1), today.AddDays(1));
            Assert.Equal(
                ["RENT_ARREARS:rent:2026-08-08 open 2026-08-10", "RENT_DUE:rent:2026-08-08 resolved 2026-08-05", "RENT_DUE:rent:2026-09-20 open 2026-08-10"],
                await RentAlertsAsync(world));
        }
    }

    private static async Task<List<string>> RentAlertsAsync(StampWorld world) =>
        (await world.Storage.Alerts.ListAsync("110111").Select(i => i.Item!).Where(a => a.Rule is RuleCode.RENT_DUE or RuleCode.RENT_ARREARS).ToListAsync())
            .Select(a => $"{a.Rule}:{a.Subject} {(a.State == AlertState.Open ? "open" : "resolved")} {a.LastSeenOn:yyyy-MM-dd}")
            .Order(StringComparer.Ordinal)
            .ToList();

    [Fact]
    public async Task AnotherScannerOverOtherPolicyData_SameStorage_SameAsEvaluatingEveryLease()
    {
        var portfolio = new PortfolioGenerator(818181, Start).Generate(200);
        var stamped = await StampWorld.CreateAsync(portfolio, stripStamps: false);
        var plain = await StampWorld.CreateAsync(portfolio, stripStamps: true);
        Assert.Equal(await plain.ScanAsync(Start, Start), await stamped.ScanAsync(Start, Start));

        // The same rules (same types, same builds) over other parameter sets: a 60-day warning window instead of 30, so
        // obligations 31-60 days away turn from info to warning. ScanService takes any RuleEngine.
        var wider = new RuleEngine(
            RuleCatalog.All, new PolicyCatalog(PolicyCatalog.Default.Sets.Select(s => s with { WarningWindowDays = s.WarningWindowDays + 30 })), WorkingDayCalendar.Default);
        var day = Start.AddDays(1);
        var b = await plain.With(wider, stripStamps: true).ScanAsync(day, day);
        var a = await stamped.With(wider, stripStamps: false).ScanAsync(day, day);

        Assert.True(b.Updated > 5, $"the other policy data must change alerts: {b.Updated} updated");
        Assert.Equal(b, a);
        Assert.Equal(await plain.SnapshotAsync(), await stamped.SnapshotAsync());
    }

    private static async Task<LeaseRecord> FirstLeaseWithAlertsAsync(StampWorld world, IReadOnlyList<LeaseRecord> portfolio)
    {
        foreach (var lease in portfolio)
        {
            var open = await world.Storage.Alerts.ListByLeaseAsync(lease.DistrictCode, lease.LeaseId).Where(a => a.State == AlertState.Open).ToListAsync();
            var stamp = ScanStamp.Parse(world.Storage.Leases.ScanStateOf(lease.DistrictCode, lease.LeaseId));
            if (open.Count > 0 && stamp is { } s && s.Through < Start.AddDays(ScanStamp.WindowDays + 1))
            {
                return lease;
            }
        }

        throw new InvalidOperationException("no stamped lease with open alerts in the portfolio");
    }
}
