using System.CommandLine;
using System.Text.RegularExpressions;
using ComplianceMonitor.Cli.Commands;
using ComplianceMonitor.Cli.Tests.Support;
using ComplianceMonitor.Testing.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;

namespace ComplianceMonitor.Cli.Tests.Commands;

/// <summary><c>cm run</c> over Azurite with the sample ledger, file senders in a temporary folder.</summary>
[Trait("Category", "azurite")]
public sealed partial class RunCommandTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IDisposable
{
    private readonly string _temp = Path.Combine(Path.GetTempPath(), "cm-run-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_temp))
        {
            Directory.Delete(_temp, recursive: true);
        }
    }

    [Fact]
    public async Task Run_SampleLedgerTwice_FirstImportsScansSendsAndWritesDigests_SecondChangesNothing()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ComplianceStorage:ConnectionString"] = azurite.ConnectionString,
            ["ComplianceStorage:TablePrefix"] = AzuriteFixture.NewPrefix(),
            ["Email:OutboxFolder"] = Path.Combine(_temp, "outbox"),
            ["Sms:OutboxFolder"] = Path.Combine(_temp, "outbox"),
        }).Build();
        var digests = Path.Combine(_temp, "digests");
        string[] args = ["run", "--ledger", RepoPaths.Ledger, "--as-of", "2026-11-26", "--digests", digests];

        var first = await RunAsync(configuration, args);
        var emails = Directory.GetFiles(Path.Combine(_temp, "outbox"), "*.eml");
        var outboxFiles = Directory.GetFiles(Path.Combine(_temp, "outbox"));
        var digestFiles = Directory.GetFiles(digests, "*.html");
        var second = await RunAsync(configuration, args);

        Assert.True(first.Code == 0, first.Stdout + first.Stderr);
        Assert.Contains("import " + RepoPaths.Ledger + ": 53 lease(s): 53 new, 0 updated, 0 unchanged", first.Stdout, StringComparison.Ordinal);
        Assert.NotEmpty(emails);
        Assert.True(first.Stdout.Contains($"{outboxFiles.Length} outbox file(s) new or changed", StringComparison.Ordinal), first.Stdout);
        Assert.All(outboxFiles, f => Assert.Contains("  " + f, first.Stdout, StringComparison.Ordinal));
        Assert.True(int.Parse(Number(first.Stdout, @"open alerts: (\d+)"), System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Equal(Number(first.Stdout, @"lease\(s\) in (\d+) district"), digestFiles.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.All(digestFiles, f => Assert.Matches(@"^\d{6}-2026-11-26\.html$", Path.GetFileName(f)));
        Assert.DoesNotContain("done: 0 new", first.Stdout, StringComparison.Ordinal);

        Assert.True(second.Code == 0, second.Stdout + second.Stderr);
        Assert.Contains("53 lease(s): 0 new, 0 updated, 53 unchanged", second.Stdout, StringComparison.Ordinal);
        Assert.Contains("alerts 0 new", second.Stdout, StringComparison.Ordinal);
        Assert.Contains("reminders 0 new queued", second.Stdout, StringComparison.Ordinal);
        Assert.Contains("dispatch: 0 sent", second.Stdout, StringComparison.Ordinal);
        Assert.Contains("0 outbox file(s) new or changed", second.Stdout, StringComparison.Ordinal);
        Assert.Contains($"digests in {digests}: 0 new or changed, {digestFiles.Length} unchanged", second.Stdout, StringComparison.Ordinal);
        Assert.Contains("done: 0 new", second.Stdout, StringComparison.Ordinal);
        Assert.Equal(Number(first.Stdout, @"open alerts: (\d+)"), Number(second.Stdout, @"open alerts: (\d+)"));
        Assert.Equal(emails.Length, Directory.GetFiles(Path.Combine(_temp, "outbox"), "*.eml").Length);
    }

    [Fact]
    public async Task Run_MissingLedger_Exit2NamingTheOption()
    {
        var configuration = new ConfigurationBuilder().Build();

        var run = await RunAsync(configuration, ["run", "--ledger", Path.Combine(_temp, "none.json")]);

        Assert.Equal(ExitCodes.InvalidInput, run.Code);
        Assert.StartsWith("error: --ledger file", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ComplianceStorage:ConnectionString", "DefaultEndpointsProtocol=https;AccountName=stprodcm;AccountKey=a2V5;EndpointSuffix=core.windows.net", "stprodcm.table.core.windows.net")]
    [InlineData("ComplianceStorage:TableServiceUri", "https://stprodcm.table.core.windows.net/", "stprodcm.table.core.windows.net")]
    public async Task Run_RealStorageAccount_Exit2BeforeImportingAnything(string key, string value, string host)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [key] = value,
            ["ComplianceStorage:QueueServiceUri"] = key.EndsWith("Uri", StringComparison.Ordinal) ? "https://stprodcm.queue.core.windows.net/" : null,
        }).Build();

        var run = await RunAsync(configuration, ["run", "--ledger", RepoPaths.Ledger, "--as-of", "2026-11-26"]);

        Assert.Equal(ExitCodes.InvalidInput, run.Code);
        Assert.Equal(
            $"error: cm run works only on local development storage (Azurite); ComplianceStorage__* points at {host}. Nothing was imported. Load a real ledger with 'cm import' and scan with 'cm scan'.",
            run.Stderr.Trim().Split('\n')[^1]);
        Assert.DoesNotContain("import ", run.Stdout, StringComparison.Ordinal);
    }

    private static string Number(string text, string pattern)
    {
        var match = Regex.Match(text, pattern);
        Assert.True(match.Success, $"'{pattern}' not in:\n{text}");
        return match.Groups[1].Value;
    }

    private static async Task<(int Code, string Stdout, string Stderr)> RunAsync(IConfiguration configuration, string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = Cm.Context(output, error, new FakeTimeProvider(Cm.DefaultNow), configuration);
        var root = new RootCommand { new RunCommand().Create(context) };
        var code = await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        return (code, output.ToString(), error.ToString());
    }
}
