using ComplianceMonitor.Application.Contacts;
using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Tasks;
using ComplianceMonitor.Infrastructure.Composition;
using ComplianceMonitor.Infrastructure.Contacts;
using ComplianceMonitor.Infrastructure.Leases;
using ComplianceMonitor.Infrastructure.Scanning;
using ComplianceMonitor.Infrastructure.Tasks;
using ComplianceMonitor.Application.Leases;
using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Infrastructure.Reminders;
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
    /// from <c>Dispatch__*</c> and checked against the sender timeouts; a bad value throws naming the key), the delivery log, preference, snooze and audit stores,
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
        services.TryAddSingleton<IChannelPauseStore, TableChannelPauseStore>();
        services.TryAddSingleton<IContactPreferencesStore, TableContactPreferencesStore>();
        services.TryAddSingleton<ISnoozeStore, TableSnoozeStore>();
        services.TryAddSingleton<IAuditLog, TableAuditLog>();
        services.TryAddSingleton<OutboxRequeueService>();
        services.TryAddSingleton(CheckedOptions(configuration));
        services.TryAddSingleton<IRandomSource>(SharedRandomSource.Instance);
        services.TryAddSingleton(Domain.Rules.RuleEngine.Default);
        services.TryAddSingleton<DispatchService>();
        services.TryAddSingleton<ContactSettingsService>();
        return services;
    }

    /// <summary>
    /// The dispatch options, checked against the senders' timeouts: a send may start only while at least
    /// <c>Dispatch__MinClaimRemainingSeconds</c> of the claim is left, so that must cover one whole provider call, or a
    /// recoverer could resend while the first call is still running.
    /// </summary>
    internal static DispatchOptions CheckedOptions(IConfiguration configuration)
    {
        var options = DispatchOptions.FromConfiguration(configuration);
        var email = configuration.GetSection(EmailOptions.SectionName).Get<EmailOptions>() ?? new EmailOptions();
        var sms = configuration.GetSection(SmsOptions.SectionName).Get<SmsOptions>() ?? new SmsOptions();
        var longest = TimeSpan.FromSeconds(Math.Max(email.TimeoutSeconds, sms.TimeoutSeconds));
        if (options.MinClaimRemaining < longest)
        {
            throw new InvalidOperationException(
                $"{DispatchOptions.SectionName}__MinClaimRemainingSeconds: {options.MinClaimRemaining.TotalSeconds:0.###} s is shorter than a provider call may take ({longest.TotalSeconds:0} s, Email__TimeoutSeconds / Sms__TimeoutSeconds)");
        }

        return options;
    }
}
