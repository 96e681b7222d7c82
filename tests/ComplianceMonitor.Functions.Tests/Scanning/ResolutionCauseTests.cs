using ComplianceMonitor.Application.Leases;
using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Tasks;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Domain.Rules;
using ComplianceMonitor.Functions.Tests.Support;
using ComplianceMonitor.Testing.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceMonitor.Functions.Tests.Scanning;

/// <summary>
/// A task the scan resolves because a person changed the lease names that person: the app's composition over Azurite,
/// the lease written through <see cref="LeaseWriter"/> (as PUT, events and imports write it), the next day's scan.
/// </summary>
[Trait("Category", "azurite")]
[Collection("azurite")]
public sealed class ResolutionCauseTests(AzuriteFixture azurite)
{
    private const string District = "110111";
    private static readonly DateTimeOffset Now = new(2026, 3, 5, 23, 30, 0, TimeSpan.Zero); // 2026-03-06 07:30 Beijing
    private static readonly DateOnly Today = new(2026, 3, 6);

    /// <summary>The instalment of 2026-03-01 is unpaid: on 2026-03-06 rent arrears with a task.</summary>
    private static LeaseRecord Overdue() => TestRecords.Lease("FS-2024-0007", District) with
    {
        RentSchedule = [.. TestRecords.Lease().RentSchedule, new RentInstalment(new DateOnly(2026, 3, 1), 1_546_750.00m, RentPeriod.Lease)],
    };

    [Fact]
    public async Task Scan_TaskGoneAfterALeaseChange_TaskHistoryNamesWhoChangedTheLeaseAndWhen()
    {
        using var host = FunctionsTestHost.Create(azurite, Now);
        var writer = host.Services.GetRequiredService<LeaseWriter>();
        var scan = host.Services.GetRequiredService<ScanService>();
        var tasks = host.Services.GetRequiredService<ITaskStore>();
        await writer.UpsertAsync(Overdue(), "wang.officer", "api");
        await scan.ScanDistrictAsync(District, Today, "daily-20260306");
        var opened = new List<EnforcementTask>();
        await foreach (var item in tasks.ListAsync(District))
        {
            opened.Add(item.Item!);
        }

        var arrears = Assert.Single(opened, t => t.Rule == RuleCode.RENT_ARREARS && t.IsActive);

        host.Time.Advance(TimeSpan.FromHours(3)); // 2026-03-06 10:30 Beijing: the payment is recorded
        var paidAt = host.Time.GetUtcNow();
        var paid = Overdue() with { RentPayments = [.. Overdue().RentPayments, new Payment(new DateOnly(2026, 3, 6), 1_546_750.00m, "补缴租金")] };
        Assert.Equal(UpsertOutcome.Updated, await writer.UpsertAsync(paid, "li.officer", "cli import"));
        host.Time.Advance(TimeSpan.FromHours(19)); // 2026-03-07 05:30 Beijing
        await scan.ScanDistrictAsync(District, Today.AddDays(1), "daily-20260307");

        var resolved = (await tasks.GetAsync(District, arrears.Id))!;
        Assert.Equal(TaskState.Resolved, resolved.State);
        var last = resolved.History[^1];
        Assert.Equal(("resolved", EnforcementTask.SystemActor), (last.Action, last.By));
        Assert.Equal(
            $"obligation met; resolved by scan after lease change by li.officer at {paidAt.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'} (cli import, updated)",
            last.Note);
        Assert.Equal("2026-03-06T02:30:00Z", paidAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
    }
}
