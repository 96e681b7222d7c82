using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text.Json;
using ComplianceMonitor.Application.Leases;
using ComplianceMonitor.Cli.Output;
using ComplianceMonitor.Domain.Calendar;
using ComplianceMonitor.Infrastructure.Leases;

namespace ComplianceMonitor.Cli.Commands;

/// <summary>
/// <c>cm indicators report --lease-id ID --indicator CODE --period yyyy --value N [--reported-on yyyy-MM-dd]</c> or
/// <c>cm indicators report --file actuals.csv|xlsx</c> (either with <c>[--format text|json|csv] [--xlsx FILE]</c>): reports indicator actuals of stored leases' performance agreements
/// without re-importing the ledger (docs/agreement.md). Validated (every problem, field and row named; nothing written
/// unless every row is valid), audited in the lease history (<c>cm leases history</c>), idempotent on (lease, indicator,
/// period): the same value again changes nothing; another value replaces it, the history showing old and new.
/// </summary>
/// <remarks>Exit 0 when every actual is written or already recorded; 2 for bad input (nothing written); 1 on a failure while writing.</remarks>
public sealed class IndicatorsCommand : ICliCommand
{
    /// <summary>The channel lease history records for these writes.</summary>
    public const string Channel = "cli indicators";

    private readonly MonitoringCliServices _services;

    /// <summary>Creates the command over the storage of the environment.</summary>
    public IndicatorsCommand()
        : this(MonitoringCliServices.FromContext())
    {
    }

    /// <summary>Creates the command over given services (tests).</summary>
    public IndicatorsCommand(MonitoringCliServices services) => _services = services ?? throw new ArgumentNullException(nameof(services));

