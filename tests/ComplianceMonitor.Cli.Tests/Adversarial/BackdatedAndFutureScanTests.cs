using ComplianceMonitor.Cli.Tests.Support;
using System.CommandLine;
using ComplianceMonitor.Cli.Commands;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Infrastructure.Leases;
using ComplianceMonitor.Infrastructure.Storage;
using ComplianceMonitor.Testing.Records;
using ComplianceMonitor.Testing.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;

namespace ComplianceMonitor.Cli.Tests.Adversarial;

/// <summary>
/// Theme: scans for a day other than today (Beijing). <c>cm scan</c> refuses a past day unless <c>--backdate</c> names the
/// choice, and a future day always; a refused scan writes nothing (storage snapshot before = after).
/// </summary>
[Trait("Category", "azurite")]
public sealed class BackdatedAndFutureScanTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 6, 22, 22, 0, 0, TimeSpan.Zero)); // 2026-06-23 06:00 Beijing

    /// <summary>Ends 2026-09-30: the assessment application was due 2026-03-31 (overdue on every day tried here).</summary>
    private static LeaseRecord Overdue(string id) => SampleLeases.Create(id, "110111") with
    {
        LeaseStart = new DateOnly(2021, 10, 1),
        LeaseEnd = new DateOnly(2026, 9, 30),
        ConstructionCompletedOn = new DateOnly(2023, 6, 30),
        RentSchedule = [new RentInstalment(new DateOnly(2021, 10, 1), 7_733_750.00m, RentPeriod.Lease)],
        RentPayments = [new Payment(new DateOnly(2021, 10, 1), 7_733_750.00m, "竞买保证金转租金")],
        Events = [],
    };

    public static TheoryData<string[], string> Refused => new()
    {
        {
            ["scan", "--as-of", "2026-06-01", "--district", "110111"],
            "error: --as-of 2026-06-01 is not today in Beijing (2026-06-23); a scan for another day sends, opens and resolves nothing unless asked: add --backdate for a deliberate back-dated run, or use 'cm check --as-of' to see its findings without writing anything."
        },
        {
            ["scan", "--as-of", "2026-06-22"],
            "error: --as-of 2026-06-22 is not today in Beijing (2026-06-23); a scan for another day sends, opens and resolves nothing unless asked: add --backdate for a deliberate back-dated run, or use 'cm check --as-of' to see its findings without writing anything."
        },
        {
            ["scan", "--as-of", "2026-06-24", "--district", "110111"],
            "error: --as-of 2026-06-24 is after today in Beijing (2026-06-23); a scan never runs for a future day (it would send reminders and open tasks early). Use 'cm check --as-of' to see that day's findings without writing anything."
        },
        {
            ["scan", "--as-of", "2027-01-01", "--backdate"],
            "error: --as-of 2027-01-01 is after today in Beijing (2026-06-23); a scan never runs for a future day (it would send reminders and open tasks early). Use 'cm check --as-of' to see that day's findings without writing anything."
        },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task Scan_OtherDayWithoutBackdateOrFuture_Exit2AndNothingWritten(string[] args, string expected)
    {
        var (services, factory) = await LoadedAsync(Overdue("FS-BD-1"));
        var before = await StorageSnapshot.TakeAsync(factory);

        var (code, stdout, stderr) = await CmAsync(services, args);
        var after = await StorageSnapshot.TakeAsync(factory);

        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Equal(expected, stderr.TrimEnd());
        Assert.Equal(string.Empty, stdout);
        Assert.True(after == before || after.DifferencesFrom(before).Length == 0, after.DifferencesFrom(before));
    }

    [Fact]
    public async Task Scan_PastDayWithBackdate_RunsForThatDay()
    {
        var (services, factory) = await LoadedAsync(Overdue("FS-BD-2"));
        var before = await StorageSnapshot.TakeAsync(factory);

        var (code, stdout, stderr) = await CmAsync(services, "scan", "--as-of", "2026-06-01", "--backdate", "--district", "110111");
        var after = await StorageSnapshot.TakeAsync(factory);

        Assert.True(code == ExitCodes.Ok, stderr);
        Assert.Contains("as of 2026-06-01 (Beijing)", stdout, StringComparison.Ordinal);
        Assert.NotEqual(string.Empty, after.DifferencesFrom(before));
    }

    private async Task<(MonitoringCliServices Services, TableClientFactory Factory)> LoadedAsync(params LeaseRecord[] leases)
    {
        var factory = azurite.CreateFactory();
        var store = new TableLeaseStore(factory);
        foreach (var lease in leases)
        {
            await store.UpsertAsync(lease);
        }

        return (new MonitoringCliServices(() => factory), factory);
    }

    private static async Task<(int Code, string Stdout, string Stderr)> CmAsync(MonitoringCliServices services, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = Cm.Context(output, error, Clock);
        var root = new RootCommand { new ScanCommand(services).Create(context) };
        var code = await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        return (code, output.ToString(), error.ToString());
    }
}
