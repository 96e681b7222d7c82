using ComplianceMonitor.Application.Contacts;
using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceMonitor.Cli.Commands;

/// <summary>
/// <c>cm prefs stop-sms|resume-sms --lease ID --by WHO [--reason TEXT]</c>: an enterprise stops or resumes SMS (critical
/// notices still go by SMS; email cannot be stopped). The enterprise is the land user of the lease; the change is audited.
/// </summary>
public sealed class PrefsCommand : ICliCommand
{
    private readonly IConfiguration? _configuration;

    /// <summary>Creates the command reading its configuration from environment variables.</summary>
    public PrefsCommand()
    {
    }

    /// <summary>Creates the command over <paramref name="configuration"/> (tests).</summary>
    public PrefsCommand(IConfiguration configuration) => _configuration = configuration ?? throw new ArgumentNullException(nameof(configuration));

    /// <inheritdoc/>
    public Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new Command("prefs", "Change how an enterprise is reached (audited).")
        {
            Change(context, "stop-sms", "Stop SMS to the land user of a lease (critical notices still go by SMS).", stop: true),
            Change(context, "resume-sms", "Resume SMS to the land user of a lease.", stop: false),
        };
    }

    private Command Change(CliContext context, string name, string description, bool stop)
    {
        var lease = new Option<string>("--lease") { Description = "The lease id; its land user's preferences change.", HelpName = "ID", Required = true };
        var by = new Option<string>("--by") { Description = "Who asked for the change (recorded in the audit trail).", HelpName = "WHO", Required = true };
        var reason = new Option<string?>("--reason") { Description = "Why (recorded in the audit trail).", HelpName = "TEXT" };
        var command = new Command(name, description) { lease, by, reason };
        command.SetAction((parseResult, cancellationToken) => DeliveryCommandHost.RunAsync(context, _configuration, async services =>
        {
            var settings = services.GetRequiredService<ContactSettingsService>();
            var leaseId = parseResult.GetRequiredValue(lease);
            var actor = parseResult.GetRequiredValue(by);
            var why = parseResult.GetValue(reason);
            var change = stop
                ? await settings.StopSmsAsync(leaseId, actor, why, cancellationToken)
                : await settings.ResumeSmsAsync(leaseId, actor, why, cancellationToken);
            var state = stop ? "stopped" : "resumed";
            await context.Stdout.WriteLineAsync(change.Changed
                ? $"SMS {state} for the land user of lease {change.LeaseId} (audited: {change.Audit!.Action} by {change.Audit.Actor})."
                : $"Unchanged: SMS was already {state} for the land user of lease {change.LeaseId}.");
            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }
}
