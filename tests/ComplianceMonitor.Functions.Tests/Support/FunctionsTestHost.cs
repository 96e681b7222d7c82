using ComplianceMonitor.Infrastructure.Leases;
using System.Text.Json;
using ComplianceMonitor.Api.Auth;
using ComplianceMonitor.Infrastructure.Storage;
using ComplianceMonitor.Testing.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace ComplianceMonitor.Functions.Tests.Support;

/// <summary>
/// The function app's composition (<see cref="FunctionsHost.ConfigureServices"/>) over Azurite with a table/queue prefix
/// of its own, a <see cref="FakeTimeProvider"/>, captured logs and temporary outbox folders; function classes are created
/// the way the worker creates them (<see cref="ActivatorUtilities"/>), and contexts and requests are faked with Moq.
/// </summary>
public sealed class FunctionsTestHost : IDisposable
{
    private readonly string _outbox;

    private FunctionsTestHost(ServiceProvider services, FakeTimeProvider time, LogSink logs, string prefix, string outbox)
    {
        Services = services;
        Time = time;
        Logs = logs;
        Prefix = prefix;
        _outbox = outbox;
    }

    /// <summary>The composed services.</summary>
    public ServiceProvider Services { get; }

    /// <summary>The clock every service sees.</summary>
    public FakeTimeProvider Time { get; }

    /// <summary>Every log entry.</summary>
    public LogSink Logs { get; }

    /// <summary>The table/queue name prefix of this host.</summary>
    public string Prefix { get; }

    /// <summary>The storage factory of this host.</summary>
    public TableClientFactory Tables => Services.GetRequiredService<TableClientFactory>();

    /// <summary>Builds the host over <paramref name="azurite"/> at the instant <paramref name="now"/>.</summary>
    /// <param name="azurite">The shared storage.</param>
    /// <param name="now">The clock's start.</param>
    /// <param name="configure">Registrations made before the app's own (they win: the app registers with TryAdd).</param>
    /// <param name="settings">Extra or overriding configuration (":"-separated keys).</param>
    public static FunctionsTestHost Create(AzuriteFixture azurite, DateTimeOffset now, Action<IServiceCollection>? configure = null, IDictionary<string, string?>? settings = null)
    {
        ArgumentNullException.ThrowIfNull(azurite);
        var prefix = AzuriteFixture.NewPrefix();
        var outbox = Path.Combine(Path.GetTempPath(), "cm-functions-tests", prefix);
        var values = new Dictionary<string, string?>
        {
            ["ComplianceStorage:ConnectionString"] = azurite.ConnectionString,
            ["ComplianceStorage:TablePrefix"] = prefix,
            ["Email:OutboxFolder"] = Path.Combine(outbox, "email"),
            ["Sms:OutboxFolder"] = Path.Combine(outbox, "sms"),
            ["SCAN_SCHEDULE"] = "0 30 21 * * *",
            ["DISPATCH_SCHEDULE"] = "0 */5 * * * *",
            ["DIGEST_SCHEDULE"] = "0 */15 * * * *",
            ["Digest:DefaultCron"] = "30 8 * * 1-5",

            // Tests send hand-made principals: trust them as a local run may (PrincipalHeaderTrust; refused in Azure).
            ["Auth:AllowDevelopmentPrincipal"] = "true",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var time = new FakeTimeProvider(now);
        var logs = new LogSink();
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        services.AddSingleton<TimeProvider>(time);
        configure?.Invoke(services);
        FunctionsHost.ConfigureServices(services, configuration);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        return new FunctionsTestHost(provider, time, logs, prefix, outbox);
    }

    /// <summary>Creates a function class as the worker does.</summary>
    public T Create<T>() => ActivatorUtilities.CreateInstance<T>(Services);

    /// <summary>A Moq <see cref="FunctionContext"/> over these services, with optional trigger binding data.</summary>
    public FunctionContext Context(IReadOnlyDictionary<string, object?>? bindingData = null)
    {
        var binding = new Mock<BindingContext>();
        binding.SetupGet(b => b.BindingData).Returns(bindingData ?? new Dictionary<string, object?>());
        var context = new Mock<FunctionContext>();
        context.SetupGet(c => c.InstanceServices).Returns(Services);
        context.SetupGet(c => c.InvocationId).Returns(Guid.NewGuid().ToString());
        context.SetupGet(c => c.FunctionId).Returns("test");
        context.SetupGet(c => c.CancellationToken).Returns(CancellationToken.None);
        context.SetupGet(c => c.BindingContext).Returns(binding.Object);
        return context.Object;
    }

    /// <summary>A request with the principal header (when given), the body and extra headers.</summary>
    public FakeHttpRequestData Request(FunctionContext context, string method, string pathAndQuery, string? body = null, string? principal = null, params (string Name, string Value)[] headers)
    {
        var all = headers.Select(h => new KeyValuePair<string, string>(h.Name, h.Value)).ToList();
        if (principal is not null)
        {
            all.Add(new KeyValuePair<string, string>(ClientPrincipal.HeaderName, principal));
        }

        return new FakeHttpRequestData(context, method, "https://func-cm-test.azurewebsites.net" + pathAndQuery, body, all);
    }

    /// <summary>A request whose body is <paramref name="value"/> serialised as JSON.</summary>
    public FakeHttpRequestData JsonRequest(FunctionContext context, string method, string pathAndQuery, object value, string? principal) =>
        Request(context, method, pathAndQuery, JsonSerializer.Serialize(value), principal);

    /// <inheritdoc/>
    public void Dispose()
    {
        Services.Dispose();
        try
        {
            if (Directory.Exists(_outbox))
            {
                Directory.Delete(_outbox, recursive: true);
            }
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }
}
