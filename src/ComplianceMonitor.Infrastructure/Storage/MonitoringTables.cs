using ComplianceMonitor.Infrastructure.Composition;
using ComplianceMonitor.Infrastructure.Leases;
using ComplianceMonitor.Infrastructure.Scanning;
using ComplianceMonitor.Infrastructure.Tasks;
namespace ComplianceMonitor.Infrastructure.Storage;

/// <summary>The base names of the monitoring tables (prefixed by <see cref="Storage.TableClientFactory"/>). PartitionKey = district code in each.</summary>
public static class MonitoringTables
{
    /// <summary>Alerts; RowKey = alert key.</summary>
    public const string Alerts = "alerts";

    /// <summary>Enforcement tasks; RowKey = task id (the alert key).</summary>
    public const string Tasks = "tasks";

    /// <summary>Queued reminders; RowKey = outbox id.</summary>
    public const string Outbox = "outbox";

    /// <summary>Scan runs; RowKey = run id.</summary>
    public const string Runs = "runs";

    /// <summary>Quarantined leases; RowKey = lease id.</summary>
    public const string Quarantine = "quarantine";
}
