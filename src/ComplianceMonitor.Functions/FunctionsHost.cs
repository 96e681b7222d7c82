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
/// <para>Start-up checks: storage (<c>ComplianceStorage__*</c>) and the schedules are validated on start
/// (<c>ValidateOnStart</c>); email/SMS settings (<c>Email__*</c>, <c>Sms__*</c>), <c>Reminders__*</c>, <c>Tasks__*</c> and
/// <c>DistrictContacts__*</c> are checked while composing. Either way a bad value stops the worker with a message naming
/// the key.</para>
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

        services.AddOptions<TimerScheduleOptions>().Bind(configuration).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TimerScheduleOptions>, TimerScheduleOptionsValidator>());

        services.TryAddSingleton<IScanFanOutStore, TableScanFanOutStore>();
        services.TryAddSingleton<IScanRequestSender, QueueScanRequestSender>();
        services.TryAddSingleton<ScanFanOut>();
        services.TryAddSingleton<IScanRequests, QueuedScanRequests>();
        services.AddComplianceApi();
        return services;
    }
}
