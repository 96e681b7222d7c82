using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using ComplianceMonitor.Application.Leases;
using ComplianceMonitor.Cli.Output;
using ComplianceMonitor.Infrastructure.Leases;

namespace ComplianceMonitor.Cli.Commands;

/// <summary>
/// <c>cm leases history --lease ID [--district CODE] [--format text|json]</c>: who changed a lease and when (created,
/// updated, events), oldest first, from the lease history every API and CLI write records.
/// </summary>
/// <remarks>Exit 0 with the entries (none is not an error), 2 for a lease id that is stored nowhere, or bad options.</remarks>
public sealed class LeasesCommand : ICliCommand
{
    private readonly MonitoringCliServices _services;

    /// <summary>Creates the command over the storage of the environment.</summary>
    public LeasesCommand()
        : this(MonitoringCliServices.FromEnvironment())
    {
    }

    /// <summary>Creates the command over given services (tests).</summary>
    public LeasesCommand(MonitoringCliServices services) => _services = services ?? throw new ArgumentNullException(nameof(services));

    /// <inheritdoc/>
    public Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var lease = new Option<string>("--lease") { Description = "The lease id.", HelpName = "ID", Required = true };
        var district = MonitoringCliServices.DistrictOption("The lease's district (default: the district the lease id is stored under).");
        var format = CommonOptions.Format();
        format.DefaultValueFactory = _ => OutputFormats.Text;
        var history = new Command("history", "Who changed a lease and when, oldest first.") { lease, district, format };
        history.SetAction((parseResult, cancellationToken) => HistoryAsync(
            context,
            parseResult.GetValue(lease)!,
            parseResult.GetValue(district),
            parseResult.GetValue(format) ?? OutputFormats.Text,
            cancellationToken));
        return new Command("leases", "Lease records: their change history.") { history };
    }

    private async Task<int> HistoryAsync(CliContext context, string leaseId, string? district, string format, CancellationToken cancellationToken)
    {
        await using var storage = await _services.OpenAsync(context, cancellationToken);
        if (storage is null)
        {
            return ExitCodes.InvalidInput;
        }

        var code = district ?? await storage.Get<TableLeaseStore>().IndexedDistrictAsync(leaseId.Trim(), cancellationToken);
        if (code is null)
        {
            await context.Stderr.WriteLineAsync($"error: --lease '{leaseId}' is not stored in any district.");
            return ExitCodes.InvalidInput;
        }

        var entries = new List<LeaseHistoryEntry>();
        await foreach (var entry in storage.Get<ILeaseHistoryStore>().ReadAsync(code, leaseId.Trim(), cancellationToken))
        {
            entries.Add(entry);
        }

        if (format == OutputFormats.Json)
        {
            await context.Stdout.WriteLineAsync(Json(entries));
        }
        else
        {
            await context.Stdout.WriteLineAsync($"Lease {leaseId} (district {code}): {entries.Count} change(s)");
            foreach (var e in entries)
            {
                await context.Stdout.WriteLineAsync(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{CliTimes.Text(e.At)}  {e.Action,-8} {e.Actor} via {e.Channel}{(e.Detail is null ? string.Empty : "  " + e.Detail)}{(e.State == LeaseHistoryState.Pending ? "  (pending: not confirmed)" : string.Empty)}"));
            }
        }

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
