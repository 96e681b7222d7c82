using ComplianceMonitor.Api.Auth;
using ComplianceMonitor.Api.Endpoints;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ComplianceMonitor.Api;

/// <summary>Registers the API (handlers, dispatcher, authenticator) over the product's services.</summary>
public static class ApiServices
{
    /// <summary>Adds the API. The host adds <see cref="IScanRequests"/> (queue in Azure, inline locally).</summary>
    public static IServiceCollection AddComplianceApi(this IServiceCollection services, Action<ApiAuthenticationOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = new ApiAuthenticationOptions();
        configure?.Invoke(options);
        services.TryAddSingleton(options);
        services.TryAddSingleton<ApiAuthenticator>();
        services.TryAddSingleton<ApiDispatcher>();
        services.TryAddSingleton<CheckEndpoints>();
        services.TryAddSingleton<LeaseEndpoints>();
        services.TryAddSingleton<TaskEndpoints>();
        services.TryAddSingleton<DigestEndpoints>();
        services.TryAddSingleton<ScanEndpoints>();
        services.TryAddSingleton<ConsoleEndpoints>();
        services.TryAddSingleton<AgreementEndpoints>();
        services.TryAddSingleton<ContactEndpoints>();
        services.TryAddSingleton<OutboxEndpoints>();
        services.TryAddSingleton<ComplianceMonitor.Application.Reminders.OutboxRequeueService>();
        services.TryAddSingleton<ComplianceMonitor.Application.Leases.AgreementRecordService>();
        return services;
    }
}
