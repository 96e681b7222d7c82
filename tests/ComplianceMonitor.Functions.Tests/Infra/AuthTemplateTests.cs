using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ComplianceMonitor.Domain.Jurisdictions;

namespace ComplianceMonitor.Functions.Tests.Infra;

/// <summary>
/// Sign-in in the compiled template: App Service authentication (authsettingsV2) is on for the function app, requires
/// authentication, answers 401 to unauthenticated calls, and takes the Entra issuer and audiences from parameters; the
/// app roles the preprovision hook creates are exactly <c>city</c> + one <c>district:&lt;code&gt;</c> per jurisdiction.
/// </summary>
[Trait("Category", "unit")]
[Collection(BicepCollection.Name)]
public sealed partial class AuthTemplateTests(BicepTemplateFixture fixture)
{
    private JsonObject AuthSettings
    {
        get
        {
            var configs = fixture.Main.Module("functions").ResourcesOfType("Microsoft.Web/sites/config")
                .Where(r => ((string?)r["name"])?.Contains("'authsettingsV2'", StringComparison.Ordinal) == true)
                .ToList();
            return Assert.IsType<JsonObject>(Assert.Single(configs)["properties"]);
        }
    }

    [Fact]
    public void AuthSettings_GlobalValidation_RequiresAuthenticationAndReturns401()
    {
        var auth = AuthSettings;

        Assert.True(auth["platform"]!["enabled"]!.GetValue<bool>());
        Assert.True(auth["globalValidation"]!["requireAuthentication"]!.GetValue<bool>());
        Assert.Equal("Return401", (string?)auth["globalValidation"]!["unauthenticatedClientAction"]);
        // Only the console's static files are let through without a session (ConsoleSignInTemplateTests).
        Assert.Equal("[variables('consoleFilePaths')]", (string?)auth["globalValidation"]!["excludedPaths"]);
        Assert.True(auth["httpSettings"]!["requireHttps"]!.GetValue<bool>());
        Assert.False(auth["login"]!["tokenStore"]!["enabled"]!.GetValue<bool>());
    }

    [Fact]
    public void AuthSettings_EntraProvider_TakesClientIdIssuerAndAudiencesFromParameters()
    {
        var aad = AuthSettings["identityProviders"]!["azureActiveDirectory"]!;

        Assert.True(aad["enabled"]!.GetValue<bool>());
        Assert.Equal("[parameters('authClientId')]", (string?)aad["registration"]!["clientId"]);
        Assert.Equal("[parameters('authOpenIdIssuer')]", (string?)aad["registration"]!["openIdIssuer"]);
        Assert.Equal("[parameters('authAllowedAudiences')]", (string?)aad["validation"]!["allowedAudiences"]);
        Assert.Null(aad["registration"]!["clientSecretSettingName"]);
    }

    [Fact]
    public void Main_AuthParameters_FlowIntoTheFunctionsModule()
    {
        var main = fixture.Main;

        Assert.Equal("[parameters('authClientId')]", (string?)main.ModuleArgument("functions", "authClientId"));
        Assert.Equal("[variables('authIssuer')]", (string?)main.ModuleArgument("functions", "authOpenIdIssuer"));
        Assert.Equal("[variables('authAudiences')]", (string?)main.ModuleArgument("functions", "authAllowedAudiences"));

        // The client id is required (no default, at least one character): a deployment without sign-in does not exist.
        var clientId = main.Parameter("authClientId");
        Assert.Null(clientId["defaultValue"]);
        Assert.Equal(1, clientId["minLength"]!.GetValue<int>());

        // Defaults: the v2 issuer of the deployment tenant, and the app's own audiences.
        Assert.Equal(
            "[if(empty(parameters('authOpenIdIssuer')), format('{0}{1}/v2.0', environment().authentication.loginEndpoint, variables('authTenant')), parameters('authOpenIdIssuer'))]",
            (string?)main.Variable("authIssuer"));
        Assert.Equal(
            "[if(empty(parameters('authAllowedAudiences')), createArray(format('api://{0}', parameters('authClientId')), parameters('authClientId')), parameters('authAllowedAudiences'))]",
            (string?)main.Variable("authAudiences"));
        Assert.Equal("[if(empty(parameters('authTenantId')), tenant().tenantId, parameters('authTenantId'))]", (string?)main.Variable("authTenant"));
    }

    [Fact]
    public void MainParametersJson_MapsTheHookOutputsToTheAuthParameters()
    {
        var parameters = JsonNode.Parse(File.ReadAllText(Path.Combine(fixture.RepoRoot, "infra", "main.parameters.json")))!["parameters"]!;

        Assert.Equal("${AUTH_CLIENT_ID}", (string?)parameters["authClientId"]!["value"]);
        Assert.Equal("${AUTH_TENANT_ID}", (string?)parameters["authTenantId"]!["value"]);
    }

    [Fact]
    public void AppSettings_DevelopmentPrincipalSetting_IsNeverDeployed()
    {
        var keys = fixture.AppSettings.Select(p => p.Key).ToList();

        Assert.DoesNotContain(keys, k => k.StartsWith("Auth__", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain("WEBSITE_AUTH_ENABLED", keys);
    }

    [Fact]
    public void AppRoles_AreCityAndOneDistrictRolePerJurisdiction_WithFixedUniqueIds()
    {
        var roles = JsonNode.Parse(File.ReadAllText(Path.Combine(fixture.RepoRoot, "infra", "entra", "app-roles.json")))!.AsArray();

        var values = roles.Select(r => (string?)r!["value"]).ToList();
        Assert.Equal(["city", .. Jurisdiction.All.Select(j => "district:" + j.Code)], values);
        Assert.Equal(roles.Count, roles.Select(r => Guid.Parse((string)r!["id"]!)).Distinct().Count());
        Assert.All(roles, r =>
        {
            Assert.True(r!["isEnabled"]!.GetValue<bool>());
            Assert.Equal(["User", "Application"], r["allowedMemberTypes"]!.AsArray().Select(t => (string?)t));
            // Graph: at most 120 characters from its allowed set, no spaces, not starting with '.'.
            Assert.Matches(AppRoleValue(), (string)r["value"]!);
        });
    }

    [Fact]
    public void AzureYaml_PreprovisionHook_RunsTheEntraScriptThatAppliesTheRolesFile()
    {
        var yaml = File.ReadAllText(Path.Combine(fixture.RepoRoot, "azure.yaml"));
        var script = File.ReadAllText(Path.Combine(fixture.RepoRoot, "infra", "scripts", "entra-app.sh"));

        Assert.Contains("hooks:\n  # ", yaml, StringComparison.Ordinal);
        Assert.Contains("  preprovision:\n    posix:\n      shell: sh\n      run: bash infra/scripts/entra-app.sh\n", yaml, StringComparison.Ordinal);
        Assert.Contains("az ad app create", script, StringComparison.Ordinal);
        Assert.Contains("--app-roles \"@${roles_file}\"", script, StringComparison.Ordinal);
        Assert.Contains("infra/entra/app-roles.json", script, StringComparison.Ordinal);
        Assert.Contains("azd env set AUTH_CLIENT_ID", script, StringComparison.Ordinal);
        Assert.Contains("azd env set AUTH_TENANT_ID", script, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^(?!\.)[0-9A-Za-z:{#$!.\-,+/*)(:'&%;<@?\[>\]^_|~}`=]{1,120}$")]
    private static partial Regex AppRoleValue();
}
