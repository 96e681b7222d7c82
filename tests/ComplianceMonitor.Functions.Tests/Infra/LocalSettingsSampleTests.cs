using System.Text.RegularExpressions;

namespace ComplianceMonitor.Functions.Tests.Infra;

/// <summary>Keeps local.settings.sample.json and the function app's Azure app settings (infra/app/functions.bicep) in step.</summary>
[Trait("Category", "azurite")]
[Collection(BicepCollection.Name)]
public sealed partial class LocalSettingsSampleTests(BicepTemplateFixture fixture)
{
    /// <summary>Settings only a local run has (documented in infra/README.md).</summary>
    /// <remarks>
    /// Azure replaces the two connection strings with managed-identity settings, and Flex Consumption
    /// rejects FUNCTIONS_WORKER_RUNTIME (functionAppConfig.runtime names the worker instead).
    /// </remarks>
    private static readonly string[] LocalOnly =
    [
        "AzureWebJobsStorage",
        "FUNCTIONS_WORKER_RUNTIME",
        "ComplianceStorage__ConnectionString",

        // Trusts a hand-made X-MS-CLIENT-PRINCIPAL without App Service authentication; refused at start-up in Azure.
        "Auth__AllowDevelopmentPrincipal",
    ];

    /// <summary>Settings only Azure has: identity-based storage, the identity's client id and telemetry.</summary>
    private static readonly string[] AzureOnly =
    [
        "AzureWebJobsStorage__accountName",
        "AzureWebJobsStorage__credential",
        "AzureWebJobsStorage__clientId",
        "ComplianceStorage__TableServiceUri",
        "ComplianceStorage__QueueServiceUri",
        "ComplianceStorage__credential",
        "ComplianceStorage__clientId",
        "AZURE_CLIENT_ID",
        "APPLICATIONINSIGHTS_CONNECTION_STRING",
        "APPLICATIONINSIGHTS_AUTHENTICATION_STRING",
    ];

    /// <summary>The team's non-secret configuration keys (team brief), each a main.bicep parameter with a default.</summary>
    private static readonly string[] TeamConfigurationKeys =
    [
        "SCAN_SCHEDULE",
        "DISPATCH_SCHEDULE",
        "DIGEST_SCHEDULE",
        "Email__FromAddress",
        "Email__FromName",
        "Email__SendGridHost",
        "Email__OutboxFolder",
        "Sms__TwilioAccountSid",
        "Sms__FromNumber",
        "Sms__WindowStart",
        "Sms__WindowEnd",
        "Sms__OutboxFolder",
        "Digest__DefaultCron",
        "Reminders__DaysBefore",
        "Reminders__OverdueEveryDays",
        "Reminders__TransferWindowDaysBefore",
        "Email__TimeoutSeconds",
        "Sms__TimeoutSeconds",
        "Sms__Signature",
        "Sms__TwilioBaseUrl",
        "Reminders__SmsWithinDays",
        "Tasks__DueDays",
        "Digest__DueWithinDays",
        "Digest__ChartWeeks",
        "Digest__MaxItemsPerSection",
        "Digest__ClaimTimeoutMinutes",
        "Digest__MaxAttempts",
        "Dispatch__ClaimSeconds",
        "Dispatch__MinClaimRemainingSeconds",
        "Dispatch__MaxAttempts",
        "Dispatch__BaseDelaySeconds",
        "Dispatch__MaxDelaySeconds",
        "Dispatch__MaxRetryAfterSeconds",
        "Dispatch__Parallelism",
        "Dispatch__Districts",
    ];

    private static readonly string[] SecretKeys = ["Email__SendGridApiKey", "Sms__TwilioAuthToken"];

    [Fact]
    public void LocalSettingsSample_EveryValue_IsAnAzureAppSettingOrLocalOnly()
    {
        var azure = fixture.AppSettings.Select(p => p.Key).ToHashSet(StringComparer.Ordinal);

        var missing = fixture.LocalSettingsValues
            .Select(p => p.Key)
            .Where(key => !azure.Contains(key) && !LocalOnly.Contains(key))
            .ToList();

        Assert.True(missing.Count == 0, "Not an app setting in infra/app/functions.bicep: " + string.Join(", ", missing));
    }

    [Fact]
    public void AppSettings_EverySetting_IsInLocalSampleOrAzureOnly()
    {
        var local = fixture.LocalSettingsValues.Select(p => p.Key).ToHashSet(StringComparer.Ordinal);

        var missing = fixture.AppSettings
            .Select(p => p.Key)
            .Where(key => !local.Contains(key) && !AzureOnly.Contains(key))
            .ToList();

        Assert.True(missing.Count == 0, "Not in local.settings.sample.json: " + string.Join(", ", missing));
    }

    [Fact]
    public void AppSettings_LocalOnlyKeys_AreNotSetInAzure()
    {
        var azure = fixture.AppSettings.Select(p => p.Key).ToList();

        Assert.Empty(azure.Intersect(LocalOnly));
        Assert.DoesNotContain("FUNCTIONS_EXTENSION_VERSION", azure);
    }

