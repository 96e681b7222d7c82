using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Tasks;
using ComplianceMonitor.Infrastructure.Composition;
using ComplianceMonitor.Infrastructure.Leases;
using ComplianceMonitor.Infrastructure.Scanning;
using ComplianceMonitor.Infrastructure.Tasks;
using Azure.Data.Tables;
using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Domain.Rules;
using ComplianceMonitor.Infrastructure.Reminders;
using ComplianceMonitor.Infrastructure.Storage;
using ComplianceMonitor.Testing.Records;
using ComplianceMonitor.Testing.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ComplianceMonitor.Infrastructure.Tests.Scanning;

/// <summary>The real stores over one Azurite table prefix, and a scan service over them.</summary>
internal sealed class ScanHost
{
    public ScanHost(AzuriteFixture azurite, string? prefix = null)
    {
        Prefix = prefix ?? AzuriteFixture.NewPrefix();
        Factory = azurite.CreateFactory(Prefix, Counter);
        Leases = new TableLeaseStore(Factory);
        Alerts = new TableAlertStore(Factory);
        Tasks = new TableTaskStore(Factory);
        Outbox = new TableOutboxStore(Factory);
        Runs = new TableRunStore(Factory);
        Quarantine = new TableQuarantineStore(Factory);
    }

    public string Prefix { get; }

    public RequestCounter Counter { get; } = new();

    public TableClientFactory Factory { get; }

    public TableLeaseStore Leases { get; }

    public TableAlertStore Alerts { get; }

    public TableTaskStore Tasks { get; }

    public TableOutboxStore Outbox { get; }

    public TableRunStore Runs { get; }

    public TableQuarantineStore Quarantine { get; }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 6, 22, 21, 30, 0, TimeSpan.Zero));

    public ScanService CreateSut(RuleEngine? engine = null) =>
        new(Leases, Alerts, Tasks, Outbox, Runs, Quarantine, engine ?? RuleEngine.Default, ReminderCadence.Default, new EnforcementTaskOptions(), Time, NullLogger<ScanService>.Instance);

    public Task<ScanRun> ScanAsync(DateOnly asOf, string district = ScanLeases.Fangshan, RuleEngine? engine = null) =>
        CreateSut(engine).ScanDistrictAsync(district, asOf, "run-" + asOf.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..6]);

    /// <summary>Writes lease entities in the lease store's own format, 100 per request (no index rows: the scan does not need them).</summary>
    public async Task BulkLoadAsync(IEnumerable<LeaseRecord> leases)
    {
        var table = await Factory.GetTableClientAsync(TableLeaseStore.LeasesTable);
        foreach (var group in leases.GroupBy(l => l.DistrictCode))
        {
            foreach (var chunk in group.Chunk(100))
            {
                await table.SubmitTransactionAsync(chunk.Select(l => new TableTransactionAction(TableTransactionActionType.UpsertReplace, TableLeaseStore.ToEntity(l))));
            }
        }
    }

    public async Task<List<Alert>> AlertsAsync(string district = ScanLeases.Fangshan)
    {
        var list = new List<Alert>();
        await foreach (var item in Alerts.ListAsync(district))
        {
            list.Add(item.Item ?? throw new InvalidOperationException(item.Error));
        }

        return list;
    }

    public async Task<List<EnforcementTask>> TasksAsync(string district = ScanLeases.Fangshan)
    {
        var list = new List<EnforcementTask>();
        await foreach (var item in Tasks.ListAsync(district))
        {
            list.Add(item.Item ?? throw new InvalidOperationException(item.Error));
        }

        return list;
    }

    public async Task<List<OutboxEntry>> OutboxAsync(string district = ScanLeases.Fangshan)
    {
        var list = new List<OutboxEntry>();
        await foreach (var item in Outbox.ListAsync(district))
        {
            list.Add(item.Item ?? throw new InvalidOperationException(item.Error));
        }

        return list;
    }
}

/// <summary>Leases with known findings on 2026-06-23 (holiday data exists for 2026).</summary>
internal static class ScanLeases
{
    public const string Fangshan = "110111";

    /// <summary>The scan day most tests use: 7 days before the assessment-application deadline of <see cref="Plain"/>.</summary>
    public static readonly DateOnly Day = new(2026, 6, 23);

    /// <summary>Lease 2022-01-01..2026-12-31, rent paid, construction completed: one finding, ASSESSMENT_APPLICATION due 2026-06-30.</summary>
    public static LeaseRecord Plain(string leaseId, string district = Fangshan) => SampleLeases.Create(leaseId, district) with
    {
        LeaseStart = new DateOnly(2022, 1, 1),
        LeaseEnd = new DateOnly(2026, 12, 31),
        ConstructionCompletedOn = new DateOnly(2023, 6, 30),
        RentSchedule = [new RentInstalment(new DateOnly(2022, 1, 1), 7_733_750.00m, RentPeriod.Lease)],
        RentPayments = [new Payment(new DateOnly(2022, 1, 1), 7_733_750.00m, "竞买保证金转租金")],
        Events = [],
    };

    /// <summary>Lease ending 2026-09-30: ASSESSMENT_APPLICATION was due 2026-03-31, overdue on <see cref="Day"/> (84 days).</summary>
    public static LeaseRecord Overdue(string leaseId, string district = Fangshan) => Plain(leaseId, district) with
    {
        LeaseStart = new DateOnly(2021, 10, 1),
        LeaseEnd = new DateOnly(2026, 9, 30),
        RentSchedule = [new RentInstalment(new DateOnly(2021, 10, 1), 7_733_750.00m, RentPeriod.Lease)],
        RentPayments = [new Payment(new DateOnly(2021, 10, 1), 7_733_750.00m, "竞买保证金转租金")],
    };

    /// <summary>A plain lease with a mortgage before construction completed: also PROHIBITED_DISPOSITION (violation).</summary>
    public static LeaseRecord Mortgaged(string leaseId, string district = Fangshan) => Plain(leaseId, district) with
    {
        ConstructionCompletedOn = null,
        Events = [new LeaseEvent(LeaseEventType.Mortgage, new DateOnly(2025, 6, 10), "京(2025)房山区不动产证明第0001234号")],
    };

    /// <summary>The lease with its assessment application recorded on <paramref name="appliedOn"/>.</summary>
    public static LeaseRecord Applied(LeaseRecord lease, DateOnly appliedOn) => lease with { Assessment = lease.Assessment with { AppliedOn = appliedOn } };
}
