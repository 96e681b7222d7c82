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

/// <summary><c>cm alerts list [--district CODE] [--state open|resolved|all] [--rule] [--severity] [--status] [--from] [--to] [--q] [--format text|json|csv] [--xlsx FILE]</c>: the stored alerts, filtered as in the console.</summary>
public sealed class AlertsCommand : ICliCommand
{
    private readonly MonitoringCliServices _services;

    /// <summary>Creates the command over the storage of the environment.</summary>
    public AlertsCommand()
        : this(MonitoringCliServices.FromContext())
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
        var state = new Option<string?>("--state") { Description = "Only alerts in this state (default: all).", HelpName = "open|resolved|all" }
            .AcceptOnlyFromAmong([.. AlertFilter.StateValues]);
        var rule = new Option<string?>("--rule") { Description = "Only this rule code, e.g. RENT_ARREARS.", HelpName = "CODE" };
        var severity = new Option<string?>("--severity") { Description = "Only this severity.", HelpName = "info|warning|critical" };
        var status = new Option<string?>("--status")
        {
            Description = "Only this finding status (upcoming, due, overdue, violation, info). 'open' and 'resolved' are still read as --state, as before.",
            HelpName = "STATUS",
        };
        var from = new Option<string?>("--from") { Description = "Only deadlines on or after this day.", HelpName = "yyyy-MM-dd" };
        var to = new Option<string?>("--to") { Description = "Only deadlines on or before this day.", HelpName = "yyyy-MM-dd" };
        var text = new Option<string?>("--q") { Description = "Only alerts whose lease id, enterprise or parcel name contains this text.", HelpName = "TEXT" };
        var format = CommonOptions.ListFormat();
        var xlsx = CommonOptions.Xlsx();
        var list = new Command("list", "List alerts: one per lease, rule and obligation, with their latest status and reminder stages. The filters are the console's (GET /api/alerts).")
        {
            district,
            state,
            rule,
            severity,
            status,
            from,
            to,
            text,
            format,
            xlsx,
        };
        list.SetAction((parseResult, cancellationToken) =>
        {
            var statusValue = parseResult.GetValue(status);
            var stateValue = parseResult.GetValue(state);
            if (statusValue is "open" or "resolved")
            {
                // Before the console's filters, --status meant the alert's state: keep reading it so.
                stateValue ??= statusValue;
                statusValue = null;
            }

            var values = new Dictionary<string, string?>(StringComparer.Ordinal)
            {
                ["state"] = stateValue ?? "all",
                ["rule"] = parseResult.GetValue(rule),
                ["severity"] = parseResult.GetValue(severity),
                ["status"] = statusValue,
                ["from"] = parseResult.GetValue(from),
                ["to"] = parseResult.GetValue(to),
                ["q"] = parseResult.GetValue(text),
            };
            return ListAsync(
                context,
                parseResult.GetValue(district),
                values,
                parseResult.GetValue(format) ?? OutputFormats.Text,
                parseResult.GetValue(xlsx),
                cancellationToken);
        });
        return new Command("alerts", "Alerts raised by the scan.") { list };
    }

    private async Task<int> ListAsync(CliContext context, string? district, Dictionary<string, string?> values, string format, FileInfo? xlsx, CancellationToken cancellationToken)
    {
        var errors = new List<KeyValuePair<string, string>>();
        var filter = AlertFilter.Parse(name => values.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null, null, errors);
        if (errors.Count > 0)
        {
            foreach (var (name, message) in errors)
            {
                await context.Stderr.WriteLineAsync($"error: --{name}: {message}");
            }

            return ExitCodes.InvalidInput;
        }

        await using var storage = await _services.OpenAsync(context, cancellationToken);
        if (storage is null)
        {
            return ExitCodes.InvalidInput;
        }

        var store = storage.Get<IAlertStore>();
        var alerts = new List<Alert>();
        foreach (var code in MonitoringCliServices.Districts(district))
        {
            var all = await MonitoringCliServices.CollectAsync(context, store.ListAsync(code, filter.State, cancellationToken), cancellationToken);
            alerts.AddRange(all.Where(filter.Matches));
        }

        await ListingOutput.WriteAsync(context, format, xlsx, new Listing<Alert>(
            "alerts",
            alerts,
            ["DISTRICT", "LEASE", "RULE", "STATE", "STATUS", "SEVERITY", "DEADLINE", "AMOUNT", "STAGES", "TASK", "MESSAGE"],
            a =>
            [
                a.DistrictCode, a.LeaseId, a.Rule.ToString(), TableAlertStore.StateName(a.State), WireNames.Of(a.Status), WireNames.Of(a.Severity),
                MonitoringCliServices.Cell(a.Deadline), MonitoringCliServices.Cell(a.AmountYuan),
                a.QueuedStages.Count == 0 ? "-" : string.Join(',', a.QueuedStages), a.TaskId is null ? "-" : "yes", a.Message,
            ],
            CsvHeader,
            CsvRow,
            output => WriteJson(output, alerts),
            $"{alerts.Count} alert(s)"));
        return ExitCodes.Ok;
    }

    private static void WriteJson(TextWriter output, List<Alert> alerts) =>
        MonitoringCliServices.WriteJson(output, w =>
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

    private static readonly string[] CsvHeader =
    [
        "districtCode", "leaseId", "rule", "state", "status", "severity", "deadline", "amountYuan", "responsible", "basis",
        "enterprise", "parcel", "firstSeenOn", "lastSeenOn", "resolvedOn", "reminderStages", "taskId", "message",
    ];

    private static string?[] CsvRow(Alert a) =>
    [
        a.DistrictCode, a.LeaseId, a.Rule.ToString(), TableAlertStore.StateName(a.State), WireNames.Of(a.Status), WireNames.Of(a.Severity),
        a.Deadline is { } d ? CheckResultJson.Date(d) : null, a.AmountYuan?.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture),
        WireNames.Of(a.Responsible), a.Basis, a.LandUserName, a.ParcelName, CheckResultJson.Date(a.FirstSeenOn), CheckResultJson.Date(a.LastSeenOn),
        a.ResolvedOn is { } r ? CheckResultJson.Date(r) : null, string.Join(';', a.QueuedStages), a.TaskId, a.Message,
    ];

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
