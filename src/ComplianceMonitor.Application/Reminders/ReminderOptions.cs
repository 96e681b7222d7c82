using System.Globalization;
using Microsoft.Extensions.Options;

namespace ComplianceMonitor.Application.Reminders;

/// <summary>The <see cref="ReminderCadence"/> settings as bound from the <c>Reminders</c> section; absent (or blank) keys take their defaults.</summary>
/// <remarks>
/// The values are kept as text so that <see cref="ReminderOptionsValidator"/> can name a bad key with the same message
/// as before (a list of days such as <c>90,60,30</c> is not something the configuration binder reads into numbers).
/// The host binds them with <c>AddOptions&lt;ReminderOptions&gt;().BindConfiguration(SectionName)</c>, validates them on start, and
/// builds the one <see cref="ReminderCadence"/> from them with <see cref="ToCadence"/>.
/// </remarks>
public sealed class ReminderOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = ReminderCadence.SectionName;

    /// <summary>Days before the deadline, comma separated (<c>Reminders__DaysBefore</c>).</summary>
    /// <value>The default value is null: 90,60,30,14,7,3,1,0.</value>
    public string? DaysBefore { get; set; }

    /// <summary>Interval of the overdue reminders in days (<c>Reminders__OverdueEveryDays</c>).</summary>
    /// <value>The default value is null: 7.</value>
    public string? OverdueEveryDays { get; set; }

    /// <summary>Days before the transfer window's deadline, comma separated (<c>Reminders__TransferWindowDaysBefore</c>).</summary>
    /// <value>The default value is null: 7,3,1,0.</value>
    public string? TransferWindowDaysBefore { get; set; }

    /// <summary>SMS goes for deadlines at most this many days away (<c>Reminders__SmsWithinDays</c>).</summary>
    /// <value>The default value is null: 7.</value>
    public string? SmsWithinDays { get; set; }

    /// <summary>The cadence these settings describe.</summary>
    /// <exception cref="OptionsValidationException">A setting is invalid; the message names each bad key.</exception>
    public ReminderCadence ToCadence()
    {
        var failures = new List<string>();
        var cadence = TryBuild(failures);
        return cadence ?? throw new OptionsValidationException(Options.DefaultName, typeof(ReminderOptions), failures);
    }

    /// <summary>Builds the cadence, or adds one message per bad key to <paramref name="failures"/> and returns null.</summary>
    internal ReminderCadence? TryBuild(List<string> failures)
    {
        var d = ReminderCadence.Default;
        var daysBefore = ParseList(DaysBefore, nameof(DaysBefore), failures);
        var transfer = ParseList(TransferWindowDaysBefore, nameof(TransferWindowDaysBefore), failures);
        var every = ParseInt(OverdueEveryDays, nameof(OverdueEveryDays), failures);
        var sms = ParseInt(SmsWithinDays, nameof(SmsWithinDays), failures);

        // Each key is checked on its own (the others at their defaults), so every bad one is named.
        Check(() => _ = new ReminderCadence(daysBefore ?? d.DaysBefore, d.OverdueEveryDays, d.TransferWindowDaysBefore, d.SmsWithinDays), daysBefore, nameof(DaysBefore), failures);
        Check(() => _ = new ReminderCadence(d.DaysBefore, d.OverdueEveryDays, transfer ?? d.TransferWindowDaysBefore, d.SmsWithinDays), transfer, nameof(TransferWindowDaysBefore), failures);
        Check(() => _ = new ReminderCadence(d.DaysBefore, every ?? d.OverdueEveryDays, d.TransferWindowDaysBefore, d.SmsWithinDays), every, nameof(OverdueEveryDays), failures);
        Check(() => _ = new ReminderCadence(d.DaysBefore, d.OverdueEveryDays, d.TransferWindowDaysBefore, sms ?? d.SmsWithinDays), sms, nameof(SmsWithinDays), failures);
        if (failures.Count > 0)
        {
            return null;
        }

        return new ReminderCadence(daysBefore ?? d.DaysBefore, every ?? d.OverdueEveryDays, transfer ?? d.TransferWindowDaysBefore, sms ?? d.SmsWithinDays);
    }

    private static void Check(Action build, object? value, string key, List<string> failures)
    {
        if (value is null)
        {
            return;
        }

        try
        {
            build();
        }
        catch (ArgumentException ex)
        {
            failures.Add($"Configuration {SectionName}__{key} is invalid: {ex.Message}");
        }
    }

    private static int[]? ParseList(string? text, string key, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var result = new int[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out result[i]))
            {
                failures.Add($"Configuration {SectionName}__{key} must be a comma-separated list of whole days, e.g. 90,60,30 (got '{text}').");
                return null;
            }
        }

        return result;
    }

    private static int? ParseInt(string? text, string key, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        failures.Add($"Configuration {SectionName}__{key} must be a whole number of days (got '{text}').");
        return null;
    }
}

/// <summary>Checks <see cref="ReminderOptions"/> on start; each failure names its key (<c>Reminders__*</c>).</summary>
public sealed class ReminderOptionsValidator : IValidateOptions<ReminderOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, ReminderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        return options.TryBuild(failures) is null ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }
}
