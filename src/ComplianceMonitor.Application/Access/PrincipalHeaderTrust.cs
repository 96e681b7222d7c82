using Microsoft.Extensions.Configuration;

namespace ComplianceMonitor.Application.Access;

/// <summary>
/// Whether this process may believe the <c>X-MS-CLIENT-PRINCIPAL</c> header: the one place that decision is made, for
/// every host that serves the API (the Functions app and <c>cm serve</c>).
/// </summary>
/// <remarks>
/// <para>App Service authentication sets the header and strips any copy a caller sends, but only when it is on. Without it
/// the header is whatever the caller wrote. So the header is trusted when the platform says authentication is on
/// (<see cref="PlatformAuthVariable"/> is <c>true</c>), or, for local runs and tests only, when
/// <see cref="DevelopmentSettingKey"/> is <c>true</c> and the process is not in Azure (<see cref="AzureInstanceVariable"/>
/// unset). Anything else, including a missing or odd value, is "not trusted" (fail closed).</para>
/// <para><see cref="ThrowIfMisconfigured"/> refuses the development setting in Azure at start-up.</para>
/// </remarks>
public sealed class PrincipalHeaderTrust
{
    /// <summary>Set by App Service to <c>True</c> when its authentication module is on.</summary>
    public const string PlatformAuthVariable = "WEBSITE_AUTH_ENABLED";

    /// <summary>Set on every App Service / Functions instance in Azure.</summary>
    public const string AzureInstanceVariable = "WEBSITE_INSTANCE_ID";

    /// <summary>The development setting (<c>Auth__AllowDevelopmentPrincipal</c> as an environment variable).</summary>
    public const string DevelopmentSettingKey = "Auth:AllowDevelopmentPrincipal";

    /// <summary>The development setting as an app setting / environment variable name.</summary>
    public const string DevelopmentSettingName = "Auth__AllowDevelopmentPrincipal";

    /// <summary>Creates the decision from its three inputs.</summary>
    public PrincipalHeaderTrust(bool platformAuthentication, bool runsInAzure, bool developmentAllowed)
    {
        PlatformAuthentication = platformAuthentication;
        RunsInAzure = runsInAzure;
        DevelopmentAllowed = developmentAllowed;
    }

    /// <summary>Whether App Service authentication is on (<see cref="PlatformAuthVariable"/> is <c>true</c>, any case).</summary>
    public bool PlatformAuthentication { get; }

    /// <summary>Whether the process runs in Azure (<see cref="AzureInstanceVariable"/> is set).</summary>
    public bool RunsInAzure { get; }

    /// <summary>Whether the development setting asks to trust the header without the platform.</summary>
    public bool DevelopmentAllowed { get; }

    /// <summary>Whether the header may be believed.</summary>
    public bool TrustsHeader => PlatformAuthentication || (DevelopmentAllowed && !RunsInAzure);

    /// <summary>The 401 detail when the header is present but not trusted.</summary>
    public string RefusalDetail =>
        RunsInAzure
            ? "App Service authentication is off for this app, so X-MS-CLIENT-PRINCIPAL cannot be trusted; sign in through Microsoft Entra ID once authentication is configured (infra/README.md, \"Sign-in\")."
            : $"X-MS-CLIENT-PRINCIPAL is not trusted here: App Service authentication is not on ({PlatformAuthVariable}) and {DevelopmentSettingName} is not true.";

    /// <summary>Reads the decision from configuration (environment variables are part of it in every host).</summary>
    public static PrincipalHeaderTrust From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return new PrincipalHeaderTrust(
            IsTrue(configuration[PlatformAuthVariable]),
            !string.IsNullOrWhiteSpace(configuration[AzureInstanceVariable]),
            IsTrue(configuration[DevelopmentSettingKey]));
    }

    /// <summary>Refuses to start when the development setting is on in Azure; names the setting.</summary>
    /// <exception cref="InvalidOperationException">The development setting is true and the process runs in Azure.</exception>
    public void ThrowIfMisconfigured()
    {
        if (DevelopmentAllowed && RunsInAzure)
        {
            throw new InvalidOperationException(
                $"{DevelopmentSettingName}=true is refused: this process runs in Azure ({AzureInstanceVariable} is set), where only App Service authentication may vouch for the caller. Remove the setting.");
        }
    }

    private static bool IsTrue(string? value) => bool.TryParse(value?.Trim(), out var b) && b;
}
