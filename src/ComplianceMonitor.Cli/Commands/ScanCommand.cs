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
        : this(MonitoringCliServices.FromContext())
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
        var runs = await storage.Services.GetRequiredService<ScanService>().ScanDistrictsAsync(districts, asOf, runId, parallel, cancellationToken);

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
        ListingOutput.WriteTable(output, headings, rows, rightAlignedFrom: 1);
        if (runs.Sum(r => r.AlertsRuleRevised) is > 0 and var revised)
        {
            // Additive: only a scan that closed alerts because a rule changed prints it.
            output.WriteLine(RuleRevisedLine(runs, revised));
        }

        if (RecheckedLine(runs) is { } rechecked)
        {
            // Additive: only a scan that rechecked a task a person resolved prints it.
            output.WriteLine(rechecked);
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

    /// <summary>
    /// ", N reopened, N confirmed": the tasks a person resolved that the runs reopened (breach still found) or confirmed (breach
    /// gone), to follow "resolved" in a summary; empty when both are 0, so a scan that rechecked nothing prints what it always did.
    /// </summary>
    internal static string RecheckPart(IReadOnlyList<ScanRun> runs) =>
        runs.Sum(r => r.TasksReopened) is var reopened && runs.Sum(r => r.TasksConfirmed) is var confirmed && (reopened != 0 || confirmed != 0)
            ? string.Create(CultureInfo.InvariantCulture, $", {reopened} reopened, {confirmed} confirmed")
            : "";

    /// <summary>The line of <c>cm scan</c>'s text output on the tasks a person resolved that the runs rechecked; null when there were none.</summary>
    internal static string? RecheckedLine(IReadOnlyList<ScanRun> runs) =>
        RecheckPart(runs) is { Length: > 0 } part
            ? string.Create(CultureInfo.InvariantCulture, $"tasks: {runs.Sum(r => r.TasksResolved)} resolved{part}")
            : null;

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
                writer.WriteNumber("tasksReopened", r.TasksReopened);
                writer.WriteNumber("tasksConfirmed", r.TasksConfirmed);
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
