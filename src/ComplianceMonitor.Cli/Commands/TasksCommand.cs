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

/// <summary>
/// <c>cm tasks list [--district CODE] [--state STATE|active] [--department] [--rule] [--escalated] [--lease-id] [--from] [--to] [--format text|json|csv] [--xlsx FILE]</c>, <c>cm tasks ack|resolve --id ID --by NAME [--note TEXT]</c>,
/// <c>cm tasks dismiss --id ID --by NAME --reason TEXT</c>: enforcement tasks and their life (open → acknowledged → resolved | dismissed).
/// </summary>
/// <remarks>A move the task's state does not allow (e.g. acknowledging a resolved task) or an unknown id is exit code 2 with the reason.</remarks>
public sealed class TasksCommand : ICliCommand
{
    private readonly MonitoringCliServices _services;

    /// <summary>Creates the command over the storage of the environment.</summary>
    public TasksCommand()
        : this(MonitoringCliServices.FromEnvironment())
    {
    }

    /// <summary>Creates the command over given services (tests).</summary>
    public TasksCommand(MonitoringCliServices services)
    {
        ArgumentNullException.ThrowIfNull(services);
        _services = services;
    }

    /// <inheritdoc />
    public Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new Command("tasks", "Enforcement tasks: one per open breach, addressed to the district's responsible department.")
        {
            List(context),
            Move(context, "ack", "Acknowledge an open task (the department takes it up).", (s, id, by, text, ct) => s.AcknowledgeAsync(id, by, text, ct), "--note", required: false),
            Move(context, "resolve", "Resolve an open or acknowledged task.", (s, id, by, text, ct) => s.ResolveAsync(id, by, text, ct), "--note", required: false),
            Move(context, "dismiss", "Dismiss an open or acknowledged task; a reason is required.", (s, id, by, text, ct) => s.DismissAsync(id, by, text!, ct), "--reason", required: true),
        };
    }

    private Command List(CliContext context)
    {
        var district = MonitoringCliServices.DistrictOption("Only this district (default: every jurisdiction).");
        var state = new Option<string?>("--state") { Description = "Only tasks in this state (active = open + acknowledged).", HelpName = "open|acknowledged|resolved|dismissed|active" }
            .AcceptOnlyFromAmong("open", "acknowledged", "resolved", "dismissed", "active");
        var department = new Option<string?>("--department") { Description = "Only this department's tasks.", HelpName = "industry|planning" };
        var rule = new Option<string?>("--rule") { Description = "Only this rule code, e.g. RENT_ARREARS.", HelpName = "CODE" };
        var escalated = new Option<string?>("--escalated") { Description = "Only escalated (true) or not escalated (false) tasks.", HelpName = "true|false" };
        var lease = CommonOptions.LeaseId("Only this lease's tasks.");
        var from = new Option<string?>("--from") { Description = "Only tasks due on or after this day.", HelpName = "yyyy-MM-dd" };
        var to = new Option<string?>("--to") { Description = "Only tasks due on or before this day.", HelpName = "yyyy-MM-dd" };
        var format = CommonOptions.ListFormat();
        var xlsx = CommonOptions.Xlsx();
        var list = new Command("list", "List enforcement tasks, earliest due first. The filters are the console's (GET /api/tasks).")
        {
            district, state, department, rule, escalated, lease, from, to, format, xlsx,
        };
        list.SetAction(async (parseResult, cancellationToken) =>
        {
            var values = new Dictionary<string, string?>(StringComparer.Ordinal)
            {
                ["state"] = parseResult.GetValue(state),
                ["department"] = parseResult.GetValue(department),
                ["rule"] = parseResult.GetValue(rule),
                ["escalated"] = parseResult.GetValue(escalated),
                ["leaseId"] = lease.GetValue(parseResult),
                ["from"] = parseResult.GetValue(from),
                ["to"] = parseResult.GetValue(to),
            };
            var errors = new List<KeyValuePair<string, string>>();
            var filter = TaskFilter.Parse(name => values.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null, errors);
            if (errors.Count > 0)
            {
                foreach (var (name, message) in errors)
                {
                    await context.Stderr.WriteLineAsync($"error: --{(name == "leaseId" ? "lease-id" : name)}: {message}");
                }

                return ExitCodes.InvalidInput;
            }

            await using var storage = await _services.OpenAsync(context, cancellationToken);
            if (storage is null)
            {
                return ExitCodes.InvalidInput;
            }

            var store = storage.Get<ITaskStore>();
            var tasks = new List<EnforcementTask>();
            foreach (var code in MonitoringCliServices.Districts(parseResult.GetValue(district)))
            {
                var all = await MonitoringCliServices.CollectAsync(context, store.ListAsync(code, filter.State, cancellationToken), cancellationToken);
                tasks.AddRange(all.Where(filter.Matches));
            }

            tasks.Sort(TaskFilter.Compare);
            await ListingOutput.WriteAsync(context, parseResult.GetValue(format), parseResult.GetValue(xlsx), new Listing<EnforcementTask>(
                "tasks",
                tasks,
                ["ID", "DISTRICT", "DEPARTMENT", "STATE", "OPENED", "DUE", "ESCALATED", "SUMMARY"],
                t =>
                [
                    t.Id, t.DistrictCode, Departments.NameOf(t.Department), EnforcementTask.Wire(t.State), MonitoringCliServices.Cell(t.OpenedOn),
                    MonitoringCliServices.Cell(t.DueOn), t.Escalated ? $"yes ({Departments.CityEscalationBody})" : "-", t.Summary,
                ],
                CsvHeader,
                CsvRow,
                output => MonitoringCliServices.WriteJson(output, w =>
                {
                    w.WriteStartArray();
                    foreach (var t in tasks)
                    {
                        WriteTask(w, t);
                    }

                    w.WriteEndArray();
                }),
                $"{tasks.Count} task(s)"));
            return ExitCodes.Ok;
        });
        return list;
    }

    private static readonly string[] CsvHeader =
    [
        "id", "districtCode", "leaseId", "rule", "department", "state", "openedOn", "dueOn", "escalated", "escalatedOn", "basis", "summary",
    ];

    private static string?[] CsvRow(EnforcementTask t) =>
    [
        t.Id, t.DistrictCode, t.LeaseId, t.Rule.ToString(), Departments.WireName(t.Department), EnforcementTask.Wire(t.State),
        CheckResultJson.Date(t.OpenedOn), CheckResultJson.Date(t.DueOn), t.Escalated ? "true" : "false",
        t.EscalatedOn is { } e ? CheckResultJson.Date(e) : null, t.Basis, t.Summary,
    ];

    private Command Move(
        CliContext context,
        string name,
        string description,
        Func<TaskService, string, string, string?, CancellationToken, Task<EnforcementTask>> move,
        string textOption,
        bool required)
    {
        var id = new Option<string>("--id") { Description = "The task id (its alert key, as listed).", Required = true, HelpName = "ID" };
        var by = CommonOptions.By("Who makes the move (recorded in the history).");
        var text = new Option<string?>(textOption)
        {
            Description = required ? "Why (required; recorded in the history)." : "A note recorded in the history.",
            Required = required,
            HelpName = "TEXT",
        };
        var command = new Command(name, description) { id, by, text };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var storage = await _services.OpenAsync(context, cancellationToken);
            if (storage is null)
            {
                return ExitCodes.InvalidInput;
            }

            var service = storage.Get<TaskService>();
            try
            {
                var task = await move(service, parseResult.GetRequiredValue(id), parseResult.GetValue(by)!, parseResult.GetValue(text), cancellationToken);
                await context.Stdout.WriteLineAsync($"task {task.Id}: {EnforcementTask.Wire(task.State)} by {task.History[^1].By} at {CliTimes.Text(task.History[^1].At)}");
                return ExitCodes.Ok;
            }
            catch (TaskNotFoundException e)
            {
                await context.Stderr.WriteLineAsync($"error: {e.Message}");
                return ExitCodes.InvalidInput;
            }
            catch (TaskTransitionException e)
            {
                await context.Stderr.WriteLineAsync($"error: {e.Message}");
                return ExitCodes.InvalidInput;
            }
            catch (ArgumentException e)
            {
                await context.Stderr.WriteLineAsync($"error: {(e.ParamName is { } p ? $"--{p}: " : "")}{e.Message}");
                return ExitCodes.InvalidInput;
            }
        });
        return command;
    }

    private static void WriteTask(System.Text.Json.Utf8JsonWriter w, EnforcementTask t)
    {
        w.WriteStartObject();
        w.WriteString("id", t.Id);
        w.WriteString("districtCode", t.DistrictCode);
        w.WriteString("leaseId", t.LeaseId);
        w.WriteString("rule", t.Rule.ToString());
        w.WriteString("department", Departments.NameOf(t.Department));
        w.WriteString("state", EnforcementTask.Wire(t.State));
        w.WriteString("openedOn", CheckResultJson.Date(t.OpenedOn));
        w.WriteString("dueOn", CheckResultJson.Date(t.DueOn));
        w.WriteBoolean("escalated", t.Escalated);
        if (t.EscalatedOn is { } e)
        {
            w.WriteString("escalatedOn", CheckResultJson.Date(e));
        }
        else
        {
            w.WriteNull("escalatedOn");
        }

        w.WriteString("summary", t.Summary);
        w.WriteString("basis", t.Basis);
        w.WriteStartArray("history");
        foreach (var h in t.History)
        {
            w.WriteStartObject();
            w.WriteString("action", h.Action);
            w.WriteString("state", EnforcementTask.Wire(h.State));
            w.WriteString("by", h.By);
            w.WriteString("at", h.At);
            if (h.Note is { } note)
            {
                w.WriteString("note", note);
            }
            else
            {
                w.WriteNull("note");
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }
}
