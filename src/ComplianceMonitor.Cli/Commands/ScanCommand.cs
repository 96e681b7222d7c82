using ComplianceMonitor.DevStorage;
using ComplianceMonitor.Application.Access;
using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Tasks;
using ComplianceMonitor.Infrastructure.Composition;
using ComplianceMonitor.Infrastructure.Leases;
using ComplianceMonitor.Infrastructure.Scanning;
using ComplianceMonitor.Infrastructure.Tasks;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text.Json;
using ComplianceMonitor.Cli.Output;
using ComplianceMonitor.Domain.Calendar;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Jurisdictions;
using ComplianceMonitor.Domain.Rules;
using ComplianceMonitor.Infrastructure.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace ComplianceMonitor.Cli.Commands;

/// <summary>
/// <c>cm scan [--as-of yyyy-MM-dd [--backdate]] [--district CODE] [--parallel N] [--format text|json]</c>: the daily scan (Flow 1)
/// of one district or of every jurisdiction, with a summary per district.
/// </summary>
/// <remarks>
/// Storage comes from <c>ComplianceStorage__ConnectionString</c> (or the service URIs; when nothing is configured, a local
/// Azurite with its data in <c>&lt;repo&gt;/.azurite</c>, as for <c>cm import</c>); the reminder cadence from
/// <c>Reminders__*</c> and the task due days from <c>Tasks__DueDays</c>. Exit code 0 when every district was scanned,
/// 1 when any district failed (its run is recorded), 2 for bad options or invalid storage configuration.
/// </remarks>
public sealed class ScanCommand : ICliCommand
{
    /// <summary>The option that allows a deliberate scan of a past day.</summary>
    public const string BackdateOption = "--backdate";

    private readonly MonitoringCliServices _services;

    /// <summary>Creates the command over the storage and settings of the environment.</summary>
    public ScanCommand()
        : this(MonitoringCliServices.FromEnvironment())
    {
    }

    /// <summary>Creates the command over given services (tests).</summary>
    public ScanCommand(MonitoringCliServices services)
    {
        ArgumentNullException.ThrowIfNull(services);
        _services = services;
    }

