using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Tasks;
using ComplianceMonitor.Infrastructure.Composition;
using ComplianceMonitor.Infrastructure.Leases;
using ComplianceMonitor.Infrastructure.Scanning;
using System.Runtime.CompilerServices;
using Azure.Data.Tables;
using ComplianceMonitor.Domain.Rules;
using ComplianceMonitor.Infrastructure.Storage;
using static ComplianceMonitor.Infrastructure.Storage.EntityFields;

namespace ComplianceMonitor.Infrastructure.Tasks;

/// <summary>The enforcement tasks in table <c>tasks</c>: PartitionKey = district, RowKey = task key (the alert key).</summary>
/// <remarks>
/// <para>Properties: LeaseId, Rule, Department (<c>industry</c>|<c>planning</c>), Summary, Basis, OpenedOn, DueOn, State,
/// Escalated, EscalatedOn, History (JSON, chunked by <see cref="EntityChunking"/>), ShortId, Resolution, AwaitsScan,
/// Format (1; the last three are additive: a task stored before them reads with none).</para>
/// <para>Short ids (<see cref="TaskShortId"/>) are unique through the index table <c>taskids</c>: PartitionKey = <c>T</c> (one
/// partition, so that the ids of a scan's new tasks are reserved 100 to a transaction), RowKey = short id, District and Key of
/// the task it belongs to. A task's short id is reserved there (conditional insert) before
/// the task is written with it; when another task holds it, the next candidate is derived. A crash between the two leaves an
/// index entry for a task not (yet) written with it, which the next write of that task finds as its own. Tasks stored before
/// short ids get one on their next write (any move, escalation or scan update); until then their key is their id.</para>
/// <para>Thread-safe.</para>
/// </remarks>
public sealed class TableTaskStore : ITaskStore
{
    /// <summary>The index table of short ids.</summary>
    public const string ShortIdTable = "taskids";

    /// <summary>The one partition of the index table.</summary>
    public const string ShortIdPartition = "T";

    private const int MaxShortIdAttempts = 16;
    private readonly PartitionedTable<EnforcementTask> _table;
    private readonly TableClientFactory _tables;

    /// <summary>Creates the store over <paramref name="tables"/>.</summary>
    public TableTaskStore(TableClientFactory tables)
    {
        _tables = tables ?? throw new ArgumentNullException(nameof(tables));
        _table = new PartitionedTable<EnforcementTask>(tables, MonitoringTables.Tasks, new Mapper());
    }

    /// <inheritdoc/>
    public Task<EnforcementTask?> GetAsync(string districtCode, string key, CancellationToken cancellationToken = default) => _table.GetAsync(districtCode, key, cancellationToken);

