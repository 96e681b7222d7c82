using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Tasks;
using ComplianceMonitor.Infrastructure.Composition;
using ComplianceMonitor.Infrastructure.Leases;
using ComplianceMonitor.Infrastructure.Tasks;
using System.Runtime.CompilerServices;
using Azure.Data.Tables;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Rules;
using ComplianceMonitor.Infrastructure.Storage;
using static ComplianceMonitor.Infrastructure.Storage.EntityFields;

namespace ComplianceMonitor.Infrastructure.Scanning;

/// <summary>The alerts in table <c>alerts</c>: PartitionKey = district, RowKey = <see cref="AlertKey"/>.</summary>
/// <remarks>
/// Properties: LeaseId, Rule, Subject, State (<c>open</c>|<c>resolved</c>), FirstSeenOn, LastSeenOn, Deadline, Status,
/// Severity, AmountYuan (invariant decimal text), Message, Responsible, Basis, LandUserName, ParcelName,
/// QueuedStages (comma-separated), TaskId, ResolvedOn, Resolution (<c>obligationMet</c>|<c>ruleRevised</c>, while resolved;
/// a resolved alert stored without it was met), Revision (the rule revision it was last seen under; absent reads as 1), Format (1). Dates are <c>yyyy-MM-dd</c>. Filters are built
/// only with <see cref="TableClient.CreateQueryFilter(FormattableString)"/>. Thread-safe.
/// </remarks>
public sealed class TableAlertStore : IAlertStore
{
    private readonly PartitionedTable<Alert> _table;

    /// <summary>Creates the store over <paramref name="tables"/>.</summary>
    public TableAlertStore(TableClientFactory tables) => _table = new PartitionedTable<Alert>(tables, MonitoringTables.Alerts, new Mapper());

