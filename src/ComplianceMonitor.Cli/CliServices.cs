using ComplianceMonitor.DevStorage;
using ComplianceMonitor.Infrastructure.Leases;
using ComplianceMonitor.Infrastructure.Composition;
using ComplianceMonitor.Infrastructure.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace ComplianceMonitor.Cli;

/// <summary>The services of <c>cm</c>: the product's one composition (<see cref="ComplianceMonitorServices.AddComplianceMonitor"/>, as in the Functions host) plus the CLI's clock and logging.</summary>
public static class CliServices
{
    /// <summary>
    /// Builds the services over <paramref name="configuration"/>; <paramref name="tables"/> (storage already opened, e.g. a
    /// local Azurite started by <see cref="StorageSession"/>) wins over <c>ComplianceStorage__*</c>. Logs go to standard error
    /// when <paramref name="log"/> is true; otherwise nowhere.
    /// </summary>
    /// <exception cref="InvalidOperationException">A setting is invalid (the key is named).</exception>
    public static ServiceProvider Build(CliContext context, IConfiguration configuration, TableClientFactory? tables = null, bool log = true)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(configuration);
        var services = new ServiceCollection();
        services.AddSingleton(context.Time);
        if (tables is not null)
        {
            services.AddSingleton(tables);
        }

        services.AddLogging(logging =>
        {
            if (!log)
            {
                return;
            }

            logging.AddConfiguration(configuration.GetSection("Logging"));
            logging.SetMinimumLevel(LogLevel.Information);
            logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss.fff ";
                o.UseUtcTimestamp = true;
            });
            logging.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        });
        services.AddComplianceMonitor(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = false, ValidateScopes = true });
    }
}
