using ComplianceMonitor.Api;
using ComplianceMonitor.Api.Endpoints;
using ComplianceMonitor.Functions.Composition;
using ComplianceMonitor.Functions.Scanning;
using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Infrastructure.Composition;
using ComplianceMonitor.Infrastructure.Scanning;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ComplianceMonitor.Functions;

/// <summary>The function app's composition: the same services the CLI drives, plus the thin parts the triggers need.</summary>
/// <remarks>
/// <para><c>Program.cs</c> calls <see cref="ConfigureServices"/> after <c>ConfigureFunctionsWorkerDefaults()</c>; tests call it
/// on a plain <see cref="IServiceCollection"/> with in-memory configuration (Azurite) and resolve every function class.</para>
/// <para>Every options class binds from the container's <see cref="IConfiguration"/> (<c>BindConfiguration</c>; in the worker
/// that is the host's configuration, the one passed here) and is validated on start (<c>ValidateOnStart</c>): storage
/// (<c>ComplianceStorage__*</c>), email/SMS (<c>Email__*</c>, <c>Sms__*</c>), <c>Reminders__*</c>, <c>Tasks__*</c>,
/// <c>Dispatch__*</c>, <c>Digest__*</c>, <c>Console__*</c>, <c>DistrictContacts__*</c> and the schedules. The deployment
/// guards are checked while composing. Either way a bad value stops the worker with a message naming the key.</para>
/// </remarks>
public static class FunctionsHost
{
    /// <summary>Registers every service the functions need.</summary>
    public static IServiceCollection ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddComplianceMonitor(configuration);

        services.AddOptions<TimerScheduleOptions>().BindConfiguration(TimerScheduleOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TimerScheduleOptions>, TimerScheduleOptionsValidator>());

        services.TryAddSingleton<IScanFanOutStore, TableScanFanOutStore>();
        services.TryAddSingleton<IScanRequestSender, QueueScanRequestSender>();
        services.TryAddSingleton<ScanFanOut>();
        services.TryAddSingleton<IScanRequests, QueuedScanRequests>();
        services.AddComplianceApi();
        return services;
    }
}
