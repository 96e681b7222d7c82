using ComplianceMonitor.Functions;
using ComplianceMonitor.Infrastructure.Composition;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

var host = new HostBuilder()
    .ConfigureFunctionsWorkerDefaults()
    .ConfigureAppConfiguration(configuration => configuration.AddEnvironmentVariables())
    .ConfigureServices((context, services) => FunctionsHost.ConfigureServices(services, context.Configuration))
    .Build();

// Bad settings of several options classes stop the worker with one message naming them all (the host's own start check
// would throw an AggregateException); the same check runs again at start.
StartupSettings.Validate(host.Services);
await host.RunAsync();
