using ComplianceMonitor.Application.Contacts;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using ComplianceMonitor.Domain.Rules;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceMonitor.Cli.Commands;

/// <summary>
/// <c>cm snooze add --lease-id ID --until yyyy-MM-dd --reason TEXT --by NAME [--rule CODE]</c> and
/// <c>cm snooze lift --lease-id ID --by NAME [--reason TEXT] [--rule CODE]</c>: a supervisor holds a lease's reminders
/// through a Beijing date (inclusive, at most 90 days ahead), or lifts the hold early. Every change is audited.
/// <c>cm snooze list [--district CODE] [--all] [--format text|json|csv] [--xlsx FILE]</c> lists the holds (who, why, until when).
/// </summary>
public sealed class SnoozeCommand : ICliCommand
{
    private readonly MonitoringCliServices _services;

    /// <summary>Creates the command over the storage of its settings (<see cref="CliContext.Configuration"/>: the environment in <c>cm</c>).</summary>
    public SnoozeCommand()
        : this(MonitoringCliServices.FromContext())
    {
    }

    /// <summary>Creates the command over <paramref name="services"/> (tests); the settings are still the context's.</summary>
    public SnoozeCommand(MonitoringCliServices services) => _services = services ?? throw new ArgumentNullException(nameof(services));

