using System.CommandLine;
using System.Globalization;
using ComplianceMonitor.Application.Delivery.Dispatch;
using Microsoft.Extensions.Configuration;
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
/// variables (<c>ComplianceStorage__ConnectionString</c>, <c>Email__*</c>, <c>Sms__*</c>, <c>Dispatch__*</c>); logs go to
/// standard error, the summary to standard output. Exit code 0 when the passes ran (dead letters included: they are
/// recorded), 2 for bad configuration, 1 for a failure.
/// </remarks>
public sealed class DispatchCommand : ICliCommand
{
    private readonly IConfiguration? _configuration;

    /// <summary>Creates the command reading its configuration from environment variables.</summary>
    public DispatchCommand()
    {
    }

    /// <summary>Creates the command over <paramref name="configuration"/> (tests).</summary>
    public DispatchCommand(IConfiguration configuration) => _configuration = configuration ?? throw new ArgumentNullException(nameof(configuration));

    /// <inheritdoc/>
    public Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var once = new Option<bool>("--once") { Description = "Run one pass and stop (default: run until nothing is pending or in flight)." };
        var command = new Command("dispatch", "Send the queued reminders (email and SMS), retrying transient failures and recording every attempt.") { once };
        command.SetAction((parseResult, cancellationToken) => DeliveryCommandHost.RunAsync(context, _configuration, async services =>
        {
            var dispatcher = services.GetRequiredService<DispatchService>();
            var summary = parseResult.GetValue(once)
                ? await dispatcher.RunOnceAsync(cancellationToken)
                : await dispatcher.RunUntilIdleAsync(cancellationToken);
            await context.Stdout.WriteLineAsync(Describe(summary));
            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>The one-line summary printed after dispatching.</summary>
    internal static string Describe(DispatchSummary s) => string.Create(
        CultureInfo.InvariantCulture,
        $"dispatch: {s.Sent} sent, {s.Retrying} retrying, {s.Dead} dead, {s.Held} held, {s.Suppressed} suppressed, {s.Superseded} superseded, {s.Recovered} recovered ({s.PossibleDuplicates} possible duplicate(s), {s.Completed} completed from the log), {s.Skipped} skipped, {s.Failed} failed, {s.Waiting} waiting");
}

/// <summary>Builds the services the delivery commands use and maps their errors to exit codes.</summary>
internal static class DeliveryCommandHost
{
    /// <summary>The configuration: the given one, else environment variables (<c>__</c> separates sections).</summary>
    public static IConfiguration Configuration(IConfiguration? configuration) =>
        configuration ?? new ConfigurationBuilder().AddEnvironmentVariables().Build();

    /// <summary>Builds the service provider (<see cref="CliServices.Build"/>): the shared composition; logs to standard error.</summary>
    public static ServiceProvider Build(CliContext context, IConfiguration configuration) => CliServices.Build(context, configuration);

    /// <summary>Runs <paramref name="body"/> with the services; configuration and input errors name the setting or option.</summary>
    public static async Task<int> RunAsync(CliContext context, IConfiguration? configuration, Func<IServiceProvider, Task<int>> body)
    {
        ServiceProvider provider;
        try
        {
            provider = Build(context, Configuration(configuration));
            _ = provider.GetRequiredService<Infrastructure.Storage.TableClientFactory>();
        }
        catch (Exception e) when (e is InvalidOperationException or OptionsValidationException or FormatException)
        {
            await context.Stderr.WriteLineAsync($"error: {e.Message}");
            return ExitCodes.InvalidInput;
        }

        await using (provider)
        {
            try
            {
                return await body(provider);
            }
            catch (ArgumentException e)
            {
                await context.Stderr.WriteLineAsync($"error: {OptionNames(e.Message)}");
                return ExitCodes.InvalidInput;
            }
        }
    }

    /// <summary>Names the command-line option in a service error ("leaseId: …" becomes "--lease: …").</summary>
    private static string OptionNames(string message)
    {
        // ArgumentException appends " (Parameter 'x')"; the message already names the field.
        var cut = message.IndexOf(" (Parameter '", StringComparison.Ordinal);
        var text = cut >= 0 ? message[..cut] : message;
        foreach (var (field, option) in new[] { ("leaseId:", "--lease:"), ("until:", "--until:"), ("reason:", "--reason:"), ("by:", "--by:") })
        {
            if (text.StartsWith(field, StringComparison.Ordinal))
            {
                return option + text[field.Length..];
            }
        }

        return text;
    }
}
