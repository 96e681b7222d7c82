using Cronos;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace ComplianceMonitor.Functions.Composition;

/// <summary>
/// The schedules of the timers and the default digest schedule, checked at start-up: <c>SCAN_SCHEDULE</c>,
/// <c>DISPATCH_SCHEDULE</c>, <c>DIGEST_SCHEDULE</c> (NCRONTAB, 6 fields with seconds, UTC; the host reads them through
/// <c>%NAME%</c> in the trigger attributes) and <c>Digest__DefaultCron</c> (Cronos, 5 fields, Asia/Shanghai).
/// Bound from the configuration root (<c>AddOptions().BindConfiguration(SectionName)</c> with the empty
/// <see cref="SectionName"/>, the keys named by <see cref="ConfigurationKeyNameAttribute"/>); an absent key keeps its
/// default, an empty one is an error.
/// </summary>
public sealed class TimerScheduleOptions
{
    /// <summary>The configuration section: empty, the root (the timer settings are top-level app settings).</summary>
    public const string SectionName = "";

    /// <summary>The app setting of the daily scan schedule.</summary>
    public const string ScanKey = "SCAN_SCHEDULE";

    /// <summary>The app setting of the dispatch schedule.</summary>
    public const string DispatchKey = "DISPATCH_SCHEDULE";

    /// <summary>The app setting of the digest scheduler's schedule.</summary>
    public const string DigestKey = "DIGEST_SCHEDULE";

    /// <summary>The configuration key of the default district digest schedule (<c>Digest__DefaultCron</c>).</summary>
    public const string DigestCronKey = "Digest:DefaultCron";

    /// <summary>The daily scan. <value>The default value is <c>0 30 21 * * *</c> (21:30 UTC = 05:30 Beijing).</value></summary>
    [ConfigurationKeyName(ScanKey)]
    public string ScanSchedule { get; set; } = "0 30 21 * * *";

    /// <summary>The dispatcher. <value>The default value is <c>0 */5 * * * *</c>.</value></summary>
    [ConfigurationKeyName(DispatchKey)]
    public string DispatchSchedule { get; set; } = "0 */5 * * * *";

    /// <summary>The digest scheduler. <value>The default value is <c>0 */15 * * * *</c>.</value></summary>
    [ConfigurationKeyName(DigestKey)]
    public string DigestSchedule { get; set; } = "0 */15 * * * *";

    /// <summary>The default district digest schedule, Beijing time. <value>The default value is <c>30 8 * * 1-5</c>.</value></summary>
    [ConfigurationKeyName(DigestCronKey)]
    public string DigestDefaultCron { get; set; } = "30 8 * * 1-5";
}

/// <summary>Checks <see cref="TimerScheduleOptions"/>; each failure names its app setting and says what is wrong.</summary>
public sealed class TimerScheduleOptionsValidator : IValidateOptions<TimerScheduleOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, TimerScheduleOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        CheckTimer(TimerScheduleOptions.ScanKey, options.ScanSchedule, failures);
        CheckTimer(TimerScheduleOptions.DispatchKey, options.DispatchSchedule, failures);
        CheckTimer(TimerScheduleOptions.DigestKey, options.DigestSchedule, failures);
        Check("Digest__DefaultCron", options.DigestDefaultCron, CronFormat.Standard, 5, "a Cronos expression of 5 fields (minute hour day month weekday), Beijing time, e.g. 30 8 * * 1-5", failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckTimer(string key, string? value, List<string> failures) =>
        Check(key, value, CronFormat.IncludeSeconds, 6, "an NCRONTAB expression of 6 fields (second minute hour day month weekday) in UTC, e.g. 0 30 21 * * *", failures);

    private static void Check(string key, string? value, CronFormat format, int fields, string expected, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            failures.Add($"{key}: empty; expected {expected}.");
            return;
        }

        var count = value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        if (count != fields)
        {
            failures.Add($"{key}: '{value}' has {count} field(s); expected {expected}.");
            return;
        }

        try
        {
            CronExpression.Parse(value, format);
        }
        catch (CronFormatException ex)
        {
            failures.Add($"{key}: '{value}' is not a valid schedule ({ex.Message}); expected {expected}.");
        }
    }
}
