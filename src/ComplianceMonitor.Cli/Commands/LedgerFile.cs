using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Infrastructure.Import;

namespace ComplianceMonitor.Cli.Commands;

/// <summary>
/// Reads the ledger named by <c>--ledger</c> for the commands that import one before they work (run, serve, digest): a
/// district workbook (<c>.xlsx</c>), <c>.csv</c> or <c>.json</c>, read by the same <see cref="LedgerReader"/> as <c>cm import</c>.
/// </summary>
internal static class LedgerFile
{
    /// <summary>
    /// The valid records of <paramref name="path"/>, or null when the file is missing, of another type, or holds an invalid
    /// row; the reason (every error, naming its file, row and column) is then written to standard error.
    /// </summary>
    /// <param name="context">The command's streams.</param>
    /// <param name="path">The ledger file.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <param name="nothingDone">What the last error line says was not done, e.g. <c>nothing was imported</c>.</param>
    public static async Task<IReadOnlyList<LeaseRecord>?> ReadAsync(CliContext context, string path, CancellationToken cancellationToken, string nothingDone = "nothing was imported")
    {
        if (Directory.Exists(path))
        {
            await context.Stderr.WriteLineAsync($"error: --ledger '{path}' is a directory, not a ledger file.");
            return null;
        }

        if (!File.Exists(path))
        {
            await context.Stderr.WriteLineAsync($"error: --ledger file '{path}' was not found (looked in {Path.GetFullPath(path)}).");
            return null;
        }

        LedgerReadResult read;
        try
        {
            read = await new LedgerReader().ReadAsync(path, null, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await context.Stderr.WriteLineAsync($"error: --ledger '{path}' cannot be read: {e.Message}");
            return null;
        }

        if (!read.IsValid)
        {
            ImportCommand.WriteErrors(context.Stderr, OutputFormats.Text, read.Errors);
            await context.Stderr.WriteLineAsync($"error: --ledger '{path}' holds {read.Errors.Count} error(s); {nothingDone}.");
            return null;
        }

        return read.Records;
    }
}
