using ComplianceMonitor.Infrastructure.Composition;
using ComplianceMonitor.Infrastructure.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace ComplianceMonitor.Cli.Hosting;

/// <summary>
/// The .NET Generic Host of one <c>cm</c> command: <see cref="Host.CreateApplicationBuilder(HostApplicationBuilderSettings)"/>
/// with the product's one composition (<see cref="ComplianceMonitorServices.AddComplianceMonitor"/>, as in the Functions
/// app) over storage already opened, the command's clock, and logs on standard error.
/// </summary>
/// <remarks>
/// <para>Built after the command line is parsed and only by commands that need services (<c>cm check</c> and
/// <c>--help</c> never compose anything), because storage may first have to be started (a local Azurite when nothing is
/// configured). Starting the host runs every <c>ValidateOnStart</c> check: a bad setting throws
/// <see cref="Microsoft.Extensions.Options.OptionsValidationException"/> naming it before the command does anything.</para>
/// <para>No default sources: configuration is exactly what the caller passes (the environment for the real
/// <c>cm</c>), so an <c>appsettings.json</c> in the working folder never changes what a command does.</para>
/// </remarks>
public sealed class CliHost : IAsyncDisposable
{
    private readonly IHost _host;

    private CliHost(IHost host) => _host = host;

    /// <summary>The host's services (the shared composition).</summary>
    public IServiceProvider Services => _host.Services;

    /// <summary>Builds and starts the host.</summary>
    /// <param name="configuration">The settings (<c>Reminders__*</c>, <c>Tasks__*</c>, <c>Email__*</c> …).</param>
    /// <param name="tables">The storage the command opened: registered as the host's table clients, and its options replace the <c>ComplianceStorage</c> section.</param>
    /// <param name="time">The clock; "today" is its Beijing date.</param>
    /// <param name="log">True to log to standard error; false for silence.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <exception cref="InvalidOperationException">A setting is invalid (its name is in the message).</exception>
    /// <exception cref="OptionsValidationException">A setting failed its start-up validation (named; settings of several
    /// options classes are named together in one exception).</exception>
    public static async Task<CliHost> StartAsync(
        IConfiguration configuration,
        TableClientFactory tables,
        TimeProvider time,
        bool log,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(time);
        var storage = tables.Options;
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ApplicationName = "cm",
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddConfiguration(configuration);
        builder.Configuration.AddInMemoryCollection(CliConfiguration.StorageSection(storage));

        var services = builder.Services;
        services.AddSingleton<IHostLifetime, CommandLifetime>(); // System.CommandLine owns Ctrl+C; the host prints nothing
        services.AddSingleton(time);
        services.AddSingleton(tables);

        builder.Logging.ClearProviders();
        if (log)
        {
            builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
            builder.Logging.SetMinimumLevel(LogLevel.Information);
            builder.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss.fff ";
                o.UseUtcTimestamp = true;
            });
            services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        }

        services.AddComplianceMonitor(builder.Configuration);
        var host = builder.Build();
        try
        {
            // Bad settings in several options classes: one exception naming every one (the command prints its message).
            StartupSettings.Validate(host.Services);
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await DisposeHostAsync(host).ConfigureAwait(false);
            throw;
        }

        return new CliHost(host);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await DisposeHostAsync(_host).ConfigureAwait(false);
    }

    private static async ValueTask DisposeHostAsync(IHost host)
    {
        if (host is IAsyncDisposable asyncDisposable)
        {
            await asyncDisposable.DisposeAsync().ConfigureAwait(false);
        }
        else
        {
            host.Dispose();
        }
    }

    /// <summary>A lifetime that neither listens for Ctrl+C nor prints status lines: the command decides when it ends.</summary>
    private sealed class CommandLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