    /// <inheritdoc/>
    public Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var lease = CommonOptions.LeaseId("The lease id (one actual).");
        var indicator = new Option<string?>("--indicator") { Description = "The indicator's code in the lease's agreement, e.g. investmentIntensity.", HelpName = "CODE" };
        var period = new Option<string?>("--period") { Description = "The year the figure is for.", HelpName = "yyyy" };
        var value = new Option<decimal?>("--value") { Description = "The figure reported (0 or more).", HelpName = "N" };
        var reportedOn = new Option<DateOnly?>("--reported-on") { Description = "The day the district received it (default: today, Beijing).", HelpName = "yyyy-MM-dd", CustomParser = CommonOptions.ParseDay };
        var file = new Option<string?>("--file") { Description = "A batch: .csv or .xlsx with columns leaseId, indicator, period, value, reportedOn (or 租赁合同编号, 指标代码, 年度, 实际值, 报送日期).", HelpName = "FILE" };
        var format = CommonOptions.ListFormat();
        var xlsx = CommonOptions.Xlsx();
        var by = CommonOptions.ByOrAccount();
        var report = new Command("report", "Report indicator actuals of a lease's agreement (one, or a batch file), audited and idempotent.")
        {
            lease, indicator, period, value, reportedOn, file, by, format, xlsx,
        };
        report.Validators.Add(r =>
        {
            var hasFile = r.GetValue(file) is not null;
            var hasOne = lease.GetValue(r) is not null || r.GetValue(indicator) is not null || r.GetValue(period) is not null || r.GetValue(value) is not null;
            if (hasFile && hasOne)
            {
                r.AddError("--file: give either --file or --lease-id/--indicator/--period/--value, not both.");
            }
            else if (!hasFile && (lease.GetValue(r) is null || r.GetValue(indicator) is null || r.GetValue(period) is null || r.GetValue(value) is null))
            {
                r.AddError("--lease-id, --indicator, --period and --value are all required (or give --file).");
            }
        });
        report.SetAction((parseResult, cancellationToken) => RunAsync(
            context,
            parseResult.GetValue(file),
            lease.GetValue(parseResult),
            new IndicatorReport(parseResult.GetValue(indicator), parseResult.GetValue(period), parseResult.GetValue(value), parseResult.GetValue(reportedOn)),
            parseResult.GetValue(format) ?? OutputFormats.Text,
            parseResult.GetValue(xlsx),
            CommonOptions.Actor(parseResult.GetValue(by)),
            cancellationToken));
        return new Command("indicators", "Indicator actuals of the performance agreement (履约监管协议).") { report };
    }

    private async Task<int> RunAsync(CliContext context, string? file, string? leaseId, IndicatorReport one, string format, FileInfo? xlsx, string actor, CancellationToken cancellationToken)
    {
        List<IndicatorActualsRow> rows;
        var errors = new List<IndicatorActualsError>();
        if (file is not null)
        {
            if (!File.Exists(file))
            {
                await context.Stderr.WriteLineAsync($"error: --file '{file}' does not exist.");
                return ExitCodes.InvalidInput;
            }

            try
            {
                var (read, problems) = IndicatorActualsFile.Read(file);
                rows = [.. read];
                errors.AddRange(problems);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or CsvHelper.CsvHelperException or FormatException or ArgumentException)
            {
                await context.Stderr.WriteLineAsync($"error: --file '{file}' cannot be read: {e.Message}");
                return ExitCodes.InvalidInput;
            }
        }
        else
        {
            rows = [new IndicatorActualsRow(0, leaseId!.Trim(), one)];
        }

        await using var storage = await _services.OpenAsync(context, cancellationToken);
        if (storage is null)
        {
            return ExitCodes.InvalidInput;
        }

        var leases = storage.Get<ILeaseStore>();
        var service = storage.Get<AgreementRecordService>();
        var today = BeijingClock.Today(context.Time);

        // 1. Every row against its lease as the rows before it leave it: nothing is written unless all are valid.
        var byLease = new Dictionary<string, StoredLease>(StringComparer.Ordinal);
        foreach (var group in rows.GroupBy(r => r.LeaseId ?? string.Empty))
        {
            if (group.Key.Length == 0)
            {
                errors.AddRange(group.Select(r => new IndicatorActualsError(r.Row, "leaseId", "is required")));
                continue;
            }

            var stored = await leases.FindAsync(group.Key, cancellationToken);
            if (stored is null)
            {
                errors.AddRange(group.Select(r => new IndicatorActualsError(r.Row, "leaseId", $"no lease has the id '{group.Key}'", group.Key)));
                continue;
            }

            byLease[group.Key] = stored;
            var list = group.ToList();
            var named = errors.Select(e => (e.Row, e.Column)).ToHashSet();
            foreach (var e in AgreementRecordService.Validate(stored.Record, [.. list.Select(r => r.Report)], today))
            {
                var close = e.Field.IndexOf(']', StringComparison.Ordinal);
                var index = int.Parse(e.Field[1..close], CultureInfo.InvariantCulture);
                var error = new IndicatorActualsError(list[index].Row, e.Field[(close + 2)..], e.Message, group.Key);
                if (!named.Contains((error.Row, error.Column)))
                {
                    errors.Add(error); // a cell the file reader already refused is named once
                }
            }
        }

        if (errors.Count > 0)
        {
            WriteErrors(context.Stdout, format, file is null, errors.OrderBy(e => e.Row ?? 0).ToList());
            await context.Stderr.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{errors.Count} error(s); nothing was written."));
            return ExitCodes.InvalidInput;
        }

        // 2. Write each row (one history row per change; the same value again writes nothing).
        var results = new List<(IndicatorActualsRow Row, AgreementChangeResult Result)>();
        foreach (var row in rows)
        {
            var current = byLease[row.LeaseId!];
            var result = await service.ReportIndicatorAsync(current, row.Report, actor, Channel, cancellationToken);
            if (result.Outcome is not (AgreementChangeOutcome.Added or AgreementChangeOutcome.Replaced or AgreementChangeOutcome.Unchanged))
            {
                await context.Stderr.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"error: lease {row.LeaseId}: {result.Outcome} after {results.Count} of {rows.Count} row(s); running the same command again completes it (rows already written come back unchanged)."));
                return ExitCodes.Failure;
            }

            byLease[row.LeaseId!] = new StoredLease(result.Record!, result.ETag!);
            results.Add((row, result));
        }

        await ListingOutput.WriteAsync(context, format, xlsx, new Listing<(IndicatorActualsRow Row, AgreementChangeResult Result)>(
            "actuals",
            results,
            ["LEASE", "OUTCOME", "DETAIL"],
            r => [r.Row.LeaseId ?? "-", Wire(r.Result.Outcome), r.Result.Detail ?? string.Empty],
            ["leaseId", "indicator", "period", "value", "outcome", "previousValue", "detail"],
            r =>
            [
                r.Row.LeaseId, r.Row.Report.Indicator?.Trim(), r.Row.Report.Period?.Trim(), r.Row.Report.Value?.ToString(CultureInfo.InvariantCulture),
                Wire(r.Result.Outcome), r.Result.PreviousValue?.ToString(CultureInfo.InvariantCulture), r.Result.Detail,
            ],
            output => output.WriteLine(Json(results)),
            string.Create(CultureInfo.InvariantCulture,
                $"{results.Count(r => r.Result.Outcome == AgreementChangeOutcome.Added)} added, {results.Count(r => r.Result.Outcome == AgreementChangeOutcome.Replaced)} replaced, {results.Count(r => r.Result.Outcome == AgreementChangeOutcome.Unchanged)} unchanged.")));
        return ExitCodes.Ok;
    }

    private static void WriteErrors(TextWriter output, string format, bool single, IReadOnlyList<IndicatorActualsError> errors)
    {
        if (format == OutputFormats.Json)
        {
            using var buffer = new MemoryStream();
            using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                w.WriteStartObject();
                w.WriteStartArray("errors");
                foreach (var e in errors)
                {
                    w.WriteStartObject();
                    if (!single && e.Row is { } row)
                    {
                        w.WriteNumber("row", row);
                    }

                    w.WriteString("field", e.Column);
                    w.WriteString("message", e.Message);
                    if (e.LeaseId is not null)
                    {
                        w.WriteString("leaseId", e.LeaseId);
                    }

                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
            return;
        }

        foreach (var e in errors)
        {
            var where = single || e.Row is null ? e.Column : string.Create(CultureInfo.InvariantCulture, $"row {e.Row} {e.Column}");
            output.WriteLine($"{e.LeaseId ?? "-"} {where}: {e.Message}");
        }
    }

    private static string Json(List<(IndicatorActualsRow Row, AgreementChangeResult Result)> results)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartArray();
            foreach (var (row, result) in results)
            {
                w.WriteStartObject();
                w.WriteString("leaseId", row.LeaseId);
                w.WriteString("indicator", row.Report.Indicator!.Trim());
                w.WriteString("period", row.Report.Period!.Trim());
                w.WriteNumber("value", row.Report.Value!.Value);
                w.WriteString("outcome", Wire(result.Outcome));
                if (result.PreviousValue is { } previous)
                {
                    w.WriteNumber("previousValue", previous);
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string Wire(AgreementChangeOutcome outcome) => outcome switch
    {
        AgreementChangeOutcome.Added => "added",
        AgreementChangeOutcome.Replaced => "replaced",
        _ => "unchanged",
    };
}
