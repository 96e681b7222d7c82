using ComplianceMonitor.DevStorage;
using ComplianceMonitor.Application.Digest;
using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Tasks;
using ComplianceMonitor.Infrastructure.Composition;
using ComplianceMonitor.Infrastructure.Digest;
using ComplianceMonitor.Infrastructure.Leases;
using ComplianceMonitor.Infrastructure.Scanning;
using ComplianceMonitor.Infrastructure.Tasks;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text;
using ComplianceMonitor.Application.Leases;
using ComplianceMonitor.Cli.Output;
using ComplianceMonitor.Domain.Calendar;
using ComplianceMonitor.Domain.Jurisdictions;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Infrastructure.Storage;
using ComplianceMonitor.Cli.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceMonitor.Cli.Commands;

/// <summary>
/// <c>cm digest --district CODE [--as-of yyyy-MM-dd] [--out FILE] [--format html|json|text] [--ledger FILE]</c>: writes a
/// district's digest to a file without sending it.
/// </summary>
/// <remarks>
/// <para>The digest is built from the stored alerts, tasks, outbox and scan runs (<c>ComplianceStorage__*</c>; without it,
/// the local Azurite of <see cref="StorageSession"/>, the same one <c>eng/run-local.sh</c> uses), with the <c>Digest__*</c>
/// settings. The default file is <c>artifacts/digest-CODE-DATE.html</c> (<c>.json</c>, <c>.txt</c> for the other formats);
/// <c>--out -</c> writes to standard output.</para>
/// <para>With <c>--ledger FILE</c>, the district's records of that ledger are imported into scratch tables, scanned as of
/// the date and the digest built from them; the scratch tables are deleted afterwards and no stored data is touched.</para>
/// </remarks>
public sealed class DigestCommand : ICliCommand
{
    /// <summary>The formats of <c>--format</c>.</summary>
    public static readonly IReadOnlyList<string> Formats = ["html", "json", "text"];

