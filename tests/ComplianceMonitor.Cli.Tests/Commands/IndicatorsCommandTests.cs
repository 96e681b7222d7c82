using ComplianceMonitor.Cli.Tests.Support;
using System.CommandLine;
using System.Text.Json;
using ClosedXML.Excel;
using ComplianceMonitor.Cli.Commands;
using ComplianceMonitor.Domain.Rules;
using ComplianceMonitor.Infrastructure.Leases;
using ComplianceMonitor.Testing.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;

namespace ComplianceMonitor.Cli.Tests.Commands;

/// <summary><c>cm indicators report</c> (one actual, a CSV batch, an xlsx batch) and <c>cm return apply|accept</c> over Azurite.</summary>
[Trait("Category", "azurite")]
public sealed class IndicatorsCommandTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private int _calls;

    [Fact]
    public async Task Report_OneThenSameThenCsvAndXlsxBatches_AuditedIdempotent_BadBatchWritesNothing_ThenReturnAccepted()
    {
        var factory = azurite.CreateFactory();
        var dir = Path.Combine(Path.GetTempPath(), "cm-indicators-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var lease = Path.Combine(dir, "lease.json");
            await File.WriteAllTextAsync(lease, Support.Ledger.Records().EnumerateArray().First(r => r.GetProperty("leaseId").GetString() == "HR-2025-0201").GetRawText());
            Assert.Equal(0, (await CmAsync(factory, "import", lease)).Code);

            var one = await CmAsync(factory, "indicators", "report", "--lease-id", "HR-2025-0201", "--indicator", "investmentIntensity", "--period", "2025", "--value", "640", "--reported-on", "2026-03-01");
            var same = await CmAsync(factory, "indicators", "report", "--lease", "HR-2025-0201", "--indicator", "investmentIntensity", "--period", "2025", "--value", "640");

            var csv = Path.Combine(dir, "actuals.csv");
            await File.WriteAllTextAsync(csv, "租赁合同编号,指标代码,年度,实际值,报送日期\nHR-2025-0201,investmentIntensity,2025,660,2026-03-02\nHR-2025-0201,localEmployment,2025,130,\n");
            var batch = await CmAsync(factory, "indicators", "report", "--file", csv, "--format", "json");

            var bad = Path.Combine(dir, "bad.csv");
            await File.WriteAllTextAsync(bad, "leaseId,indicator,period,value,reportedOn\nHR-2025-0201,investmentIntensity,2025,700,2026-03-03\nHR-NOPE-1,investmentIntensity,2025,1,\nHR-2025-0201,investmentIntensity,2026,1,\nHR-2025-0201,localEmployment,2025,abc,\n");
            var refused = await CmAsync(factory, "indicators", "report", "--file", bad);

            var xlsx = Path.Combine(dir, "actuals.xlsx");
            using (var workbook = new XLWorkbook())
            {
                var sheet = workbook.AddWorksheet("实际值");
                sheet.Cell(1, 1).Value = "leaseId";
                sheet.Cell(1, 2).Value = "indicator";
                sheet.Cell(1, 3).Value = "period";
                sheet.Cell(1, 4).Value = "value";
                sheet.Cell(1, 5).Value = "reportedOn";
                sheet.Cell(2, 1).Value = "HR-2025-0201";
                sheet.Cell(2, 2).Value = "investmentIntensity";
                sheet.Cell(2, 3).Value = 2025;
                sheet.Cell(2, 4).Value = 670.5;
                sheet.Cell(2, 5).Value = new DateTime(2026, 3, 4);
                workbook.SaveAs(xlsx);
            }

            var fromXlsx = await CmAsync(factory, "indicators", "report", "--file", xlsx);
            var history = await CmAsync(factory, "leases", "history", "--lease", "HR-2025-0201", "--format", "json");

            // The text output is a Spectre table since issue 11 (one row per actual; the summary line after it).
            Assert.Equal(
                (0, "│ HR-2025-0201 │ added   │ indicator investmentIntensity 2025: 640 (reported 2026-03-01) │", "1 added, 0 replaced, 0 unchanged."),
                (one.Code, one.Stdout.Split('\n')[3].TrimEnd(), one.Stdout.Split('\n')[5].TrimEnd()));
            Assert.Equal(0, same.Code);
            Assert.Contains("0 added, 0 replaced, 1 unchanged.", same.Stdout, StringComparison.Ordinal);
            Assert.Equal(0, batch.Code);
            using (var doc = JsonDocument.Parse(batch.Stdout))
            {
                Assert.Equal(
                    [("investmentIntensity", "replaced", 660m), ("localEmployment", "added", 130m)],
                    doc.RootElement.EnumerateArray().Select(e => (e.GetProperty("indicator").GetString(), e.GetProperty("outcome").GetString(), e.GetProperty("value").GetDecimal())));
            }

            Assert.Equal(ExitCodes.InvalidInput, refused.Code);
            Assert.Equal(
                [
                    "HR-NOPE-1 row 3 leaseId: no lease has the id 'HR-NOPE-1'",
                    "HR-2025-0201 row 4 period: '2026' is not a complete year yet (today is 2026-03-05): actuals are reported for past years",
                    "HR-2025-0201 row 5 value: 'abc' is not a number",
                ],
                refused.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd()));
            Assert.Contains("nothing was written", refused.Stderr, StringComparison.Ordinal);
            Assert.Equal(0, fromXlsx.Code);
            Assert.Contains("indicator investmentIntensity 2025: 660 → 670.5 (reported 2026-03-04)", fromXlsx.Stdout, StringComparison.Ordinal);

            using (var doc = JsonDocument.Parse(history.Stdout))
            {
                Assert.Equal(
                    [
                        ("created", "cli import"),
                        ("indicator", "cli indicators"), ("indicator", "cli indicators"), ("indicator", "cli indicators"), ("indicator", "cli indicators"),
                    ],
                    doc.RootElement.EnumerateArray().Select(e => (e.GetProperty("action").GetString(), e.GetProperty("channel").GetString())));
                Assert.All(doc.RootElement.EnumerateArray(), e => Assert.Equal(CliActor.Current, e.GetProperty("actor").GetString()));
            }

            var apply = await CmAsync(factory, "return", "apply", "--lease", "HR-2025-0201", "--on", "2026-03-01");
            var accept = await CmAsync(factory, "return", "accept", "--lease-id", "HR-2025-0201", "--on", "2026-03-04", "--by", "怀柔区规自分局-王");
            var moved = await CmAsync(factory, "return", "apply", "--lease", "HR-2025-0201", "--on", "2026-03-02");
            var stored = await new TableLeaseStore(factory).FindAsync("HR-2025-0201");
            var returnHistory = await CmAsync(factory, "leases", "history", "--lease-id", "HR-2025-0201", "--format", "json");

            Assert.Equal((0, "HR-2025-0201  recorded  return apply on 2026-03-01"), (apply.Code, apply.Stdout.Trim()));
            Assert.Equal(0, accept.Code);
            using (var doc = JsonDocument.Parse(returnHistory.Stdout))
            {
                // --by names who recorded it; without it, the operating-system account (the apply above).
                Assert.Equal(
                    [(CliActor.Current, "cli return"), ("怀柔区规自分局-王", "cli return")],
                    doc.RootElement.EnumerateArray().TakeLast(2).Select(e => (e.GetProperty("actor").GetString(), e.GetProperty("channel").GetString())));
            }

            Assert.Equal(ExitCodes.InvalidInput, moved.Code);
            Assert.Contains("already recorded as 2026-03-01", moved.Stderr, StringComparison.Ordinal);
            Assert.Equal((new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 4)), (stored!.Record.VoluntaryReturn!.AppliedOn, stored.Record.VoluntaryReturn.AcceptedOn));
            var intensity = stored.Record.Agreement!.Indicators.Single(i => i.Code == "investmentIntensity").Actuals.Single();
            Assert.Equal((2025, 670.5m, new DateOnly(2026, 3, 4)), (intensity.Period, intensity.Value, intensity.ReportedOn));
            var check = RuleEngine.Default.Check(stored.Record, new DateOnly(2026, 3, 5));
            Assert.Equal([RuleCode.RETURN_REFUND], check.Findings.Select(f => f.Rule));
            Assert.Null(check.Readiness);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private async Task<(int Code, string Stdout, string Stderr)> CmAsync(Infrastructure.Storage.TableClientFactory factory, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        // A minute apart, as a person's commands: history rows are ordered by their instant.
        var at = new DateTimeOffset(2026, 3, 5, 2, 0, 0, TimeSpan.Zero).AddMinutes(Interlocked.Increment(ref _calls));
        var context = Cm.Context(output, error, new FakeTimeProvider(at));
        var services = new MonitoringCliServices(() => factory);
        var root = new RootCommand
        {
            new ImportCommand(new MonitoringCliServices(() => factory), forceProgress: false).Create(context),
            new LeasesCommand(services).Create(context),
            new IndicatorsCommand(services).Create(context),
            new ReturnCommand(services).Create(context),
        };
        var code = await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        return (code, output.ToString(), error.ToString());
    }
}
