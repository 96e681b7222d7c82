using ComplianceMonitor.Application.Digest;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ComplianceMonitor.Infrastructure.Digest;

/// <summary>Registers <see cref="ConsoleLinks"/> from the <c>Console</c> section (validated at start).</summary>
public static class ConsoleLinksServiceCollectionExtensions
{
    /// <summary>Adds <see cref="ConsoleOptions"/> (bound, validated, checked on start) and <see cref="ConsoleLinks"/>.</summary>
    public static IServiceCollection AddConsoleLinks(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ConsoleOptions>().Bind(configuration.GetSection(ConsoleOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ConsoleOptions>, ConsoleOptionsValidator>());
        services.TryAddSingleton<ConsoleLinks>();
        return services;
    }
}
