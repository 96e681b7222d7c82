using ComplianceMonitor.Cli.Tests.Support;
using System.CommandLine;
using System.Text.Json;
using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Tasks;
using ComplianceMonitor.Cli.Commands;
using ComplianceMonitor.Domain.Calendar;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Policy;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Domain.Rules;
using ComplianceMonitor.Infrastructure.Leases;
using ComplianceMonitor.Infrastructure.Reminders;
using ComplianceMonitor.Infrastructure.Scanning;
using ComplianceMonitor.Infrastructure.Storage;
using ComplianceMonitor.Infrastructure.Tasks;
using ComplianceMonitor.Testing.Records;
using ComplianceMonitor.Testing.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ComplianceMonitor.Cli.Tests.Monitoring;

/// <summary><c>cm scan</c> after a district was scanned under revision 1: the run says how many alerts it closed as rule revised.</summary>
[Trait("Category", "azurite")]
public sealed class RuleRevisedScanOutputTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 6, 22, 22, 0, 0, TimeSpan.Zero)); // 2026-06-23 06:00 Beijing

    private static readonly DateOnly Today = new(2026, 6, 23);

    [Fact]
    public async Task Scan_DistrictScannedUnderRevision1_TextSaysHowManyRuleRevisedAndJsonCountsThem()
    {
        var services = await ScannedUnderRevision1Async();

        var text = await CmAsync(services, "scan", "--district", "110111");

        Assert.Equal(ExitCodes.Ok, text.ExitCode);
        var lines = text.Stdout.Split('\n', StringSplitOptions.TrimEntries);
        Assert.Contains("rule revised: 1 alert(s) closed because their rule changed in revision 2 (规则修订, not obligation met); 1 pending reminder(s) withdrawn", lines);
        Assert.Matches(@"^│ 110111 房山区\s+│\s+2\s+│\s+2\s+│\s+1\s+│\s+1\s+│\s+1\s+│\s+0\s+│\s+0\s+│\s+0\s+│\s+0\s+│$", lines.Single(l => l.StartsWith("│ 110111", StringComparison.Ordinal)));

        var withdrawn = (await CmAsync(services, "outbox", "list", "--district", "110111", "--status", "withdrawn", "--format", "json")).Json().EnumerateArray().ToList();
        var entry = Assert.Single(withdrawn);
        Assert.Equal(("withdrawn", "sms"), (entry.GetProperty("status").GetString(), entry.GetProperty("channel").GetString()));
        var revised = (await CmAsync(services, "alerts", "list", "--district", "110111", "--status", "resolved", "--format", "json")).Json().EnumerateArray().Single();
        Assert.Equal(("FS-N|ASSESSMENT_APPLICATION|2026-03-31", "ruleRevised", "2026-06-23"), (revised.GetProperty("key").GetString(), revised.GetProperty("resolution").GetString(), revised.GetProperty("resolvedOn").GetString()));

        // Once upgraded, a second scan closes nothing and prints no rule-revised line.
        var json = await CmAsync(services, "scan", "--district", "110111", "--format", "json");
        var run = Assert.Single(json.Json().EnumerateArray());
        Assert.Equal((0, 0, 2), (run.GetProperty("alertsRuleRevised").GetInt32(), run.GetProperty("outboxWithdrawn").GetInt32(), run.GetProperty("ruleRevision").GetInt32()));
        var quiet = await CmAsync(services, "scan", "--district", "110111");
        Assert.DoesNotContain("rule revised", quiet.Stdout, StringComparison.Ordinal);
    }

    /// <summary>FS-A (plain) and FS-N (renewal approved for 2 years, no newLeaseEnd) scanned today under revision 1; FS-N's email sent, its SMS pending.</summary>
    private async Task<MonitoringCliServices> ScannedUnderRevision1Async()
    {
        var factory = azurite.CreateFactory();
        var leases = new TableLeaseStore(factory);
        await leases.UpsertAsync(Plain("FS-A"));
        await leases.UpsertAsync(Plain("FS-N") with
        {
            LeaseStart = new DateOnly(2021, 10, 1),
            LeaseEnd = new DateOnly(2026, 9, 30),
            RentSchedule = [new RentInstalment(new DateOnly(2021, 10, 1), 7_733_750.00m, RentPeriod.Lease)],
            RentPayments = [new Payment(new DateOnly(2021, 10, 1), 7_733_750.00m, "竞买保证金转租金")],
            Renewal = new Renewal { AppliedOn = new DateOnly(2026, 3, 1), ApprovedOn = new DateOnly(2026, 4, 15), ApprovedYears = 2 },
        });
        var outbox = new TableOutboxStore(factory);
        var revision1 = new RuleEngine(
            RuleCatalog.All.Select(r => r.Code == RuleCode.ASSESSMENT_APPLICATION ? new Revision1AssessmentApplicationRule() : r),
            PolicyCatalog.Default,
            WorkingDayCalendar.Default,
            revision: 1);
        var scan = new ScanService(
            leases, new TableAlertStore(factory), new TableTaskStore(factory), outbox, new TableRunStore(factory), new TableQuarantineStore(factory),
            revision1, ReminderCadence.Default, new EnforcementTaskOptions(), Clock, NullLogger<ScanService>.Instance);
        var v1 = await scan.ScanDistrictAsync("110111", Today, "v1-20260623");
        Assert.Equal((2, 4, 1), (v1.AlertsCreated, v1.OutboxQueued, v1.TasksOpened));

        var mail = new List<OutboxEntry>();
        await foreach (var item in outbox.ListAsync("110111"))
        {
            mail.AddRange(item.Item is { Channel: OutboxChannel.Email, LeaseId: "FS-N" } e ? [e] : []);
        }

        await outbox.UpdateAsync(Assert.Single(mail) with { Status = OutboxStatus.Sent, Attempts = 1, SentAt = Clock.GetUtcNow() });
        return new MonitoringCliServices(() => factory);
    }

    private static LeaseRecord Plain(string id) => SampleLeases.Create(id, "110111") with
    {
        LeaseStart = new DateOnly(2022, 1, 1),
        LeaseEnd = new DateOnly(2026, 12, 31),
        ConstructionCompletedOn = new DateOnly(2023, 6, 30),
        RentSchedule = [new RentInstalment(new DateOnly(2022, 1, 1), 7_733_750.00m, RentPeriod.Lease)],
        RentPayments = [new Payment(new DateOnly(2022, 1, 1), 7_733_750.00m, "竞买保证金转租金")],
        Events = [],
    };

    private sealed record Run(int ExitCode, string Stdout, string Stderr)
    {
        public JsonElement Json()
        {
            using var doc = JsonDocument.Parse(Stdout);
            return doc.RootElement.Clone();
        }
    }

    private static async Task<Run> CmAsync(MonitoringCliServices services, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = Cm.Context(output, error, Clock);
        var root = new RootCommand
        {
            new ScanCommand(services).Create(context),
            new AlertsCommand(services).Create(context),
            new OutboxCommand(services).Create(context),
        };
        var code = await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        return new Run(code, output.ToString(), error.ToString());
    }

    /// <summary>ASSESSMENT_APPLICATION as revision 1 read it (issue 8): an approved renewal recorded without newLeaseEnd left the lease end where it was.</summary>
    private sealed class Revision1AssessmentApplicationRule : IRule
    {
        private readonly AssessmentApplicationRule _revision2 = new();

        public RuleCode Code => RuleCode.ASSESSMENT_APPLICATION;

        public string Basis => _revision2.Basis;

        public void Evaluate(LeaseRecord lease, RuleContext context, List<Finding> findings) =>
            _revision2.Evaluate(lease.Renewal is { ApprovedOn: not null, NewLeaseEnd: null } ? lease with { Renewal = Renewal.Empty } : lease, context, findings);
    }
}
