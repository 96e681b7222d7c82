using System.Text.Json;

namespace ComplianceMonitor.Cli.Tests.Support;

/// <summary>The sample ledger and the results of checking it as of 2026-11-26 (computed once per test run).</summary>
internal static class Ledger
{
    private static readonly Lazy<Task<JsonElement>> LazyResults = new(async () =>
    {
        var run = await Cm.CheckLedgerAsync(RepoPaths.Ledger);
        if (run.ExitCode != ExitCodes.Ok)
        {
            throw new InvalidOperationException($"cm check on the ledger exited {run.ExitCode}: {run.Stderr}\n{run.Stdout}");
        }

        return run.Json();
    });

    /// <summary>The ledger's records, as JSON.</summary>
    public static JsonElement Records()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(RepoPaths.Ledger));
        return doc.RootElement.Clone();
    }

    /// <summary>The raw JSON text of one record of the ledger.</summary>
    public static string RecordText(string leaseId) =>
        Records().EnumerateArray().Single(r => r.GetProperty("leaseId").GetString() == leaseId).GetRawText();

    /// <summary>The check results of the whole ledger as of 2026-11-26 (an array in ledger order).</summary>
    public static Task<JsonElement> ResultsAsync() => LazyResults.Value;

    /// <summary>The result for one lease.</summary>
    public static async Task<JsonElement> ResultAsync(string leaseId) =>
        (await ResultsAsync()).EnumerateArray().Single(r => r.GetProperty("leaseId").GetString() == leaseId);

    /// <summary>The findings of one rule for one lease.</summary>
    public static async Task<List<JsonElement>> FindingsAsync(string leaseId, string rule) =>
        (await ResultAsync(leaseId)).GetProperty("findings").EnumerateArray()
            .Where(f => f.GetProperty("rule").GetString() == rule)
            .ToList();
}
