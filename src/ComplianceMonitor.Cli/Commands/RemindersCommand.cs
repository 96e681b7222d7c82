using System.CommandLine;
using System.Globalization;
using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Infrastructure.Leases;
using ComplianceMonitor.Infrastructure.Reminders;

namespace ComplianceMonitor.Cli.Commands;

/// <summary>
/// <c>cm reminders history (--enterprise NAME | --lease-id ID) [--district CODE] [--from yyyy-MM-dd] [--to yyyy-MM-dd]
/// [--format text|json|csv] [--xlsx FILE]</c>: every reminder queued for one enterprise or lease (pending, sent, held, dead,
/// superseded, withdrawn) with its stage, channel, masked recipient, status and times in Beijing, oldest first.
/// </summary>
/// <remarks>
/// Read from the outbox, the one record of every reminder and its delivery. <c>--enterprise</c> matches the land user's
/// name (any part, ignoring case); <c>--from</c>/<c>--to</c> bound the day the scan queued it (inclusive). Exit 0 with the
/// rows (none is not an error), 2 for bad options.
/// </remarks>
public sealed class RemindersCommand : ICliCommand
{
    private readonly MonitoringCliServices _services;

    /// <summary>Creates the command over the storage of the environment.</summary>
    public RemindersCommand()
        : this(MonitoringCliServices.FromContext())
    {
    }

    /// <summary>Creates the command over given services (tests).</summary>
    public RemindersCommand(MonitoringCliServices services) => _services = services ?? throw new ArgumentNullException(nameof(services));

    /// <inheritdoc/>
    public Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var enterprise = new Option<string?>("--enterprise") { Description = "The enterprise (land user): its name or any part of it.", HelpName = "NAME" };
        var lease = CommonOptions.LeaseId("One lease's reminders.");
        var district = MonitoringCliServices.DistrictOption("Only this district (default: the lease's, else every jurisdiction).");
        var from = new Option<DateOnly?>("--from") { Description = "Only reminders queued on or after this Beijing day.", HelpName = "yyyy-MM-dd", CustomParser = CommonOptions.ParseDay };
        var to = new Option<DateOnly?>("--to") { Description = "Only reminders queued on or before this Beijing day.", HelpName = "yyyy-MM-dd", CustomParser = CommonOptions.ParseDay };
        var format = CommonOptions.ListFormat();
        var xlsx = CommonOptions.Xlsx();
        var history = new Command("history", "Every reminder of one enterprise or lease: stage, channel, status, when queued, sent or retried (Beijing time).")
        {
            enterprise, lease, district, from, to, format, xlsx,
        };
        history.Validators.Add(r =>
        {
            var hasEnterprise = !string.IsNullOrWhiteSpace(r.GetValue(enterprise));
            var hasLease = !string.IsNullOrWhiteSpace(lease.GetValue(r));
            if (hasEnterprise == hasLease)
            {
                r.AddError("--enterprise: give either --enterprise NAME or --lease-id ID (one of them).");
            }
            else if (r.GetValue(from) is { } f && r.GetValue(to) is { } t && f > t)
            {
                r.AddError(string.Create(CultureInfo.InvariantCulture, $"--from: {f:yyyy-MM-dd} is after --to {t:yyyy-MM-dd}."));
            }
        });
        history.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var storage = await _services.OpenAsync(context, cancellationToken);
            if (storage is null)
            {
                return ExitCodes.InvalidInput;
            }

            var name = parseResult.GetValue(enterprise)?.Trim();
            var leaseId = lease.GetValue(parseResult)?.Trim();
            var districts = parseResult.GetValue(district) is { } code
                ? [code]
                : leaseId is not null && await storage.Get<TableLeaseStore>().IndexedDistrictAsync(leaseId, cancellationToken) is { } indexed
                    ? [indexed]
                    : MonitoringCliServices.Districts(null).ToList();
            var first = parseResult.GetValue(from);
            var last = parseResult.GetValue(to);
            var store = storage.Get<IOutboxStore>();
            var entries = new List<OutboxEntry>();
            foreach (var d in districts)
            {
                foreach (var e in await MonitoringCliServices.CollectAsync(context, store.ListAsync(d, null, cancellationToken), cancellationToken))
                {
                    var who = leaseId is not null
                        ? string.Equals(e.LeaseId, leaseId, StringComparison.Ordinal)
                        : e.LandUserName.Contains(name!, StringComparison.OrdinalIgnoreCase);
                    if (who && (first is null || e.QueuedOn >= first) && (last is null || e.QueuedOn <= last))
                    {
                        entries.Add(e);
                    }
                }
            }

            entries.Sort(Compare);
            await ListingOutput.WriteAsync(context, parseResult.GetValue(format), parseResult.GetValue(xlsx), new Listing<OutboxEntry>(
                "reminders",
                entries,
                ["QUEUED (BEIJING)", "LEASE", "ENTERPRISE", "RULE", "STAGE", "CHANNEL", "RECIPIENT", "STATUS", "ATTEMPTS", "SENT (BEIJING)", "NEXT ATTEMPT (BEIJING)", "NOTE"],
                e =>
                [
                    CliTimes.Minutes(e.CreatedAt), e.LeaseId, e.LandUserName, e.Rule.ToString(), e.Stage, OutboxEntry.Wire(e.Channel), e.MaskedRecipient,
                    OutboxEntry.Wire(e.Status), e.Attempts.ToString(CultureInfo.InvariantCulture),
                    e.SentAt is { } sent ? CliTimes.Minutes(sent) : "-",
                    e.NextAttemptAt is { } next && e.Status is OutboxStatus.Pending or OutboxStatus.Held ? CliTimes.Minutes(next) : "-",
                    e.LastError ?? e.StatusReason ?? "-",
                ],
                OutboxCommand.CsvHeader,
                OutboxCommand.CsvRow,
                output => OutboxCommand.WriteJson(output, entries),
                $"{entries.Count} reminder(s)")
            {
                Title = [leaseId is not null ? $"Reminders of lease {leaseId}" : $"Reminders of enterprises named like '{name}'"],
            });
            return ExitCodes.Ok;
        });
        return new Command("reminders", "Reminders sent to enterprises: one enterprise's or lease's history.") { history };
    }

    /// <summary>Oldest first: by when queued, then lease, rule, stage and channel.</summary>
    private static int Compare(OutboxEntry a, OutboxEntry b)
    {
        var c = a.CreatedAt.CompareTo(b.CreatedAt);
        if (c == 0)
        {
            c = string.CompareOrdinal(a.LeaseId, b.LeaseId);
        }

        if (c == 0)
        {
            c = string.CompareOrdinal(a.Rule.ToString(), b.Rule.ToString());
        }

        if (c == 0)
        {
            c = string.CompareOrdinal(a.Stage, b.Stage);
        }

        return c != 0 ? c : a.Channel.CompareTo(b.Channel);
    }
}
