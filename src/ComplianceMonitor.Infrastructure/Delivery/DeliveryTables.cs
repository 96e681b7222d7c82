using ComplianceMonitor.Infrastructure.Contacts;

namespace ComplianceMonitor.Infrastructure.Delivery;

/// <summary>The base names of the delivery tables (prefixed by <see cref="Storage.TableClientFactory"/>).</summary>
public static class DeliveryTables
{
    /// <summary>The delivery log: PartitionKey = district, RowKey = outbox id + <c>|</c> + attempt id.</summary>
    public const string Deliveries = "deliveries";

    /// <summary>Channel pauses: PartitionKey = <c>channel</c>, RowKey = <c>email</c> or <c>sms</c>.</summary>
    public const string Channels = "channels";

    /// <summary>Contact preferences: PartitionKey = <c>enterprise</c>, RowKey = credit code.</summary>
    public const string Preferences = "preferences";

    /// <summary>Snoozes: PartitionKey = district, RowKey = escaped lease id + <c>|</c> + rule code or <c>*</c>.</summary>
    public const string Snoozes = "snoozes";

    /// <summary>The audit trail: PartitionKey = escaped subject (lease id or credit code), RowKey = time + random suffix.</summary>
    public const string Audit = "audit";
}