    /// <inheritdoc/>
    public Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new Command("snooze", "Hold a lease's reminders until a day, lift the hold (audited), or list the holds.")
        {
            Add(context),
            Lift(context),
            List(context),
        };
    }

    private Command Add(CliContext context)
    {
        var lease = LeaseOption();
        var until = new Option<DateOnly>("--until")
        {
            Description = "The last Beijing day held, inclusive (yyyy-MM-dd); reminders resume the day after.",
            HelpName = "yyyy-MM-dd",
            Required = true,
            CustomParser = ParseDate,
        };
        var reason = new Option<string>("--reason") { Description = "Why the reminders are held (required).", HelpName = "TEXT", Required = true };
        var by = ByOption();
        var rule = RuleOption();
        var command = new Command("add", "Hold a lease's reminders through a day.") { lease, until, reason, by, rule };
        command.SetAction((parseResult, cancellationToken) => DeliveryCommandHost.RunAsync(context, _services, async services =>
        {
            var settings = services.GetRequiredService<ContactSettingsService>();
            var day = parseResult.GetValue(until);
            var change = await settings.SnoozeAsync(
                lease.GetValue(parseResult)!, parseResult.GetValue(rule), day, parseResult.GetRequiredValue(reason), parseResult.GetValue(by)!, cancellationToken);
            await context.Stdout.WriteLineAsync(change.Changed
                ? string.Create(CultureInfo.InvariantCulture, $"Reminders of lease {change.LeaseId} held through {day:yyyy-MM-dd} (audited: {change.Audit!.Action} by {change.Audit.Actor}).")
                : string.Create(CultureInfo.InvariantCulture, $"Unchanged: reminders of lease {change.LeaseId} were already held through {day:yyyy-MM-dd} for that reason."));
            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }

    private Command Lift(CliContext context)
    {
        var lease = LeaseOption();
        var reason = new Option<string?>("--reason") { Description = "Why the hold is lifted early.", HelpName = "TEXT" };
        var by = ByOption();
        var rule = RuleOption();
        var command = new Command("lift", "Lift a lease's hold; held reminders go on the next dispatch.") { lease, reason, by, rule };
        command.SetAction((parseResult, cancellationToken) => DeliveryCommandHost.RunAsync(context, _services, async services =>
        {
            var settings = services.GetRequiredService<ContactSettingsService>();
            var change = await settings.LiftSnoozeAsync(
                lease.GetValue(parseResult)!, parseResult.GetValue(rule), parseResult.GetValue(by)!, parseResult.GetValue(reason), cancellationToken);
            await context.Stdout.WriteLineAsync(
                $"Hold on lease {change.LeaseId} lifted (audited: {change.Audit!.Action} by {change.Audit.Actor}); {change.ReleasedEntries} held reminder(s) released.");
            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }

    private Command List(CliContext context)
    {
        var district = MonitoringCliServices.DistrictOption("Only this district (default: every jurisdiction).");
        var all = new Option<bool>("--all") { Description = "Also holds that have ended (kept until lifted or replaced)." };
        var format = CommonOptions.ListFormat();
        var xlsx = CommonOptions.Xlsx();
        var command = new Command("list", "List the holds on leases' reminders: who set each, why and until when (active ones unless --all).") { district, all, format, xlsx };
        command.SetAction((parseResult, cancellationToken) => DeliveryCommandHost.RunAsync(context, _services, async services =>
        {
            var store = services.GetRequiredService<ISnoozeStore>();
            var now = context.Time.GetUtcNow();
            var holds = new List<(string District, Snooze Snooze)>();
            foreach (var code in MonitoringCliServices.Districts(parseResult.GetValue(district)))
            {
                await foreach (var snooze in store.ListAsync(code, cancellationToken))
                {
                    if (parseResult.GetValue(all) || snooze.IsActive(now))
                    {
                        holds.Add((code, snooze));
                    }
                }
            }

            holds.Sort((a, b) => a.Snooze.Until.CompareTo(b.Snooze.Until) is var c and not 0 ? c : string.CompareOrdinal(a.Snooze.LeaseId, b.Snooze.LeaseId));
            await ListingOutput.WriteAsync(context, parseResult.GetValue(format), parseResult.GetValue(xlsx), new Listing<(string District, Snooze Snooze)>(
                "holds",
                holds,
                ["DISTRICT", "LEASE", "RULE", "UNTIL", "STATE", "SET BY", "SET AT (BEIJING)", "REASON"],
                h => [h.District, h.Snooze.LeaseId, h.Snooze.Rule?.ToString() ?? "all", Day(h.Snooze.Until), h.Snooze.IsActive(now) ? "active" : "ended", h.Snooze.By, CliTimes.Text(h.Snooze.CreatedAt), h.Snooze.Reason],
                ["districtCode", "leaseId", "rule", "until", "state", "by", "setAt", "reason"],
                h => [h.District, h.Snooze.LeaseId, h.Snooze.Rule?.ToString(), Day(h.Snooze.Until), h.Snooze.IsActive(now) ? "active" : "ended", h.Snooze.By, CliTimes.Text(h.Snooze.CreatedAt), h.Snooze.Reason],
                output => MonitoringCliServices.WriteJson(output, w =>
                {
                    w.WriteStartArray();
                    foreach (var (code, snooze) in holds)
                    {
                        w.WriteStartObject();
                        w.WriteString("districtCode", code);
                        w.WriteString("leaseId", snooze.LeaseId);
                        if (snooze.Rule is { } rule)
                        {
                            w.WriteString("rule", rule.ToString());
                        }
                        else
                        {
                            w.WriteNull("rule");
                        }

                        w.WriteString("until", Day(snooze.Until));
                        w.WriteBoolean("active", snooze.IsActive(now));
                        w.WriteString("by", snooze.By);
                        w.WriteString("setAt", snooze.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
                        w.WriteString("reason", snooze.Reason);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                }),
                $"{holds.Count} hold(s)"));
            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static AliasedOption<string?> LeaseOption() => CommonOptions.LeaseId(required: true);

    private static Option<string?> ByOption() => CommonOptions.By("Who decided it (recorded in the audit trail).");

    private static Option<RuleCode?> RuleOption() => new("--rule")
    {
        Description = "Hold only the reminders of this rule code (default: all of the lease's reminders).",
        HelpName = "CODE",
        CustomParser = ParseRule,
    };

    private static DateOnly ParseDate(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        result.AddError($"--until must be a calendar date in the form yyyy-MM-dd (e.g. 2026-07-31), not '{text}'.");
        return default;
    }

    private static RuleCode? ParseRule(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
        if (Enum.TryParse<RuleCode>(text, ignoreCase: false, out var rule) && Enum.IsDefined(rule))
        {
            return rule;
        }

        result.AddError($"--rule must be a rule code such as ASSESSMENT_APPLICATION, not '{text}'.");
        return null;
    }
}
