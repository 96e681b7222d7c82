using Azure.Data.Tables;
using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Infrastructure.Delivery;
using ComplianceMonitor.Infrastructure.Storage;
using static ComplianceMonitor.Infrastructure.Storage.EntityFields;

namespace ComplianceMonitor.Infrastructure.Reminders;

/// <summary>Channel pauses in table <c>channels</c>: PartitionKey = <c>channel</c>, RowKey = <c>email</c> or <c>sms</c>.</summary>
/// <remarks>Properties: Reason, ProviderStatus (int, when the provider answered), ProviderCode, PausedAt, Until, Format (1).
/// Last writer wins (every writer saw the same refusal). Thread-safe.</remarks>
public sealed class TableChannelPauseStore : IChannelPauseStore
{
    /// <summary>The single partition.</summary>
    public const string Partition = "channel";

    private readonly TableClientFactory _tables;

    /// <summary>Creates the store over <paramref name="tables"/>.</summary>
    public TableChannelPauseStore(TableClientFactory tables) => _tables = tables ?? throw new ArgumentNullException(nameof(tables));

    /// <inheritdoc/>
    public async Task<IReadOnlyList<ChannelPause>> ListAsync(CancellationToken cancellationToken = default)
    {
        var table = await _tables.GetTableClientAsync(DeliveryTables.Channels, cancellationToken).ConfigureAwait(false);
        var list = new List<ChannelPause>(2);
        await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Partition}"), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            list.Add(new ChannelPause(
                Parse<OutboxChannel>(e, "RowKey", OutboxEntry.TryParseChannel, "email or sms"),
                OptionalString(e, "Reason") ?? string.Empty,
                OptionalInt(e, "ProviderStatus") is { } http ? new ProviderStatus(http, OptionalString(e, "ProviderCode")) : null,
                RequiredInstant(e, "PausedAt"),
                RequiredInstant(e, "Until")));
        }

        return list;
    }

    /// <inheritdoc/>
    public async Task PauseAsync(ChannelPause pause, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pause);
        var table = await _tables.GetTableClientAsync(DeliveryTables.Channels, cancellationToken).ConfigureAwait(false);
        var entity = new TableEntity(Partition, OutboxEntry.Wire(pause.Channel))
        {
            ["Format"] = 1,
            ["PausedAt"] = pause.PausedAt,
            ["Until"] = pause.Until,
        };
        SetString(entity, "Reason", pause.Reason is { Length: > 8000 } r ? r[..8000] : pause.Reason);
        if (pause.Status is { } status)
        {
            entity["ProviderStatus"] = status.HttpStatus;
            SetString(entity, "ProviderCode", status.Code);
        }

        await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task ResumeAsync(OutboxChannel channel, CancellationToken cancellationToken = default)
    {
        var table = await _tables.GetTableClientAsync(DeliveryTables.Channels, cancellationToken).ConfigureAwait(false);
        try
        {
            await table.DeleteEntityAsync(Partition, OutboxEntry.Wire(channel), Azure.ETag.All, cancellationToken).ConfigureAwait(false);
        }
        catch (Azure.RequestFailedException ex) when (ex.Status == 404)
        {
            // Already lifted by another dispatcher.
        }
    }
}
