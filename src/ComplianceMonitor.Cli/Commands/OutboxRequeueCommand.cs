using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Infrastructure.Contacts;
using ComplianceMonitor.Infrastructure.Reminders;

namespace ComplianceMonitor.Cli.Commands;

/// <summary>
/// <c>cm outbox requeue [--id ID]... [--reason TEXT] [--day yyyy-MM-dd] [--district CODE] [--by NAME] [--note TEXT] [--yes] [--format text|json|csv] [--xlsx FILE]</c>:
/// puts dead reminders back in the queue, once, audited with the operator (<see cref="OutboxRequeueService"/>).
/// </summary>
/// <remarks>
/// Without <c>--yes</c> it only lists what it would requeue (a dry run, nothing written). At least one of <c>--id</c>,
/// <c>--reason</c>, <c>--day</c> is required. The actor is <c>--by</c>, else the operating-system account
/// (<see cref="CliActor"/>). Output ends with how many were (or would be) requeued. Exit 0, or 2 for bad options.
/// </remarks>
public static class OutboxRequeueCommand
{
    /// <summary>The sub-command, over the storage of <paramref name="services"/>.</summary>
    public static Command Create(CliContext context, MonitoringCliServices services)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(services);
        var ids = new Option<string[]>("--id") { Description = "A dead entry's outbox id (repeat for several).", HelpName = "ID", AllowMultipleArgumentsPerToken = false };
        var reason = new Option<string?>("--reason") { Description = "Only entries whose last error contains this text (ignoring case).", HelpName = "TEXT" };
        var day = new Option<DateOnly?>("--day")
        {
            Description = "Only entries that died on this Beijing day (their last delivery attempt).",
            HelpName = "yyyy-MM-dd",
            CustomParser = CommonOptions.ParseDay,
        };
        var district = MonitoringCliServices.DistrictOption("Only this district (default: every jurisdiction).");
        var by = new Option<string?>("--by") { Description = "Who requeues (recorded in the audit); default: the operating-system account.", HelpName = "NAME" };
        var note = new Option<string?>("--note") { Description = "Why (recorded in the audit).", HelpName = "TEXT" };
        var yes = new Option<bool>("--yes") { Description = "Requeue; without it, only list what would be requeued." };
        var format = CommonOptions.ListFormat();
        var xlsx = CommonOptions.Xlsx();
        var command = new Command("requeue", "Send dead reminders again: each back to pending once, audited (a dry-run listing unless --yes).")
        {
            ids, reason, day, district, by, note, yes, format, xlsx,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var filter = new OutboxRequeueFilter(
                [.. MonitoringCliServices.Districts(parseResult.GetValue(district))],
                parseResult.GetValue(ids) ?? [],
                parseResult.GetValue(reason),
                parseResult.GetValue(day));
            if (!filter.IsNarrowed)
            {
                await context.Stderr.WriteLineAsync("error: give at least one of --id, --reason or --day: requeueing every dead reminder must be a choice.");
                return ExitCodes.InvalidInput;
            }

            await using var storage = await services.OpenAsync(context, cancellationToken);
            if (storage is null)
            {
                return ExitCodes.InvalidInput;
            }

            var service = storage.Get<OutboxRequeueService>();
            var actor = string.IsNullOrWhiteSpace(parseResult.GetValue(by)) ? CliActor.Current : parseResult.GetValue(by)!.Trim();
            var apply = parseResult.GetValue(yes);
            var result = await service.RequeueAsync(filter, actor, parseResult.GetValue(note), apply, cancellationToken);
            await Write(context, parseResult.GetValue(format), parseResult.GetValue(xlsx), result, actor);
            foreach (var id in result.UnmatchedIds)
            {
                await context.Stderr.WriteLineAsync($"warning: --id {id} is not a dead reminder{(filter.Districts.Count == 1 ? " of district " + filter.Districts.First() : string.Empty)} (missing, already requeued, or not dead); nothing done for it.");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Task Write(CliContext context, string? format, FileInfo? xlsx, OutboxRequeueResult result, string actor)
    {
        var inv = CultureInfo.InvariantCulture;
        void Json(TextWriter output)
        {
            MonitoringCliServices.WriteJson(output, w =>
            {
                w.WriteStartObject();
                w.WriteBoolean("dryRun", !result.Applied);
                w.WriteString("actor", actor);
                w.WriteNumber("matched", result.Items.Count);
                w.WriteNumber("requeued", result.Requeued);
                w.WriteStartArray("entries");
                foreach (var i in result.Items)
                {
                    w.WriteStartObject();
                    w.WriteString("id", i.Entry.Id);
                    w.WriteString("districtCode", i.Entry.DistrictCode);
                    w.WriteString("leaseId", i.Entry.LeaseId);
                    w.WriteString("channel", OutboxEntry.Wire(i.Entry.Channel));
                    w.WriteString("recipient", i.Entry.MaskedRecipient);
                    w.WriteNumber("attempts", i.Entry.Attempts);
                    if (i.DiedOn is { } d)
                    {
                        w.WriteString("diedOn", CheckResultJson.Date(d));
                    }
                    else
                    {
                        w.WriteNull("diedOn");
                    }

                    w.WriteString("lastError", i.Entry.LastError);
                    w.WriteString("outcome", i.Outcome switch
                    {
                        RequeueOutcome.WouldRequeue => "wouldRequeue",
                        RequeueOutcome.Requeued => "requeued",
                        _ => "changed",
                    });
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteStartArray("unmatchedIds");
                foreach (var id in result.UnmatchedIds)
                {
                    w.WriteStringValue(id);
                }

                w.WriteEndArray();
                w.WriteEndObject();
            });
        }

        static string Outcome(RequeueOutcome o) => o switch { RequeueOutcome.WouldRequeue => "would requeue", RequeueOutcome.Requeued => "requeued", _ => "changed meanwhile" };
        var n = result.Items.Count;
        return ListingOutput.WriteAsync(context, format, xlsx, new Listing<RequeueItem>(
            "requeue",
            result.Items,
            ["DISTRICT", "ID", "LEASE", "CHANNEL", "RECIPIENT", "ATTEMPTS", "DIED", "LAST ERROR", "OUTCOME"],
            i =>
            [
                i.Entry.DistrictCode, i.Entry.Id, i.Entry.LeaseId, OutboxEntry.Wire(i.Entry.Channel), i.Entry.MaskedRecipient,
                i.Entry.Attempts.ToString(inv), MonitoringCliServices.Cell(i.DiedOn), Clip(i.Entry.LastError ?? "-"), Outcome(i.Outcome),
            ],
            ["id", "districtCode", "leaseId", "channel", "recipient", "attempts", "diedOn", "lastError", "outcome"],
            i =>
            [
                i.Entry.Id, i.Entry.DistrictCode, i.Entry.LeaseId, OutboxEntry.Wire(i.Entry.Channel), i.Entry.MaskedRecipient,
                i.Entry.Attempts.ToString(inv), i.DiedOn is { } d ? CheckResultJson.Date(d) : null, i.Entry.LastError, Outcome(i.Outcome),
            ],
            Json,
            result.Applied
                ? string.Create(inv, $"requeued {result.Requeued} of {n} dead reminder{(n == 1 ? string.Empty : "s")} (audited as {actor}).")
                : string.Create(inv, $"dry run: would requeue {n} dead reminder{(n == 1 ? string.Empty : "s")}; nothing written. Run again with --yes to requeue.")));
    }

    private static string Clip(string text) => text.Length <= 60 ? text : text[..60] + "…";
}
