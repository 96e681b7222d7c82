using ComplianceMonitor.Cli.Commands;
using ComplianceMonitor.Cli.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace ComplianceMonitor.Cli.Tests.Commands;

/// <summary><c>--ledger FILE</c> of run, serve and digest: xlsx, csv and JSON through the reader <c>cm import</c> uses.</summary>
[Trait("Category", "unit")]
public class LedgerFileTests
{
    private static async Task<(IReadOnlyList<Domain.Records.LeaseRecord>? Records, string Stderr)> ReadAsync(string path)
    {
        using var error = new StringWriter();
        var records = await LedgerFile.ReadAsync(new CliContext(TextReader.Null, TextWriter.Null, error, new FakeTimeProvider(Cm.DefaultNow)), path, CancellationToken.None);
        return (records, error.ToString());
    }

    [Fact]
    public async Task ReadAsync_WorkbookCsvAndJson_SameLeases()
    {
        var xlsx = await ReadAsync(Path.Combine(RepoPaths.Root, "samples", "ledger-agreements.xlsx"));
        var csv = await ReadAsync(Path.Combine(RepoPaths.Root, "samples", "ledger-agreements.csv"));
        var json = await ReadAsync(RepoPaths.Ledger);

        Assert.Equal((string.Empty, string.Empty, string.Empty), (xlsx.Stderr, csv.Stderr, json.Stderr));
        Assert.NotEmpty(xlsx.Records!);
        Assert.Equal(xlsx.Records!.Select(r => r.LeaseId), csv.Records!.Select(r => r.LeaseId));
        Assert.NotNull(json.Records);
        Assert.Equal(53, json.Records!.Count);
        Assert.Subset(json.Records.Select(r => r.LeaseId).ToHashSet(), xlsx.Records!.Select(r => r.LeaseId).ToHashSet());
    }

    [Fact]
    public async Task ReadAsync_InvalidRow_NullAndEveryErrorNamed()
    {
        var file = Path.Combine(Path.GetTempPath(), $"cm-ledger-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "samples", "invalid-lease.json")));
        try
        {
            var (records, stderr) = await ReadAsync(file);

            Assert.Null(records);
            Assert.Matches(@$"error: --ledger '{System.Text.RegularExpressions.Regex.Escape(file)}' holds \d+ error\(s\); nothing was imported\.", stderr);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
