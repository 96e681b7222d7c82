using System.Net.Mail;
using Microsoft.Extensions.Options;

namespace ComplianceMonitor.Infrastructure.Reminders;

/// <summary>Email settings, bound from the <c>Email__*</c> keys (team brief, "Configuration keys").</summary>
/// <remarks>With no <see cref="SendGridApiKey"/>, emails are written as .eml files to <see cref="OutboxFolder"/>.</remarks>
public sealed class EmailOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Email";

    /// <summary>The default sender address, a placeholder that must be replaced before sending through SendGrid.</summary>
    public const string PlaceholderFromAddress = "noreply@compliancemonitor.invalid";

    /// <summary>The SendGrid API key (<c>Email__SendGridApiKey</c>; a secret, a Key Vault reference in Azure).</summary>
    /// <value>The default value is null: write to the outbox folder.</value>
    public string? SendGridApiKey { get; set; }

    /// <summary>The sender address (<c>Email__FromAddress</c>); must be a verified SendGrid sender in production.</summary>
    /// <value>The default value is noreply@compliancemonitor.invalid (accepted only for the outbox folder).</value>
    public string FromAddress { get; set; } = PlaceholderFromAddress;

    /// <summary>The sender's display name (<c>Email__FromName</c>).</summary>
    /// <value>The default value is 北京市工业用地先租后让监管.</value>
    public string FromName { get; set; } = "北京市工业用地先租后让监管";

    /// <summary>The SendGrid base URL (<c>Email__SendGridHost</c>); tests point it at a local server.</summary>
    /// <value>The default value is null: https://api.sendgrid.com.</value>
    public string? SendGridHost { get; set; }

    /// <summary>Where .eml files go when no API key is set (<c>Email__OutboxFolder</c>), relative to the working directory.</summary>
    /// <value>The default value is outbox.</value>
    public string OutboxFolder { get; set; } = "outbox";

    /// <summary>How long one SendGrid call may take before it counts as a transient failure (<c>Email__TimeoutSeconds</c>).</summary>
    /// <value>The default value is 30.</value>
    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>Whether a SendGrid API key is configured.</summary>
    public bool UsesSendGrid => !string.IsNullOrWhiteSpace(SendGridApiKey);
}

/// <summary>Checks <see cref="EmailOptions"/> at start-up; each failure names its configuration key.</summary>
public sealed class EmailOptionsValidator : IValidateOptions<EmailOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, EmailOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.FromAddress) || !MailAddress.TryCreate(options.FromAddress, out _))
        {
            failures.Add($"Email__FromAddress: '{options.FromAddress}' is not an email address");
        }
        else if (options.UsesSendGrid && options.FromAddress.EndsWith(".invalid", StringComparison.OrdinalIgnoreCase))
        {
            failures.Add("Email__FromAddress: set a verified sender address before sending through SendGrid");
        }

        if (options.FromName?.IndexOfAny(['\r', '\n']) >= 0)
        {
            failures.Add("Email__FromName: must not contain line breaks");
        }

        if (!string.IsNullOrWhiteSpace(options.SendGridHost) &&
            (!Uri.TryCreate(options.SendGridHost, UriKind.Absolute, out var host) || (host.Scheme != Uri.UriSchemeHttps && host.Scheme != Uri.UriSchemeHttp)))
        {
            failures.Add($"Email__SendGridHost: '{options.SendGridHost}' is not an absolute http(s) URL");
        }

        if (string.IsNullOrWhiteSpace(options.OutboxFolder))
        {
            failures.Add("Email__OutboxFolder: must not be empty");
        }

        if (options.TimeoutSeconds is < 1 or > 300)
        {
            failures.Add($"Email__TimeoutSeconds: {options.TimeoutSeconds} is outside 1-300");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
