using System.CommandLine;
using System.Text.Json;
using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Cli.Commands;
using ComplianceMonitor.Cli.Tests.Support;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Infrastructure.Leases;
using ComplianceMonitor.Testing.Records;
using ComplianceMonitor.Testing.Storage;
using Microsoft.Extensions.Time.Testing;

namespace ComplianceMonitor.Cli.Tests.Monitoring;

/// <summary>
/// <c>cm scan</c> after supervisors resolved tasks with <c>cm tasks resolve</c>: the scan that reopens one resolution (breach still
/// found) and confirms another (rent paid) says so, in text and JSON; a scan that rechecks nothing prints what it always did.
/// </summary>
[Trait("Category", "azurite")]
public sealed class TaskRecheckScanOutputTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string District = "110111";

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 6, 22, 22, 0, 0, TimeSpan.Zero)); // 2026-06-23 06:00 Beijing

    [Fact]
    public async Task Scan_AfterOneResolutionStillBreachedAndOnePaid_Prints1Reopened1Confirmed_JsonCountsThem_QuietScanUnchanged()
    {
        var factory = azurite.CreateFactory();
        var leases = new TableLeaseStore(factory);
        await leases.UpsertAsync(Unpaid("FS-R"));
        await leases.UpsertAsync(Unpaid("FS-P"));
        var services = new MonitoringCliServices(() => factory);

        // 2026-06-23: both leases are 53 days overdue on their second instalment; a RENT_ARREARS task each. Nothing awaited a recheck.
        var first = await CmAsync(services, "scan", "--district", District);
        Assert.Equal(ExitCodes.Ok, first.ExitCode);
        Assert.DoesNotContain("reopened", first.Stdout, StringComparison.Ordinal);
        var tasks = await ArrearsTaskIdsAsync(services);

        // 2026-06-24 10:00 Beijing: FS-R resolved with the record unchanged, FS-P resolved with the payment recorded on the lease.
        _clock.SetUtcNow(new DateTimeOffset(2026, 6, 24, 2, 0, 0, TimeSpan.Zero));
        Assert.Equal(ExitCodes.Ok, (await CmAsync(services, "tasks", "resolve", "--id", tasks["FS-R"], "--by", "wang.officer", "--note", "已缴清", "--resolution", "unchanged")).ExitCode);
        Assert.Equal(ExitCodes.Ok, (await CmAsync(
            services, "tasks", "resolve", "--id", tasks["FS-P"], "--by", "wang.officer", "--note", "已缴清", "--resolution", "recorded",
            "--fact", """{"paidOn":"2026-06-24","amountYuan":1000000.00,"ref":"银行回单 0624"}""")).ExitCode);

        // 2026-06-30: FS-R's arrears are still found (its task reopens), FS-P's are gone (its resolution is confirmed).
        _clock.SetUtcNow(new DateTimeOffset(2026, 6, 29, 22, 0, 0, TimeSpan.Zero));
        var recheck = await CmAsync(services, "scan", "--district", District);

        Assert.True(recheck.ExitCode == ExitCodes.Ok, recheck.Stdout + recheck.Stderr);
        var lines = recheck.Stdout.Split('\n', StringSplitOptions.TrimEntries);
        Assert.Contains("tasks: 0 resolved, 1 reopened, 1 confirmed", lines);
        Assert.Equal(["open", "resolved"], await StatesAsync(services, "FS-R", "FS-P"));

        // FS-R resolved unchanged once more on 2026-06-30; the scan of 2026-07-01 reopens it: the JSON carries the counts.
        _clock.SetUtcNow(new DateTimeOffset(2026, 6, 30, 2, 0, 0, TimeSpan.Zero));
        Assert.Equal(ExitCodes.Ok, (await CmAsync(services, "tasks", "resolve", "--id", tasks["FS-R"], "--by", "wang.officer", "--note", "已缴清", "--resolution", "unchanged")).ExitCode);
        _clock.SetUtcNow(new DateTimeOffset(2026, 6, 30, 22, 0, 0, TimeSpan.Zero));
        var json = Assert.Single((await CmAsync(services, "scan", "--district", District, "--format", "json")).Json().EnumerateArray());
        // (Each lease's ASSESSMENT_APPLICATION, six months before the lease ends on 2026-12-31, falls due on 2026-06-30: two new tasks, not reopened ones.)
        Assert.Equal((1, 0, 2, 0), (json.GetProperty("tasksReopened").GetInt32(), json.GetProperty("tasksConfirmed").GetInt32(), json.GetProperty("tasksOpened").GetInt32(), json.GetProperty("tasksResolved").GetInt32()));

        // Scanned again the same day: nothing awaits a recheck, so no line, and the JSON says 0.
        var quiet = await CmAsync(services, "scan", "--district", District);
        Assert.Equal(ExitCodes.Ok, quiet.ExitCode);
        Assert.DoesNotContain("reopened", quiet.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("tasks:", quiet.Stdout, StringComparison.Ordinal);
        var quietJson = Assert.Single((await CmAsync(services, "scan", "--district", District, "--format", "json")).Json().EnumerateArray());
        Assert.Equal((0, 0), (quietJson.GetProperty("tasksReopened").GetInt32(), quietJson.GetProperty("tasksConfirmed").GetInt32()));
    }

    /// <summary>Lease 2022-01-01..2026-12-31: instalments 6,733,750.00 (2022-01-01, paid) and 1,000,000.00 (2026-05-01, unpaid).</summary>
    private static LeaseRecord Unpaid(string id) => SampleLeases.Create(id, District) with
    {
        LeaseStart = new DateOnly(2022, 1, 1),
        LeaseEnd = new DateOnly(2026, 12, 31),
        ConstructionCompletedOn = new DateOnly(2023, 6, 30),
        RentSchedule = [new RentInstalment(new DateOnly(2022, 1, 1), 6_733_750.00m, RentPeriod.Lease), new RentInstalment(new DateOnly(2026, 5, 1), 1_000_000.00m, RentPeriod.Lease)],
        RentPayments = [new Payment(new DateOnly(2022, 1, 1), 6_733_750.00m, "竞买保证金转租金")],
        Events = [],
    };

    private async Task<Dictionary<string, string>> ArrearsTaskIdsAsync(MonitoringCliServices services)
    {
        var list = (await CmAsync(services, "tasks", "list", "--district", District, "--rule", "RENT_ARREARS", "--format", "json")).Json().EnumerateArray().ToList();
        Assert.Equal(2, list.Count);
        return list.ToDictionary(t => t.GetProperty("leaseId").GetString()!, t => t.GetProperty("id").GetString()!);
    }

    private async Task<List<string>> StatesAsync(MonitoringCliServices services, params string[] leaseIds)
    {
        var list = (await CmAsync(services, "tasks", "list", "--district", District, "--rule", "RENT_ARREARS", "--format", "json")).Json().EnumerateArray().ToList();
        return [.. leaseIds.Select(id => list.Single(t => t.GetProperty("leaseId").GetString() == id).GetProperty("state").GetString()!)];
    }

    private async Task<CliRun> CmAsync(MonitoringCliServices services, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = Cm.Context(output, error, _clock);
        var root = new RootCommand
        {
            new ScanCommand(services).Create(context),
            new TasksCommand(services).Create(context),
        };
        var code = await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        return new CliRun(code, output.ToString(), error.ToString());
    }
}

