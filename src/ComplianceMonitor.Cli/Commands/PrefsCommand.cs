using ComplianceMonitor.Application.Contacts;
using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceMonitor.Cli.Commands;

/// <summary>
/// <c>cm prefs stop-sms|resume-sms --lease-id ID --by NAME [--reason TEXT]</c>: an enterprise stops or resumes SMS (critical
/// notices still go by SMS; email cannot be stopped). The enterprise is the land user of the lease; the change is audited.
/// <c>cm prefs list [--format text|json|csv] [--xlsx FILE]</c> lists the enterprises that stopped SMS.
/// </summary>
public sealed class PrefsCommand : ICliCommand
{
    private readonly MonitoringCliServices _services;

    /// <summary>Creates the command over the storage of its settings (<see cref="CliContext.Configuration"/>: the environment in <c>cm</c>).</summary>
    public PrefsCommand()
        : this(MonitoringCliServices.FromContext())
    {
    }

    /// <summary>Creates the command over <paramref name="services"/> (tests); the settings are still the context's.</summary>
    public PrefsCommand(MonitoringCliServices services) => _services = services ?? throw new ArgumentNullException(nameof(services));

    /// <inheritdoc/>
    public Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new Command("prefs", "Change how an enterprise is reached (audited), or list who stopped SMS.")
        {
            Change(context, "stop-sms", "Stop SMS to the land user of a lease (critical notices still go by SMS).", stop: true),
            Change(context, "resume-sms", "Resume SMS to the land user of a lease.", stop: false),
            List(context),
        };
    }

    private Command List(CliContext context)
    {
        var format = CommonOptions.ListFormat();
        var xlsx = CommonOptions.Xlsx();
        var command = new Command("list", "List the enterprises whose SMS stop is in force today: who recorded it, when, until when and why.") { format, xlsx };
        command.SetAction((parseResult, cancellationToken) => DeliveryCommandHost.RunAsync(context, _services, async services =>
        {
            // A stop whose end day has passed is no longer in force (the gate sends SMS again): it is not listed.
            var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
            var stopped = new List<ContactPreferences>();
            await foreach (var p in services.GetRequiredService<IContactPreferencesStore>().ListSmsStoppedAsync(cancellationToken))
            {
                if (p.IsSmsStopped(now))
                {
                    stopped.Add(p);
                }
            }

            stopped.Sort((a, b) => string.CompareOrdinal(a.CreditCode, b.CreditCode));
            string? At(ContactPreferences p) => p.ChangedAt is { } at ? CliTimes.Text(at) : null;
            static string? Until(ContactPreferences p) => p.SmsStoppedUntil?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            await ListingOutput.WriteAsync(context, parseResult.GetValue(format), parseResult.GetValue(xlsx), new Listing<ContactPreferences>(
                "sms-stopped",
                stopped,
                ["CREDIT CODE", "SMS", "SINCE (BEIJING)", "UNTIL", "REASON", "BY"],
                p => [p.CreditCode, "stopped", At(p) ?? "-", Until(p) ?? "-", p.StopReason ?? "-", p.ChangedBy ?? "-"],
                ["creditCode", "sms", "since", "until", "reason", "by"],
                p => [p.CreditCode, "stopped", At(p), Until(p), p.StopReason, p.ChangedBy],
                output => MonitoringCliServices.WriteJson(output, w =>
                {
                    w.WriteStartArray();
                    foreach (var p in stopped)
                    {
                        w.WriteStartObject();
                        w.WriteString("creditCode", p.CreditCode);
                        w.WriteBoolean("smsStopped", p.SmsStopped);
                        if (p.ChangedAt is { } at)
                        {
                            w.WriteString("changedAt", at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
                        }
                        else
                        {
                            w.WriteNull("changedAt");
                        }

                        w.WriteString("changedBy", p.ChangedBy);
                        w.WriteString("smsStoppedUntil", Until(p));
                        w.WriteString("reason", p.StopReason);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                }),
                $"{stopped.Count} enterprise(s) with SMS stopped"));
            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }

    private Command Change(CliContext context, string name, string description, bool stop)
    {
        var lease = CommonOptions.LeaseId("The lease id; its land user's preferences change.", required: true);
        var by = CommonOptions.By("Who asked for the change (recorded in the audit trail).");
        var reason = new Option<string?>("--reason") { Description = "Why (recorded in the audit trail; required with --until).", HelpName = "TEXT" };
        var until = new Option<DateOnly?>("--until")
        {
            Description = "The last Beijing day of the stop, inclusive (yyyy-MM-dd; default: until resumed); needs --reason.",
            HelpName = "yyyy-MM-dd",
            CustomParser = CommonOptions.ParseDay,
        };
        var command = new Command(name, description) { lease, by, reason };
        if (stop)
        {
            command.Options.Add(until);
        }

        command.SetAction((parseResult, cancellationToken) => DeliveryCommandHost.RunAsync(context, _services, async services =>
        {
            var settings = services.GetRequiredService<ContactSettingsService>();
            var leaseId = lease.GetValue(parseResult)!;
            var actor = parseResult.GetValue(by)!;
            var why = parseResult.GetValue(reason);
            var change = stop
                ? parseResult.GetValue(until) is { } last
                    ? await settings.StopSmsAsync(leaseId, last, why ?? string.Empty, actor, cancellationToken)
                    : await settings.StopSmsAsync(leaseId, actor, why, cancellationToken)
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
