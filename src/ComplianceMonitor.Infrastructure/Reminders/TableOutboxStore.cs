using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Tasks;
using ComplianceMonitor.Infrastructure.Composition;
using ComplianceMonitor.Infrastructure.Leases;
using ComplianceMonitor.Infrastructure.Scanning;
using ComplianceMonitor.Infrastructure.Tasks;
using Azure.Data.Tables;
using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Rules;
using ComplianceMonitor.Infrastructure.Storage;
using static ComplianceMonitor.Infrastructure.Storage.EntityFields;

namespace ComplianceMonitor.Infrastructure.Reminders;

/// <summary>The queued reminders in table <c>outbox</c>: PartitionKey = district, RowKey = <see cref="AlertKey.OutboxId"/>.</summary>
/// <remarks>
/// Properties: AlertKey, LeaseId, Rule, Stage, Channel (<c>email</c>|<c>sms</c>), Recipient, RecipientName, LandUserName,
/// ParcelName, Deadline, FindingStatus, DaysRemaining, Severity, AmountYuan, Basis, Message, QueuedOn, CreatedAt,
/// Status (<c>pending</c>|<c>sent</c>|<c>dead</c>|<c>held</c>|<c>superseded</c>|<c>sending</c>|<c>suppressed</c>|<c>withdrawn</c>), Attempts, NextAttemptAt, LastError,
/// SentAt, Format (1); for the dispatcher also (<c>sending</c>|<c>suppressed</c> statuses) ClaimToken, ClaimExpiresAt,
/// ProviderMessageId, OutcomeUnknown (written only when true) and StatusReason. Thread-safe.
/// </remarks>
public sealed class TableOutboxStore : IOutboxStore
{
    private readonly PartitionedTable<OutboxEntry> _table;

    /// <summary>Creates the store over <paramref name="tables"/>.</summary>
    public TableOutboxStore(TableClientFactory tables) => _table = new PartitionedTable<OutboxEntry>(tables, MonitoringTables.Outbox, new Mapper());

    /// <inheritdoc/>
    public Task<OutboxEntry?> GetAsync(string districtCode, string key, CancellationToken cancellationToken = default) => _table.GetAsync(districtCode, key, cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<WriteResult>> CreateManyAsync(string districtCode, IReadOnlyList<OutboxEntry> items, CancellationToken cancellationToken = default) =>
        _table.CreateManyAsync(districtCode, items, cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<WriteResult>> UpdateManyAsync(string districtCode, IReadOnlyList<OutboxEntry> items, CancellationToken cancellationToken = default) =>
        _table.UpdateManyAsync(districtCode, items, cancellationToken);

    /// <inheritdoc/>
    public IAsyncEnumerable<StoreReadItem<OutboxEntry>> ListAsync(string districtCode, IReadOnlyCollection<OutboxStatus>? statuses = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(districtCode);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {districtCode}");
        if (statuses is { Count: > 0 })
        {
            var any = string.Join(" or ", statuses.Distinct().Select(s => TableClient.CreateQueryFilter($"Status eq {OutboxEntry.Wire(s)}")));
            filter = $"{filter} and ({any})";
        }

        return _table.QueryAsync(filter, cancellationToken);
    }

    private sealed class Mapper : IEntityMapper<OutboxEntry>
    {
        public TableEntity ToEntity(OutboxEntry o)
        {
            var e = new TableEntity(o.DistrictCode, o.Id)
            {
                ["Format"] = 1,
                ["AlertKey"] = o.AlertKey,
                ["LeaseId"] = o.LeaseId,
                ["Rule"] = o.Rule.ToString(),
                ["Stage"] = o.Stage,
                ["Channel"] = OutboxEntry.Wire(o.Channel),
                ["Recipient"] = o.Recipient,
                ["LandUserName"] = o.LandUserName,
                ["FindingStatus"] = WireNames.Of(o.FindingStatus),
                ["Severity"] = WireNames.Of(o.Severity),
                ["Basis"] = o.Basis,
                ["Message"] = o.Message,
                ["QueuedOn"] = Date(o.QueuedOn),
                ["CreatedAt"] = o.CreatedAt,
                ["Status"] = OutboxEntry.Wire(o.Status),
                ["Attempts"] = o.Attempts,
            };
            SetString(e, "RecipientName", o.RecipientName);
            SetString(e, "ParcelName", o.ParcelName);
            SetDate(e, "Deadline", o.Deadline);
            if (o.DaysRemaining is { } days)
            {
                e["DaysRemaining"] = days;
            }

            SetMoney(e, "AmountYuan", o.AmountYuan);
            if (o.NextAttemptAt is { } next)
            {
                e["NextAttemptAt"] = next;
            }

            SetString(e, "LastError", o.LastError is { Length: > 8000 } err ? err[..8000] : o.LastError);
            if (o.SentAt is { } sent)
            {
                e["SentAt"] = sent;
            }

            SetString(e, "ClaimToken", o.ClaimToken);
            if (o.ClaimExpiresAt is { } claimExpires)
            {
                e["ClaimExpiresAt"] = claimExpires;
            }

            SetString(e, "ProviderMessageId", o.ProviderMessageId);
            if (o.OutcomeUnknown)
            {
                e["OutcomeUnknown"] = true;
            }

            SetString(e, "StatusReason", o.StatusReason is { Length: > 8000 } why ? why[..8000] : o.StatusReason);
            return e;
        }

        public OutboxEntry FromEntity(TableEntity e) => new()
        {
            DistrictCode = e.PartitionKey,
            Id = e.RowKey,
            AlertKey = RequiredString(e, "AlertKey"),
            LeaseId = RequiredString(e, "LeaseId"),
            Rule = Parse<RuleCode>(e, "Rule", TryParseEnum, "a rule code"),
            Stage = RequiredString(e, "Stage"),
            Channel = Parse<OutboxChannel>(e, "Channel", OutboxEntry.TryParseChannel, "email or sms"),
            Recipient = RequiredString(e, "Recipient"),
            RecipientName = OptionalString(e, "RecipientName"),
            LandUserName = RequiredString(e, "LandUserName"),
            ParcelName = OptionalString(e, "ParcelName"),
            Deadline = OptionalDate(e, "Deadline"),
            FindingStatus = Parse<FindingStatus>(e, "FindingStatus", WireNames.TryParseStatus, "a finding status"),
            DaysRemaining = OptionalInt(e, "DaysRemaining"),
            Severity = Parse<Severity>(e, "Severity", TableAlertStore.TryParseSeverity, "a severity"),
            AmountYuan = OptionalMoney(e, "AmountYuan"),
            Basis = RequiredString(e, "Basis"),
            Message = RequiredString(e, "Message"),
            QueuedOn = RequiredDate(e, "QueuedOn"),
            CreatedAt = RequiredInstant(e, "CreatedAt"),
            Status = Parse<OutboxStatus>(e, "Status", OutboxEntry.TryParseStatus, "an outbox status"),
            Attempts = OptionalInt(e, "Attempts") ?? 0,
            NextAttemptAt = OptionalInstant(e, "NextAttemptAt"),
            LastError = OptionalString(e, "LastError"),
            SentAt = OptionalInstant(e, "SentAt"),
            ClaimToken = OptionalString(e, "ClaimToken"),
            ClaimExpiresAt = OptionalInstant(e, "ClaimExpiresAt"),
            ProviderMessageId = OptionalString(e, "ProviderMessageId"),
            OutcomeUnknown = OptionalBool(e, "OutcomeUnknown"),
            StatusReason = OptionalString(e, "StatusReason"),
            ETag = e.ETag.ToString(),
        };
    }
}
