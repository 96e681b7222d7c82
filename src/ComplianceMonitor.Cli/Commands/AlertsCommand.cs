using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Tasks;
using ComplianceMonitor.Infrastructure.Composition;
using ComplianceMonitor.Infrastructure.Scanning;
using ComplianceMonitor.Infrastructure.Storage;
using ComplianceMonitor.Infrastructure.Tasks;
using System.CommandLine;
using ComplianceMonitor.Domain.Findings;

namespace ComplianceMonitor.Cli.Commands;

/// <summary><c>cm alerts list [--district CODE] [--status open|resolved] [--format text|json]</c>: the stored alerts.</summary>
public sealed class AlertsCommand : ICliCommand
{
    private readonly MonitoringCliServices _services;

    /// <summary>Creates the command over the storage of the environment.</summary>
    public AlertsCommand()
        : this(MonitoringCliServices.FromEnvironment())
    {
    }

    /// <summary>Creates the command over given services (tests).</summary>
    public AlertsCommand(MonitoringCliServices services)
    {
        ArgumentNullException.ThrowIfNull(services);
        _services = services;
    }

    /// <inheritdoc />
    public Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var district = MonitoringCliServices.DistrictOption("Only this district (default: every jurisdiction).");
        var status = new Option<string?>("--status") { Description = "Only alerts in this state.", HelpName = "open|resolved" }
            .AcceptOnlyFromAmong("open", "resolved");
        var format = CommonOptions.Format();
        format.DefaultValueFactory = _ => OutputFormats.Text;
        var list = new Command("list", "List alerts: one per lease, rule and obligation, with their latest status and reminder stages.")
        {
            district,
            status,
            format,
        };
        list.SetAction((parseResult, cancellationToken) => ListAsync(
            context,
            parseResult.GetValue(district),
            parseResult.GetValue(status),
            parseResult.GetValue(format) ?? OutputFormats.Text,
            cancellationToken));
        return new Command("alerts", "Alerts raised by the scan.") { list };
    }

    private async Task<int> ListAsync(CliContext context, string? district, string? status, string format, CancellationToken cancellationToken)
    {
        await using var storage = await _services.OpenAsync(context, cancellationToken);
        if (storage is null)
        {
            return ExitCodes.InvalidInput;
        }

        var store = new TableAlertStore(storage.Tables);
        AlertState? state = status switch
        {
            "open" => AlertState.Open,
            "resolved" => AlertState.Resolved,
            _ => null,
        };
        var alerts = new List<Alert>();
        foreach (var code in MonitoringCliServices.Districts(district))
        {
            alerts.AddRange(await MonitoringCliServices.CollectAsync(context, store.ListAsync(code, state, cancellationToken), cancellationToken));
        }

        if (format == OutputFormats.Json)
        {
            MonitoringCliServices.WriteJson(context.Stdout, w =>
            {
                w.WriteStartArray();
                foreach (var a in alerts)
                {
                    w.WriteStartObject();
                    w.WriteString("key", a.Key);
                    w.WriteString("districtCode", a.DistrictCode);
                    w.WriteString("leaseId", a.LeaseId);
                    w.WriteString("rule", a.Rule.ToString());
                    w.WriteString("state", TableAlertStore.StateName(a.State));
                    w.WriteString("status", WireNames.Of(a.Status));
                    w.WriteString("severity", WireNames.Of(a.Severity));
                    WriteDate(w, "deadline", a.Deadline);
                    if (a.AmountYuan is { } amount)
                    {
                        w.WriteNumber("amountYuan", amount);
                    }
                    else
                    {
                        w.WriteNull("amountYuan");
                    }

                    w.WriteString("responsible", WireNames.Of(a.Responsible));
                    w.WriteString("basis", a.Basis);
                    w.WriteString("message", a.Message);
                    w.WriteString("firstSeenOn", CheckResultJson.Date(a.FirstSeenOn));
                    w.WriteString("lastSeenOn", CheckResultJson.Date(a.LastSeenOn));
                    WriteDate(w, "resolvedOn", a.ResolvedOn);
                    if (a.Resolution is { } resolution)
                    {
                        w.WriteString("resolution", RuleRevision.Wire(resolution));
                    }
                    else
                    {
                        w.WriteNull("resolution");
                    }

                    w.WriteStartArray("reminderStages");
                    foreach (var s in a.QueuedStages)
                    {
                        w.WriteStringValue(s);
                    }

                    w.WriteEndArray();
                    if (a.TaskId is { } task)
                    {
                        w.WriteString("taskId", task);
                    }
                    else
                    {
                        w.WriteNull("taskId");
                    }

                    w.WriteEndObject();
                }

                w.WriteEndArray();
            });
        }
        else
        {
            MonitoringCliServices.WriteTable(
                context.Stdout,
                ["DISTRICT", "LEASE", "RULE", "STATE", "STATUS", "SEVERITY", "DEADLINE", "AMOUNT", "STAGES", "TASK", "MESSAGE"],
                [.. alerts.Select(a => new[]
                {
                    a.DistrictCode, a.LeaseId, a.Rule.ToString(), TableAlertStore.StateName(a.State), WireNames.Of(a.Status), WireNames.Of(a.Severity),
                    MonitoringCliServices.Cell(a.Deadline), MonitoringCliServices.Cell(a.AmountYuan),
                    a.QueuedStages.Count == 0 ? "-" : string.Join(',', a.QueuedStages), a.TaskId is null ? "-" : "yes", a.Message,
                })]);
            await context.Stdout.WriteLineAsync($"{alerts.Count} alert(s)");
        }

        return ExitCodes.Ok;
    }

    private static void WriteDate(System.Text.Json.Utf8JsonWriter w, string name, DateOnly? date)
    {
        if (date is { } d)
        {
            w.WriteString(name, CheckResultJson.Date(d));
        }
        else
        {
            w.WriteNull(name);
        }
    }
}
