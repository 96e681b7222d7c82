using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using ComplianceMonitor.Application.Leases;
using ComplianceMonitor.Cli.Output;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Infrastructure.Leases;

namespace ComplianceMonitor.Cli.Commands;

/// <summary>
/// <c>cm leases list [--district CODE] [--q TEXT] [--format text|json|csv] [--xlsx FILE]</c>: the stored leases;
/// <c>cm leases history --lease-id ID [--district CODE] [--format text|json|csv] [--xlsx FILE]</c>: who changed a lease
/// and when (created, updated, events), oldest first, from the lease history every API and CLI write records.
/// </summary>
/// <remarks>Exit 0 with the rows (none is not an error), 2 for a lease id that is stored nowhere, or bad options.</remarks>
public sealed class LeasesCommand : ICliCommand
{
    private readonly MonitoringCliServices _services;

    /// <summary>Creates the command over the storage of the environment.</summary>
    public LeasesCommand()
        : this(MonitoringCliServices.FromContext())
    {
    }

    /// <summary>Creates the command over given services (tests).</summary>
    public LeasesCommand(MonitoringCliServices services) => _services = services ?? throw new ArgumentNullException(nameof(services));

    /// <inheritdoc/>
    public Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new Command("leases", "Stored lease records and their change history.") { List(context), History(context) };
    }

    private Command History(CliContext context)
    {
        var lease = CommonOptions.LeaseId(required: true);
        var district = MonitoringCliServices.DistrictOption("The lease's district (default: the district the lease id is stored under).");
        var format = CommonOptions.ListFormat();
        var xlsx = CommonOptions.Xlsx();
        var history = new Command("history", "Who changed a lease and when, oldest first.") { lease, district, format, xlsx };
        history.SetAction((parseResult, cancellationToken) => HistoryAsync(
            context,
            lease.GetValue(parseResult)!,
            parseResult.GetValue(district),
            parseResult.GetValue(format),
            parseResult.GetValue(xlsx),
            cancellationToken));
        return history;
    }

    private Command List(CliContext context)
    {
        var district = MonitoringCliServices.DistrictOption("Only this district (default: every jurisdiction).");
        var text = new Option<string?>("--q") { Description = "Only leases whose id, enterprise, credit code or parcel name contains this text.", HelpName = "TEXT" };
        var format = CommonOptions.ListFormat();
        var xlsx = CommonOptions.Xlsx();
        var list = new Command("list", "List the stored leases: id, enterprise, parcel, term.") { district, text, format, xlsx };
        list.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var storage = await _services.OpenAsync(context, cancellationToken);
            if (storage is null)
            {
                return ExitCodes.InvalidInput;
            }

            var q = parseResult.GetValue(text)?.Trim();
            var store = storage.Get<ILeaseStore>();
            var leases = new List<LeaseRecord>();
            foreach (var code in MonitoringCliServices.Districts(parseResult.GetValue(district)))
            {
                await foreach (var item in store.ReadDistrictAsync(code, cancellationToken))
                {
                    if (item.Lease is not { } stored)
                    {
                        await context.Stderr.WriteLineAsync($"warning: lease {item.LeaseId} cannot be read: {item.Error}");
                    }
                    else if (string.IsNullOrEmpty(q) || Matches(stored.Record, q))
                    {
                        leases.Add(stored.Record);
                    }
                }
            }

            await ListingOutput.WriteAsync(context, parseResult.GetValue(format), parseResult.GetValue(xlsx), new Listing<LeaseRecord>(
                "leases",
                leases,
                ["DISTRICT", "LEASE", "ENTERPRISE", "CREDIT CODE", "PARCEL", "START", "END"],
                r => [r.DistrictCode, r.LeaseId, r.LandUser.Name, r.LandUser.CreditCode, r.Parcel.Name, MonitoringCliServices.Cell(r.LeaseStart), MonitoringCliServices.Cell(r.LeaseEnd)],
                LeaseCsvHeader,
                r => [r.DistrictCode, r.LeaseId, r.LandUser.Name, r.LandUser.CreditCode, r.Parcel.Code, r.Parcel.Name, CheckResultJson.Date(r.LeaseStart), CheckResultJson.Date(r.LeaseEnd)],
                output => MonitoringCliServices.WriteJson(output, w =>
                {
                    w.WriteStartArray();
                    foreach (var r in leases)
                    {
                        w.WriteStartObject();
                        w.WriteString("districtCode", r.DistrictCode);
                        w.WriteString("leaseId", r.LeaseId);
                        w.WriteString("enterprise", r.LandUser.Name);
                        w.WriteString("creditCode", r.LandUser.CreditCode);
                        w.WriteString("parcelCode", r.Parcel.Code);
                        w.WriteString("parcelName", r.Parcel.Name);
                        w.WriteString("leaseStart", CheckResultJson.Date(r.LeaseStart));
                        w.WriteString("leaseEnd", CheckResultJson.Date(r.LeaseEnd));
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                }),
                $"{leases.Count} lease(s)"));
            return ExitCodes.Ok;
        });
        return list;
    }

    private static readonly string[] LeaseCsvHeader = ["districtCode", "leaseId", "enterprise", "creditCode", "parcelCode", "parcelName", "leaseStart", "leaseEnd"];

    private static readonly string[] HistoryCsvHeader = ["at", "leaseId", "districtCode", "action", "actor", "channel", "detail", "state"];

    private static bool Matches(LeaseRecord r, string q) =>
        r.LeaseId.Contains(q, StringComparison.OrdinalIgnoreCase) || r.LandUser.Name.Contains(q, StringComparison.OrdinalIgnoreCase)
        || r.LandUser.CreditCode.Contains(q, StringComparison.OrdinalIgnoreCase) || r.Parcel.Name.Contains(q, StringComparison.OrdinalIgnoreCase);

    private async Task<int> HistoryAsync(CliContext context, string leaseId, string? district, string? format, FileInfo? xlsx, CancellationToken cancellationToken)
    {
        await using var storage = await _services.OpenAsync(context, cancellationToken);
        if (storage is null)
        {
            return ExitCodes.InvalidInput;
        }

        var code = district ?? await storage.Get<TableLeaseStore>().IndexedDistrictAsync(leaseId.Trim(), cancellationToken);
        if (code is null)
        {
            await context.Stderr.WriteLineAsync($"error: --lease-id '{leaseId}' is not stored in any district.");
            return ExitCodes.InvalidInput;
        }

        var entries = new List<LeaseHistoryEntry>();
        await foreach (var entry in storage.Get<ILeaseHistoryStore>().ReadAsync(code, leaseId.Trim(), cancellationToken))
        {
            entries.Add(entry);
        }

        await ListingOutput.WriteAsync(context, format, xlsx, new Listing<LeaseHistoryEntry>(
            "history",
            entries,
            ["AT (BEIJING)", "ACTION", "ACTOR", "CHANNEL", "DETAIL"],
            e => [CliTimes.Text(e.At), e.Action, e.Actor, e.Channel, (e.Detail ?? "-") + (e.State == LeaseHistoryState.Pending ? "  (pending: not confirmed)" : string.Empty)],
            HistoryCsvHeader,
            e => [CliTimes.Text(e.At), e.LeaseId, e.DistrictCode, e.Action, e.Actor, e.Channel, e.Detail, e.State == LeaseHistoryState.Applied ? "applied" : "pending"],
            output => output.WriteLine(Json(entries)),
            null)
        {
            Title = [string.Create(CultureInfo.InvariantCulture, $"Lease {leaseId} (district {code}): {entries.Count} change(s)")],
        });
        return ExitCodes.Ok;
    }

    /// <summary>The entries as a JSON array.</summary>
    public static string Json(IReadOnlyList<LeaseHistoryEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartArray();
            foreach (var e in entries)
            {
                w.WriteStartObject();
                w.WriteString("at", e.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
                w.WriteString("leaseId", e.LeaseId);
                w.WriteString("districtCode", e.DistrictCode);
                w.WriteString("action", e.Action);
                w.WriteString("actor", e.Actor);
                w.WriteString("channel", e.Channel);
                if (e.Detail is null)
                {
                    w.WriteNull("detail");
                }
                else
                {
                    w.WriteString("detail", e.Detail);
                }

                w.WriteString("state", e.State == LeaseHistoryState.Applied ? "applied" : "pending");
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
