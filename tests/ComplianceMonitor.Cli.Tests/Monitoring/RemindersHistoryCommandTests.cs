using ComplianceMonitor.Cli.Tests.Support;
using System.CommandLine;
using System.Text.Json;
using ComplianceMonitor.Cli.Commands;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Infrastructure.Leases;
using ComplianceMonitor.Testing.Records;
using ComplianceMonitor.Testing.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;

namespace ComplianceMonitor.Cli.Tests.Monitoring;

/// <summary><c>cm reminders history</c>: one enterprise's or lease's reminders from the outbox, over Azurite after a real scan.</summary>
[Trait("Category", "azurite")]
public sealed class RemindersHistoryCommandTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 6, 22, 22, 0, 0, TimeSpan.Zero)); // 2026-06-23 06:00 Beijing

    private sealed record Run(int ExitCode, string Stdout, string Stderr)
    {
        public List<JsonElement> Rows()
        {
            using var doc = JsonDocument.Parse(Stdout);
            return [.. doc.RootElement.Clone().EnumerateArray()];
        }
    }

    private static async Task<Run> CmAsync(MonitoringCliServices services, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = Cm.Context(output, error, Clock);
        var root = new RootCommand { new ScanCommand(services).Create(context), new RemindersCommand(services).Create(context) };
        var code = await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        return new Run(code, output.ToString().ReplaceLineEndings("\n"), error.ToString());
    }

    /// <summary>Ends 2026-09-30: the assessment application was due 2026-03-31 and is overdue (one reminder by email and SMS).</summary>
    private static LeaseRecord Overdue(string id, string enterprise, string district = "110111")
    {
        var lease = SampleLeases.Create(id, district);
        return lease with
        {
            LeaseStart = new DateOnly(2021, 10, 1),
            LeaseEnd = new DateOnly(2026, 9, 30),
            ConstructionCompletedOn = new DateOnly(2023, 6, 30),
            RentSchedule = [new RentInstalment(new DateOnly(2021, 10, 1), 7_733_750.00m, RentPeriod.Lease)],
            RentPayments = [new Payment(new DateOnly(2021, 10, 1), 7_733_750.00m, "竞买保证金转租金")],
            Events = [],
            LandUser = lease.LandUser with { Name = enterprise },
        };
    }

    private async Task<MonitoringCliServices> ScannedAsync()
    {
        var factory = azurite.CreateFactory();
        var store = new TableLeaseStore(factory);
        foreach (var lease in new[] { Overdue("FS-R1", "北京京南精工有限公司"), Overdue("FS-R2", "北京京南精工有限公司"), Overdue("DX-R3", "大兴某某物流有限公司", "110115") })
        {
            await store.UpsertAsync(lease);
        }

        var services = new MonitoringCliServices(() => factory);
        Assert.Equal(ExitCodes.Ok, (await CmAsync(services, "scan", "--as-of", "2026-06-23")).ExitCode);
        return services;
    }

    [Fact]
    public async Task History_ByLease_EveryReminderWithStageChannelStatusAndBeijingTimes()
    {
        var services = await ScannedAsync();

        var json = await CmAsync(services, "reminders", "history", "--lease-id", "FS-R1", "--format", "json");
        var text = await CmAsync(services, "reminders", "history", "--lease", "FS-R1"); // the former spelling

        Assert.Equal((ExitCodes.Ok, string.Empty), (json.ExitCode, json.Stderr));
        Assert.Equal(
            [
                ("FS-R1", "北京京南精工有限公司", "ASSESSMENT_APPLICATION", "email", "z***@example.com", "pending", "2026-06-23", "2026-06-22T22:00:00Z"),
                ("FS-R1", "北京京南精工有限公司", "ASSESSMENT_APPLICATION", "sms", "138****8000", "pending", "2026-06-23", "2026-06-22T22:00:00Z"),
            ],
            json.Rows().Select(e => (e.GetProperty("leaseId").GetString(), e.GetProperty("enterprise").GetString(), e.GetProperty("rule").GetString(), e.GetProperty("channel").GetString(),
                e.GetProperty("recipient").GetString(), e.GetProperty("status").GetString(), e.GetProperty("queuedOn").GetString(), e.GetProperty("createdAt").GetString())));
        Assert.Equal(json.Rows()[0].GetProperty("stage").GetString(), json.Rows()[1].GetProperty("stage").GetString());

        var lines = text.Stdout.Split('\n');
        Assert.Equal(ExitCodes.Ok, text.ExitCode);
        Assert.Equal("Reminders of lease FS-R1", lines[0]);
        Assert.StartsWith("│ 2026-06-23 06:00 +08:00 │ FS-R1 │ 北京京南精工有限公司 │ ASSESSMENT_APPLICATION │", lines[4], StringComparison.Ordinal);
        Assert.Contains("│ email   │ z***@example.com │ pending │ 0        │ -              │", lines[4], StringComparison.Ordinal);
        Assert.DoesNotContain("13800138000", text.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("zhang@example.com", text.Stdout, StringComparison.Ordinal);
        Assert.EndsWith("2 reminder(s)\n", text.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_ByEnterprise_PartOfTheNameAcrossDistrictsBoundedByQueuedDay()
    {
        var services = await ScannedAsync();
        var xlsx = Path.Combine(Path.GetTempPath(), $"cm-reminders-{Guid.NewGuid():N}.xlsx");

        var jingnan = await CmAsync(services, "reminders", "history", "--enterprise", "京南精工", "--format", "csv", "--xlsx", xlsx);
        var daxing = await CmAsync(services, "reminders", "history", "--enterprise", "大兴某某", "--to", "2026-06-23", "--format", "json");
        var later = await CmAsync(services, "reminders", "history", "--enterprise", "大兴某某", "--from", "2026-06-24", "--format", "json");
        var nobody = await CmAsync(services, "reminders", "history", "--enterprise", "不存在的企业");

        try
        {
            var csv = jingnan.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(
                "id,districtCode,leaseId,enterprise,rule,stage,channel,recipient,status,attempts,queuedOn,deadline,createdAt,sentAt,nextAttemptAt,lastError",
                csv[0]);
            Assert.Equal(["FS-R1", "FS-R1", "FS-R2", "FS-R2"], csv.Skip(1).Select(l => l.Split(',')[2]));
            Assert.All(csv.Skip(1), l => Assert.Contains(",北京京南精工有限公司,ASSESSMENT_APPLICATION,", l, StringComparison.Ordinal));
            Assert.All(csv.Skip(1), l => Assert.Contains(",pending,0,2026-06-23,2026-03-31,2026-06-23 06:00:00 +08:00,", l, StringComparison.Ordinal));
            using (var workbook = new ClosedXML.Excel.XLWorkbook(xlsx))
            {
                var sheet = workbook.Worksheet("reminders");
                Assert.Equal(5, sheet.LastRowUsed()!.RowNumber());
                Assert.Equal("FS-R2", sheet.Cell(5, 3).GetString());
            }

            Assert.Equal(["110115", "110115"], daxing.Rows().Select(e => e.GetProperty("districtCode").GetString()));
            Assert.Empty(later.Rows());
            Assert.Equal((ExitCodes.Ok, "Reminders of enterprises named like '不存在的企业'"), (nobody.ExitCode, nobody.Stdout.Split('\n')[0]));
            Assert.EndsWith("0 reminder(s)\n", nobody.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(xlsx);
        }
    }
}
