using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Tasks;
using ComplianceMonitor.Infrastructure.Composition;
using ComplianceMonitor.Infrastructure.Leases;
using ComplianceMonitor.Infrastructure.Tasks;
using System.Runtime.CompilerServices;
using Azure.Data.Tables;
using ComplianceMonitor.Infrastructure.Storage;
using static ComplianceMonitor.Infrastructure.Storage.EntityFields;

namespace ComplianceMonitor.Infrastructure.Scanning;

/// <summary>The scan runs in table <c>runs</c>: PartitionKey = district, RowKey = run id.</summary>
/// <remarks>Counts are integer properties; QuarantinedLeaseIds and Warnings are JSON arrays (chunked). Thread-safe.</remarks>
public sealed class TableRunStore : IRunStore
{
    private readonly TableClientFactory _tables;

    /// <summary>Creates the store over <paramref name="tables"/>.</summary>
    public TableRunStore(TableClientFactory tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        _tables = tables;
    }

    /// <inheritdoc/>
    public async Task PutAsync(ScanRun run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        var table = await _tables.GetTableClientAsync(MonitoringTables.Runs, cancellationToken).ConfigureAwait(false);
        await table.UpsertEntityAsync(ToEntity(run), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<ScanRun?> GetAsync(string districtCode, string runId, CancellationToken cancellationToken = default)
    {
        if (!TableNaming.IsValidKey(districtCode) || !TableNaming.IsValidKey(runId) || runId.Length == 0)
        {
            return null;
        }

        var table = await _tables.GetTableClientAsync(MonitoringTables.Runs, cancellationToken).ConfigureAwait(false);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(districtCode, runId, cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue && response.Value is { } e ? FromEntity(e) : null;
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<ScanRun> ListAsync(string districtCode, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(districtCode);
        var table = await _tables.GetTableClientAsync(MonitoringTables.Runs, cancellationToken).ConfigureAwait(false);
        await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {districtCode}"), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return FromEntity(e);
        }
    }

    private static TableEntity ToEntity(ScanRun r)
    {
        var e = new TableEntity(r.DistrictCode, r.RunId)
        {
            ["Format"] = 1,
            ["AsOf"] = Date(r.AsOf),
            ["StartedAt"] = r.StartedAt,
            ["Outcome"] = r.Outcome.ToString(),
            ["Leases"] = r.Leases,
            ["Findings"] = r.Findings,
            ["AlertsRead"] = r.AlertsRead,
            ["TasksRead"] = r.TasksRead,
            ["AlertsCreated"] = r.AlertsCreated,
            ["AlertsUpdated"] = r.AlertsUpdated,
            ["AlertsResolved"] = r.AlertsResolved,
            ["OutboxQueued"] = r.OutboxQueued,
            ["OutboxSuperseded"] = r.OutboxSuperseded,
            ["TasksOpened"] = r.TasksOpened,
            ["TasksResolved"] = r.TasksResolved,
            ["TasksEscalated"] = r.TasksEscalated,
            ["TasksReopened"] = r.TasksReopened,
            ["TasksConfirmed"] = r.TasksConfirmed,
            ["Quarantined"] = r.QuarantinedLeaseIds.Count,
            ["QuarantineReleased"] = r.QuarantineReleased,
            ["AlertsRuleRevised"] = r.AlertsRuleRevised,
            ["OutboxWithdrawn"] = r.OutboxWithdrawn,
            ["RuleRevision"] = r.RuleRevision,
        };
        if (r.FinishedAt is { } finished)
        {
            e["FinishedAt"] = finished;
        }

        SetString(e, "Error", r.Error is { Length: > 8000 } err ? err[..8000] : r.Error);
        SetJson(e, "QuarantinedLeaseIds", r.QuarantinedLeaseIds);
        SetJson(e, "Warnings", r.Warnings);
        return e;
    }

    private static ScanRun FromEntity(TableEntity e) => new()
    {
        RunId = e.RowKey,
        DistrictCode = e.PartitionKey,
        AsOf = RequiredDate(e, "AsOf"),
        StartedAt = RequiredInstant(e, "StartedAt"),
        FinishedAt = OptionalInstant(e, "FinishedAt"),
        Outcome = Parse<ScanOutcome>(e, "Outcome", TryParseEnum, "a scan outcome"),
        Error = OptionalString(e, "Error"),
        Leases = RequiredInt(e, "Leases"),
        Findings = RequiredInt(e, "Findings"),
        AlertsRead = OptionalInt(e, "AlertsRead") ?? 0,
        TasksRead = OptionalInt(e, "TasksRead") ?? 0,
        AlertsCreated = RequiredInt(e, "AlertsCreated"),
        AlertsUpdated = RequiredInt(e, "AlertsUpdated"),
        AlertsResolved = RequiredInt(e, "AlertsResolved"),
        OutboxQueued = RequiredInt(e, "OutboxQueued"),
        OutboxSuperseded = RequiredInt(e, "OutboxSuperseded"),
        TasksOpened = RequiredInt(e, "TasksOpened"),
        TasksResolved = RequiredInt(e, "TasksResolved"),
        TasksEscalated = RequiredInt(e, "TasksEscalated"),
        TasksReopened = OptionalInt(e, "TasksReopened") ?? 0,
        TasksConfirmed = OptionalInt(e, "TasksConfirmed") ?? 0,
        QuarantineReleased = OptionalInt(e, "QuarantineReleased") ?? 0,
        AlertsRuleRevised = OptionalInt(e, "AlertsRuleRevised") ?? 0,
        OutboxWithdrawn = OptionalInt(e, "OutboxWithdrawn") ?? 0,
        RuleRevision = OptionalInt(e, "RuleRevision") ?? 0,
        QuarantinedLeaseIds = RequiredJson<string[]>(e, "QuarantinedLeaseIds"),
        Warnings = RequiredJson<string[]>(e, "Warnings"),
    };
}
