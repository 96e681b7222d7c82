using ComplianceMonitor.Application.Delivery.Dispatch;
using ComplianceMonitor.Application.Leases;
using ComplianceMonitor.Application.Monitoring;
using ComplianceMonitor.Infrastructure.Monitoring;
using ComplianceMonitor.Infrastructure.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ComplianceMonitor.Infrastructure.Delivery;

/// <summary>Registers the dispatcher (Flow 2) and the preferences/snooze service over the table stores.</summary>
public static class DeliveryServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="DispatchService"/>, <see cref="ContactSettingsService"/>, <see cref="DispatchOptions"/> (read now
    /// from <c>Dispatch__*</c>; a bad value throws naming the key), the delivery log, preference, snooze and audit stores,
    /// and, unless already registered, the <see cref="TableClientFactory"/> (from <c>ComplianceStorage__*</c>) and the lease,
    /// alert and outbox stores. The senders, gate, composer and renderer come from
    /// <c>AddNotificationSenders</c> and <c>AddReminderRendering</c>; logging from the host.
    /// </summary>
    public static IServiceCollection AddDelivery(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(_ => new TableClientFactory(TableStorageOptions.From(key => configuration[key])));
        services.TryAddSingleton<ILeaseStore, TableLeaseStore>();
        services.TryAddSingleton<IAlertStore, TableAlertStore>();
        services.TryAddSingleton<IOutboxStore, TableOutboxStore>();
        services.TryAddSingleton<IDeliveryLog, TableDeliveryLog>();
        services.TryAddSingleton<IContactPreferencesStore, TableContactPreferencesStore>();
        services.TryAddSingleton<ISnoozeStore, TableSnoozeStore>();
        services.TryAddSingleton<IAuditLog, TableAuditLog>();
        services.TryAddSingleton(DispatchOptions.FromConfiguration(configuration));
        services.TryAddSingleton<IRandomSource>(SharedRandomSource.Instance);
        services.TryAddSingleton<DispatchService>();
        services.TryAddSingleton<ContactSettingsService>();
        return services;
    }
}