    /// <inheritdoc/>
    public Task<Alert?> GetAsync(string districtCode, string key, CancellationToken cancellationToken = default) => _table.GetAsync(districtCode, key, cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<WriteResult>> CreateManyAsync(string districtCode, IReadOnlyList<Alert> items, CancellationToken cancellationToken = default) =>
        _table.CreateManyAsync(districtCode, items, cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<WriteResult>> UpdateManyAsync(string districtCode, IReadOnlyList<Alert> items, CancellationToken cancellationToken = default) =>
        _table.UpdateManyAsync(districtCode, items, cancellationToken);

    /// <inheritdoc/>
    public IAsyncEnumerable<StoreReadItem<Alert>> ReadOpenAsync(string districtCode, CancellationToken cancellationToken = default) =>
        ListAsync(districtCode, AlertState.Open, cancellationToken);

    /// <inheritdoc/>
    public IAsyncEnumerable<StoreReadItem<Alert>> ListAsync(string districtCode, AlertState? state = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(districtCode);
        var filter = state is { } s
            ? TableClient.CreateQueryFilter($"PartitionKey eq {districtCode} and State eq {StateName(s)}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {districtCode}");
        return _table.QueryAsync(filter, cancellationToken);
    }

    /// <inheritdoc/>
    public IAsyncEnumerable<StoreReadItem<Alert>> ReadOpenByLeaseAsync(string districtCode, string leaseId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(districtCode);
        ArgumentNullException.ThrowIfNull(leaseId);
        var start = AlertKey.LeaseRangeStart(leaseId);
        var end = AlertKey.LeaseRangeEnd(leaseId);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {districtCode} and RowKey ge {start} and RowKey lt {end} and State eq {StateName(AlertState.Open)}");
        return _table.QueryAsync(filter, cancellationToken);
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<Alert> ListByLeaseAsync(string districtCode, string leaseId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(districtCode);
        ArgumentNullException.ThrowIfNull(leaseId);
        var start = AlertKey.LeaseRangeStart(leaseId);
        var end = AlertKey.LeaseRangeEnd(leaseId);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {districtCode} and RowKey ge {start} and RowKey lt {end}");
        await foreach (var item in _table.QueryAsync(filter, cancellationToken).ConfigureAwait(false))
        {
            if (item.Item is { } alert)
            {
                yield return alert;
            }
        }
    }

    /// <summary>The stored name of an alert state.</summary>
    public static string StateName(AlertState state) => state == AlertState.Open ? "open" : "resolved";

    private sealed class Mapper : IEntityMapper<Alert>
    {
        public TableEntity ToEntity(Alert a)
        {
            var e = new TableEntity(a.DistrictCode, a.Key)
            {
                ["Format"] = 1,
                ["LeaseId"] = a.LeaseId,
                ["Rule"] = a.Rule.ToString(),
                ["Subject"] = a.Subject,
                ["State"] = StateName(a.State),
                ["FirstSeenOn"] = Date(a.FirstSeenOn),
                ["LastSeenOn"] = Date(a.LastSeenOn),
                ["Status"] = WireNames.Of(a.Status),
                ["Severity"] = WireNames.Of(a.Severity),
                ["Message"] = a.Message,
                ["Responsible"] = WireNames.Of(a.Responsible),
                ["Basis"] = a.Basis,
                ["QueuedStages"] = string.Join(',', a.QueuedStages),
            };
            SetDate(e, "Deadline", a.Deadline);
            SetMoney(e, "AmountYuan", a.AmountYuan);
            SetString(e, "LandUserName", a.LandUserName);
            SetString(e, "ParcelName", a.ParcelName);
            SetString(e, "TaskId", a.TaskId);
            SetDate(e, "ResolvedOn", a.ResolvedOn);
            SetString(e, "Resolution", a.Resolution is { } r ? RuleRevision.Wire(r) : null);
            e["Revision"] = a.Revision;
            return e;
        }

        public Alert FromEntity(TableEntity e)
        {
            var stages = OptionalString(e, "QueuedStages");
            var state = Parse<AlertState>(e, "State", TryParseState, "open or resolved");
            return new Alert
            {
                DistrictCode = e.PartitionKey,
                Key = e.RowKey,
                LeaseId = RequiredString(e, "LeaseId"),
                Rule = Parse<RuleCode>(e, "Rule", TryParseEnum, "a rule code"),
                Subject = RequiredString(e, "Subject"),
                State = state,
                FirstSeenOn = RequiredDate(e, "FirstSeenOn"),
                LastSeenOn = RequiredDate(e, "LastSeenOn"),
                Deadline = OptionalDate(e, "Deadline"),
                Status = Parse<FindingStatus>(e, "Status", WireNames.TryParseStatus, "a finding status"),
                Severity = Parse<Severity>(e, "Severity", TryParseSeverity, "a severity"),
                AmountYuan = OptionalMoney(e, "AmountYuan"),
                Message = RequiredString(e, "Message"),
                Responsible = Parse<Responsible>(e, "Responsible", TryParseResponsible, "a responsible party"),
                Basis = RequiredString(e, "Basis"),
                LandUserName = OptionalString(e, "LandUserName"),
                ParcelName = OptionalString(e, "ParcelName"),
                QueuedStages = string.IsNullOrEmpty(stages) ? [] : stages.Split(','),
                TaskId = OptionalString(e, "TaskId"),
                ResolvedOn = OptionalDate(e, "ResolvedOn"),
                Resolution = state == AlertState.Resolved
                    ? OptionalString(e, "Resolution") is not null ? Parse<AlertResolution>(e, "Resolution", RuleRevision.TryParse, "obligationMet or ruleRevised") : AlertResolution.ObligationMet
                    : null,
                Revision = OptionalInt(e, "Revision") ?? 1,
                ETag = e.ETag.ToString(),
            };
        }

        private static bool TryParseState(string text, out AlertState state)
        {
            state = text == "resolved" ? AlertState.Resolved : AlertState.Open;
            return text is "open" or "resolved";
        }
    }

    internal static bool TryParseSeverity(string text, out Severity value)
    {
        foreach (var s in Enum.GetValues<Severity>())
        {
            if (WireNames.Of(s) == text)
            {
                value = s;
                return true;
            }
        }

        value = default;
        return false;
    }

    internal static bool TryParseResponsible(string text, out Responsible value)
    {
        foreach (var r in Enum.GetValues<Responsible>())
        {
            if (WireNames.Of(r) == text)
            {
                value = r;
                return true;
            }
        }

        value = default;
        return false;
    }
}
