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
using Microsoft.Extensions.Options;

namespace ComplianceMonitor.Infrastructure.Delivery;

/// <summary>Registers the dispatcher (Flow 2) and the preferences/snooze service over the table stores.</summary>
public static class DeliveryServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="DispatchService"/>, <see cref="ContactSettingsService"/>, <see cref="DispatchOptions"/> (built from
    /// <see cref="DispatchSettings"/>, bound from <c>Dispatch__*</c> of the container's <see cref="IConfiguration"/> and validated on start, also against the sender timeouts
    /// of <c>AddNotificationSenders</c>; a bad value stops the host naming the key), the delivery log, preference, snooze and audit stores,
    /// and, unless already registered, the lease, alert and outbox stores. The <see cref="TableClientFactory"/> comes from
    /// <c>AddComplianceStorage</c> (bound and validated <c>ComplianceStorage__*</c>), the senders, gate, composer and renderer
    /// from <c>AddNotificationSenders</c> and <c>AddReminderRendering</c>; logging from the host.
    /// </summary>
    public static IServiceCollection AddDelivery(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ILeaseStore, TableLeaseStore>();
        services.TryAddSingleton<IAlertStore, TableAlertStore>();
        services.TryAddSingleton<IOutboxStore, TableOutboxStore>();
        services.TryAddSingleton<IDeliveryLog, TableDeliveryLog>();
        services.TryAddSingleton<IChannelPauseStore, TableChannelPauseStore>();
        services.TryAddSingleton<IContactPreferencesStore, TableContactPreferencesStore>();
        services.TryAddSingleton<ISnoozeStore, TableSnoozeStore>();
        services.TryAddSingleton<IAuditLog, TableAuditLog>();
        services.TryAddSingleton<OutboxRequeueService>();
        services.AddOptions<DispatchSettings>().BindConfiguration(DispatchSettings.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DispatchSettings>, DispatchSettingsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DispatchSettings>, DispatchClaimMarginValidator>());
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<DispatchSettings>>().Value.ToOptions());
        services.TryAddSingleton<IRandomSource>(SharedRandomSource.Instance);
        services.TryAddSingleton(Domain.Rules.RuleEngine.Default);
        services.TryAddSingleton<DispatchService>();
        services.TryAddSingleton<ContactSettingsService>();
        return services;
    }
}

/// <summary>
/// Checks <see cref="DispatchSettings"/> against the senders' timeouts (<see cref="EmailOptions"/>, <see cref="SmsOptions"/>):
/// a send may start only while at least <c>Dispatch__MinClaimRemainingSeconds</c> of the claim is left, so that must cover
/// one whole provider call, or a recoverer could resend while the first call is still running.
/// </summary>
/// <param name="email">The email sender's settings (<c>Email__TimeoutSeconds</c>).</param>
/// <param name="sms">The SMS sender's settings (<c>Sms__TimeoutSeconds</c>).</param>
public sealed class DispatchClaimMarginValidator(IOptions<EmailOptions> email, IOptions<SmsOptions> sms) : IValidateOptions<DispatchSettings>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, DispatchSettings options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.TryBuild(failures) is not { } dispatch)
        {
            return ValidateOptionsResult.Skip; // the bad keys are named by DispatchSettingsValidator
        }

        int emailTimeout, smsTimeout;
        try
        {
            (emailTimeout, smsTimeout) = (email.Value.TimeoutSeconds, sms.Value.TimeoutSeconds);
        }
        catch (OptionsValidationException)
        {
            return ValidateOptionsResult.Skip; // a bad Email__* / Sms__* setting is named once, by its own validator
        }

        var longest = TimeSpan.FromSeconds(Math.Max(emailTimeout, smsTimeout));
        return dispatch.MinClaimRemaining < longest
            ? ValidateOptionsResult.Fail(
                $"{DispatchOptions.SectionName}__MinClaimRemainingSeconds: {dispatch.MinClaimRemaining.TotalSeconds:0.###} s is shorter than a provider call may take ({longest.TotalSeconds:0} s, Email__TimeoutSeconds / Sms__TimeoutSeconds)")
            : ValidateOptionsResult.Success;
    }
}
