using ComplianceMonitor.Cli.Tests.Support;
using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using ComplianceMonitor.Cli.Commands;
using ComplianceMonitor.Infrastructure.Leases;
using ComplianceMonitor.Testing.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;

namespace ComplianceMonitor.Cli.Tests.Commands;

/// <summary><c>cm import</c> records who and when; <c>cm leases history</c> reads it back.</summary>
[Trait("Category", "azurite")]
public sealed class LeasesCommandTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task History_AfterImportTwiceWithAChange_CreatedThenUpdatedByTheCliUser()
    {
        var factory = azurite.CreateFactory();
        var dir = Path.Combine(Path.GetTempPath(), "cm-leases-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var lease = JsonNode.Parse(Support.Ledger.Records().EnumerateArray().First(r => r.GetProperty("districtCode").GetString() == "110111").GetRawText())!;
            lease["leaseId"] = "FS-HIST-1";
            var first = Path.Combine(dir, "a.json");
            var second = Path.Combine(dir, "b.json");
            await File.WriteAllTextAsync(first, lease.ToJsonString());
            lease["landUser"]!["name"] = "北京另一家科技有限公司";
            await File.WriteAllTextAsync(second, lease.ToJsonString());

            Assert.Equal(0, (await CmAsync(factory, "import", first)).Code);
            Assert.Equal(0, (await CmAsync(factory, "import", second)).Code);
            Assert.Equal(0, (await CmAsync(factory, "import", second)).Code);
            var json = await CmAsync(factory, "leases", "history", "--lease-id", "FS-HIST-1", "--format", "json");
            var text = await CmAsync(factory, "leases", "history", "--lease-id", "FS-HIST-1");
            var csv = await CmAsync(factory, "leases", "history", "--lease-id", "FS-HIST-1", "--format", "csv");
            var missing = await CmAsync(factory, "leases", "history", "--lease", "FS-NOPE");

            Assert.Equal(0, json.Code);
            using var doc = JsonDocument.Parse(json.Stdout);
            var entries = doc.RootElement.EnumerateArray().ToList();
            Assert.Equal(["created", "updated"], entries.Select(e => e.GetProperty("action").GetString()));
            Assert.All(entries, e =>
            {
                Assert.Equal(CliActor.Current, e.GetProperty("actor").GetString());
                Assert.Equal("cli import", e.GetProperty("channel").GetString());
                Assert.Equal("applied", e.GetProperty("state").GetString());
                Assert.Equal("110111", e.GetProperty("districtCode").GetString());
            });
            Assert.StartsWith("Lease FS-HIST-1 (district 110111): 2 change(s)", text.Stdout, StringComparison.Ordinal);
            Assert.Equal(ExitCodes.InvalidInput, missing.Code);
            Assert.Equal("error: --lease-id 'FS-NOPE' is not stored in any district.", missing.Stderr.Trim()); // the former --lease still works; errors use the one name
            var textLines = text.Stdout.ReplaceLineEndings("\n").Split('\n');
            Assert.Equal("│ AT (BEIJING) │ ACTION │ ACTOR │ CHANNEL │ DETAIL │".Replace(" ", "", StringComparison.Ordinal), textLines[2].Replace(" ", "", StringComparison.Ordinal));
            Assert.Matches(@"^│ \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \+08:00 │ created +│ " + System.Text.RegularExpressions.Regex.Escape(CliActor.Current) + " +│ cli import │", textLines[4]);
            var csvLines = csv.Stdout.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal("at,leaseId,districtCode,action,actor,channel,detail,state", csvLines[0]);
            Assert.Equal(3, csvLines.Length);
            Assert.Matches(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \+08:00,FS-HIST-1,110111,updated," + System.Text.RegularExpressions.Regex.Escape(CliActor.Current) + ",cli import,sha256:[0-9a-f]{16},applied$", csvLines[2]);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static int _calls;

    private static async Task<(int Code, string Stdout, string Stderr)> CmAsync(Infrastructure.Storage.TableClientFactory factory, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        // Each command runs a minute after the one before, as a person's would: history rows are ordered by their
        // instant, and two writes at one instant would come back in random order.
        var at = new DateTimeOffset(2026, 3, 5, 2, 0, 0, TimeSpan.Zero).AddMinutes(Interlocked.Increment(ref _calls));
        var context = Cm.Context(output, error, new FakeTimeProvider(at));
        var root = new RootCommand
        {
            new ImportCommand(new MonitoringCliServices(() => factory), forceProgress: false).Create(context),
            new LeasesCommand(new MonitoringCliServices(() => factory)).Create(context),
        };
        var code = await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        return (code, output.ToString(), error.ToString());
    }
}
