using System.Globalization;

namespace ComplianceMonitor.Testing.InMemory;

/// <summary>
/// One in-memory storage account: the stores of every port a flow needs, sharing one ETag sequence and one
/// step hook. Each store keeps the table adapters' concurrency semantics: conditional insert (409 → AlreadyExists),
/// ETag-guarded replace (412 or 404 → Conflict), opaque ETags that change on every write.
/// </summary>
/// <remarks>
/// <see cref="OnStep"/>, when set, runs before every store operation, named <c>store.Operation</c> (e.g.
/// <c>outbox.CreateMany</c>). It lets a test slip another flow in between two steps of the first, deterministically:
/// operations made while the hook runs do not call it again.
/// </remarks>
public sealed class InMemoryStorage
{
    private static readonly AsyncLocal<bool> InHook = new();
    private long _etag;

    public InMemoryStorage()
    {
        Alerts = new InMemoryAlertStore(this);
        Tasks = new InMemoryTaskStore(this);
        Outbox = new InMemoryOutboxStore(this);
        Runs = new InMemoryRunStore(this);
        Quarantine = new InMemoryQuarantineStore(this);
        Leases = new InMemoryLeaseStore(this);
        DeliveryLog = new InMemoryDeliveryLog(this);
        Preferences = new InMemoryContactPreferencesStore(this);
        Snoozes = new InMemorySnoozeStore(this);
        ChannelPauses = new InMemoryChannelPauseStore(this);
        DigestRecords = new InMemoryDigestRecordStore(this);
        AuditLog = new InMemoryAuditLog(this);
        LeaseHistory = new InMemoryLeaseHistoryStore(this);
        ScanFanOut = new InMemoryScanFanOutStore(this);
    }

    /// <summary>Runs before every store operation (see remarks); null for none.</summary>
    public Func<string, Task>? OnStep { get; set; }

    public InMemoryAlertStore Alerts { get; }

    public InMemoryTaskStore Tasks { get; }

    public InMemoryOutboxStore Outbox { get; }

    public InMemoryRunStore Runs { get; }

    public InMemoryQuarantineStore Quarantine { get; }

    public InMemoryLeaseStore Leases { get; }

    public InMemoryDeliveryLog DeliveryLog { get; }

    public InMemoryContactPreferencesStore Preferences { get; }

    public InMemorySnoozeStore Snoozes { get; }

    public InMemoryChannelPauseStore ChannelPauses { get; }

    public InMemoryDigestRecordStore DigestRecords { get; }

    public InMemoryScanFanOutStore ScanFanOut { get; }

    public InMemoryAuditLog AuditLog { get; }

    public InMemoryLeaseHistoryStore LeaseHistory { get; }

    /// <summary>A fresh ETag, never handed out before by this account.</summary>
    internal string NextETag() => "W/\"" + Interlocked.Increment(ref _etag).ToString(CultureInfo.InvariantCulture) + "\"";

    /// <summary>Called first by every store operation.</summary>
    internal async ValueTask StepAsync(string operation)
    {
        if (OnStep is not { } hook || InHook.Value)
        {
            return;
        }

        InHook.Value = true;
        try
        {
            await hook(operation).ConfigureAwait(false);
        }
        finally
        {
            InHook.Value = false;
        }
    }
}
