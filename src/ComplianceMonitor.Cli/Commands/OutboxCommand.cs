using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Tasks;
using ComplianceMonitor.Infrastructure.Composition;
using ComplianceMonitor.Infrastructure.Scanning;
using ComplianceMonitor.Infrastructure.Storage;
using ComplianceMonitor.Infrastructure.Tasks;
using System.CommandLine;
using System.Globalization;
using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Infrastructure.Reminders;

namespace ComplianceMonitor.Cli.Commands;

/// <summary><c>cm outbox list [--district CODE] [--status STATUS] [--format text|json|csv] [--xlsx FILE]</c>: queued reminders; recipients are always shown masked. <c>cm outbox requeue</c>: <see cref="OutboxRequeueCommand"/>.</summary>
public sealed class OutboxCommand : ICliCommand
{
    private readonly MonitoringCliServices _services;

    /// <summary>Creates the command over the storage of the environment.</summary>
    public OutboxCommand()
        : this(MonitoringCliServices.FromContext())
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
        var format = CommonOptions.ListFormat();
        var xlsx = CommonOptions.Xlsx();
        var list = new Command("list", "List queued reminders (one per alert, stage, channel and recipient); recipients masked. One enterprise's or lease's reminders: cm reminders history.")
        {
            district, status, format, xlsx,
        };
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

            await ListingOutput.WriteAsync(context, parseResult.GetValue(format), parseResult.GetValue(xlsx), new Listing<OutboxEntry>(
                "outbox",
                entries,
                ["DISTRICT", "LEASE", "RULE", "STAGE", "CHANNEL", "RECIPIENT", "STATUS", "ATTEMPTS", "QUEUED", "DEADLINE"],
                e =>
                [
                    e.DistrictCode, e.LeaseId, e.Rule.ToString(), e.Stage, OutboxEntry.Wire(e.Channel), e.MaskedRecipient, OutboxEntry.Wire(e.Status),
                    e.Attempts.ToString(CultureInfo.InvariantCulture), MonitoringCliServices.Cell(e.QueuedOn), MonitoringCliServices.Cell(e.Deadline),
                ],
                CsvHeader,
                CsvRow,
                output => WriteJson(output, entries),
                $"{entries.Count} entr{(entries.Count == 1 ? "y" : "ies")}"));
            return ExitCodes.Ok;
        });
        return new Command("outbox", "Reminders queued by the scan for the dispatcher.") { list, OutboxRequeueCommand.Create(context, _services) };
    }

    /// <summary>The csv and xlsx columns of an outbox entry (recipient masked; times in Beijing with their offset).</summary>
    internal static readonly string[] CsvHeader =
    [
        "id", "districtCode", "leaseId", "enterprise", "rule", "stage", "channel", "recipient", "status", "attempts", "queuedOn", "deadline",
        "createdAt", "sentAt", "nextAttemptAt", "lastError",
    ];

    internal static string?[] CsvRow(OutboxEntry e) =>
    [
        e.Id, e.DistrictCode, e.LeaseId, e.LandUserName, e.Rule.ToString(), e.Stage, OutboxEntry.Wire(e.Channel), e.MaskedRecipient, OutboxEntry.Wire(e.Status),
        e.Attempts.ToString(CultureInfo.InvariantCulture), CheckResultJson.Date(e.QueuedOn), e.Deadline is { } d ? CheckResultJson.Date(d) : null,
        Beijing(e.CreatedAt), Beijing(e.SentAt), Beijing(e.NextAttemptAt), e.LastError,
    ];

    /// <summary>An instant in Beijing time (<c>2026-06-23 10:00:00 +08:00</c>), or null.</summary>
    internal static string? Beijing(DateTimeOffset? instant) => instant is { } i ? CliTimes.Text(i) : null;

    /// <summary>The entries as a JSON array (recipients masked; instants UTC ISO 8601).</summary>
    internal static void WriteJson(TextWriter output, List<OutboxEntry> entries) =>
        MonitoringCliServices.WriteJson(output, w =>
        {
            w.WriteStartArray();
            foreach (var e in entries)
            {
                w.WriteStartObject();
                w.WriteString("id", e.Id);
                w.WriteString("districtCode", e.DistrictCode);
                w.WriteString("alertKey", e.AlertKey);
                w.WriteString("leaseId", e.LeaseId);
                w.WriteString("enterprise", e.LandUserName);
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
                WriteInstant(w, "createdAt", e.CreatedAt);
                WriteInstant(w, "sentAt", e.SentAt);
                WriteInstant(w, "nextAttemptAt", e.NextAttemptAt);
                if (e.LastError is { } error)
                {
                    w.WriteString("lastError", error);
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
        });

    private static void WriteInstant(System.Text.Json.Utf8JsonWriter w, string name, DateTimeOffset? instant)
    {
        if (instant is { } i)
        {
            w.WriteString(name, i.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        }
        else
        {
            w.WriteNull(name);
        }
    }
}
