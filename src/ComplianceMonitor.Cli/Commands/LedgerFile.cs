using System.Text.Json;
using ComplianceMonitor.Cli.Output;
using ComplianceMonitor.Domain.Records;

namespace ComplianceMonitor.Cli.Commands;

/// <summary>Reads the JSON ledger named by <c>--ledger</c> for the commands that import one before they work (run, serve).</summary>
internal static class LedgerFile
{
    /// <summary>
    /// The valid records of <paramref name="path"/>, or null when the file is missing, not JSON or holds an invalid
    /// record; the reason (every record error, naming its field) is then written to standard error.
    /// </summary>
    public static async Task<IReadOnlyList<LeaseRecord>?> ReadAsync(CliContext context, string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            await context.Stderr.WriteLineAsync($"error: --ledger file '{path}' was not found (looked in {Path.GetFullPath(path)}).");
            return null;
        }

        BatchReadResult batch;
        try
        {
            using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(path, cancellationToken));
            batch = LeaseRecordReader.ReadMany(doc.RootElement);
        }
        catch (JsonException e)
        {
            await context.Stderr.WriteLineAsync($"error: --ledger '{path}' is not JSON: {e.Message}");
            return null;
        }

        if (batch.Errors.Count > 0)
        {
            ErrorOutput.WriteText(context.Stderr, batch.Errors);
            await context.Stderr.WriteLineAsync($"error: --ledger '{path}' holds {batch.Errors.Count} error(s); nothing was imported.");
            return null;
        }

        return batch.Records;
    }
}
