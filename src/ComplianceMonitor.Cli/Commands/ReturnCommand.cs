using System.CommandLine;
using ComplianceMonitor.Application.Leases;
using ComplianceMonitor.Infrastructure.Leases;

namespace ComplianceMonitor.Cli.Commands;

/// <summary>
/// <c>cm return apply|accept|refund-paid --lease ID --on yyyy-MM-dd</c>: records a step of a voluntary return (三（七）)
/// on a stored lease, audited in the lease history. From acceptance every other rule stops for the lease and RETURN_REFUND
/// follows the refund. The same step on the same day again changes nothing; on another day it is refused (exit 2).
/// </summary>
public sealed class ReturnCommand : ICliCommand
{
    /// <summary>The channel lease history records for these writes.</summary>
    public const string Channel = "cli return";

    private readonly MonitoringCliServices _services;

    /// <summary>Creates the command over the storage of the environment.</summary>
    public ReturnCommand()
        : this(MonitoringCliServices.FromContext())
    {
    }

    /// <summary>Creates the command over given services (tests).</summary>
    public ReturnCommand(MonitoringCliServices services) => _services = services ?? throw new ArgumentNullException(nameof(services));

    /// <inheritdoc/>
    public Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var command = new Command("return", "The voluntary return of the land (三（七）): record the application, the acceptance, the refund paid.");
        foreach (var (name, step, description) in new[]
        {
            ("apply", ReturnStep.Apply, "Record that the land user applied to return the land."),
            ("accept", ReturnStep.Accept, "Record that the district accepted the return (every other rule stops from that day)."),
            ("refund-paid", ReturnStep.RefundPaid, "Record that the refund was paid (RETURN_REFUND closes)."),
        })
        {
            var lease = CommonOptions.LeaseId(required: true);
            var on = new Option<DateOnly?>("--on") { Description = "The day of the step.", HelpName = "yyyy-MM-dd", Required = true, CustomParser = CommonOptions.ParseDay };
            var by = CommonOptions.ByOrAccount();
            var sub = new Command(name, description) { lease, on, by };
            sub.SetAction((parseResult, cancellationToken) => RunAsync(context, lease.GetValue(parseResult)!, step, parseResult.GetValue(on)!.Value, CommonOptions.Actor(parseResult.GetValue(by)), cancellationToken));
            command.Add(sub);
        }

        return command;
    }

    private async Task<int> RunAsync(CliContext context, string leaseId, ReturnStep step, DateOnly on, string actor, CancellationToken cancellationToken)
    {
        await using var storage = await _services.OpenAsync(context, cancellationToken);
        if (storage is null)
        {
            return ExitCodes.InvalidInput;
        }

        var leases = storage.Get<ILeaseStore>();
        var stored = await leases.FindAsync(leaseId.Trim(), cancellationToken);
        if (stored is null)
        {
            await context.Stderr.WriteLineAsync($"error: --lease-id '{leaseId}' is not stored in any district.");
            return ExitCodes.InvalidInput;
        }

        var result = await storage.Get<AgreementRecordService>().RecordReturnAsync(stored, step, on, actor, Channel, cancellationToken);
        switch (result.Outcome)
        {
            case AgreementChangeOutcome.Added:
                await context.Stdout.WriteLineAsync($"{stored.Record.LeaseId}  recorded  {result.Detail}");
                return ExitCodes.Ok;
            case AgreementChangeOutcome.Unchanged:
                await context.Stdout.WriteLineAsync($"{stored.Record.LeaseId}  unchanged  {result.Detail}");
                return ExitCodes.Ok;
            case AgreementChangeOutcome.Invalid:
                foreach (var e in result.Errors)
                {
                    await context.Stdout.WriteLineAsync($"{e.LeaseId} {(e.Field == "on" ? "--on" : e.Field)}: {e.Message}");
                }

                await context.Stderr.WriteLineAsync($"{result.Errors.Count} error(s); nothing was written.");
                return ExitCodes.InvalidInput;
            case AgreementChangeOutcome.Refused:
                await context.Stderr.WriteLineAsync($"error: --on: {result.Detail}");
                return ExitCodes.InvalidInput;
            default:
                await context.Stderr.WriteLineAsync($"error: lease {leaseId}: {result.Outcome}; nothing was written. Retry.");
                return ExitCodes.Failure;
        }
    }
}
