using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Tasks;
using ComplianceMonitor.Infrastructure.Leases;
using ComplianceMonitor.Infrastructure.Scanning;
using ComplianceMonitor.Infrastructure.Tasks;
using ComplianceMonitor.Application.Leases;
using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Domain.Rules;
using ComplianceMonitor.Infrastructure.Reminders;
using ComplianceMonitor.Infrastructure.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ComplianceMonitor.Infrastructure.Composition;

/// <summary>Registers the daily scan and its table stores.</summary>
public static class MonitoringServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="ScanService"/>, <see cref="TaskService"/>, the table stores of alerts, tasks, outbox, runs and
    /// quarantine, the <see cref="ReminderCadence"/> (from <see cref="ReminderOptions"/>, <c>Reminders__*</c>) and <see cref="EnforcementTaskOptions"/>
    /// (<c>Tasks__DueDays</c>), both bound from their sections of the container's <see cref="IConfiguration"/> and validated on start. A <see cref="TableClientFactory"/> must be registered by the host; the lease store,
    /// rule engine and clock are added only when the host has not registered its own.
    /// </summary>
    /// <remarks>Bad reminder or task settings fail when the host starts (or, in a container that is never started, when the
    /// options are first resolved) with the key named.</remarks>
    public static IServiceCollection AddMonitoring(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(RuleEngine.Default);
        services.TryAddSingleton(sp => new TableLeaseStore(sp.GetRequiredService<TableClientFactory>()));
        services.TryAddSingleton<ILeaseStore>(sp => sp.GetRequiredService<TableLeaseStore>());
        services.TryAddSingleton<ILeaseScanStateStore>(sp => sp.GetRequiredService<TableLeaseStore>());
        services.TryAddSingleton<IAlertStore>(sp => new TableAlertStore(sp.GetRequiredService<TableClientFactory>()));
        services.TryAddSingleton<ITaskStore>(sp => new TableTaskStore(sp.GetRequiredService<TableClientFactory>()));
        services.TryAddSingleton<IOutboxStore>(sp => new TableOutboxStore(sp.GetRequiredService<TableClientFactory>()));
        services.TryAddSingleton<IRunStore>(sp => new TableRunStore(sp.GetRequiredService<TableClientFactory>()));
        services.TryAddSingleton<IQuarantineStore>(sp => new TableQuarantineStore(sp.GetRequiredService<TableClientFactory>()));
        services.AddOptions<ReminderOptions>().BindConfiguration(ReminderOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ReminderOptions>, ReminderOptionsValidator>());
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<ReminderOptions>>().Value.ToCadence());
        services.AddOptions<EnforcementTaskOptions>().BindConfiguration(EnforcementTaskOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EnforcementTaskOptions>, EnforcementTaskOptionsValidator>());
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<EnforcementTaskOptions>>().Value);
        services.TryAddSingleton<ScanService>();
        services.TryAddSingleton<TaskService>();
        return services;
    }
}
