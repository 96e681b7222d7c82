using ComplianceMonitor.Application.Contacts;
using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Tasks;
using ComplianceMonitor.Infrastructure.Composition;
using ComplianceMonitor.Infrastructure.Contacts;
using ComplianceMonitor.Infrastructure.Leases;
using ComplianceMonitor.Infrastructure.Scanning;
using ComplianceMonitor.Infrastructure.Tasks;
using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Infrastructure.Delivery;
using ComplianceMonitor.Infrastructure.Storage;
using static ComplianceMonitor.Infrastructure.Storage.EntityFields;

namespace ComplianceMonitor.Infrastructure.Reminders;

/// <summary>The delivery log in table <c>deliveries</c>: PartitionKey = district, RowKey = <c>{outboxId}|{attemptId}</c>.</summary>
/// <remarks>
/// Properties: AttemptId, OutboxId, LeaseId, Stage, Channel (<c>email</c>|<c>sms</c>), Recipient (masked), Attempt,
/// StartedAt, FinishedAt, Outcome (<c>accepted</c>|<c>transient</c>|<c>permanent</c>|<c>held</c>|<c>suppressed</c>|
/// <c>superseded</c>|<c>abandoned</c>|<c>unknown</c>|<c>paused</c>; absent while in flight), ProviderMessageId,
/// ProviderStatus (the provider's HTTP status, int) and ProviderCode (its error code) when it answered, Reason, RetryAt,
/// Flags (comma-separated <c>recovered</c>, <c>possibleDuplicate</c>), PossibleDuplicate (bool, for filters), Format (1).
/// The attempt ids sort by start time, so one entry's rows read oldest first. Thread-safe.
/// </remarks>
public sealed class TableDeliveryLog : IDeliveryLog
{
    private readonly TableClientFactory _tables;

    /// <summary>Creates the log over <paramref name="tables"/>.</summary>
    public TableDeliveryLog(TableClientFactory tables) => _tables = tables ?? throw new ArgumentNullException(nameof(tables));

    /// <summary>The row key of an attempt.</summary>
    public static string RowKey(string outboxId, string attemptId) => outboxId + "|" + attemptId;

