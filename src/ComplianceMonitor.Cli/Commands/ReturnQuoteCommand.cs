using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using ComplianceMonitor.Cli.Output;
using ComplianceMonitor.Domain;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Domain.Returns;

namespace ComplianceMonitor.Cli.Commands;

/// <summary>
/// <c>cm return-quote --lease FILE [--lease-id ID] --return-day yyyy-MM-dd [--damages YUAN] [--building-value YUAN | --demolition-cost YUAN] [--format json|text]</c>:
/// the refund quote of a voluntary return (三（七）, agreement.md), line by line, to the fen.
/// </summary>
/// <remarks>
/// FILE holds one record or an array (then <c>--lease-id</c> picks one; <c>-</c> reads standard input). The quote is
/// computed by <see cref="ReturnQuoteCalculator"/>: each rent instalment's paid amount less the rent for the days used up to
/// the return day, less the agreed damages, plus the appraised building value or less the demolition cost.
/// An invalid record or input gives <c>{ "errors": [...] }</c> and exit code 2.
/// </remarks>
public sealed class ReturnQuoteCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var lease = new Option<string>("--lease") { Description = "The lease record file: one record or a JSON array ('-' reads standard input).", HelpName = "FILE", Required = true };
        var leaseId = new Option<string?>("--lease-id") { Description = "The lease to quote when FILE holds several.", HelpName = "ID" };
        var returnDay = new Option<DateOnly?>("--return-day") { Description = "The day the land is returned, yyyy-MM-dd (used up to and including it).", HelpName = "yyyy-MM-dd", Required = true, CustomParser = CommonOptions.ParseDay };
        var damages = new Option<decimal?>("--damages") { Description = "The liquidated damages the agreement sets for a return, in yuan (deducted).", HelpName = "YUAN" };
        var building = new Option<decimal?>("--building-value") { Description = "The appraised value of usable buildings, in yuan (compensated).", HelpName = "YUAN" };
        var demolition = new Option<decimal?>("--demolition-cost") { Description = "The demolition cost the land user pays instead of demolishing, in yuan (deducted).", HelpName = "YUAN" };
        var format = CommonOptions.Format();
        var command = new Command("return-quote", "Quote the refund of a voluntary return (三（七）) for a given return day, line by line.")
        {
            lease, leaseId, returnDay, damages, building, demolition, format,
        };
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            context,
            parseResult.GetRequiredValue(lease),
            parseResult.GetValue(leaseId),
            new ReturnQuoteInputs(parseResult.GetValue(returnDay)!.Value, parseResult.GetValue(damages), parseResult.GetValue(building), parseResult.GetValue(demolition)),
            parseResult.GetValue(format) ?? OutputFormats.Json,
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, string path, string? leaseId, ReturnQuoteInputs inputs, string format, CancellationToken cancellationToken)
    {
        string json;
        try
        {
            json = path == CommonOptions.StdinMarker ? await context.Stdin.ReadToEndAsync(cancellationToken) : await File.ReadAllTextAsync(path, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await context.Stderr.WriteLineAsync($"error: --lease file '{path}' cannot be read: {e.Message}");
            return ExitCodes.InvalidInput;
        }

        var batch = LeaseRecordReader.ReadMany(json);
        if (!batch.IsValid)
        {
            ErrorOutput.WriteJson(context.Stdout, batch.Errors);
            return ExitCodes.InvalidInput;
        }

        var record = leaseId is null && batch.Records.Count == 1 ? batch.Records[0] : batch.Records.FirstOrDefault(r => r.LeaseId == leaseId);
        if (record is null)
        {
            await context.Stderr.WriteLineAsync(leaseId is null
                ? "error: the file holds several leases: name one with --lease-id."
                : $"error: no lease '{leaseId}' in the file.");
            return ExitCodes.InvalidInput;
        }

        var (quote, errors) = ReturnQuoteCalculator.Quote(record, inputs);
        if (quote is null)
        {
            ErrorOutput.WriteJson(context.Stdout, errors);
            return ExitCodes.InvalidInput;
        }

        if (format == OutputFormats.Text)
        {
            await context.Stdout.WriteLineAsync($"自愿退还土地退款测算 · {quote.LeaseId} · 退还日 {CheckResultJson.Date(quote.ReturnDay)}");
            for (var i = 0; i < quote.Lines.Count; i++)
            {
                var line = quote.Lines[i];
                await context.Stdout.WriteLineAsync($"{i + 1}. {line.Label}：{Signed(line.AmountYuan)}");
                await context.Stdout.WriteLineAsync($"   {line.Formula}");
            }

            await context.Stdout.WriteLineAsync($"合计：{Signed(quote.TotalYuan)}");
            foreach (var note in quote.Notes)
            {
                await context.Stdout.WriteLineAsync($"注：{note}");
            }
        }
        else
        {
            await context.Stdout.WriteLineAsync(ToJson(quote));
        }

        await context.Stdout.FlushAsync(cancellationToken);
        return ExitCodes.Ok;
    }

    /// <summary>The quote as JSON: <c>{ leaseId, returnDay, lines: [ { label, amountYuan, formula } ], totalYuan, notes }</c>.</summary>
    public static string ToJson(ReturnQuote quote) => ReturnQuoteJson.Serialize(quote);

    private static string Signed(decimal amount) => amount < 0m ? "−" + Money.Format(-amount) : Money.Format(amount);
}