    /// <inheritdoc />
    public Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var district = MonitoringCliServices.DistrictOption("The jurisdiction code, e.g. 110111 (房山区).");
        district.Required = true;
        var date = CommonOptions.AsOfOrDate("The Beijing date of the digest, yyyy-MM-dd (default: today in Beijing).");
        var output = new Option<string?>("--out")
        {
            Description = "Where to write it (default artifacts/digest-CODE-DATE.html, .json or .txt; '-' for standard output).",
            HelpName = "FILE",
        };
        var format = new Option<string>("--format")
        {
            Description = "html (the email body), json (the digest model) or text (the plain-text body).",
            DefaultValueFactory = _ => "html",
            HelpName = "html|json|text",
        }.AcceptOnlyFromAmong([.. Formats]);
        var ledger = CommonOptions.Ledger("Preview for a ledger file (.xlsx, .csv or .json) instead of stored data: import the district's records into scratch tables, scan them as of the date, build, then delete the tables.");
        var command = new Command("digest", "Write a district's supervisor digest to a file, without sending it.")
        {
            district,
            date,
            output,
            format,
            ledger,
        };
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            context,
            parseResult.GetRequiredValue(district)!,
            date.GetValue(parseResult) ?? BeijingClock.Today(context.Time),
            parseResult.GetValue(format) ?? "html",
            parseResult.GetValue(output),
            parseResult.GetValue(ledger),
            cancellationToken));
        return command;
    }

    /// <summary>The default output path: <c>artifacts/digest-CODE-DATE.EXT</c>.</summary>
    public static string DefaultPath(string districtCode, DateOnly date, string format) =>
        Path.Combine("artifacts", string.Create(CultureInfo.InvariantCulture, $"digest-{districtCode}-{date:yyyy-MM-dd}.{(format == "text" ? "txt" : format)}"));

    private static async Task<int> RunAsync(CliContext context, string districtCode, DateOnly date, string format, string? outPath, string? ledgerPath, CancellationToken cancellationToken)
    {
        IReadOnlyList<LeaseRecord>? leases = null;
        if (ledgerPath is not null)
        {
            leases = await ReadLedgerAsync(context, ledgerPath, districtCode, cancellationToken);
            if (leases is null)
            {
                return ExitCodes.InvalidInput;
            }
        }

        var services = MonitoringCliServices.FromContext();
        var configuration = context.Configuration;
        try
        {
            // Checked before storage is opened, each failure on its own line.
            var validation = new DigestOptionsValidator().Validate(null, DigestConfiguration.Load(configuration));
            var console = new ConsoleOptionsValidator().Validate(null, new ConsoleOptions { BaseUrl = configuration["Console:BaseUrl"] });
            if (validation.Failed || console.Failed)
            {
                foreach (var failure in (validation.Failures ?? []).Concat(console.Failures ?? []))
                {
                    await context.Stderr.WriteLineAsync($"error: {failure}");
                }

                return ExitCodes.InvalidInput;
            }
        }
        catch (InvalidOperationException e)
        {
            await context.Stderr.WriteLineAsync($"error: {e.Message}");
            return ExitCodes.InvalidInput;
        }

        await using var storage = await services.OpenAsync(context, cancellationToken);
        if (storage is null)
        {
            return ExitCodes.InvalidInput;
        }

        DigestModel model;
        if (leases is null)
        {
            model = await BuildAsync(storage.Services, districtCode, date, leases: null, cancellationToken);
        }
        else
        {
            // A preview over scratch tables of the same storage (a random prefix), deleted afterwards.
            await using var scratch = storage.CreateScratchTables();
            await using var preview = await CliHost.StartAsync(configuration, scratch.Tables, context.Time, log: false, cancellationToken);
            model = await BuildAsync(preview.Services, districtCode, date, leases, cancellationToken);
        }

        var renderer = new FluidDigestRenderer(ConsoleLinks.For(configuration["Console:BaseUrl"]));
        var body = format switch
        {
            "json" => DigestJson.Serialize(model),
            "text" => renderer.Render(model).Text,
            _ => renderer.Render(model).Html,
        };

        var c = model.Counts;
        var summary = string.Create(
            CultureInfo.InvariantCulture,
            $"{model.Subject}: {c.OpenAlerts} open, {c.New} new, {c.DueSoon} due within {model.DueWithinDays} days, {c.Overdue} overdue, {c.Violations} violations, {c.ActiveTasks} tasks ({c.EscalatedTasks} escalated), {c.FailedDeliveries} failed deliveries");
        if (outPath == CommonOptions.StdinMarker)
        {
            await context.Stdout.WriteAsync(body);
            await context.Stderr.WriteLineAsync(summary);
            return ExitCodes.Ok;
        }

        var path = Path.GetFullPath(string.IsNullOrWhiteSpace(outPath) ? DefaultPath(districtCode, date, format) : outPath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), cancellationToken);
        await context.Stdout.WriteLineAsync(summary);
        await context.Stdout.WriteLineAsync($"written to {path}");
        return ExitCodes.Ok;
    }

    private static async Task<DigestModel> BuildAsync(
        IServiceProvider services,
        string districtCode,
        DateOnly date,
        IReadOnlyList<LeaseRecord>? leases,
        CancellationToken cancellationToken)
    {
        // The shared composition over these tables: the same stores, scan (Reminders__*, Tasks__*) and digest (Digest__*) as the Functions app.
        if (leases is not null)
        {
            var leaseStore = services.GetRequiredService<LeaseWriter>();
            foreach (var lease in leases)
            {
                await leaseStore.UpsertAsync(lease, CliActor.Current, "cli digest preview", cancellationToken);
            }

            await services.GetRequiredService<ScanService>().ScanDistrictAsync(districtCode, date, string.Create(CultureInfo.InvariantCulture, $"preview-{date:yyyyMMdd}"), cancellationToken);
        }

        var service = services.GetRequiredService<DigestService>();
        return await service.BuildAsync(districtCode, date, cancellationToken);
    }

    private static async Task<IReadOnlyList<LeaseRecord>?> ReadLedgerAsync(CliContext context, string path, string districtCode, CancellationToken cancellationToken) =>
        await LedgerFile.ReadAsync(context, path, cancellationToken, "nothing was built") is { } records
            ? [.. records.Where(r => r.DistrictCode == districtCode)]
            : null;
}
