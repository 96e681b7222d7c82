using ComplianceMonitor.Cli.Tests.Support;
using System.CommandLine;
using System.Text.Json;
using ComplianceMonitor.Application.Contacts;
using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Cli.Commands;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Infrastructure.Contacts;
using ComplianceMonitor.Infrastructure.Leases;
using ComplianceMonitor.Infrastructure.Reminders;
using ComplianceMonitor.Infrastructure.Storage;
using ComplianceMonitor.Testing.Records;
using ComplianceMonitor.Testing.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;

namespace ComplianceMonitor.Cli.Tests.Monitoring;

/// <summary>
/// <c>cm outbox requeue</c> over Azurite: a dry-run listing by default (nothing written), <c>--yes</c> revives the dead
/// reminder to pending with an audit row naming the operator, a second run does nothing, and a requeue without any
/// narrowing option is refused.
/// </summary>
[Trait("Category", "azurite")]
public sealed class OutboxRequeueCommandTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 6, 22, 22, 0, 0, TimeSpan.Zero)); // 2026-06-23 06:00 Beijing

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
        var root = new RootCommand { new ScanCommand(services).Create(context), new OutboxCommand(services).Create(context) };
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            return new Run(ExitCodes.InvalidInput, "", string.Join("\n", parse.Errors.Select(e => e.Message)));
        }

        var code = await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        return new Run(code, output.ToString(), error.ToString());
    }

    /// <summary>A scanned lease whose D-7 email died on 2026-06-23 with a SendGrid 400.</summary>
    private async Task<(MonitoringCliServices Services, TableClientFactory Factory, OutboxEntry Dead)> DeadEmailAsync()
    {
        var factory = azurite.CreateFactory();
        await new TableLeaseStore(factory).UpsertAsync(SampleLeases.Create("FS-RQ-1", "110111") with
        {
            LeaseStart = new DateOnly(2022, 1, 1),
            LeaseEnd = new DateOnly(2026, 12, 31),
            ConstructionCompletedOn = new DateOnly(2023, 6, 30),
            RentSchedule = [new RentInstalment(new DateOnly(2022, 1, 1), 7_733_750.00m, RentPeriod.Lease)],
            RentPayments = [new Payment(new DateOnly(2022, 1, 1), 7_733_750.00m, "竞买保证金转租金")],
            Events = [],
        });
        var services = new MonitoringCliServices(() => factory);
        Assert.Equal(ExitCodes.Ok, (await CmAsync(services, "scan", "--district", "110111")).ExitCode);
        var outbox = new TableOutboxStore(factory);
        OutboxEntry? email = null;
        await foreach (var item in outbox.ListAsync("110111"))
        {
            email = item.Item is { Channel: OutboxChannel.Email } e ? e : email;
        }

        var failedAt = new DateTimeOffset(2026, 6, 22, 23, 0, 0, TimeSpan.Zero); // 07:00 Beijing
        var dead = email! with { Status = OutboxStatus.Dead, Attempts = 1, LastError = "SendGrid 400: Does not contain a valid address." };
        Assert.Equal(Application.Storage.WriteOutcome.Updated, (await outbox.UpdateManyAsync("110111", [dead]))[0].Outcome);
        await new TableDeliveryLog(factory).AddAsync(new DeliveryAttempt
        {
            AttemptId = DeliveryAttempt.NewId(failedAt),
            DistrictCode = "110111",
            OutboxId = dead.Id,
            LeaseId = dead.LeaseId,
            Stage = dead.Stage,
            Channel = dead.Channel,
            MaskedRecipient = dead.MaskedRecipient,
            Attempt = 1,
            StartedAt = failedAt,
            FinishedAt = failedAt,
            Outcome = DeliveryOutcome.Permanent,
            Reason = dead.LastError,
        });
        return (services, factory, (await outbox.GetAsync("110111", dead.Id))!);
    }

    [Fact]
    public async Task Requeue_WithoutYes_ListsAndWritesNothing_WithYes_RevivesAndAudits_AgainDoesNothing()
    {
        var (services, factory, dead) = await DeadEmailAsync();
        var before = await StorageSnapshot.TakeAsync(factory);

        var dry = await CmAsync(services, "outbox", "requeue", "--reason", "valid address", "--district", "110111");
        var dryCsv = await CmAsync(services, "outbox", "requeue", "--reason", "valid address", "--format", "csv");
        var unchanged = (await StorageSnapshot.TakeAsync(factory)).DifferencesFrom(before);
        var yes = await CmAsync(services, "outbox", "requeue", "--day", "2026-06-23", "--yes", "--by", "ops-li", "--note", "企业已更正邮箱", "--format", "json");
        var again = await CmAsync(services, "outbox", "requeue", "--id", dead.Id, "--yes", "--by", "ops-li");

        Assert.Equal(ExitCodes.Ok, dry.ExitCode);
        Assert.Contains(dead.Id, dry.Stdout, StringComparison.Ordinal);
        Assert.Contains("would requeue", dry.Stdout, StringComparison.Ordinal);
        Assert.EndsWith("dry run: would requeue 1 dead reminder; nothing written. Run again with --yes to requeue.", dry.Stdout.TrimEnd(), StringComparison.Ordinal);
        Assert.DoesNotContain("zhang@example.com", dry.Stdout, StringComparison.Ordinal);
        Assert.True(unchanged.Length == 0, "a dry run wrote:\n" + unchanged);
        var csv = dryCsv.Stdout.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("id,districtCode,leaseId,channel,recipient,attempts,diedOn,lastError,outcome", csv[0]);
        Assert.Equal($"{dead.Id},110111,{dead.LeaseId},email,z***@example.com,1,2026-06-23,SendGrid 400: Does not contain a valid address.,would requeue", Assert.Single(csv.Skip(1)));

        Assert.Equal(ExitCodes.Ok, yes.ExitCode);
        var json = yes.Json();
        Assert.Equal((false, "ops-li", 1, 1), (json.GetProperty("dryRun").GetBoolean(), json.GetProperty("actor").GetString(), json.GetProperty("matched").GetInt32(), json.GetProperty("requeued").GetInt32()));
        var entry = json.GetProperty("entries")[0];
        Assert.Equal((dead.Id, "2026-06-23", "requeued"), (entry.GetProperty("id").GetString(), entry.GetProperty("diedOn").GetString(), entry.GetProperty("outcome").GetString()));
        Assert.Equal(OutboxStatus.Pending, (await new TableOutboxStore(factory).GetAsync("110111", dead.Id))!.Status);
        var audit = new List<AuditEntry>();
        await foreach (var a in new TableAuditLog(factory).ListAsync(dead.LeaseId))
        {
            audit.Add(a);
        }

        var row = Assert.Single(audit);
        Assert.Equal(("ops-li", AuditEntry.OutboxRequeued, Clock.GetUtcNow(), "企业已更正邮箱", false), (row.Actor, row.Action, row.At, row.Reason, row.Pending));

        Assert.Equal(ExitCodes.Ok, again.ExitCode);
        Assert.EndsWith("requeued 0 of 0 dead reminders (audited as ops-li).", again.Stdout.TrimEnd(), StringComparison.Ordinal);
        Assert.Contains($"warning: --id {dead.Id} is not a dead reminder", again.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Requeue_NoIdReasonOrDay_RefusedExit2()
    {
        var (services, _, _) = await DeadEmailAsync();

        var run = await CmAsync(services, "outbox", "requeue", "--yes");

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Equal("error: give at least one of --id, --reason or --day: requeueing every dead reminder must be a choice.", run.Stderr.Trim());
    }
}
