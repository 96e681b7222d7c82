using ComplianceMonitor.Application.Monitoring;
using ComplianceMonitor.Domain.Rules;
using ComplianceMonitor.Infrastructure.Monitoring;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ComplianceMonitor.Functions.Composition;

/// <summary>Registers monitoring: the rule engine, the reminder cadence and task options, the table stores, <see cref="ScanService"/> and <see cref="TaskService"/>.</summary>
/// <remarks>
/// The cadence (<c>Reminders__*</c>) and task options (<c>Tasks__DueDays</c>) are read now, so a bad value stops start-up
/// with a message naming the key. Needs <see cref="StorageServiceCollectionExtensions.AddComplianceStorage"/>. Written here
/// because Application/Infrastructure have no monitoring registration yet; it belongs beside the stores (README.md).
/// </remarks>
public static class MonitoringServiceCollectionExtensions
{
    /// <summary>Registers the monitoring services.</summary>
    public static IServiceCollection AddMonitoring(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(RuleEngine.Default);
        services.TryAddSingleton(ReminderCadence.FromConfiguration(configuration));
        services.TryAddSingleton(EnforcementTaskOptions.FromConfiguration(configuration));
        services.TryAddSingleton<IAlertStore, TableAlertStore>();
        services.TryAddSingleton<ITaskStore, TableTaskStore>();
        services.TryAddSingleton<IOutboxStore, TableOutboxStore>();
        services.TryAddSingleton<IRunStore, TableRunStore>();
        services.TryAddSingleton<IQuarantineStore, TableQuarantineStore>();
        services.TryAddSingleton<ScanService>();
        services.TryAddSingleton<TaskService>();
        return services;
    }
}
