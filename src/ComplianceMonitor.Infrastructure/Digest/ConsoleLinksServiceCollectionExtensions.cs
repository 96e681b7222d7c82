using ComplianceMonitor.Application.Digest;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ComplianceMonitor.Infrastructure.Digest;

/// <summary>Registers <see cref="ConsoleLinks"/> from the <c>Console</c> section (validated at start).</summary>
public static class ConsoleLinksServiceCollectionExtensions
{
    /// <summary>Adds <see cref="ConsoleOptions"/> (bound from the container's <see cref="IConfiguration"/>, validated, checked on start) and <see cref="ConsoleLinks"/>.</summary>
    public static IServiceCollection AddConsoleLinks(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<ConsoleOptions>().BindConfiguration(ConsoleOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ConsoleOptions>, ConsoleOptionsValidator>());
        services.TryAddSingleton<ConsoleLinks>();
        return services;
    }
}
