using ComplianceMonitor.Infrastructure.Leases;
using ComplianceMonitor.Application.Leases;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ComplianceMonitor.Infrastructure.Storage;

/// <summary>Registers the product's storage: <see cref="TableStorageOptions"/> (checked at start-up), one <see cref="TableClientFactory"/>, the lease store.</summary>
/// <remarks>Shared by the Functions host and <c>cm</c> through <c>AddComplianceMonitor</c>. A factory registered before (e.g. over a
/// local Azurite the CLI started) wins: every registration here is a TryAdd.</remarks>
public static class StorageServiceCollectionExtensions
{
    /// <summary>Registers storage from the <c>ComplianceStorage__*</c> settings of the container's <see cref="IConfiguration"/>.</summary>
    public static IServiceCollection AddComplianceStorage(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<TableStorageOptions>().BindConfiguration(TableStorageOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TableStorageOptions>, TableStorageOptionsValidator>());
        services.TryAddSingleton(sp => new TableClientFactory(sp.GetRequiredService<IOptions<TableStorageOptions>>().Value));
        services.TryAddSingleton<ILeaseStore, TableLeaseStore>();
        return services;
    }

    /// <summary>Runs <see cref="TableStorageOptions.Validate"/> as an options validation, keeping its message.</summary>
    private sealed class TableStorageOptionsValidator : IValidateOptions<TableStorageOptions>
    {
        public ValidateOptionsResult Validate(string? name, TableStorageOptions options)
        {
            try
            {
                options.Validate();
                return ValidateOptionsResult.Success;
            }
            catch (InvalidOperationException ex)
            {
                return ValidateOptionsResult.Fail(ex.Message);
            }
        }
    }
}
