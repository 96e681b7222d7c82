using ComplianceMonitor.Cli.Tests.Support;
using ComplianceMonitor.Application.Tasks;
using ComplianceMonitor.Infrastructure.Leases;
using System.CommandLine;
using System.Text.Json;
using ComplianceMonitor.Cli.Commands;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Infrastructure.Storage;
using ComplianceMonitor.Testing.Records;
using ComplianceMonitor.Testing.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;

namespace ComplianceMonitor.Cli.Tests.Monitoring;

[Trait("Category", "azurite")]
public sealed class MonitoringCommandsTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
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

    /// <summary>Runs the monitoring commands in-process over <paramref name="services"/>, as CliApp runs them.</summary>
    private static Task<Run> CmAsync(MonitoringCliServices services, params string[] args) => CmAsync(services, Cm.Settings(), args);

    /// <summary>As <see cref="CmAsync(MonitoringCliServices, string[])"/>, with <paramref name="settings"/> as the commands' settings.</summary>
    private static async Task<Run> CmAsync(MonitoringCliServices services, IConfiguration settings, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = Cm.Context(output, error, Clock, settings);
        var root = new RootCommand
        {
            new ScanCommand(services).Create(context),
            new AlertsCommand(services).Create(context),
            new TasksCommand(services).Create(context),
            new OutboxCommand(services).Create(context),
        };
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            return new Run(ExitCodes.InvalidInput, "", string.Join("\n", parse.Errors.Select(e => e.Message)));
        }

        var code = await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        return new Run(code, output.ToString(), error.ToString());
    }

    private async Task<MonitoringCliServices> LoadedAsync(params LeaseRecord[] leases)
    {
        var factory = azurite.CreateFactory();
        var store = new TableLeaseStore(factory);
        foreach (var lease in leases)
        {
            await store.UpsertAsync(lease);
        }

        return new MonitoringCliServices(() => factory);
    }

    /// <summary>2022-01-01..2026-12-31, paid, built: ASSESSMENT_APPLICATION due 2026-06-30 (7 days after 2026-06-23).</summary>
    private static LeaseRecord Plain(string id, string district = "110111") => SampleLeases.Create(id, district) with
    {
        LeaseStart = new DateOnly(2022, 1, 1),
        LeaseEnd = new DateOnly(2026, 12, 31),
        ConstructionCompletedOn = new DateOnly(2023, 6, 30),
        RentSchedule = [new RentInstalment(new DateOnly(2022, 1, 1), 7_733_750.00m, RentPeriod.Lease)],
        RentPayments = [new Payment(new DateOnly(2022, 1, 1), 7_733_750.00m, "竞买保证金转租金")],
        Events = [],
    };

    /// <summary>Ends 2026-09-30: the assessment application was due 2026-03-31 and is overdue.</summary>
    private static LeaseRecord Overdue(string id, string district = "110111") => Plain(id, district) with
    {
        LeaseStart = new DateOnly(2021, 10, 1),
        LeaseEnd = new DateOnly(2026, 9, 30),
        RentSchedule = [new RentInstalment(new DateOnly(2021, 10, 1), 7_733_750.00m, RentPeriod.Lease)],
        RentPayments = [new Payment(new DateOnly(2021, 10, 1), 7_733_750.00m, "竞买保证金转租金")],
    };

    [Fact]
    public async Task Scan_AllDistricts_JsonSummaryPerDistrictAndSecondRunChangesNothing()
    {
        var services = await LoadedAsync(Plain("FS-A"), Overdue("FS-C"), Plain("DX-A", "110115"));

        var first = await CmAsync(services, "scan", "--format", "json");
        var second = await CmAsync(services, "scan", "--district", "110111", "--format", "json");

        Assert.Equal(ExitCodes.Ok, first.ExitCode);
        var runs = first.Json().EnumerateArray().ToList();
        Assert.Equal(18, runs.Count);
        var fs = runs.Single(r => r.GetProperty("districtCode").GetString() == "110111");
        Assert.Equal("2026-06-23", fs.GetProperty("asOf").GetString()); // today in Beijing by default
        Assert.Equal(("succeeded", 2, 2, 2, 4, 1), (fs.GetProperty("outcome").GetString(), fs.GetProperty("leases").GetInt32(), fs.GetProperty("findings").GetInt32(),
            fs.GetProperty("alertsCreated").GetInt32(), fs.GetProperty("outboxQueued").GetInt32(), fs.GetProperty("tasksOpened").GetInt32()));
        Assert.Equal(1, runs.Single(r => r.GetProperty("districtCode").GetString() == "110115").GetProperty("alertsCreated").GetInt32());

        var again = Assert.Single(second.Json().EnumerateArray());
        Assert.Equal((0, 0, 0), (again.GetProperty("alertsCreated").GetInt32(), again.GetProperty("outboxQueued").GetInt32(), again.GetProperty("tasksOpened").GetInt32()));
    }

    [Fact]
    public async Task Scan_TextFormat_PrintsTableWithTotals()
    {
        var services = await LoadedAsync(Plain("FS-A"), Overdue("FS-C"));

        var run = await CmAsync(services, "scan", "--as-of", "2026-06-23", "--district", "110111");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var lines = run.Stdout.Split('\n', StringSplitOptions.TrimEntries);
        Assert.StartsWith("Scan cli-20260623-060000-", lines[0], StringComparison.Ordinal);
        Assert.Contains("as of 2026-06-23 (Beijing) · 1 district(s)", lines[0], StringComparison.Ordinal);
        Assert.Matches(@"^│ 110111 房山区\s+│\s+2\s+│\s+2\s+│\s+2\s+│\s+0\s+│\s+0\s+│\s+4\s+│\s+1\s+│\s+0\s+│\s+0\s+│$", lines.Single(l => l.StartsWith("│ 110111", StringComparison.Ordinal)));
        Assert.Matches(@"^│ TOTAL\s+│\s+2\s+│\s+2\s+│\s+2\s+│\s+0\s+│\s+0\s+│\s+4\s+│\s+1\s+│\s+0\s+│\s+0\s+│$", lines.Single(l => l.StartsWith("│ TOTAL", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task AlertsList_ConsoleFilters_CsvAndXlsxCarryTheSameRows()
    {
        var services = await LoadedAsync(Plain("FS-A"), Overdue("FS-C"), Plain("DX-A", "110115"));
        await CmAsync(services, "scan", "--as-of", "2026-06-23");
        var xlsx = Path.Combine(Path.GetTempPath(), $"cm-alerts-{Guid.NewGuid():N}.xlsx");

        var overdue = (await CmAsync(services, "alerts", "list", "--status", "overdue", "--format", "json")).Json().EnumerateArray().ToList();
        var byText = (await CmAsync(services, "alerts", "list", "--q", "fs-a", "--format", "json")).Json().EnumerateArray().ToList();
        var window = (await CmAsync(services, "alerts", "list", "--from", "2026-06-01", "--to", "2026-06-30", "--rule", "ASSESSMENT_APPLICATION", "--format", "json")).Json().EnumerateArray().ToList();
        var csv = await CmAsync(services, "alerts", "list", "--district", "110111", "--severity", "critical", "--format", "csv", "--xlsx", xlsx);
        var bad = await CmAsync(services, "alerts", "list", "--severity", "severe", "--from", "30/06/2026");

        Assert.Equal(["FS-C"], overdue.Select(a => a.GetProperty("leaseId").GetString()));
        Assert.Equal(["FS-A"], byText.Select(a => a.GetProperty("leaseId").GetString()));
        Assert.Equal(["DX-A", "FS-A"], window.Select(a => a.GetProperty("leaseId").GetString()).Order(StringComparer.Ordinal));
        Assert.Equal(ExitCodes.Ok, csv.ExitCode);
        var lines = csv.Stdout.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("districtCode,leaseId,rule,state,status,severity,deadline,amountYuan,responsible,basis,enterprise,parcel,firstSeenOn,lastSeenOn,resolvedOn,reminderStages,taskId,message", lines[0]);
        var row = Assert.Single(lines.Skip(1));
        Assert.StartsWith("110111,FS-C,ASSESSMENT_APPLICATION,open,overdue,critical,2026-03-31,,landUser,三（五）,", row, StringComparison.Ordinal);
        using (var workbook = new ClosedXML.Excel.XLWorkbook(xlsx))
        {
            var sheet = workbook.Worksheet("alerts");
            Assert.Equal("leaseId", sheet.Cell(1, 2).GetString());
            Assert.Equal("FS-C", sheet.Cell(2, 2).GetString());
            Assert.Equal("2026-03-31", sheet.Cell(2, 7).GetString());
            Assert.True(sheet.Cell(3, 2).IsEmpty());
        }

        File.Delete(xlsx);
        Assert.Equal(ExitCodes.InvalidInput, bad.ExitCode);
        Assert.Contains("--severity: 'severe' is not one of info, warning, critical.", bad.Stderr, StringComparison.Ordinal);
        Assert.Contains("--from: '30/06/2026' is not a date in the form yyyy-MM-dd.", bad.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TasksList_ConsoleFilters_CsvAndBadValues()
    {
        var services = await LoadedAsync(Plain("FS-A"), Overdue("FS-C"), Overdue("DX-C", "110115"));
        await CmAsync(services, "scan", "--as-of", "2026-06-23");

        var active = (await CmAsync(services, "tasks", "list", "--state", "active", "--format", "json")).Json().EnumerateArray().ToList();
        var oneLease = (await CmAsync(services, "tasks", "list", "--lease", "FS-C", "--rule", "ASSESSMENT_APPLICATION", "--escalated", "false", "--format", "json")).Json().EnumerateArray().ToList();
        var outside = (await CmAsync(services, "tasks", "list", "--to", "2026-06-30", "--format", "json")).Json().EnumerateArray().ToList();
        var csv = await CmAsync(services, "tasks", "list", "--district", "110111", "--format", "csv");
        var bad = await CmAsync(services, "tasks", "list", "--department", "police", "--escalated", "maybe", "--from", "2026-13-01");

        Assert.Equal(["DX-C", "FS-C"], active.Select(t => t.GetProperty("leaseId").GetString()).Order(StringComparer.Ordinal));
        Assert.Equal("FS-C", Assert.Single(oneLease).GetProperty("leaseId").GetString());
        Assert.Empty(outside); // due 15 days after the scan day: 2026-07-08
        var lines = csv.Stdout.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("id,districtCode,leaseId,rule,department,state,openedOn,dueOn,escalated,escalatedOn,basis,summary", lines[0]);
        var row = Assert.Single(lines.Skip(1)).Split(',');
        Assert.Equal(["110111", "FS-C", "ASSESSMENT_APPLICATION"], row[1..4]);
        Assert.Equal(["open", "2026-06-23", "2026-07-08", "false", ""], row[5..10]);
        Assert.Equal(ExitCodes.InvalidInput, bad.ExitCode);
        Assert.Contains("--department: 'police' is not one of industry, planning.", bad.Stderr, StringComparison.Ordinal);
        Assert.Contains("--escalated: 'maybe' is not true or false.", bad.Stderr, StringComparison.Ordinal);
        Assert.Contains("--from: '2026-13-01' is not a date in the form yyyy-MM-dd.", bad.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AlertsAndOutboxList_AfterScan_ShowAlertsAndMaskedRecipients()
    {
        var services = await LoadedAsync(Plain("FS-A"), Overdue("FS-C"));
        await CmAsync(services, "scan", "--as-of", "2026-06-23", "--district", "110111");

        var alerts = (await CmAsync(services, "alerts", "list", "--district", "110111", "--status", "open", "--format", "json")).Json().EnumerateArray().ToList();
        var outboxText = await CmAsync(services, "outbox", "list", "--district", "110111", "--status", "pending");
        var outbox = (await CmAsync(services, "outbox", "list", "--district", "110111", "--format", "json")).Json().EnumerateArray().ToList();

        var a = alerts.Single(x => x.GetProperty("leaseId").GetString() == "FS-A");
        Assert.Equal(("ASSESSMENT_APPLICATION", "open", "upcoming", "2026-06-30"), (a.GetProperty("rule").GetString(), a.GetProperty("state").GetString(), a.GetProperty("status").GetString(), a.GetProperty("deadline").GetString()));
        Assert.Equal(["D-7"], a.GetProperty("reminderStages").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(JsonValueKind.String, alerts.Single(x => x.GetProperty("leaseId").GetString() == "FS-C").GetProperty("taskId").ValueKind);

        Assert.Equal(4, outbox.Count);
        Assert.DoesNotContain("zhang@example.com", outboxText.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("13800138000", outboxText.Stdout, StringComparison.Ordinal);
        Assert.Contains("z***@example.com", outboxText.Stdout, StringComparison.Ordinal);
        Assert.Contains("138****8000", outboxText.Stdout, StringComparison.Ordinal);
        Assert.Contains("4 entries", outboxText.Stdout, StringComparison.Ordinal);
        Assert.Equal(
            ["138****8000", "138****8000", "z***@example.com", "z***@example.com"],
            outbox.Select(e => e.GetProperty("recipient").GetString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Tasks_AckResolveAndBadMoves_RecordHistoryAndRejectWithExitCode2()
    {
        var services = await LoadedAsync(Overdue("FS-C"));
        await CmAsync(services, "scan", "--as-of", "2026-06-23", "--district", "110111");
        var listed = (await CmAsync(services, "tasks", "list", "--format", "json")).Json().EnumerateArray().Single();
        var id = listed.GetProperty("id").GetString()!;
        const string key = "FS-C|ASSESSMENT_APPLICATION|2026-03-31";
        Assert.Equal((TaskShortId.Derive("110111", key), key), (id, listed.GetProperty("key").GetString()));
        Assert.Matches("^T-[0-9A-HJKMNP-TV-Z]{8}$", id);

        var ack = await CmAsync(services, "tasks", "ack", "--id", key, "--by", "李四", "--note", "已联系企业"); // the key still works as an id
        var ackNoNote = await CmAsync(services, "tasks", "ack", "--id", id, "--by", "李四");
        var ackAgain = await CmAsync(services, "tasks", "ack", "--id", id.ToLowerInvariant(), "--by", "李四", "--note", "再次联系");
        var dismissNoReason = await CmAsync(services, "tasks", "dismiss", "--id", id, "--by", "李四");
        var resolveNoHow = await CmAsync(services, "tasks", "resolve", "--id", id, "--by", "王五", "--note", "企业已提出考核申请");
        var resolve = await CmAsync(services, "tasks", "resolve", "--id", id, "--by", "王五", "--note", "企业已提出考核申请", "--resolution", "unchanged");
        var unknown = await CmAsync(services, "tasks", "resolve", "--id", "nope' or RowKey ne '", "--by", "王五", "--note", "x", "--resolution", "unchanged");

        Assert.Equal(ExitCodes.Ok, ack.ExitCode);
        Assert.Equal($"task {id}: acknowledged by 李四 at 2026-06-23 06:00:00 +08:00", ack.Stdout.Trim());
        Assert.Equal(ExitCodes.InvalidInput, ackNoNote.ExitCode);
        Assert.StartsWith("error: --note: required", ackNoNote.Stderr, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.InvalidInput, ackAgain.ExitCode);
        Assert.Contains("only an open task can be acknowledged", ackAgain.Stderr, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.InvalidInput, dismissNoReason.ExitCode);
        Assert.StartsWith("error: --note: required", dismissNoReason.Stderr, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.InvalidInput, resolveNoHow.ExitCode);
        Assert.StartsWith("error: --resolution: required for a ASSESSMENT_APPLICATION task: recorded (with fact) or unchanged (fact: appliedOn → assessment.appliedOn).", resolveNoHow.Stderr, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, resolve.ExitCode);
        Assert.Equal($"task {id}: resolved (unchanged) by 王五 at 2026-06-23 06:00:00 +08:00", resolve.Stdout.Trim());
        Assert.Equal(ExitCodes.InvalidInput, unknown.ExitCode);
        Assert.Contains("no enforcement task has the id", unknown.Stderr, StringComparison.Ordinal);

        var task = (await CmAsync(services, "tasks", "list", "--district", "110111", "--state", "resolved", "--format", "json")).Json().EnumerateArray().Single();
        Assert.Equal("产业主管部门", task.GetProperty("department").GetString());
        var history = task.GetProperty("history").EnumerateArray().Select(h => (h.GetProperty("action").GetString(), h.GetProperty("by").GetString(), h.GetProperty("note").GetString())).ToList();
        Assert.Equal([("opened", "system:scan", null), ("acknowledged", "李四", "已联系企业"), ("resolved", "王五", "企业已提出考核申请")], history);
    }

    [Fact]
    public async Task TasksResolve_BadFact_NamesTheFactsFieldUnderFactAndWritesNothing()
    {
        var services = await LoadedAsync(Overdue("FS-F"));
        await CmAsync(services, "scan", "--as-of", "2026-06-23", "--district", "110111");
        var id = (await CmAsync(services, "tasks", "list", "--format", "json")).Json().EnumerateArray().Single().GetProperty("id").GetString()!;

        var bad = await CmAsync(services, "tasks", "resolve", "--id", id, "--by", "王五", "--note", "企业已提出考核申请", "--resolution", "recorded", "--fact", """{"appliedOn":"2026-06-31","paidOn":"2026-06-01"}""");
        var none = await CmAsync(services, "tasks", "resolve", "--id", id, "--by", "王五", "--note", "企业已提出考核申请", "--resolution", "recorded");

        Assert.Equal(ExitCodes.InvalidInput, bad.ExitCode);
        Assert.Equal(
            [
                "error: --fact: paidOn: unknown for ASSESSMENT_APPLICATION (expected appliedOn)",
                "error: --fact: appliedOn: '2026-06-31' is not a day yyyy-MM-dd",
            ],
            bad.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Equal(ExitCodes.InvalidInput, none.ExitCode);
        Assert.Equal("error: --fact: required with resolution recorded: { appliedOn } → assessment.appliedOn.", none.Stderr.Trim());
        var task = (await CmAsync(services, "tasks", "list", "--format", "json")).Json().EnumerateArray().Single();
        Assert.Equal(("open", 1), (task.GetProperty("state").GetString(), task.GetProperty("history").GetArrayLength()));
    }

    [Fact]
    public async Task Commands_NoStorageConfigured_Exit2NamingTheSetting()
    {
        var services = new MonitoringCliServices(() => null);

        var run = await CmAsync(services, "alerts", "list");

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains("ComplianceStorage__ConnectionString", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scan_UnknownDistrictOrBadDate_Exit2NamingTheOption()
    {
        var services = new MonitoringCliServices(() => null);

        var district = await CmAsync(services, "scan", "--district", "999999");
        var date = await CmAsync(services, "scan", "--as-of", "2026-02-30");
        var status = await CmAsync(services, "outbox", "list", "--status", "lost");

        Assert.Equal(ExitCodes.InvalidInput, district.ExitCode);
        Assert.Contains("--district '999999' is not a jurisdiction code", district.Stderr, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.InvalidInput, date.ExitCode);
        Assert.Contains("--as-of", date.Stderr, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.InvalidInput, status.ExitCode);
    }

    [Fact]
    public async Task Scan_ReminderSettingsFromConfiguration_DriveTheStage()
    {
        var factory = azurite.CreateFactory();
        await new TableLeaseStore(factory).UpsertAsync(Plain("FS-A"));
        var config = Cm.Settings(("Reminders:DaysBefore", "10,0"));
        var services = new MonitoringCliServices(() => factory);

        await CmAsync(services, config, "scan", "--as-of", "2026-06-23", "--district", "110111");
        var alert = (await CmAsync(services, config, "alerts", "list", "--district", "110111", "--format", "json")).Json().EnumerateArray().Single();

        Assert.Equal(["D-10"], alert.GetProperty("reminderStages").EnumerateArray().Select(s => s.GetString()));
    }
}
