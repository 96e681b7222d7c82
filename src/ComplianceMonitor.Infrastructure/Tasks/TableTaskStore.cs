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

/// <summary>The enforcement tasks in table <c>tasks</c>: PartitionKey = district, RowKey = task id (the alert key).</summary>
/// <remarks>
/// Properties: LeaseId, Rule, Department (<c>industry</c>|<c>planning</c>), Summary, Basis, OpenedOn, DueOn, State,
/// Escalated, EscalatedOn, History (JSON, chunked by <see cref="EntityChunking"/>), Format (1). Thread-safe.
/// </remarks>
public sealed class TableTaskStore : ITaskStore
{
    private readonly PartitionedTable<EnforcementTask> _table;

    /// <summary>Creates the store over <paramref name="tables"/>.</summary>
    public TableTaskStore(TableClientFactory tables) => _table = new PartitionedTable<EnforcementTask>(tables, MonitoringTables.Tasks, new Mapper());

    /// <inheritdoc/>
    public Task<EnforcementTask?> GetAsync(string districtCode, string key, CancellationToken cancellationToken = default) => _table.GetAsync(districtCode, key, cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<WriteResult>> CreateManyAsync(string districtCode, IReadOnlyList<EnforcementTask> items, CancellationToken cancellationToken = default) =>
        _table.CreateManyAsync(districtCode, items, cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<WriteResult>> UpdateManyAsync(string districtCode, IReadOnlyList<EnforcementTask> items, CancellationToken cancellationToken = default) =>
        _table.UpdateManyAsync(districtCode, items, cancellationToken);

    /// <inheritdoc/>
    public IAsyncEnumerable<StoreReadItem<EnforcementTask>> ReadActiveAsync(string districtCode, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(districtCode);
        var open = EnforcementTask.Wire(TaskState.Open);
        var acknowledged = EnforcementTask.Wire(TaskState.Acknowledged);
        return _table.QueryAsync(TableClient.CreateQueryFilter($"PartitionKey eq {districtCode} and (State eq {open} or State eq {acknowledged})"), cancellationToken);
    }

    /// <inheritdoc/>
    public IAsyncEnumerable<StoreReadItem<EnforcementTask>> ReadActivePastDueAsync(string districtCode, DateOnly today, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(districtCode);
        var open = EnforcementTask.Wire(TaskState.Open);
        var acknowledged = EnforcementTask.Wire(TaskState.Acknowledged);
        var day = Date(today); // yyyy-MM-dd: string order is date order
        return _table.QueryAsync(TableClient.CreateQueryFilter($"PartitionKey eq {districtCode} and (State eq {open} or State eq {acknowledged}) and DueOn lt {day}"), cancellationToken);
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
