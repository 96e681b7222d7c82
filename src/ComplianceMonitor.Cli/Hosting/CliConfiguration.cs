using ComplianceMonitor.Infrastructure.Storage;
using Microsoft.Extensions.Configuration;

namespace ComplianceMonitor.Cli.Hosting;

/// <summary>
/// The one place <c>cm</c> builds configuration: the process environment (read once per <see cref="CliContext"/>, see
/// <see cref="CliContext.Configuration"/>), and that configuration with the storage a command opened laid over it.
/// </summary>
/// <remarks>No command builds configuration itself: each takes <see cref="CliContext.Configuration"/>, the one way settings
/// reach a command (tests set theirs there).</remarks>
public static class CliConfiguration
{
    /// <summary>The settings of the process environment (<c>ComplianceStorage__*</c>, <c>Reminders__*</c> …).</summary>
    public static IConfiguration FromEnvironment() => new ConfigurationBuilder().AddEnvironmentVariables().Build();

    /// <summary>The <c>ComplianceStorage</c> section of <paramref name="storage"/>, for laying over a command's settings.</summary>
    public static IReadOnlyDictionary<string, string?> StorageSection(TableStorageOptions storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        return new Dictionary<string, string?>
        {
            [$"{TableStorageOptions.SectionName}:ConnectionString"] = storage.ConnectionString,
            [$"{TableStorageOptions.SectionName}:TableServiceUri"] = storage.TableServiceUri?.ToString(),
            [$"{TableStorageOptions.SectionName}:QueueServiceUri"] = storage.QueueServiceUri?.ToString(),
            [$"{TableStorageOptions.SectionName}:TablePrefix"] = storage.TablePrefix,
        };
    }

    /// <summary><paramref name="configuration"/> with the storage the command opened replacing its <c>ComplianceStorage</c> section.</summary>
    public static IConfiguration WithStorage(IConfiguration configuration, TableStorageOptions storage)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return new ConfigurationBuilder().AddConfiguration(configuration).AddInMemoryCollection(StorageSection(storage)).Build();
    }
}
