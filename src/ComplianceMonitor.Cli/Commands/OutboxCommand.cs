using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Tasks;
using ComplianceMonitor.Infrastructure.Composition;
using ComplianceMonitor.Infrastructure.Scanning;
using ComplianceMonitor.Infrastructure.Storage;
using ComplianceMonitor.Infrastructure.Tasks;
using System.CommandLine;
using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Infrastructure.Reminders;

namespace ComplianceMonitor.Cli.Commands;

/// <summary><c>cm outbox list [--district CODE] [--status STATUS] [--format text|json]</c>: queued reminders; recipients are always shown masked. <c>cm outbox requeue</c>: <see cref="OutboxRequeueCommand"/>.</summary>
public sealed class OutboxCommand : ICliCommand
{
    private readonly MonitoringCliServices _services;

    /// <summary>Creates the command over the storage of the environment.</summary>
    public OutboxCommand()
        : this(MonitoringCliServices.FromEnvironment())
    {
    }

    /// <summary>Creates the command over given services (tests).</summary>
    public OutboxCommand(MonitoringCliServices services)
    {
        ArgumentNullException.ThrowIfNull(services);
        _services = services;
    }

    /// <inheritdoc />
    public Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var district = MonitoringCliServices.DistrictOption("Only this district (default: every jurisdiction).");
        var status = new Option<string?>("--status") { Description = "Only entries in this status.", HelpName = "pending|sent|dead|held|superseded|withdrawn" }
            .AcceptOnlyFromAmong("pending", "sent", "dead", "held", "superseded", "withdrawn");
        var format = CommonOptions.Format();
        format.DefaultValueFactory = _ => OutputFormats.Text;
        var list = new Command("list", "List queued reminders (one per alert, stage, channel and recipient).") { district, status, format };
        list.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var storage = await _services.OpenAsync(context, cancellationToken);
            if (storage is null)
            {
                return ExitCodes.InvalidInput;
            }

            var store = storage.Get<IOutboxStore>();
            IReadOnlyCollection<OutboxStatus>? statuses = OutboxEntry.TryParseStatus(parseResult.GetValue(status), out var s) ? [s] : null;
            var entries = new List<OutboxEntry>();
            foreach (var code in MonitoringCliServices.Districts(parseResult.GetValue(district)))
            {
                entries.AddRange(await MonitoringCliServices.CollectAsync(context, store.ListAsync(code, statuses, cancellationToken), cancellationToken));
            }

            if (parseResult.GetValue(format) == OutputFormats.Json)
            {
                MonitoringCliServices.WriteJson(context.Stdout, w =>
                {
                    w.WriteStartArray();
                    foreach (var e in entries)
                    {
                        w.WriteStartObject();
                        w.WriteString("id", e.Id);
                        w.WriteString("districtCode", e.DistrictCode);
                        w.WriteString("alertKey", e.AlertKey);
                        w.WriteString("leaseId", e.LeaseId);
                        w.WriteString("rule", e.Rule.ToString());
                        w.WriteString("stage", e.Stage);
                        w.WriteString("channel", OutboxEntry.Wire(e.Channel));
                        w.WriteString("recipient", e.MaskedRecipient);
                        w.WriteString("status", OutboxEntry.Wire(e.Status));
                        w.WriteNumber("attempts", e.Attempts);
                        w.WriteString("queuedOn", CheckResultJson.Date(e.QueuedOn));
                        if (e.Deadline is { } d)
                        {
                            w.WriteString("deadline", CheckResultJson.Date(d));
                        }
                        else
                        {
                            w.WriteNull("deadline");
                        }

                        w.WriteString("findingStatus", WireNames.Of(e.FindingStatus));
                        w.WriteString("message", e.Message);
                        if (e.LastError is { } error)
                        {
                            w.WriteString("lastError", error);
                        }

                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                });
            }
            else
            {
                MonitoringCliServices.WriteTable(
                    context.Stdout,
                    ["DISTRICT", "LEASE", "RULE", "STAGE", "CHANNEL", "RECIPIENT", "STATUS", "ATTEMPTS", "QUEUED", "DEADLINE"],
                    [.. entries.Select(e => new[]
                    {
                        e.DistrictCode, e.LeaseId, e.Rule.ToString(), e.Stage, OutboxEntry.Wire(e.Channel), e.MaskedRecipient, OutboxEntry.Wire(e.Status),
                        e.Attempts.ToString(System.Globalization.CultureInfo.InvariantCulture), MonitoringCliServices.Cell(e.QueuedOn), MonitoringCliServices.Cell(e.Deadline),
                    })]);
                await context.Stdout.WriteLineAsync($"{entries.Count} entr{(entries.Count == 1 ? "y" : "ies")}");
            }

            return ExitCodes.Ok;
        });
        return new Command("outbox", "Reminders queued by the scan for the dispatcher.") { list, OutboxRequeueCommand.Create(context, _services) };
    }
}
