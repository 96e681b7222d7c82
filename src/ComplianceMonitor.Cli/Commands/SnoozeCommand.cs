using ComplianceMonitor.Application.Contacts;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using ComplianceMonitor.Domain.Rules;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceMonitor.Cli.Commands;

/// <summary>
/// <c>cm snooze add --lease ID --until yyyy-MM-dd --reason TEXT --by WHO [--rule CODE]</c> and
/// <c>cm snooze lift --lease ID --by WHO [--reason TEXT] [--rule CODE]</c>: a supervisor holds a lease's reminders
/// through a Beijing date (inclusive, at most 90 days ahead), or lifts the hold early. Every change is audited.
/// </summary>
public sealed class SnoozeCommand : ICliCommand
{
    private readonly IConfiguration? _configuration;

    /// <summary>Creates the command reading its configuration from environment variables.</summary>
    public SnoozeCommand()
    {
    }

    /// <summary>Creates the command over <paramref name="configuration"/> (tests).</summary>
    public SnoozeCommand(IConfiguration configuration) => _configuration = configuration ?? throw new ArgumentNullException(nameof(configuration));

    /// <inheritdoc/>
    public Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new Command("snooze", "Hold a lease's reminders until a day, or lift the hold (audited).")
        {
            Add(context),
            Lift(context),
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
        command.SetAction((parseResult, cancellationToken) => DeliveryCommandHost.RunAsync(context, _configuration, async services =>
        {
            var settings = services.GetRequiredService<ContactSettingsService>();
            var day = parseResult.GetValue(until);
            var change = await settings.SnoozeAsync(
                parseResult.GetRequiredValue(lease), parseResult.GetValue(rule), day, parseResult.GetRequiredValue(reason), parseResult.GetRequiredValue(by), cancellationToken);
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
        command.SetAction((parseResult, cancellationToken) => DeliveryCommandHost.RunAsync(context, _configuration, async services =>
        {
            var settings = services.GetRequiredService<ContactSettingsService>();
            var change = await settings.LiftSnoozeAsync(
                parseResult.GetRequiredValue(lease), parseResult.GetValue(rule), parseResult.GetRequiredValue(by), parseResult.GetValue(reason), cancellationToken);
            await context.Stdout.WriteLineAsync(
                $"Hold on lease {change.LeaseId} lifted (audited: {change.Audit!.Action} by {change.Audit.Actor}); {change.ReleasedEntries} held reminder(s) released.");
            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }

    private static Option<string> LeaseOption() => new("--lease") { Description = "The lease id.", HelpName = "ID", Required = true };

    private static Option<string> ByOption() => new("--by") { Description = "Who decided it (recorded in the audit trail).", HelpName = "WHO", Required = true };

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
