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
using Microsoft.Extensions.Options;

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
    /// the dispatcher (<c>Dispatch__*</c>) and the lease event service. A deployment guard throws here; a bad setting stops host
    /// start (or the first resolve of a container never started) with its key named.
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
        services.TryAddSingleton(new ComposedConfiguration(configuration));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TableStorageOptions>, ComposedConfigurationValidator>());
        services.AddComplianceStorage();
        services.AddMonitoring();
        services.AddNotificationSenders();
        services.AddReminderRendering();
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

/// <summary>The configuration <see cref="ComplianceMonitorServices.AddComplianceMonitor"/> was given (its guards read it).</summary>
/// <param name="Configuration">That configuration.</param>
internal sealed record ComposedConfiguration(IConfiguration Configuration);

/// <summary>
/// Fails start (with storage's options) when the container's <see cref="IConfiguration"/>, which every options class binds
/// from, is not the configuration the composition was given: a host that registers its own (a web or Generic Host) must
/// be given the same one, or the options would silently bind from other settings than the guards checked.
/// </summary>
internal sealed class ComposedConfigurationValidator(IConfiguration container, ComposedConfiguration composed) : IValidateOptions<TableStorageOptions>
{
    /// <summary>The failure.</summary>
    public const string Message =
        "AddComplianceMonitor was given a configuration that is not the container's IConfiguration, so the options would bind from other settings: " +
        "pass the host's configuration (builder.Configuration) to the composition, with the settings laid into it.";

    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, TableStorageOptions options) =>
        ReferenceEquals(container, composed.Configuration) ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(Message);
}
