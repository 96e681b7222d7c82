using ComplianceMonitor.Infrastructure.Composition;
using ComplianceMonitor.Infrastructure.Contacts;
using ComplianceMonitor.Infrastructure.Digest;
using ComplianceMonitor.Infrastructure.Leases;
using ComplianceMonitor.Infrastructure.Scanning;
using ComplianceMonitor.Infrastructure.Tasks;
using ComplianceMonitor.Infrastructure.Delivery;

namespace ComplianceMonitor.Infrastructure.Storage;

/// <summary>Every table and queue the product uses (base names, before any test prefix): the list infra/ must create.</summary>
/// <remarks>
/// The stores create their tables on first use locally (Azurite); in Azure the identity has data-plane roles only, so
/// infra/main.bicep creates exactly these (a test compares the compiled template with these lists).
/// </remarks>
public static class StorageNames
{
    /// <summary>The queue of per-district scan messages.</summary>
    public const string ScanDistrictQueue = "scan-district";

    /// <summary>Where the Functions host moves a scan message that failed too often, and where a bad one is put at once.</summary>
    public const string ScanDistrictPoisonQueue = ScanDistrictQueue + "-poison";

    /// <summary>The fan-out markers that keep a double firing of the scan timer from enqueuing twice.</summary>
    public const string ScanFanOutTable = "scanfanout";

    /// <summary>Every table, in the order infra/main.bicep lists them.</summary>
    public static IReadOnlyList<string> Tables { get; } =
    [
        TableLeaseStore.LeasesTable,
        TableLeaseStore.IndexTable,
        MonitoringTables.Alerts,
        MonitoringTables.Tasks,
        MonitoringTables.Outbox,
        MonitoringTables.Runs,
        MonitoringTables.Quarantine,
        ScanFanOutTable,
        DeliveryTables.Deliveries,
        DeliveryTables.Channels,
        DeliveryTables.Preferences,
        DeliveryTables.Snoozes,
        DeliveryTables.Audit,
        TableDigestRecordStore.TableName,
        TableDigestScheduleStore.TableName,
    ];

    /// <summary>Every queue, in the order infra/main.bicep lists them.</summary>
    public static IReadOnlyList<string> Queues { get; } = [ScanDistrictQueue, ScanDistrictPoisonQueue];
}
