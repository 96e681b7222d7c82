using System.Text.RegularExpressions;
using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Application.Reminders.Sms;
using Microsoft.Extensions.Options;

namespace ComplianceMonitor.Infrastructure.Reminders;

/// <summary>SMS settings, bound from the <c>Sms__*</c> keys (team brief, "Configuration keys").</summary>
/// <remarks>With no Twilio account SID and auth token, SMS are appended to a .jsonl file in <see cref="OutboxFolder"/>.</remarks>
public sealed partial class SmsOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Sms";

    /// <summary>The Twilio account SID (<c>Sms__TwilioAccountSid</c>), AC followed by 32 hex digits.</summary>
    /// <value>The default value is null: write to the outbox folder.</value>
    public string? TwilioAccountSid { get; set; }

    /// <summary>The Twilio auth token (<c>Sms__TwilioAuthToken</c>; a secret).</summary>
    /// <value>The default value is null.</value>
    public string? TwilioAuthToken { get; set; }

    /// <summary>The sender (<c>Sms__FromNumber</c>): an E.164 number, or a messaging service SID (MG…).</summary>
    /// <value>The default value is null (required with Twilio credentials).</value>
    public string? FromNumber { get; set; }

    /// <summary>The start of the SMS window, Beijing time, HH:mm (<c>Sms__WindowStart</c>).</summary>
    /// <value>The default value is 08:00.</value>
    public string WindowStart { get; set; } = "08:00";

    /// <summary>The end (exclusive) of the SMS window, Beijing time, HH:mm (<c>Sms__WindowEnd</c>).</summary>
    /// <value>The default value is 20:00.</value>
    public string WindowEnd { get; set; } = "20:00";

    /// <summary>Where the .jsonl file goes when no credentials are set (<c>Sms__OutboxFolder</c>).</summary>
    /// <value>The default value is outbox.</value>
    public string OutboxFolder { get; set; } = "outbox";

    /// <summary>A base URL replacing https://api.twilio.com (<c>Sms__TwilioBaseUrl</c>); for tests against a local server.</summary>
    /// <value>The default value is null: Twilio's own hosts.</value>
    public string? TwilioBaseUrl { get; set; }

    /// <summary>How long one Twilio call may take before it counts as a transient failure (<c>Sms__TimeoutSeconds</c>).</summary>
    /// <value>The default value is 30.</value>
    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>The signature in 【】 at the start of each SMS (<c>Sms__Signature</c>).</summary>
    /// <value>The default value is 【先租后让监管】.</value>
    public string Signature { get; set; } = SmsComposer.DefaultSignature;

    /// <summary>Whether Twilio credentials are configured.</summary>
    public bool UsesTwilio => !string.IsNullOrWhiteSpace(TwilioAccountSid) && !string.IsNullOrWhiteSpace(TwilioAuthToken);

    /// <summary>The SMS window these settings describe.</summary>
    public SmsWindow Window() => SmsWindow.Parse(WindowStart, WindowEnd);

    [GeneratedRegex("^AC[0-9a-fA-F]{32}$")]
    internal static partial Regex AccountSidPattern();

    [GeneratedRegex("^MG[0-9a-fA-F]{32}$")]
    internal static partial Regex MessagingServicePattern();
}

/// <summary>Checks <see cref="SmsOptions"/> at start-up; each failure names its configuration key.</summary>
public sealed class SmsOptionsValidator : IValidateOptions<SmsOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, SmsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var hasSid = !string.IsNullOrWhiteSpace(options.TwilioAccountSid);
        var hasToken = !string.IsNullOrWhiteSpace(options.TwilioAuthToken);
        if (hasSid != hasToken)
        {
            failures.Add(hasSid
                ? "Sms__TwilioAuthToken: required when Sms__TwilioAccountSid is set"
                : "Sms__TwilioAccountSid: required when Sms__TwilioAuthToken is set");
        }

        if (hasSid && !SmsOptions.AccountSidPattern().IsMatch(options.TwilioAccountSid!))
        {
            failures.Add("Sms__TwilioAccountSid: must be AC followed by 32 hex digits");
        }

        if (options.UsesTwilio && string.IsNullOrWhiteSpace(options.FromNumber))
        {
            failures.Add("Sms__FromNumber: required when Twilio credentials are set");
        }

        if (!string.IsNullOrWhiteSpace(options.FromNumber) &&
            !PhoneNumbers.IsE164(options.FromNumber) && !SmsOptions.MessagingServicePattern().IsMatch(options.FromNumber))
        {
            failures.Add($"Sms__FromNumber: '{ContactMask.Phone(options.FromNumber)}' is neither an E.164 number nor a messaging service SID (MG…)");
        }

        try
        {
            _ = options.Window();
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            failures.Add(ex.Message);
        }

        if (!string.IsNullOrWhiteSpace(options.TwilioBaseUrl) &&
            (!Uri.TryCreate(options.TwilioBaseUrl, UriKind.Absolute, out var baseUrl) || (baseUrl.Scheme != Uri.UriSchemeHttps && baseUrl.Scheme != Uri.UriSchemeHttp)))
        {
            failures.Add($"Sms__TwilioBaseUrl: '{options.TwilioBaseUrl}' is not an absolute http(s) URL");
        }

        if (string.IsNullOrWhiteSpace(options.OutboxFolder))
        {
            failures.Add("Sms__OutboxFolder: must not be empty");
        }

        if (options.TimeoutSeconds is < 1 or > 300)
        {
            failures.Add($"Sms__TimeoutSeconds: {options.TimeoutSeconds} is outside 1-300");
        }

        if (string.IsNullOrWhiteSpace(options.Signature))
        {
            failures.Add("Sms__Signature: must not be empty");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
