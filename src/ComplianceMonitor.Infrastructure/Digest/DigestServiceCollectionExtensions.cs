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
    /// Registers <see cref="DigestOptions"/> (bound from <c>Digest__*</c> and checked now: a bad key throws naming it),
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
    /// <exception cref="OptionsValidationException">A <c>Digest__*</c> setting is invalid; the message names the key.</exception>
    public static IServiceCollection AddDigest(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var options = DigestConfiguration.Load(configuration);
        var validation = new DigestOptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(Microsoft.Extensions.Options.Options.DefaultName, typeof(DigestOptions), validation.Failures);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(WorkingDayCalendar.Default);
        services.TryAddSingleton<IOptions<DigestOptions>>(Microsoft.Extensions.Options.Options.Create(options));
        services.TryAddSingleton<IAlertStore, TableAlertStore>();
        services.TryAddSingleton<ITaskStore, TableTaskStore>();
        services.TryAddSingleton<IOutboxStore, TableOutboxStore>();
        services.TryAddSingleton<IRunStore, TableRunStore>();
        services.TryAddSingleton<IChannelPauseStore, TableChannelPauseStore>();
        services.TryAddSingleton<IDigestRecordStore, TableDigestRecordStore>();
        services.TryAddSingleton<IDigestScheduleStore, TableDigestScheduleStore>();
        services.AddConsoleLinks(configuration);
        services.TryAddSingleton<IDigestRenderer>(sp => new FluidDigestRenderer(sp.GetRequiredService<ConsoleLinks>()));
        services.TryAddSingleton(sp => new DigestBuilder(options, sp.GetRequiredService<WorkingDayCalendar>()));
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
        var section = configuration.GetSection(DigestOptions.SectionName);
        var options = new DigestOptions();
        if (!string.IsNullOrWhiteSpace(section["DefaultCron"]))
        {
            options.DefaultCron = section["DefaultCron"]!;
        }

        options.DueWithinDays = Int(section, "DueWithinDays", options.DueWithinDays);
        options.ChartWeeks = Int(section, "ChartWeeks", options.ChartWeeks);
        options.MaxItemsPerSection = Int(section, "MaxItemsPerSection", options.MaxItemsPerSection);
        options.ClaimTimeoutMinutes = Int(section, "ClaimTimeoutMinutes", options.ClaimTimeoutMinutes);
        options.MaxAttempts = Int(section, "MaxAttempts", options.MaxAttempts);
        foreach (var district in section.GetSection("Districts").GetChildren())
        {
            foreach (var setting in district.GetChildren())
            {
                if (setting.Key is not ("Cron" or "Recipients"))
                {
                    throw new InvalidOperationException($"Digest__Districts__{district.Key}__{setting.Key}: unknown setting; expected Cron or Recipients");
                }
            }

            options.Districts[district.Key] = new DistrictDigestOptions { Cron = district["Cron"], Recipients = district["Recipients"] };
        }

        return options;
    }

    private static int Int(IConfigurationSection section, string key, int fallback)
    {
        var text = section[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        return int.TryParse(text.Trim(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new InvalidOperationException($"Digest__{key}: '{text}' is not a whole number");
    }
}
