using ComplianceMonitor.Application.Access;
using ComplianceMonitor.Infrastructure.Contacts;
using ComplianceMonitor.Infrastructure.Digest;
using ComplianceMonitor.Infrastructure.Leases;
using ComplianceMonitor.Infrastructure.Scanning;
using ComplianceMonitor.Infrastructure.Tasks;
using ComplianceMonitor.Application.Leases;
using ComplianceMonitor.Infrastructure.Delivery;
using ComplianceMonitor.Infrastructure.Reminders;
using ComplianceMonitor.Infrastructure.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ComplianceMonitor.Infrastructure.Composition;

/// <summary>The one composition of the product, shared by the Functions host and <c>cm</c>.</summary>
/// <remarks>
/// Each area keeps its own extension (storage, monitoring, notifications, reminder rendering, digest, delivery); this calls
/// them in the order their TryAdd registrations expect. Hosts add what is theirs (logging, trigger helpers) and may register
/// a <see cref="TimeProvider"/> or a <see cref="TableClientFactory"/> first: those win.
/// </remarks>
public static class ComplianceMonitorServices
{
    /// <summary>
    /// Registers storage (<c>ComplianceStorage__*</c>), monitoring (<c>Reminders__*</c>, <c>Tasks__*</c>), the email and SMS
    /// senders (<c>Email__*</c>, <c>Sms__*</c>), reminder rendering (<c>DistrictContacts__*</c>), the digest (<c>Digest__*</c>)
    /// the dispatcher (<c>Dispatch__*</c>) and the lease event service. A bad setting throws here (or at start-up) with its key named.
    /// </summary>
    public static IServiceCollection AddComplianceMonitor(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        DeploymentGuards.Validate(configuration);
        services.TryAddSingleton(PrincipalHeaderTrust.From(configuration));
        services.TryAddSingleton(TimeProvider.System);
        services.AddComplianceStorage(configuration);
        services.AddMonitoring(configuration);
        services.AddNotificationSenders(configuration);
        services.AddReminderRendering(configuration);
        services.AddDigest(configuration);
        services.AddDelivery(configuration);
        services.TryAddSingleton<LeaseEventService>();
        services.TryAddSingleton<ILeaseHistoryStore, TableLeaseHistoryStore>();
        services.TryAddSingleton<LeaseWriter>();
        services.TryAddSingleton<AgreementRecordService>();
        services.TryAddSingleton<LedgerImport>();
        return services;
    }
}
