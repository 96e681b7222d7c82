using System.CommandLine;
using System.Globalization;
using ComplianceMonitor.Application.Leases;
using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Domain.Calendar;
using ComplianceMonitor.Domain.Jurisdictions;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Infrastructure.Composition;
using ComplianceMonitor.Cli.Hosting;
using ComplianceMonitor.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ComplianceMonitor.Cli.Commands;

/// <summary>
/// <c>cm serve [--port N] [--ledger FILE] [--as-of DATE]</c>: local storage (Azurite, as <c>cm run</c> opens it), the HTTP
/// API (the same routes as the Functions app) and the console at <c>http://127.0.0.1:N/</c>, with a development sign-in
/// that lets you pick a role. Refuses to start in Azure (<c>WEBSITE_INSTANCE_ID</c> set). Runs until Ctrl+C.
/// </summary>
public sealed class ServeCommand : ICliCommand
{
    /// <summary>The port when <c>--port</c> is not given.</summary>
    public const int DefaultPort = 5080;

    /// <inheritdoc/>
    public Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var port = new Option<int>("--port") { Description = $"The port on 127.0.0.1 (default {DefaultPort}; 0 picks a free one).", HelpName = "N", DefaultValueFactory = _ => DefaultPort };
        var ledger = new Option<string?>("--ledger") { Description = "A ledger (.xlsx, .csv or .json) to import and scan before serving.", HelpName = "FILE" };
        var asOf = CommonOptions.AsOf();
        asOf.Description = "Serve as if today (Beijing) were this date, yyyy-MM-dd (default: the real date). For demos and tests.";
        var command = new Command("serve", "Local storage, the HTTP API and the web console at http://127.0.0.1:N with a development sign-in (never in Azure).")
        {
            port,
            ledger,
            asOf,
        };
        command.SetAction((parseResult, cancellationToken) => ServeAsync(context, parseResult.GetValue(port), parseResult.GetValue(ledger), parseResult.GetValue(asOf), cancellationToken));
        return command;
    }

    private async Task<int> ServeAsync(CliContext context, int port, string? ledgerPath, DateOnly? asOf, CancellationToken cancellationToken)
    {
        if (port is < 0 or > 65535)
        {
            await context.Stderr.WriteLineAsync($"error: --port must be 0-65535, not {port}.");
            return ExitCodes.InvalidInput;
        }

        IReadOnlyList<LeaseRecord> records = [];
        if (ledgerPath is not null)
        {
            if (await LedgerFile.ReadAsync(context, ledgerPath, cancellationToken) is not { } read)
            {
                return ExitCodes.InvalidInput;
            }

            records = read;
        }

        var storage = MonitoringCliServices.FromContext();
        var time = asOf is { } day ? ShiftedTimeProvider.ForBeijingDate(context.Time, day) : context.Time;
        var session = await storage.OpenTablesAsync(context, cancellationToken);
        if (session is null)
        {
            return ExitCodes.InvalidInput;
        }

        await using (session)
        {
            // The storage the session opened (a local Azurite when nothing was configured) is the app's storage.
            var configuration = CliConfiguration.WithStorage(context.Configuration, session.Tables.Options);
            WebApplication app;
            try
            {
                // The web host's configuration (the container's, which the options bind from) is exactly this one.
                app = ConsoleWebHost.Build(new ConsoleWebHostOptions { Port = port }, configuration, (services, hostConfiguration) =>
                {
                    services.AddSingleton(time);
                    services.AddSingleton(session.Tables);
                    services.AddLogging(logging =>
                    {
                        logging.ClearProviders();
                        logging.AddConfiguration(hostConfiguration.GetSection("Logging"));
                        logging.SetMinimumLevel(LogLevel.Warning);
                        logging.AddSimpleConsole(o =>
                        {
                            o.SingleLine = true;
                            o.UseUtcTimestamp = true;
                            o.TimestampFormat = "HH:mm:ss ";
                        });
                    });
                    services.AddComplianceMonitor(hostConfiguration);
                });
            }
            catch (InvalidOperationException e)
            {
                await context.Stderr.WriteLineAsync($"error: {e.Message}");
                return ExitCodes.InvalidInput;
            }

            await using (app)
            {
                try
                {
                    // Before the ledger is imported: a bad setting is named and nothing is written.
                    StartupSettings.Validate(app.Services);
                }
                catch (OptionsValidationException e)
                {
                    await context.Stderr.WriteLineAsync($"error: {e.Message}");
                    return ExitCodes.InvalidInput;
                }

                if (records.Count > 0)
                {
                    await ImportAndScanAsync(context, app.Services, records, ledgerPath!, BeijingClock.Today(time), cancellationToken);
                }

                await app.StartAsync(cancellationToken);
                var url = app.Urls.FirstOrDefault() ?? $"http://127.0.0.1:{port}";
                await context.Stdout.WriteLineAsync($"storage: {session.Description}");
                await context.Stdout.WriteLineAsync($"today (Beijing): {BeijingClock.Today(time):yyyy-MM-dd}");
                await context.Stdout.WriteLineAsync($"console: {url}/api/console/");
                await context.Stdout.WriteLineAsync($"sign in: {url}{ConsoleWebHost.SignInPath}");
                await context.Stdout.WriteLineAsync($"api reference: {url}/scalar  (OpenAPI: {url}/api/openapi.json)");
                await context.Stdout.WriteLineAsync("Ctrl+C stops.");
                await context.Stdout.FlushAsync(cancellationToken);
                // Until Ctrl+C (the command's token), the test's token, or SIGTERM: the web host's lifetime takes
                // SIGTERM (a service manager, `kill`, a container stop) and stops the application, which ends the wait.
                using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, app.Lifetime.ApplicationStopping);
                try
                {
                    await Task.Delay(Timeout.Infinite, stop.Token);
                }
                catch (OperationCanceledException)
                {
                    // Stop below.
                }

                await app.StopAsync(CancellationToken.None);
            }
        }

        return ExitCodes.Ok;
    }

    private static async Task ImportAndScanAsync(CliContext context, IServiceProvider services, IReadOnlyList<LeaseRecord> records, string ledgerPath, DateOnly today, CancellationToken cancellationToken)
    {
        var inv = CultureInfo.InvariantCulture;
        // Through the import use case, like every CLI write: each change is recorded with who (the OS account) and when.
        var created = (await LedgerImportRun.WriteAsync(services, records, "cli serve", cancellationToken)).Created;

        var scan = services.GetRequiredService<ScanService>();
        var findings = 0;
        foreach (var jurisdiction in Jurisdiction.All)
        {
            findings += (await scan.ScanDistrictAsync(jurisdiction.Code, today, string.Create(inv, $"serve-{today:yyyyMMdd}"), cancellationToken)).Findings;
        }

        await context.Stdout.WriteLineAsync(string.Create(inv, $"import {ledgerPath}: {records.Count} lease(s), {created} new; scan {today:yyyy-MM-dd}: {findings} finding(s)"));
    }
}