    /// <inheritdoc/>
    /// <remarks>Each task's short id (its own, or derived when it has none) is reserved in the index first (see the class remarks).</remarks>
    public async Task<IReadOnlyList<WriteResult>> CreateManyAsync(string districtCode, IReadOnlyList<EnforcementTask> items, CancellationToken cancellationToken = default) =>
        await _table.CreateManyAsync(districtCode, await ReserveAsync(items, all: true, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    /// <remarks>A task without a short id (stored before short ids) gets one, reserved in the index first: its migration.</remarks>
    public async Task<IReadOnlyList<WriteResult>> UpdateManyAsync(string districtCode, IReadOnlyList<EnforcementTask> items, CancellationToken cancellationToken = default) =>
        await _table.UpdateManyAsync(districtCode, await ReserveAsync(items, all: false, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

    /// <summary>Where <paramref name="shortId"/> points in the index: the task's district and key, or null.</summary>
    public async Task<(string District, string Key)?> LookUpShortIdAsync(string shortId, CancellationToken cancellationToken = default)
    {
        if (!TaskShortId.TryNormalize(shortId, out var id))
        {
            return null;
        }

        var index = await _tables.GetTableClientAsync(ShortIdTable, cancellationToken).ConfigureAwait(false);
        var found = await index.GetEntityIfExistsAsync<TableEntity>(ShortIdPartition, id, cancellationToken: cancellationToken).ConfigureAwait(false);
        return found.HasValue && found.Value is { } e && e.GetString("District") is { } d && e.GetString("Key") is { } k ? (d, k) : null;
    }

    private async Task<IReadOnlyList<EnforcementTask>> ReserveAsync(IReadOnlyList<EnforcementTask> items, bool all, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (!all && items.All(t => t.ShortId is not null))
        {
            return items;
        }

        var index = await _tables.GetTableClientAsync(ShortIdTable, cancellationToken).ConfigureAwait(false);
        var result = items.ToArray();
        var pending = Enumerable.Range(0, result.Length).Where(i => all || result[i].ShortId is null).ToList();
        foreach (var chunk in pending.Chunk(PartitionedTable<EnforcementTask>.MaxBatch))
        {
            // The common case, new tasks with free ids: one transaction for the chunk. Any clash (an id taken, by this task
            // after a crash or by another) sends the chunk through the one-by-one path, which tells the two apart.
            var candidates = chunk.Select(i => (Index: i, Id: result[i].ShortId ?? TaskShortId.Derive(result[i].DistrictCode, result[i].Id))).ToList();
            var batched = false;
            if (candidates.Count > 1 && candidates.Select(c => c.Id).Distinct(StringComparer.Ordinal).Count() == candidates.Count)
            {
                try
                {
                    await index.SubmitTransactionAsync(
                        [.. candidates.Select(c => new TableTransactionAction(TableTransactionActionType.Add, IndexEntry(c.Id, result[c.Index])))],
                        cancellationToken).ConfigureAwait(false);
                    batched = true;
                }
                catch (Azure.RequestFailedException)
                {
                    // Some id is taken: one by one below.
                }
            }

            foreach (var (i, id) in candidates)
            {
                var shortId = batched ? id : await ReserveOneAsync(index, result[i], cancellationToken).ConfigureAwait(false);
                result[i] = result[i] with { ShortId = shortId };
            }
        }

        return result;
    }

    private static TableEntity IndexEntry(string shortId, EnforcementTask task) =>
        new(ShortIdPartition, shortId) { ["District"] = task.DistrictCode, ["Key"] = task.Id };

    private static async Task<string> ReserveOneAsync(TableClient index, EnforcementTask task, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxShortIdAttempts; attempt++)
        {
            var candidate = attempt == 0 && task.ShortId is { } own ? own : TaskShortId.Derive(task.DistrictCode, task.Id, attempt);
            try
            {
                await index.AddEntityAsync(IndexEntry(candidate, task), cancellationToken).ConfigureAwait(false);
                return candidate;
            }
            catch (Azure.RequestFailedException ex) when (ex.Status == 409)
            {
                var held = await index.GetEntityIfExistsAsync<TableEntity>(ShortIdPartition, candidate, cancellationToken: cancellationToken).ConfigureAwait(false);
                if (held.HasValue && held.Value is { } e && e.GetString("District") == task.DistrictCode && e.GetString("Key") == task.Id)
                {
                    return candidate; // Ours already (a retry, or a crash before the task was written).
                }
            }
        }

        throw new InvalidOperationException($"task {task.DistrictCode}/{task.Id}: no free short id after {MaxShortIdAttempts} candidates");
    }

    /// <inheritdoc/>
    public IAsyncEnumerable<StoreReadItem<EnforcementTask>> ReadActiveAsync(string districtCode, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(districtCode);
        var open = EnforcementTask.Wire(TaskState.Open);
        var acknowledged = EnforcementTask.Wire(TaskState.Acknowledged);
        return _table.QueryAsync(TableClient.CreateQueryFilter($"PartitionKey eq {districtCode} and (State eq {open} or State eq {acknowledged})"), cancellationToken);
    }

    /// <inheritdoc/>
    public IAsyncEnumerable<StoreReadItem<EnforcementTask>> ReadForScanAsync(string districtCode, DateOnly today, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(districtCode);
        var open = EnforcementTask.Wire(TaskState.Open);
        var acknowledged = EnforcementTask.Wire(TaskState.Acknowledged);
        var resolved = EnforcementTask.Wire(TaskState.Resolved);
        var day = Date(today); // yyyy-MM-dd: string order is date order
        return _table.QueryAsync(
            TableClient.CreateQueryFilter($"PartitionKey eq {districtCode} and (((State eq {open} or State eq {acknowledged}) and DueOn lt {day}) or (State eq {resolved} and AwaitsScan eq {true}))"),
            cancellationToken);
    }

    /// <inheritdoc/>
    public IAsyncEnumerable<StoreReadItem<EnforcementTask>> ListAsync(string districtCode, TaskState? state = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(districtCode);
        var filter = state is { } s
            ? TableClient.CreateQueryFilter($"PartitionKey eq {districtCode} and State eq {EnforcementTask.Wire(s)}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {districtCode}");
        return _table.QueryAsync(filter, cancellationToken);
    }

    /// <inheritdoc/>
    /// <exception cref="StoredEntityException">The stored task cannot be read.</exception>
    public async Task<EnforcementTask?> FindAsync(string id, CancellationToken cancellationToken = default)
    {
        if (TaskShortId.TryNormalize(id, out var shortId))
        {
            return await LookUpShortIdAsync(shortId, cancellationToken).ConfigureAwait(false) is { } at
                ? await _table.GetAsync(at.District, at.Key, cancellationToken).ConfigureAwait(false)
                : null;
        }

        if (string.IsNullOrEmpty(id) || !TableNaming.IsValidKey(id))
        {
            return null;
        }

        await foreach (var item in _table.QueryAsync(TableClient.CreateQueryFilter($"RowKey eq {id}"), cancellationToken).ConfigureAwait(false))
        {
            return item.Item ?? throw new StoredEntityException(item.Error ?? $"task {id} cannot be read");
        }

        return null;
    }

    private sealed class Mapper : IEntityMapper<EnforcementTask>
    {
        public TableEntity ToEntity(EnforcementTask t)
        {
            var e = new TableEntity(t.DistrictCode, t.Id)
            {
                ["Format"] = 1,
                ["LeaseId"] = t.LeaseId,
                ["Rule"] = t.Rule.ToString(),
                ["Department"] = Departments.WireName(t.Department),
                ["Summary"] = t.Summary,
                ["Basis"] = t.Basis,
                ["OpenedOn"] = Date(t.OpenedOn),
                ["DueOn"] = Date(t.DueOn),
                ["State"] = EnforcementTask.Wire(t.State),
                ["Escalated"] = t.Escalated,
            };
            SetDate(e, "EscalatedOn", t.EscalatedOn);
            if (t.ShortId is { } shortId)
            {
                e["ShortId"] = shortId;
            }

            if (t.Resolution is { } resolution)
            {
                e["Resolution"] = TaskResolutions.Wire(resolution);
            }

            e["AwaitsScan"] = t.AwaitsScan;
            SetJson(e, "History", t.History.Select(h => new HistoryDto(h.Action, EnforcementTask.Wire(h.State), h.By, h.At, h.Note)).ToArray());
            return e;
        }

        public EnforcementTask FromEntity(TableEntity e)
        {
            var history = RequiredJson<HistoryDto[]>(e, "History");
            return new EnforcementTask
            {
                DistrictCode = e.PartitionKey,
                Id = e.RowKey,
                LeaseId = RequiredString(e, "LeaseId"),
                Rule = Parse<RuleCode>(e, "Rule", TryParseEnum, "a rule code"),
                Department = Parse<Department>(e, "Department", Departments.TryParse, "industry or planning"),
                Summary = RequiredString(e, "Summary"),
                Basis = RequiredString(e, "Basis"),
                OpenedOn = RequiredDate(e, "OpenedOn"),
                DueOn = RequiredDate(e, "DueOn"),
                State = Parse<TaskState>(e, "State", EnforcementTask.TryParseState, "a task state"),
                Escalated = OptionalBool(e, "Escalated"),
                EscalatedOn = OptionalDate(e, "EscalatedOn"),
                ShortId = OptionalString(e, "ShortId"),
                Resolution = OptionalString(e, "Resolution") is null ? null : Parse<TaskResolution>(e, "Resolution", TaskResolutions.TryParse, "a task resolution"),
                AwaitsScan = OptionalBool(e, "AwaitsScan"),
                History = [.. history.Select(h => new TaskHistoryEntry(
                    h.Action,
                    EnforcementTask.TryParseState(h.State, out var s) ? s : throw new StoredEntityException($"entity {e.PartitionKey}/{e.RowKey}: history state '{h.State}' is not a task state"),
                    h.By,
                    h.At,
                    h.Note))],
                ETag = e.ETag.ToString(),
            };
        }
    }

    private sealed record HistoryDto(string Action, string State, string By, DateTimeOffset At, string? Note);
}
