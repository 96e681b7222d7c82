using System.CommandLine;
using ComplianceMonitor.Cli.Output;
using ComplianceMonitor.Domain.Calendar;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Domain.Rules;

namespace ComplianceMonitor.Cli.Commands;

/// <summary>
/// <c>cm check --lease FILE [--as-of yyyy-MM-dd] [--format json|text]</c>: validates lease records and
/// checks every rule of the catalogue against them (records.md, "The command-line contract").
/// </summary>
/// <remarks>
/// FILE holds one record or a JSON array (<c>-</c> reads standard input); the output is one result or an
/// array in the same order. When any record is invalid, nothing is checked: the output lists every
/// problem (<c>{ "errors": [...] }</c>) and the exit code is 2.
/// </remarks>
public sealed class CheckCommand : ICliCommand
{
    private readonly RuleEngine _engine;

    /// <summary>Creates the command over the product's rule engine.</summary>
    public CheckCommand()
        : this(RuleEngine.Default)
    {
    }

    /// <summary>Creates the command over a given rule engine.</summary>
    public CheckCommand(RuleEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        _engine = engine;
    }

    /// <inheritdoc />
    public Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var lease = CommonOptions.LeaseFile();
        var asOf = CommonOptions.AsOfOrDate("The Beijing date to check as of, yyyy-MM-dd (default: today in Beijing).");
        var format = CommonOptions.Format();
        var command = new Command("check", "Check lease records against the rule catalogue as of a Beijing date.")
        {
            lease,
            asOf,
            format,
        };
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            context,
            parseResult.GetRequiredValue(lease),
            asOf.GetValue(parseResult),
            parseResult.GetValue(format) ?? OutputFormats.Json,
            cancellationToken));
        return command;
    }

    private async Task<int> RunAsync(CliContext context, string leasePath, DateOnly? asOfOption, string format, CancellationToken cancellationToken)
    {
        var json = await ReadInputAsync(context, leasePath, cancellationToken);
        if (json is null)
        {
            return ExitCodes.InvalidInput;
        }

        var batch = LeaseRecordReader.ReadMany(json);
        if (!batch.IsValid)
        {
            if (format == OutputFormats.Text)
            {
                ErrorOutput.WriteText(context.Stdout, batch.Errors);
            }
            else
            {
                ErrorOutput.WriteJson(context.Stdout, batch.Errors);
            }

            var invalidRecords = batch.Errors.Select(e => e.LeaseId).Distinct().Count();
            await context.Stderr.WriteLineAsync(
                $"{batch.Errors.Count} error(s) in {invalidRecords} record(s) of {Describe(leasePath)}; nothing was checked.");
            return ExitCodes.InvalidInput;
        }

        var asOf = asOfOption ?? BeijingClock.Today(context.Time);
        var results = new List<CheckResult>(batch.Records.Count);
        foreach (var record in batch.Records)
        {
            cancellationToken.ThrowIfCancellationRequested();
            results.Add(_engine.Check(record, asOf));
        }

        if (format == OutputFormats.Text)
        {
            CheckTextOutput.Write(context.Stdout, batch.Records, results, asOf);
        }
        else
        {
            CheckJsonOutput.Write(context.Stdout, results, batch.WasArray);
        }

        await context.Stdout.FlushAsync(cancellationToken);
        return ExitCodes.Ok;
    }

    /// <summary>Reads the whole input, or reports on standard error why it cannot be read and returns null.</summary>
    private static async Task<string?> ReadInputAsync(CliContext context, string path, CancellationToken cancellationToken)
    {
        if (path == CommonOptions.StdinMarker)
        {
            return await context.Stdin.ReadToEndAsync(cancellationToken);
        }

        if (string.IsNullOrWhiteSpace(path))
        {
            await context.Stderr.WriteLineAsync("error: --lease needs a file path, or '-' for standard input.");
            return null;
        }

        if (Directory.Exists(path))
        {
            await context.Stderr.WriteLineAsync($"error: --lease '{path}' is a directory, not a file.");
            return null;
        }

        if (!File.Exists(path))
        {
            await context.Stderr.WriteLineAsync($"error: --lease file '{path}' was not found (looked in {Path.GetFullPath(path)}).");
            return null;
        }

        try
        {
            return await File.ReadAllTextAsync(path, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await context.Stderr.WriteLineAsync($"error: --lease file '{path}' cannot be read: {e.Message}");
            return null;
        }
    }

    private static string Describe(string path) => path == CommonOptions.StdinMarker ? "standard input" : $"'{path}'";
}