/// <summary>The task-recheck part of the scan summaries: <c>cm run</c>'s scan line (<see cref="RunCommand.ScanLine"/>) and <c>cm scan</c>'s extra line.</summary>
[Trait("Category", "unit")]
public sealed class TaskRecheckSummaryTests
{
    private static readonly DateOnly AsOf = new(2026, 11, 26);

    private static ScanRun Run(string district, int resolved, int reopened, int confirmed) => new()
    {
        RunId = "cm-run-20261126", DistrictCode = district, AsOf = AsOf, StartedAt = Cm.DefaultNow, Outcome = ScanOutcome.Succeeded,
        Leases = 20, Findings = 7, AlertsCreated = 3, AlertsUpdated = 2, AlertsResolved = 1, OutboxQueued = 4, TasksOpened = 2, TasksEscalated = 1,
        TasksResolved = resolved, TasksReopened = reopened, TasksConfirmed = confirmed,
    };

    [Fact]
    public void NothingRechecked_RunLineAsBefore_NoScanLine()
    {
        ScanRun[] runs = [Run("110111", 2, 0, 0), Run("110115", 1, 0, 0)];

        Assert.Equal(
            "scan 2026-11-26: 40 lease(s) in 2 district(s), 14 finding(s); alerts 6 new, 4 updated, 2 resolved; reminders 8 new queued; tasks 4 new, 2 escalated, 3 resolved",
            RunCommand.ScanLine(AsOf, runs));
        Assert.Equal("", ScanCommand.RecheckPart(runs));
        Assert.Null(ScanCommand.RecheckedLine(runs));
    }

    [Fact]
    public void OneReopened_SummedOverDistricts_FollowsResolved()
    {
        ScanRun[] runs = [Run("110111", 2, 1, 0), Run("110115", 1, 0, 0)];

        Assert.Equal(
            "scan 2026-11-26: 40 lease(s) in 2 district(s), 14 finding(s); alerts 6 new, 4 updated, 2 resolved; reminders 8 new queued; tasks 4 new, 2 escalated, 3 resolved, 1 reopened, 0 confirmed",
            RunCommand.ScanLine(AsOf, runs));
        Assert.Equal("tasks: 3 resolved, 1 reopened, 0 confirmed", ScanCommand.RecheckedLine(runs));
    }

    [Fact]
    public void OnlyConfirmed_StillPrintsBoth()
    {
        ScanRun[] runs = [Run("110111", 0, 0, 2), Run("110115", 0, 0, 1)];

        Assert.EndsWith("tasks 4 new, 2 escalated, 0 resolved, 0 reopened, 3 confirmed", RunCommand.ScanLine(AsOf, runs), StringComparison.Ordinal);
        Assert.Equal("tasks: 0 resolved, 0 reopened, 3 confirmed", ScanCommand.RecheckedLine(runs));
    }
}