    /// <inheritdoc/>
    public async Task<DeliveryAttempt> AddAsync(DeliveryAttempt attempt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        var table = await _tables.GetTableClientAsync(DeliveryTables.Deliveries, cancellationToken).ConfigureAwait(false);
        try
        {
            var response = await table.AddEntityAsync(ToEntity(attempt), cancellationToken).ConfigureAwait(false);
            return attempt with { ETag = response.Headers.ETag?.ToString() };
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // The SDK retried our own successful insert: the row is there.
            return await GetAsync(attempt.DistrictCode, attempt.OutboxId, attempt.AttemptId, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Delivery attempt {attempt.AttemptId} conflicted on insert but cannot be read back.", ex);
        }
    }

    /// <inheritdoc/>
    /// <remarks>With an ETag on <paramref name="attempt"/> the replace is conditional and returns null when the row changed; without one it is unconditional.</remarks>
    public async Task<DeliveryAttempt?> UpdateAsync(DeliveryAttempt attempt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        var table = await _tables.GetTableClientAsync(DeliveryTables.Deliveries, cancellationToken).ConfigureAwait(false);
        var entity = ToEntity(attempt);
        if (attempt.ETag is null)
        {
            var upserted = await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return attempt with { ETag = upserted.Headers.ETag?.ToString() };
        }

        try
        {
            var updated = await table.UpdateEntityAsync(entity, new ETag(attempt.ETag), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return attempt with { ETag = updated.Headers.ETag?.ToString() };
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            return null;
        }
    }

    /// <inheritdoc/>
    public async Task<DeliveryAttempt?> GetAsync(string districtCode, string outboxId, string attemptId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(districtCode);
        ArgumentNullException.ThrowIfNull(outboxId);
        ArgumentNullException.ThrowIfNull(attemptId);
        var rowKey = RowKey(outboxId, attemptId);
        if (!TableNaming.IsValidKey(districtCode) || !IsUsableRowKey(rowKey))
        {
            // No stored row can have such a key.
            return null;
        }

        var table = await _tables.GetTableClientAsync(DeliveryTables.Deliveries, cancellationToken).ConfigureAwait(false);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(districtCode, rowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue && response.Value is { } entity ? FromEntity(entity) : null;
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<DeliveryAttempt> ListAsync(string districtCode, string? outboxId = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(districtCode);
        var filter = outboxId is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {districtCode}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {districtCode} and RowKey ge {outboxId + "|"} and RowKey lt {outboxId + "}"}");
        var table = await _tables.GetTableClientAsync(DeliveryTables.Deliveries, cancellationToken).ConfigureAwait(false);
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, 1000, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return FromEntity(entity);
        }
    }

    /// <summary>Whether <paramref name="key"/> can be a row key: up to 1 KiB (the service's limit) without <c>/ \ # ?</c> or control characters.</summary>
    internal static bool IsUsableRowKey(string key) =>
        key.Length is > 0 and <= 1024 && !key.Any(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c));

    internal static TableEntity ToEntity(DeliveryAttempt a)
    {
        var e = new TableEntity(a.DistrictCode, RowKey(a.OutboxId, a.AttemptId))
        {
            ["Format"] = 1,
            ["AttemptId"] = a.AttemptId,
            ["OutboxId"] = a.OutboxId,
            ["LeaseId"] = a.LeaseId,
            ["Stage"] = a.Stage,
            ["Channel"] = OutboxEntry.Wire(a.Channel),
            ["Recipient"] = a.MaskedRecipient,
            ["Attempt"] = a.Attempt,
            ["StartedAt"] = a.StartedAt,
            ["Flags"] = DeliveryAttempt.Wire(a.Flags),
            ["PossibleDuplicate"] = a.Flags.HasFlag(DeliveryFlags.PossibleDuplicate),
        };
        if (a.FinishedAt is { } finished)
        {
            e["FinishedAt"] = finished;
        }

        if (a.Outcome is { } outcome)
        {
            e["Outcome"] = DeliveryAttempt.Wire(outcome);
        }

        SetString(e, "ProviderMessageId", a.ProviderMessageId);
        if (a.ProviderStatus is { } status)
        {
            e["ProviderStatus"] = status.HttpStatus;
            SetString(e, "ProviderCode", status.Code);
        }

        SetString(e, "Reason", a.Reason is { Length: > 8000 } r ? r[..8000] : a.Reason);
        if (a.RetryAt is { } retry)
        {
            e["RetryAt"] = retry;
        }

        return e;
    }

    internal static DeliveryAttempt FromEntity(TableEntity e)
    {
        var outcomeText = OptionalString(e, "Outcome");
        DeliveryOutcome? outcome = null;
        if (outcomeText is not null)
        {
            outcome = DeliveryAttempt.TryParseOutcome(outcomeText, out var o)
                ? o
                : throw new StoredEntityException($"entity {e.PartitionKey}/{e.RowKey}: property Outcome is '{outcomeText}', not a delivery outcome");
        }

        return new DeliveryAttempt
        {
            AttemptId = RequiredString(e, "AttemptId"),
            DistrictCode = e.PartitionKey,
            OutboxId = RequiredString(e, "OutboxId"),
            LeaseId = RequiredString(e, "LeaseId"),
            Stage = RequiredString(e, "Stage"),
            Channel = Parse<OutboxChannel>(e, "Channel", OutboxEntry.TryParseChannel, "email or sms"),
            MaskedRecipient = RequiredString(e, "Recipient"),
            Attempt = RequiredInt(e, "Attempt"),
            StartedAt = RequiredInstant(e, "StartedAt"),
            FinishedAt = OptionalInstant(e, "FinishedAt"),
            Outcome = outcome,
            ProviderMessageId = OptionalString(e, "ProviderMessageId"),
            ProviderStatus = e.TryGetValue("ProviderStatus", out var st) && st is int http ? new ProviderStatus(http, OptionalString(e, "ProviderCode")) : null,
            Reason = OptionalString(e, "Reason"),
            RetryAt = OptionalInstant(e, "RetryAt"),
            Flags = Parse<DeliveryFlags>(e, "Flags", (string s, out DeliveryFlags f) => DeliveryAttempt.TryParseFlags(s, out f), "delivery flags"),
            ETag = e.ETag.ToString(),
        };
    }
}
