using ComplianceMonitor.Functions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

var host = new HostBuilder()
    .ConfigureFunctionsWorkerDefaults()
    .ConfigureAppConfiguration(configuration => configuration.AddEnvironmentVariables())
    .ConfigureServices((context, services) => FunctionsHost.ConfigureServices(services, context.Configuration))
    .Build();

await host.RunAsync();
