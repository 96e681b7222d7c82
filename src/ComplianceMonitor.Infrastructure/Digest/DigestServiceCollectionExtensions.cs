using ComplianceMonitor.Application.Digest;
using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Tasks;
using ComplianceMonitor.Infrastructure.Composition;
using ComplianceMonitor.Infrastructure.Scanning;
using ComplianceMonitor.Infrastructure.Storage;
using ComplianceMonitor.Infrastructure.Tasks;
using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Domain.Calendar;
using ComplianceMonitor.Infrastructure.Reminders;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ComplianceMonitor.Infrastructure.Digest;

/// <summary>Registers the district digest (Flow 3): options, schedules, stores, builder, renderer, preview and scheduler.</summary>
public static class DigestServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="DigestOptions"/> (built from <see cref="DigestSettings"/>, bound from <c>Digest__*</c> of the
    /// container's <see cref="IConfiguration"/> and validated on start: a bad key stops the host naming it, or fails the first resolve in a container never started),
    /// <see cref="DigestSchedules"/>, the table stores <see cref="IDigestRecordStore"/> and <see cref="IDigestScheduleStore"/>,
    /// <see cref="DigestBuilder"/>, <see cref="IDigestRenderer"/> (Fluid), <see cref="DigestService"/> (also as
    /// <see cref="IDigestPreview"/>) and <see cref="DigestScheduler"/>; the monitoring table stores it reads (and
    /// <see cref="IChannelPauseStore"/>, so a paused reminder channel shows in the digest) unless registered.
    /// </summary>
    /// <remarks>
    /// Needs, registered by the host: <see cref="Storage.TableClientFactory"/> (storage) and
    /// <see cref="Application.Reminders.IEmailSender"/> (<c>AddNotificationSenders</c>) for the scheduler; a
    /// <see cref="TimeProvider"/> and the default <see cref="WorkingDayCalendar"/> are added when missing.
    /// </remarks>
    public static IServiceCollection AddDigest(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<DigestSettings>().BindConfiguration(DigestSettings.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DigestSettings>, DigestSettingsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(WorkingDayCalendar.Default);
        services.TryAddSingleton<IOptions<DigestOptions>>(sp =>
            Microsoft.Extensions.Options.Options.Create(sp.GetRequiredService<IOptions<DigestSettings>>().Value.ToOptions()));
        services.TryAddSingleton<IAlertStore, TableAlertStore>();
        services.TryAddSingleton<ITaskStore, TableTaskStore>();
        services.TryAddSingleton<IOutboxStore, TableOutboxStore>();
        services.TryAddSingleton<IRunStore, TableRunStore>();
        services.TryAddSingleton<IChannelPauseStore, TableChannelPauseStore>();
        services.TryAddSingleton<IDigestRecordStore, TableDigestRecordStore>();
        services.TryAddSingleton<IDigestScheduleStore, TableDigestScheduleStore>();
        services.AddConsoleLinks();
        services.TryAddSingleton<IDigestRenderer>(sp => new FluidDigestRenderer(sp.GetRequiredService<ConsoleLinks>()));
        services.TryAddSingleton(sp => new DigestBuilder(sp.GetRequiredService<IOptions<DigestOptions>>().Value, sp.GetRequiredService<WorkingDayCalendar>()));
        services.TryAddSingleton(sp => new DigestSchedules(
            sp.GetRequiredService<IOptions<DigestOptions>>(),
            sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<DigestSchedules>>(),
            sp.GetRequiredService<IDigestScheduleStore>()));
        services.TryAddSingleton<DigestService>();
        services.TryAddSingleton<IDigestPreview>(sp => sp.GetRequiredService<DigestService>());
        services.TryAddSingleton<DigestScheduler>();
        return services;
    }
}

/// <summary>Reads <see cref="DigestOptions"/> from configuration (section <c>Digest</c>).</summary>
public static class DigestConfiguration
{
    /// <summary>
    /// Binds <c>Digest__DefaultCron</c>, <c>Digest__DueWithinDays</c>, <c>Digest__ChartWeeks</c>, <c>Digest__MaxItemsPerSection</c>,
    /// <c>Digest__ClaimTimeoutMinutes</c>, <c>Digest__MaxAttempts</c> and every <c>Digest__Districts__{code}__{Cron|Recipients}</c>.
    /// </summary>
    /// <exception cref="InvalidOperationException">A value is not a number or a district holds an unknown setting (the key is named).</exception>
    public static DigestOptions Load(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var settings = configuration.GetSection(DigestSettings.SectionName).Get<DigestSettings>() ?? new DigestSettings();
        var failures = new List<string>();
        var options = settings.Read(failures);
        return failures.Count == 0 ? options : throw new InvalidOperationException(failures[0]);
    }
}
