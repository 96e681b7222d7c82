using ComplianceMonitor.Infrastructure.Leases;
using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using ComplianceMonitor.Cli.Commands;
using ComplianceMonitor.Infrastructure.Storage;
using ComplianceMonitor.Testing.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;

namespace ComplianceMonitor.Cli.Tests.Commands;

/// <summary><c>cm import</c> against Azurite over real HTTP (each test has its own table prefix).</summary>
[Trait("Category", "azurite")]
public sealed class ImportCommandTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("cm-import-").FullName;
    private readonly TableClientFactory _factory = azurite.CreateFactory();
    private int _opened;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Import_SampleLedger_CreatesEveryLeaseThenReimportChangesNothing()
    {
        var ledger = Path.Combine(Support.RepoPaths.Root, "samples", "ledger.json");

        var first = await RunAsync(["import", ledger]);
        _factory.Counter.Reset();
        var second = await RunAsync(["import", ledger]);

        Assert.Equal(0, first.ExitCode);
        var created = first.Json();
        Assert.Equal("ledger.json", created.GetProperty("file").GetString());
        Assert.Equal(53, created.GetProperty("records").GetInt32());
        Assert.Equal(53, created.GetProperty("created").GetInt32());
        Assert.Equal(0, created.GetProperty("updated").GetInt32());
        Assert.Equal(0, created.GetProperty("unchanged").GetInt32());
        Assert.Equal(0, second.ExitCode);
        Assert.Equal(0, second.Json().GetProperty("created").GetInt32());
        Assert.Equal(53, second.Json().GetProperty("unchanged").GetInt32());
        Assert.Equal(0, _factory.Counter.Writes);
        var fangshan = await new TableLeaseStore(_factory).ReadDistrictAsync("110111").ToListAsync();
        Assert.Contains(fangshan, i => i.LeaseId == "FS-2024-0001" && i.Lease!.Record.LandUser.Name == "北京京南精工智能装备有限公司");
    }

    [Fact]
    public async Task Import_OneRecordChanged_UpdatedOneRestUnchanged()
    {
        var records = SampleRecords();
        var file = Write("ledger.json", records);
        await RunAsync(["import", file]);
        records[1]!["landUser"]!["name"] = "北京更名后有限公司";
        Write("ledger.json", records);

        var run = await RunAsync(["import", file, "--format", "text"]);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("ledger.json：3 条租约；新增 0，更新 1，未变 2。", run.Stdout.Trim());
        var stored = await new TableLeaseStore(_factory).FindAsync(records[1]!["leaseId"]!.GetValue<string>());
        Assert.Equal("北京更名后有限公司", stored!.Record.LandUser.Name);
    }

    [Fact]
    public async Task Import_OneInvalidRecordAmongValid_Exit2ErrorsListedNothingWritten()
    {
        var records = SampleRecords();
        records[2]!["landUser"]!["creditCode"] = "91110111MA01ABCD1X";
        records[2]!["leaseYears"] = 0;
        var file = Write("ledger.json", records);

        var run = await RunAsync(["import", file]);

        Assert.Equal(2, run.ExitCode);
        var errors = run.Json().GetProperty("errors").EnumerateArray().ToList();
        Assert.Contains(errors, e => e.GetProperty("field").GetString() == "landUser.creditCode" && e.GetProperty("row").GetInt32() == 3);
        Assert.Contains(errors, e => e.GetProperty("field").GetString() == "leaseYears");
        Assert.All(errors, e => Assert.Equal("ledger.json", e.GetProperty("source").GetString()));
        Assert.Contains("nothing was written", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, _opened);
        Assert.Null(await new TableLeaseStore(_factory).FindAsync(records[0]!["leaseId"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Import_LeaseStoredUnderOtherDistrict_Exit2NamesDistrictCodeNothingWritten()
    {
        var records = SampleRecords();
        var moved = records[0]!["leaseId"]!.GetValue<string>();
        var originalDistrict = records[0]!["districtCode"]!.GetValue<string>();
        await RunAsync(["import", Write("first.json", new JsonArray(records[0]!.DeepClone()))]);
        records[0]!["districtCode"] = "110115";

        var run = await RunAsync(["import", Write("ledger.json", records)]);

        Assert.Equal(2, run.ExitCode);
        var error = Assert.Single(run.Json().GetProperty("errors").EnumerateArray());
        Assert.Equal("districtCode", error.GetProperty("field").GetString());
        Assert.Equal(moved, error.GetProperty("leaseId").GetString());
        Assert.Contains($"已登记在行政区 {originalDistrict}，不能导入到 110115", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        var store = new TableLeaseStore(_factory);
        Assert.Null(await store.FindAsync(records[1]!["leaseId"]!.GetValue<string>()));
        Assert.Equal(originalDistrict, (await store.FindAsync(moved))!.Record.DistrictCode);
    }

    [Fact]
    public async Task Import_DryRun_ValidatesWithoutOpeningStorage()
    {
        var run = await RunAsync(["import", Write("ledger.json", SampleRecords()), "--dry-run"]);

        Assert.Equal(0, run.ExitCode);
        Assert.True(run.Json().GetProperty("dryRun").GetBoolean());
        Assert.Equal(3, run.Json().GetProperty("records").GetInt32());
        Assert.Equal(0, _opened);
    }

    [Fact]
    public async Task Import_MissingFile_Exit2NamesFile()
    {
        var missing = Path.Combine(_folder, "nope.json");

        var run = await RunAsync(["import", missing]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"error: --ledger '{missing}' was not found", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, _opened);
    }

    [Fact]
    public async Task Import_UnsupportedExtension_Exit2WithReaderError()
    {
        var file = Path.Combine(_folder, "ledger.txt");
        await File.WriteAllTextAsync(file, "x");

        var run = await RunAsync(["import", file, "--format", "text"]);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("ledger.txt - $: ledger.txt：不支持的文件类型「.txt」", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_ProgressForced_SameResultAndStdoutStaysPureJson()
    {
        var run = await RunAsync(["import", Write("ledger.json", SampleRecords())], forceProgress: true);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(3, run.Json().GetProperty("created").GetInt32());
        Assert.StartsWith("{", run.Stdout, StringComparison.Ordinal);
        Assert.EndsWith("}", run.Stdout.TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public void Registered_InCliApp_ImportCommandPresent()
    {
        Assert.Contains(CliApp.Commands, c => c is ImportCommand);
    }

    /// <summary>Three valid records of the sample ledger, as a JSON array (each test writes its own copy).</summary>
    private static JsonArray SampleRecords()
    {
        var all = JsonNode.Parse(File.ReadAllText(Path.Combine(Support.RepoPaths.Root, "samples", "ledger.json")))!.AsArray();
        return [all[0]!.DeepClone(), all[1]!.DeepClone(), all[2]!.DeepClone()];
    }

    private string Write(string name, JsonArray records)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, records.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        return path;
    }

    private async Task<Support.CliRun> RunAsync(string[] args, bool? forceProgress = false)
    {
        using var input = new StringReader(string.Empty);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = Support.Cm.Context(output, error, new FakeTimeProvider(Support.Cm.DefaultNow), input: input);
        var services = new MonitoringCliServices(
            () =>
            {
                Interlocked.Increment(ref _opened);
                return _factory;
            });
        var command = new ImportCommand(services, forceProgress);
        var root = new RootCommand { command.Create(context) };
        var code = await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        return new Support.CliRun(code, output.ToString(), error.ToString());
    }
}
