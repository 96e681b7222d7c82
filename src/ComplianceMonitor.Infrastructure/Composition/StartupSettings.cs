using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ComplianceMonitor.Infrastructure.Composition;

/// <summary>The start-up check of the settings (every <c>ValidateOnStart</c> of the composition), run on demand.</summary>
/// <remarks>A Generic Host runs it when it starts; a host that resolves services before starting (<c>cm serve</c> imports
/// a ledger first) or never starts calls this, so a bad setting is named before anything is read or written.</remarks>
public static class StartupSettings
{
    /// <summary>Validates every options class registered with <c>ValidateOnStart</c> in <paramref name="services"/>.</summary>
    /// <exception cref="OptionsValidationException">A setting is invalid; bad settings of several options classes are named
    /// together in one exception (the host's own check would throw an <see cref="AggregateException"/>).</exception>
    public static void Validate(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        try
        {
            services.GetService<IStartupValidator>()?.Validate();
        }
        catch (AggregateException e) when (Combine(e) is { } combined)
        {
            throw combined;
        }
    }

    /// <summary>One exception naming every failure of <paramref name="e"/> when all its parts are options validations, else null.</summary>
    private static OptionsValidationException? Combine(AggregateException e)
    {
        var parts = e.Flatten().InnerExceptions;
        if (parts.Count == 0 || !parts.All(x => x is OptionsValidationException))
        {
            return null;
        }

        var first = (OptionsValidationException)parts[0];
        return new OptionsValidationException(first.OptionsName, first.OptionsType, [.. parts.Cast<OptionsValidationException>().SelectMany(x => x.Failures)]);
    }
}
