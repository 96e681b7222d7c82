using ComplianceMonitor.Application.Contacts;
using ComplianceMonitor.Infrastructure.Leases;
using System.CommandLine;
using System.Globalization;
using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Infrastructure.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ComplianceMonitor.Cli.Commands;

/// <summary>
/// <c>cm dispatch [--once]</c>: sends the queued reminders (Flow 2) through the configured senders, the same
/// <see cref="DispatchService"/> the Functions timer runs.
/// </summary>
/// <remarks>
/// Without <c>--once</c> it runs passes until no reminder is pending or in flight (waiting for retries and expired claims
/// as needed; held SMS wait for their window and are left for a later run). Configuration comes from environment
/// variables (<c>ComplianceStorage__ConnectionString</c>, <c>Email__*</c>, <c>Sms__*</c>, <c>Dispatch__*</c>; with no
/// storage configured, the local Azurite the other commands use); logs go to standard error, the summary to standard
/// output. Exit code 0 when the passes ran (dead letters included: they are recorded), 2 for bad configuration, 1 when an
/// entry could not be processed (a storage fault; see the log).
/// </remarks>
public sealed class DispatchCommand : ICliCommand
{
    private readonly MonitoringCliServices _services;

    /// <summary>Creates the command over the storage of its settings (<see cref="CliContext.Configuration"/>: the environment in <c>cm</c>).</summary>
    public DispatchCommand()
        : this(MonitoringCliServices.FromContext())
    {
    }

    /// <summary>Creates the command over <paramref name="services"/> (tests); the settings are still the context's.</summary>
    public DispatchCommand(MonitoringCliServices services) => _services = services ?? throw new ArgumentNullException(nameof(services));

    /// <inheritdoc/>
    public Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var once = new Option<bool>("--once") { Description = "Run one pass and stop (default: run until nothing is pending or in flight)." };
        var command = new Command("dispatch", "Send the queued reminders (email and SMS), retrying transient failures and recording every attempt.") { once };
        command.SetAction((parseResult, cancellationToken) => DeliveryCommandHost.RunAsync(context, _services, async services =>
        {
            var dispatcher = services.GetRequiredService<DispatchService>();
            var summary = parseResult.GetValue(once)
                ? await dispatcher.RunOnceAsync(cancellationToken)
                : await dispatcher.RunUntilIdleAsync(cancellationToken);
            await context.Stdout.WriteLineAsync(Describe(summary));
            return summary.Failed > 0 || summary.UnreadDistricts.Count > 0 || summary.PausedChannels.Count > 0 ? ExitCodes.Failure : ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }

    /// <summary>The one-line summary printed after dispatching.</summary>
    internal static string Describe(DispatchSummary s) => string.Create(
        CultureInfo.InvariantCulture,
        $"dispatch: {s.Sent} sent, {s.Retrying} retrying, {s.Dead} dead, {s.Held} held, {s.Suppressed} suppressed, {s.Superseded} superseded, {s.Recovered} recovered ({s.PossibleDuplicates} possible duplicate(s), {s.Completed} completed from the log), {s.Skipped} skipped, {s.Failed} failed, {s.Waiting} waiting")
        + (s.PausedChannels.Count > 0
            ? "; " + string.Join("; ", s.PausedChannels.Select(p => string.Create(CultureInfo.InvariantCulture, $"{OutboxEntry.Wire(p.Channel)} paused until {CliTimes.Text(p.Until)} ({s.Paused} reminder(s) kept pending; provider {p.Status?.ToString() ?? "not called"}): {p.Reason}")))
            : string.Empty)
        + (s.UnreadDistricts.Count > 0 ? "; not read (storage fault, retried next pass): " + string.Join(", ", s.UnreadDistricts) : string.Empty);
}

/// <summary>Runs a delivery command over the host's services and maps their errors to exit codes.</summary>
/// <remarks>
/// Storage as the other commands open it (<see cref="MonitoringCliServices"/>): the configured account, or, when the
/// settings (<see cref="CliContext.Configuration"/>) configure none, a local Azurite with its data in
/// <c>&lt;repo&gt;/.azurite</c>. Logs go to standard error.
/// </remarks>
internal static class DeliveryCommandHost
{
    /// <summary>Runs <paramref name="body"/> with the services; configuration and input errors name the setting or option.</summary>
    /// <param name="context">The command's streams, clock and settings.</param>
    /// <param name="services">Opens the command's storage and host.</param>
    /// <param name="body">The command's work.</param>
    /// <param name="cancellationToken">Cancels opening storage.</param>
    public static async Task<int> RunAsync(CliContext context, MonitoringCliServices services, Func<IServiceProvider, Task<int>> body, CancellationToken cancellationToken = default)
    {
        await using var storage = await services.OpenAsync(context, log: true, cancellationToken);
        if (storage is null)
        {
            return ExitCodes.InvalidInput;
        }

        try
        {
            return await body(storage.Services);
        }
        catch (ArgumentException e)
        {
            await context.Stderr.WriteLineAsync($"error: {OptionNames(e.Message)}");
            return ExitCodes.InvalidInput;
        }
    }

    /// <summary>Names the command-line option in a service error ("leaseId: …" becomes "--lease-id: …").</summary>
    private static string OptionNames(string message)
    {
        // ArgumentException appends " (Parameter 'x')"; the message already names the field.
        var cut = message.IndexOf(" (Parameter '", StringComparison.Ordinal);
        var text = cut >= 0 ? message[..cut] : message;
        foreach (var (field, option) in new[] { ("leaseId:", "--lease-id:"), ("until:", "--until:"), ("reason:", "--reason:"), ("by:", "--by:") })
        {
            if (text.StartsWith(field, StringComparison.Ordinal))
            {
                return option + text[field.Length..];
            }
        }

        return text;
    }
}