    /// <inheritdoc />
    public Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var asOf = CommonOptions.AsOf();
        var district = MonitoringCliServices.DistrictOption("The district to scan (default: every jurisdiction).");
        var parallel = new Option<int>("--parallel")
        {
            Description = "How many districts to scan at once (1-18).",
            DefaultValueFactory = _ => 2,
            HelpName = "N",
        };
        parallel.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 18)
            {
                r.AddError("--parallel must be between 1 and 18.");
            }
        });
        var format = CommonOptions.Format();
        format.DefaultValueFactory = _ => OutputFormats.Text;
        var backdate = new Option<bool>(BackdateOption)
        {
            Description = "Scan a past --as-of for real (opens, resolves, queues). Without it only today (Beijing) may be scanned; a future day never.",
        };
        var command = new Command("scan", "Scan leases for a Beijing date: open, update and resolve alerts, queue reminders, open and escalate tasks.")
        {
            asOf,
            backdate,
            district,
            parallel,
            format,
        };
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            context,
            parseResult.GetValue(asOf),
            parseResult.GetValue(backdate),
            parseResult.GetValue(district),
            parseResult.GetValue(parallel),
            parseResult.GetValue(format) ?? OutputFormats.Text,
            cancellationToken));
        return command;
    }

    private async Task<int> RunAsync(CliContext context, DateOnly? asOfOption, bool backdate, string? district, int parallel, string format, CancellationToken cancellationToken)
    {
        if (ScanDay.Refusal(asOfOption, BeijingClock.Today(context.Time), backdate) is { } refusal)
        {
            await context.Stderr.WriteLineAsync($"error: {refusal}");
            return ExitCodes.InvalidInput;
        }

        await using var storage = await _services.OpenAsync(context, cancellationToken);
        if (storage is null)
        {
            return ExitCodes.InvalidInput;
        }

        var asOf = asOfOption ?? BeijingClock.Today(context.Time);
        var runId = "cli-" + BeijingClock.Now(context.Time).ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..6];
        var districts = district is null ? Jurisdiction.All.Select(j => j.Code).ToArray() : [district];
        var service = _services.CreateScanService(storage.Tables, context.Time);
        var runs = await service.ScanDistrictsAsync(districts, asOf, runId, parallel, cancellationToken);

        if (format == OutputFormats.Json)
        {
            WriteJson(context.Stdout, runs);
        }
        else
        {
            WriteText(context.Stdout, runs, asOf, runId);
        }

        foreach (var failed in runs.Where(r => r.Outcome != ScanOutcome.Succeeded))
        {
            await context.Stderr.WriteLineAsync($"error: the scan of district {failed.DistrictCode} failed: {failed.Error}");
        }

        return runs.All(r => r.Outcome == ScanOutcome.Succeeded) ? ExitCodes.Ok : ExitCodes.Failure;
    }

    private static void WriteText(TextWriter output, IReadOnlyList<ScanRun> runs, DateOnly asOf, string runId)
    {
        output.WriteLine($"Scan {runId} as of {asOf:yyyy-MM-dd} (Beijing) · {runs.Count} district(s)");
        output.WriteLine();
        string[] headings = ["DISTRICT", "LEASES", "FINDINGS", "NEW", "UPDATED", "RESOLVED", "QUEUED", "TASKS OPENED", "ESCALATED", "QUARANTINED"];
        var rows = runs.Select(r => new[]
        {
            $"{r.DistrictCode} {NameOf(r.DistrictCode)}",
            N(r.Leases), N(r.Findings), N(r.AlertsCreated), N(r.AlertsUpdated), N(r.AlertsResolved), N(r.OutboxQueued),
            N(r.TasksOpened), N(r.TasksEscalated), r.Outcome == ScanOutcome.Succeeded ? N(r.QuarantinedLeaseIds.Count) : "FAILED",
        }).ToList();
        rows.Add(
        [
            "TOTAL",
            N(runs.Sum(r => r.Leases)), N(runs.Sum(r => r.Findings)), N(runs.Sum(r => r.AlertsCreated)), N(runs.Sum(r => r.AlertsUpdated)),
            N(runs.Sum(r => r.AlertsResolved)), N(runs.Sum(r => r.OutboxQueued)), N(runs.Sum(r => r.TasksOpened)), N(runs.Sum(r => r.TasksEscalated)),
            N(runs.Sum(r => r.QuarantinedLeaseIds.Count)),
        ]);
        MonitoringCliServices.WriteTable(output, headings, rows, rightAlignedFrom: 1);
        if (runs.Sum(r => r.AlertsRuleRevised) is > 0 and var revised)
        {
            // Additive: only a scan that closed alerts because a rule changed prints it.
            output.WriteLine(RuleRevisedLine(runs, revised));
        }

        foreach (var r in runs)
        {
            foreach (var id in r.QuarantinedLeaseIds)
            {
                output.WriteLine($"quarantined: {r.DistrictCode} {id}");
            }

            foreach (var w in r.Warnings)
            {
                output.WriteLine($"warning: {r.DistrictCode} {w}");
            }
        }
    }

    /// <summary>The line that says how many alerts the runs closed as rule revised (not obligation met) and how many reminders they withdrew.</summary>
    internal static string RuleRevisedLine(IReadOnlyList<ScanRun> runs, int revised) => string.Create(
        System.Globalization.CultureInfo.InvariantCulture,
        $"rule revised: {revised} alert(s) closed because their rule changed in revision {runs.Max(r => r.RuleRevision)} (规则修订, not obligation met); {runs.Sum(r => r.OutboxWithdrawn)} pending reminder(s) withdrawn");

    private static void WriteJson(TextWriter output, IReadOnlyList<ScanRun> runs)
    {
        MonitoringCliServices.WriteJson(output, writer =>
        {
            writer.WriteStartArray();
            foreach (var r in runs)
            {
                writer.WriteStartObject();
                writer.WriteString("runId", r.RunId);
                writer.WriteString("districtCode", r.DistrictCode);
                writer.WriteString("asOf", CheckResultJson.Date(r.AsOf));
                writer.WriteString("outcome", r.Outcome.ToString().ToLowerInvariant());
                writer.WriteNumber("leases", r.Leases);
                writer.WriteNumber("findings", r.Findings);
                writer.WriteNumber("alertsCreated", r.AlertsCreated);
                writer.WriteNumber("alertsUpdated", r.AlertsUpdated);
                writer.WriteNumber("alertsResolved", r.AlertsResolved);
                writer.WriteNumber("outboxQueued", r.OutboxQueued);
                writer.WriteNumber("outboxSuperseded", r.OutboxSuperseded);
                writer.WriteNumber("tasksOpened", r.TasksOpened);
                writer.WriteNumber("tasksResolved", r.TasksResolved);
                writer.WriteNumber("tasksEscalated", r.TasksEscalated);
                writer.WriteNumber("alertsRuleRevised", r.AlertsRuleRevised);
                writer.WriteNumber("outboxWithdrawn", r.OutboxWithdrawn);
                writer.WriteNumber("ruleRevision", r.RuleRevision);
                writer.WriteStartArray("quarantined");
                foreach (var id in r.QuarantinedLeaseIds)
                {
                    writer.WriteStringValue(id);
                }

                writer.WriteEndArray();
                writer.WriteStartArray("warnings");
                foreach (var w in r.Warnings)
                {
                    writer.WriteStringValue(w);
                }

                writer.WriteEndArray();
                if (r.Error is not null)
                {
                    writer.WriteString("error", r.Error);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        });
    }

    private static string NameOf(string code) => Jurisdiction.TryGet(code, out var j) ? j!.Name : "";

    private static string N(int value) => value.ToString("N0", CultureInfo.InvariantCulture);
}

/// <summary>Storage opened for one command; disposing it stops the local Azurite started for the run, if any.</summary>
/// <param name="Tables">The table clients.</param>
/// <param name="Owner">Released when the command ends; null when there is nothing to release.</param>
public sealed record OpenedStorage(TableClientFactory Tables, IAsyncDisposable? Owner) : IAsyncDisposable
{
    /// <inheritdoc />
    public ValueTask DisposeAsync() => Owner?.DisposeAsync() ?? ValueTask.CompletedTask;
}

/// <summary>The storage, settings and output helpers shared by <c>cm scan</c>, <c>alerts</c>, <c>tasks</c> and <c>outbox</c>.</summary>
public sealed class MonitoringCliServices
{
    private readonly Func<CliContext, CancellationToken, Task<OpenedStorage?>> _open;
    private readonly IConfiguration _configuration;

    /// <summary>Creates the services over a table client factory (null when storage is not configured) and settings (tests).</summary>
    public MonitoringCliServices(Func<TableClientFactory?> factory, IConfiguration configuration)
        : this((_, _) => Task.FromResult(factory() is { } tables ? new OpenedStorage(tables, null) : null), configuration)
    {
        ArgumentNullException.ThrowIfNull(factory);
    }

    private MonitoringCliServices(Func<CliContext, CancellationToken, Task<OpenedStorage?>> open, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        _open = open;
        _configuration = configuration;
    }

    /// <summary>
    /// The services of the process environment: storage from <c>ComplianceStorage__*</c> (when nothing is configured, a
    /// local Azurite with its data in <c>&lt;repo&gt;/.azurite</c>, as <c>cm import</c> uses), <c>Reminders__*</c>, <c>Tasks__*</c>.
    /// </summary>
    public static MonitoringCliServices FromEnvironment()
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        return new MonitoringCliServices(
            async (context, cancellationToken) =>
            {
                var session = await StorageSession.OpenAsync(TableStorageOptions.From(key => configuration[key]), log: context.Stderr.WriteLine, cancellationToken: cancellationToken);
                return new OpenedStorage(new TableClientFactory(session.Options), session);
            },
            configuration);
    }

    /// <summary>Opens storage for one command, or says on standard error why it cannot and returns null (exit code 2).</summary>
    public async Task<OpenedStorage?> OpenAsync(CliContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        OpenedStorage? storage;
        try
        {
            storage = await _open(context, cancellationToken);
        }
        catch (InvalidOperationException e) when (e is not ObjectDisposedException)
        {
            await context.Stderr.WriteLineAsync($"error: {e.Message}");
            return null;
        }

        if (storage is null)
        {
            await context.Stderr.WriteLineAsync(
                $"error: storage is not configured: set {TableStorageOptions.SectionName}__ConnectionString (e.g. export {TableStorageOptions.SectionName}__ConnectionString=\"$(eng/azurite.sh start)\"), or {TableStorageOptions.SectionName}__TableServiceUri.");
        }

        return storage;
    }

    /// <summary>The scan service over the configured stores, cadence (<c>Reminders__*</c>) and task options (<c>Tasks__*</c>).</summary>
    public ScanService CreateScanService(TableClientFactory tables, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(time);
        var context = new CliContext(TextReader.Null, TextWriter.Null, TextWriter.Null, time);
#pragma warning disable CA2000 // The services live as long as the command (singletons over the opened storage).
        return CliServices.Build(context, _configuration, tables, log: false).GetRequiredService<ScanService>();
#pragma warning restore CA2000
    }

    /// <summary>The <c>--district CODE</c> option, checked against the configured jurisdictions.</summary>
    public static Option<string?> DistrictOption(string description)
    {
        var option = new Option<string?>("--district") { Description = description, HelpName = "CODE" };
        option.Validators.Add(r =>
        {
            var code = r.GetValueOrDefault<string?>();
            if (code is not null && !Jurisdiction.IsKnown(code))
            {
                r.AddError($"--district '{code}' is not a jurisdiction code (e.g. 110111 房山区; {Jurisdiction.EconomicTechnologicalDevelopmentAreaCode} 北京经济技术开发区).");
            }
        });
        return option;
    }

    /// <summary>The districts a listing covers: the one given, else every jurisdiction.</summary>
    public static IEnumerable<string> Districts(string? district) => district is null ? Jurisdiction.All.Select(j => j.Code) : [district];

    /// <summary>Writes JSON to <paramref name="output"/> with Chinese text left readable.</summary>
    public static void WriteJson(TextWriter output, Action<Utf8JsonWriter> write)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(write);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, CheckResultJson.WriterOptions()))
        {
            write(writer);
        }

        output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }

    /// <summary>Writes an aligned table (by display width, so Chinese text lines up); columns from <paramref name="rightAlignedFrom"/> on are right-aligned.</summary>
    public static void WriteTable(TextWriter output, IReadOnlyList<string> headings, IReadOnlyList<string[]> rows, int rightAlignedFrom = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(headings);
        ArgumentNullException.ThrowIfNull(rows);
        var widths = headings.Select(DisplayWidth.Of).ToArray();
        foreach (var row in rows)
        {
            for (var i = 0; i < row.Length && i < widths.Length; i++)
            {
                widths[i] = Math.Max(widths[i], DisplayWidth.Of(row[i]));
            }
        }

        void Line(IReadOnlyList<string> cells)
        {
            var parts = cells.Select((c, i) => i == cells.Count - 1 && i < rightAlignedFrom ? c : i >= rightAlignedFrom ? DisplayWidth.PadLeft(c, widths[i]) : DisplayWidth.PadRight(c, widths[i]));
            output.WriteLine(string.Join("  ", parts).TrimEnd());
        }

        Line(headings);
        foreach (var row in rows)
        {
            Line(row);
        }
    }

    /// <summary>A date cell: <c>yyyy-MM-dd</c> or <c>-</c>.</summary>
    public static string Cell(DateOnly? date) => date is { } d ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "-";

    /// <summary>A money cell with two decimals, or <c>-</c>.</summary>
    public static string Cell(decimal? amount) => amount is { } a ? a.ToString("#,##0.00", CultureInfo.InvariantCulture) : "-";

    /// <summary>Reads every item of <paramref name="items"/>; unreadable entities are reported on standard error and skipped.</summary>
    public static async Task<List<T>> CollectAsync<T>(CliContext context, IAsyncEnumerable<StoreReadItem<T>> items, CancellationToken cancellationToken = default)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(items);
        var list = new List<T>();
        await foreach (var item in items.WithCancellation(cancellationToken))
        {
            if (item.Item is { } value)
            {
                list.Add(value);
            }
            else
            {
                await context.Stderr.WriteLineAsync($"warning: {item.Key} cannot be read: {item.Error}");
            }
        }

        return list;
    }

    /// <summary>The finding status, severity and responsible wire names, for listings.</summary>
    public static string Wire(FindingStatus status) => WireNames.Of(status);
}