    [Fact]
    public void LocalSettingsSample_LocalOnlyKeys_PointAtAzuriteAndTheIsolatedWorker()
    {
        var values = fixture.LocalSettingsValues;

        Assert.Equal("UseDevelopmentStorage=true", (string?)values["AzureWebJobsStorage"]);
        Assert.Equal("UseDevelopmentStorage=true", (string?)values["ComplianceStorage__ConnectionString"]);
        Assert.Equal("dotnet-isolated", (string?)values["FUNCTIONS_WORKER_RUNTIME"]);
    }

    [Fact]
    public void AppSettings_TeamConfigurationKeys_DefaultToTheLocalSampleValues()
    {
        // Follows each setting back to its main.bicep parameter:
        // "[parameters('settings').scanSchedule]" -> module argument settings.scanSchedule
        // -> "[parameters('scanSchedule')]" -> defaultValue.
        var main = fixture.Main;
        var settingsArgument = main.ModuleArgument("functions", "settings")!.AsObject();
        var defaults = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (key, value) in fixture.AppSettings)
        {
            var match = SettingsFieldPattern().Match(ArmTemplate.AsSettingString(value) ?? string.Empty);
            if (!match.Success)
            {
                continue;
            }

            var parameter = ArmTemplate.ParameterReference(settingsArgument[match.Groups["field"].Value])
                ?? throw new InvalidOperationException($"{key}: settings.{match.Groups["field"].Value} is not a plain main.bicep parameter.");
            defaults[key] = ArmTemplate.AsSettingString(main.Parameter(parameter)["defaultValue"]);
        }

        Assert.Equal(TeamConfigurationKeys.Order(StringComparer.Ordinal), defaults.Keys.Order(StringComparer.Ordinal));
        foreach (var key in TeamConfigurationKeys)
        {
            Assert.True(
                defaults[key] == (string?)fixture.LocalSettingsValues[key],
                $"{key}: main.bicep default '{defaults[key]}' != local sample '{fixture.LocalSettingsValues[key]}'");
        }
    }

    [Fact]
    public void AppSettings_BriefDefaults_AreTheDocumentedValues()
    {
        var values = fixture.LocalSettingsValues;

        Assert.Equal("0 30 21 * * *", (string?)values["SCAN_SCHEDULE"]);
        Assert.Equal("0 */5 * * * *", (string?)values["DISPATCH_SCHEDULE"]);
        Assert.Equal("0 */15 * * * *", (string?)values["DIGEST_SCHEDULE"]);
        Assert.Equal("outbox", (string?)values["Email__OutboxFolder"]);
        Assert.Equal("08:00", (string?)values["Sms__WindowStart"]);
        Assert.Equal("20:00", (string?)values["Sms__WindowEnd"]);
        Assert.Equal("outbox", (string?)values["Sms__OutboxFolder"]);
        Assert.Equal("30 8 * * 1-5", (string?)values["Digest__DefaultCron"]);
        Assert.Equal("90,60,30,14,7,3,1,0", (string?)values["Reminders__DaysBefore"]);
        Assert.Equal("7", (string?)values["Reminders__OverdueEveryDays"]);
        Assert.Equal("7,3,1,0", (string?)values["Reminders__TransferWindowDaysBefore"]);
    }

    [Theory]
    [InlineData("Email__SendGridApiKey", "sendGridApiKeySecretUri")]
    [InlineData("Sms__TwilioAuthToken", "twilioAuthTokenSecretUri")]
    public void AppSettings_Secret_IsKeyVaultReferenceOrEmpty(string key, string secretUriParameter)
    {
        var expression = ArmTemplate.AsSettingString(fixture.AppSettings[key]);

        // Empty URI (no secret stored) -> '' so the app falls back to its outbox instead of using
        // an unresolvable reference as a credential.
        Assert.Equal(
            $"[if(empty(parameters('{secretUriParameter}')), '', format('@Microsoft.KeyVault(SecretUri={{0}})', parameters('{secretUriParameter}')))]",
            expression);
        Assert.Equal(string.Empty, (string?)fixture.LocalSettingsValues[key]);
    }

    [Fact]
    public void MainParameters_Secrets_AreSecureAndOptional()
    {
        foreach (var name in new[] { "sendGridApiKey", "twilioAuthToken" })
        {
            var parameter = fixture.Main.Parameter(name);
            Assert.Equal("securestring", (string?)parameter["type"]);
            Assert.Equal(string.Empty, (string?)parameter["defaultValue"]);
        }

        Assert.All(SecretKeys, key => Assert.Contains(key, fixture.AppSettings.Select(p => p.Key)));
    }

    [Fact]
    public void LocalSettingsSample_LocalAndAzureOnlyKeys_AreDocumentedInInfraReadme()
    {
        var readme = File.ReadAllText(Path.Combine(fixture.RepoRoot, "infra", "README.md"));

        var undocumented = LocalOnly.Concat(AzureOnly).Where(key => !readme.Contains($"`{key}`", StringComparison.Ordinal)).ToList();

        Assert.True(undocumented.Count == 0, "Not named in infra/README.md: " + string.Join(", ", undocumented));
    }

    [GeneratedRegex(@"^\[(?:string\()?parameters\('settings'\)\.(?<field>[A-Za-z0-9_]+)\)?\]$")]
    private static partial Regex SettingsFieldPattern();
}
