using System.Net;
using ComplianceMonitor.Application.Access;
using Microsoft.Extensions.Configuration;

namespace ComplianceMonitor.Infrastructure.Composition;

/// <summary>
/// Start-up refusals that keep a deployment from running in an unsafe shape. Each throws
/// <see cref="InvalidOperationException"/> naming the setting at fault, so the host stops before it serves anything.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>A value still reading <c>@Microsoft.KeyVault(...)</c>: App Service could not resolve the reference (missing
/// secret, no access), and the literal text would otherwise be used as a key or token.</item>
/// <item><see cref="PrincipalHeaderTrust.DevelopmentSettingName"/> in Azure.</item>
/// <item>A provider base URL (<c>Email__SendGridHost</c>, <c>Sms__TwilioBaseUrl</c>) that is not https, except a
/// loopback http URL outside Azure (a local test server).</item>
/// <item>In Azure, email or SMS that would go to the outbox files (no SendGrid key, no Twilio credentials): files on an
/// instance's disk reach nobody and vanish with it.</item>
/// </list>
/// </remarks>
public static class DeploymentGuards
{
    /// <summary>The prefix of an App Service Key Vault reference.</summary>
    public const string KeyVaultReferencePrefix = "@Microsoft.KeyVault(";

    private static readonly (string Key, string Name)[] ProviderUrls =
    [
        ("Email:SendGridHost", "Email__SendGridHost"),
        ("Sms:TwilioBaseUrl", "Sms__TwilioBaseUrl"),
    ];

    /// <summary>Runs every check against <paramref name="configuration"/>.</summary>
    /// <exception cref="InvalidOperationException">A check failed; the message names the setting.</exception>
    public static void Validate(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var trust = PrincipalHeaderTrust.From(configuration);
        ThrowIfUnresolvedKeyVaultReference(configuration);
        trust.ThrowIfMisconfigured();
        ThrowIfInsecureProviderUrl(configuration, trust.RunsInAzure);
        ThrowIfOutboxInAzure(configuration, trust.RunsInAzure);
    }

    /// <summary>Refuses any setting whose value is an unresolved Key Vault reference.</summary>
    public static void ThrowIfUnresolvedKeyVaultReference(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var unresolved = configuration.AsEnumerable()
            .Where(p => p.Value is { } v && v.TrimStart().StartsWith(KeyVaultReferencePrefix, StringComparison.OrdinalIgnoreCase))
            .Select(p => SettingName(p.Key))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        if (unresolved.Count > 0)
        {
            throw new InvalidOperationException(
                $"{string.Join(", ", unresolved)}: the value is an unresolved Key Vault reference ({KeyVaultReferencePrefix}...)). " +
                "App Service could not read the secret (missing secret, or the app identity lacks 'Key Vault Secrets User'); fix the reference instead of using its text as a credential.");
        }
    }

    /// <summary>Refuses a provider base URL that is not https, unless it is loopback http outside Azure.</summary>
    public static void ThrowIfInsecureProviderUrl(IConfiguration configuration, bool runsInAzure)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        foreach (var (key, name) in ProviderUrls)
        {
            var text = configuration[key];
            if (string.IsNullOrWhiteSpace(text) || !Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri))
            {
                // Blank means the SDK's https default; an unreadable value is reported by the options validators.
                continue;
            }

            if (uri.Scheme == Uri.UriSchemeHttps)
            {
                continue;
            }

            if (!runsInAzure && IsLoopback(uri))
            {
                continue;
            }

            throw new InvalidOperationException(
                $"{name}: '{uri.GetLeftPart(UriPartial.Authority)}' must be an https URL" +
                (runsInAzure ? " (this process runs in Azure)." : "; plain http is accepted only for a loopback test server (localhost, 127.0.0.1, ::1)."));
        }
    }

    /// <summary>In Azure, refuses email or SMS that would be written to outbox files.</summary>
    public static void ThrowIfOutboxInAzure(IConfiguration configuration, bool runsInAzure)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (!runsInAzure)
        {
            return;
        }

        var missing = new List<string>();
        if (string.IsNullOrWhiteSpace(configuration["Email:SendGridApiKey"]))
        {
            missing.Add("Email__SendGridApiKey");
        }

        if (string.IsNullOrWhiteSpace(configuration["Sms:TwilioAccountSid"]))
        {
            missing.Add("Sms__TwilioAccountSid");
        }

        if (string.IsNullOrWhiteSpace(configuration["Sms:TwilioAuthToken"]))
        {
            missing.Add("Sms__TwilioAuthToken");
        }

        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"{string.Join(", ", missing)}: not set, so reminders would be written to outbox files, which do not run in Azure " +
                $"({PrincipalHeaderTrust.AzureInstanceVariable} is set): files on an instance reach nobody. Set the provider credentials (infra/README.md, \"Secrets into Key Vault\").");
        }
    }

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));

    private static string SettingName(string key) => key.Replace(":", "__", StringComparison.Ordinal);
}
