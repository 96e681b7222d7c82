using ComplianceMonitor.Infrastructure.Leases;
using ComplianceMonitor.Infrastructure.Storage;

namespace ComplianceMonitor.Functions.Scanning;

/// <summary>The scan fan-out queue: names and the retry limit shared by the worker and <c>host.json</c>.</summary>
public static class ScanQueue
{
    /// <summary>The queue of per-district scan messages (created by infra/).</summary>
    public const string Name = StorageNames.ScanDistrictQueue;

    /// <summary>Where the host moves a message after <see cref="MaxDequeueCount"/> failed attempts, and where a bad message is put at once.</summary>
    public const string PoisonName = StorageNames.ScanDistrictPoisonQueue;

    /// <summary>The trigger's connection: the <c>ComplianceStorage__*</c> settings (connection string locally, identity in Azure).</summary>
    public const string Connection = "ComplianceStorage";

    /// <summary>Attempts before the host gives up on a message; must equal <c>extensions.queues.maxDequeueCount</c> in host.json.</summary>
    public const int MaxDequeueCount = 5;

    /// <summary>The table of fan-out markers (PartitionKey = run id, RowKey = district) that keep a double firing from enqueuing twice.</summary>
    public const string FanOutTable = StorageNames.ScanFanOutTable;
}
