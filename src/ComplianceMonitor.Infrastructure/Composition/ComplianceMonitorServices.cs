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
    /// <param name="services">The container.</param>
    /// <param name="configuration">The settings: the deployment guards and the principal-header trust read them here, and
    /// they are registered as the container's <see cref="IConfiguration"/> unless the host registered its own (a Generic Host
    /// does: then this must be that same configuration). Every options class binds from the container's
    /// <see cref="IConfiguration"/> (<c>BindConfiguration</c>), validated on start.</param>
    public static IServiceCollection AddComplianceMonitor(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        DeploymentGuards.Validate(configuration);
        services.TryAddSingleton(PrincipalHeaderTrust.From(configuration));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IConfiguration>(configuration);
        services.AddComplianceStorage();
        services.AddMonitoring();
        services.AddNotificationSenders();
        services.AddReminderRendering(configuration);
        services.AddDigest();
        services.AddDelivery();
        services.TryAddSingleton<LeaseEventService>();
        services.TryAddSingleton<ILeaseHistoryStore, TableLeaseHistoryStore>();
        services.TryAddSingleton<LeaseWriter>();
        services.TryAddSingleton<AgreementRecordService>();
        services.TryAddSingleton<LedgerImport>();
        return services;
    }
}
