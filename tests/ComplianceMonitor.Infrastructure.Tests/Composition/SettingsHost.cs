using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ComplianceMonitor.Infrastructure.Tests.Composition;

/// <summary>
/// A Generic Host, built and not yet started, whose configuration (the container's <see cref="IConfiguration"/>, which the
/// options bind from) holds the given settings: the shape in which a bad setting stops host start.
/// </summary>
internal static class SettingsHost
{
    /// <summary>A host over <paramref name="settings"/>, its services added by <paramref name="compose"/>.</summary>
    public static IHost Build(IConfiguration settings, Action<IServiceCollection> compose)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddConfiguration(settings);
        compose(builder.Services);
        return builder.Build();
    }

    /// <summary>A host over the one setting <paramref name="key"/> = <paramref name="value"/>.</summary>
    public static IHost Build(string key, string? value, Action<IServiceCollection> compose) =>
        Build(new ConfigurationBuilder().AddInMemoryCollection([new(key, value)]).Build(), compose);
}
