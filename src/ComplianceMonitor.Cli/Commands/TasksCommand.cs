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
/// <c>cm tasks list [--district CODE] [--state STATE|active] [--department] [--rule] [--escalated] [--lease-id] [--from] [--to] [--format text|json|csv] [--xlsx FILE]</c>,
/// <c>cm tasks ack|dismiss --id ID --by NAME --note TEXT</c>,
/// <c>cm tasks resolve --id ID --by NAME --note TEXT --resolution recorded|unchanged|handled [--fact JSON]</c>: enforcement tasks and their
/// life (open → acknowledged → resolved | dismissed).
/// </summary>
/// <remarks>
/// Ids are the short ids listed (<c>T-XXXXXXXX</c>, any case) or a task's key. The note is required for every move (dismiss also
/// reads it as <c>--reason</c>). A move the task's state does not allow (e.g. acknowledging a resolved task), an unknown id or a
/// bad note, resolution or fact is exit code 2 with the reason naming the option.
/// </remarks>
public sealed class TasksCommand : ICliCommand
{
    private readonly MonitoringCliServices _services;

    /// <summary>Creates the command over the storage of the environment.</summary>
    public TasksCommand()
        : this(MonitoringCliServices.FromContext())
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
            Move(context, "ack", "Acknowledge an open task (the department takes it up).", (s, id, by, note, _, ct) => s.AcknowledgeAsync(id, by, note, ct)),
            Move(context, "resolve", "Resolve an open or acknowledged task: record the fact that closes the obligation on the lease (--resolution recorded --fact JSON), or resolve it with the record unchanged (the next scan reopens it if the breach is still found); violations: --resolution handled.", (s, id, by, note, r, ct) => s.ResolveAsync(id, by, note, r!, Channel, ct), resolve: true),
            Move(context, "dismiss", "Dismiss an open or acknowledged task; the note says why.", (s, id, by, note, _, ct) => s.DismissAsync(id, by, note, ct)),
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
                    t.PublicId, t.DistrictCode, Departments.NameOf(t.Department), EnforcementTask.Wire(t.State), MonitoringCliServices.Cell(t.OpenedOn),
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
        t.PublicId, t.DistrictCode, t.LeaseId, t.Rule.ToString(), Departments.WireName(t.Department), EnforcementTask.Wire(t.State),
        CheckResultJson.Date(t.OpenedOn), CheckResultJson.Date(t.DueOn), t.Escalated ? "true" : "false",
        t.EscalatedOn is { } e ? CheckResultJson.Date(e) : null, t.Basis, t.Summary,
    ];

    /// <summary>The channel recorded in the lease history when resolving records a fact.</summary>
    public const string Channel = "cli tasks";

    private Command Move(
        CliContext context,
        string name,
        string description,
        Func<TaskService, string, string, string?, TaskResolveRequest?, CancellationToken, Task<EnforcementTask>> move,
        bool resolve = false)
    {
        var id = new Option<string>("--id") { Description = "The task id as listed (T-XXXXXXXX), or its key.", Required = true, HelpName = "ID" };
        var by = CommonOptions.By("Who makes the move (recorded in the history).");
        var note = new Option<string?>("--note") { Description = "Why, or what was done (required; recorded with your name in the history).", HelpName = "TEXT" };
        if (name == "dismiss")
        {
            note.Aliases.Add("--reason");
        }

        var resolution = new Option<string?>("--resolution")
        {
            Description = "How: recorded (the fact in --fact is written on the lease), unchanged (已处理，记录未变: the next scan reopens the task if the breach is still found), handled (violations).",
            HelpName = "recorded|unchanged|handled",
        };
        var fact = new Option<string?>("--fact")
        {
            Description = "With --resolution recorded: the fact as JSON, e.g. RENT_ARREARS '{\"paidOn\":\"2026-12-01\",\"amountYuan\":1000000,\"ref\":\"银行回单\"}'.",
            HelpName = "JSON",
        };
        var command = new Command(name, description) { id, by, note };
        if (resolve)
        {
            command.Add(resolution);
            command.Add(fact);
        }

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            TaskResolveRequest? request = null;
            if (resolve)
            {
                var errors = new List<string>();
                TaskResolution? how = null;
                if (parseResult.GetValue(resolution) is { } text)
                {
                    if (TaskResolutions.TryParse(text.Trim(), out var r) && r != TaskResolution.ObligationMet)
                    {
                        how = r;
                    }
                    else
                    {
                        errors.Add($"--resolution: '{text}' is not one of recorded, unchanged, handled.");
                    }
                }

                System.Text.Json.JsonElement? factJson = null;
                if (parseResult.GetValue(fact) is { } factText)
                {
                    try
                    {
                        using var document = System.Text.Json.JsonDocument.Parse(factText);
                        factJson = document.RootElement.Clone();
                    }
                    catch (System.Text.Json.JsonException e)
                    {
                        errors.Add($"--fact: not valid JSON: {e.Message}");
                    }
                }

                if (errors.Count > 0)
                {
                    foreach (var e in errors)
                    {
                        await context.Stderr.WriteLineAsync($"error: {e}");
                    }

                    return ExitCodes.InvalidInput;
                }

                request = new TaskResolveRequest(how, factJson);
            }

            await using var storage = await _services.OpenAsync(context, cancellationToken);
            if (storage is null)
            {
                return ExitCodes.InvalidInput;
            }

            var service = storage.Get<TaskService>();
            try
            {
                var task = await move(service, parseResult.GetRequiredValue(id), parseResult.GetValue(by)!, parseResult.GetValue(note), request, cancellationToken);
                var resolved = task.Resolution is { } how2 ? $" ({TaskResolutions.Wire(how2)})" : string.Empty;
                await context.Stdout.WriteLineAsync($"task {task.PublicId}: {EnforcementTask.Wire(task.State)}{resolved} by {task.History[^1].By} at {CliTimes.Text(task.History[^1].At)}");
                return ExitCodes.Ok;
            }
            catch (TaskNotFoundException e)
            {
                await context.Stderr.WriteLineAsync($"error: --{e.Message}");
                return ExitCodes.InvalidInput;
            }
            catch (TaskTransitionException e)
            {
                await context.Stderr.WriteLineAsync($"error: {e.Message}");
                return ExitCodes.InvalidInput;
            }
            catch (TaskInputException e)
            {
                foreach (var error in e.Errors)
                {
                    await context.Stderr.WriteLineAsync($"error: {OptionOf(error.Field)}: {error.Message}");
                }

                return ExitCodes.InvalidInput;
            }
            catch (ConcurrencyConflictException e)
            {
                await context.Stderr.WriteLineAsync($"error: {e.Message}");
                return ExitCodes.InvalidInput;
            }
        });
        return command;
    }

    /// <summary>
    /// The option a task input error belongs to, as the user typed it: <c>note</c> → <c>--note</c>; a field of the fact
    /// (<c>fact.paidOn</c>) → <c>--fact: paidOn</c>, since the fact is one JSON option and <c>--fact.paidOn</c> is no option.
    /// </summary>
    internal static string OptionOf(string field) =>
        field.StartsWith("fact.", StringComparison.Ordinal) ? $"--fact: {field["fact.".Length..]}" : $"--{field}";

    private static void WriteTask(System.Text.Json.Utf8JsonWriter w, EnforcementTask t)
    {
        w.WriteStartObject();
        w.WriteString("id", t.PublicId);
        w.WriteString("key", t.Id);
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
