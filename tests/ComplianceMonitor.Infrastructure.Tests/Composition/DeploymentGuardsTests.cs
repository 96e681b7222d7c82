using ComplianceMonitor.Infrastructure.Composition;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceMonitor.Infrastructure.Tests.Composition;

/// <summary>The start-up refusals: each stops composition with the setting named.</summary>
[Trait("Category", "unit")]
public sealed class DeploymentGuardsTests
{
    private static readonly (string, string?)[] AzureWithProviders =
    [
        ("WEBSITE_INSTANCE_ID", "a1b2c3"),
        ("WEBSITE_AUTH_ENABLED", "True"),
        ("Email:SendGridApiKey", "SG.key"),
        ("Sms:TwilioAccountSid", "AC0123"),
        ("Sms:TwilioAuthToken", "token"),
    ];

    private static IConfiguration Config(params (string Key, string? Value)[] settings) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();

    [Fact]
    public void Validate_UnresolvedKeyVaultReference_IsRefusedNamingTheSetting()
    {
        var config = Config(("Email:SendGridApiKey", "@Microsoft.KeyVault(SecretUri=https://kv-x.vault.azure.net/secrets/SendGridApiKey)"));

        var ex = Assert.Throws<InvalidOperationException>(() => DeploymentGuards.Validate(config));

        Assert.StartsWith("Email__SendGridApiKey: the value is an unresolved Key Vault reference (@Microsoft.KeyVault(...)).", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("kv-x", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_TwoUnresolvedReferences_NamesBoth()
    {
        var config = Config(
            ("Sms:TwilioAuthToken", " @microsoft.keyvault(VaultName=kv;SecretName=TwilioAuthToken)"),
            ("Email:SendGridApiKey", "@Microsoft.KeyVault(SecretUri=https://kv/secrets/a)"));

        var ex = Assert.Throws<InvalidOperationException>(() => DeploymentGuards.Validate(config));

        Assert.StartsWith("Email__SendGridApiKey, Sms__TwilioAuthToken: ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_DevelopmentPrincipalInAzure_IsRefused()
    {
        var config = Config([.. AzureWithProviders, ("Auth:AllowDevelopmentPrincipal", "true")]);

        var ex = Assert.Throws<InvalidOperationException>(() => DeploymentGuards.Validate(config));

        Assert.StartsWith("Auth__AllowDevelopmentPrincipal=true is refused", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Email:SendGridHost", "http://sendgrid-proxy.example.com", "Email__SendGridHost: 'http://sendgrid-proxy.example.com' must be an https URL; plain http is accepted only for a loopback test server")]
    [InlineData("Sms:TwilioBaseUrl", "http://10.0.0.5:8080/", "Sms__TwilioBaseUrl: 'http://10.0.0.5:8080' must be an https URL; plain http is accepted only for a loopback test server")]
    public void Validate_HttpProviderUrlLocallyNotLoopback_IsRefused(string key, string value, string expectedStart)
    {
        var ex = Assert.Throws<InvalidOperationException>(() => DeploymentGuards.Validate(Config((key, value))));

        Assert.StartsWith(expectedStart, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://localhost:5001")]
    [InlineData("http://127.0.0.1:9999/")]
    [InlineData("http://[::1]:8080")]
    [InlineData("https://api.sendgrid.example")]
    public void Validate_LoopbackHttpOrHttpsLocally_IsAccepted(string value)
    {
        DeploymentGuards.Validate(Config(("Email:SendGridHost", value), ("Sms:TwilioBaseUrl", value)));
    }

    [Fact]
    public void Validate_LoopbackHttpInAzure_IsRefused()
    {
        var config = Config([.. AzureWithProviders, ("Sms:TwilioBaseUrl", "http://localhost:5001")]);

        var ex = Assert.Throws<InvalidOperationException>(() => DeploymentGuards.Validate(config));

        Assert.Equal("Sms__TwilioBaseUrl: 'http://localhost:5001' must be an https URL (this process runs in Azure).", ex.Message);
    }

    [Fact]
    public void Validate_OutboxInAzure_IsRefusedNamingTheMissingCredentials()
    {
        var config = Config(("WEBSITE_INSTANCE_ID", "a1b2c3"), ("WEBSITE_AUTH_ENABLED", "True"), ("Sms:TwilioAccountSid", "AC0123"));

        var ex = Assert.Throws<InvalidOperationException>(() => DeploymentGuards.Validate(config));

        Assert.StartsWith("Email__SendGridApiKey, Sms__TwilioAuthToken: not set, so reminders would be written to outbox files, which do not run in Azure", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_AzureWithProvidersAndPlatformAuth_Passes()
    {
        DeploymentGuards.Validate(Config(AzureWithProviders));
    }

    [Fact]
    public void Validate_LocalWithoutProviders_PassesSoTheOutboxIsUsed()
    {
        DeploymentGuards.Validate(Config(("Email:OutboxFolder", "outbox")));
    }

    [Fact]
    public void AddComplianceMonitor_UnresolvedReference_StopsCompositionBeforeAnythingIsRegistered()
    {
        var services = new ServiceCollection();
        var config = Config(("ComplianceStorage:ConnectionString", "UseDevelopmentStorage=true"), ("Sms:TwilioAuthToken", "@Microsoft.KeyVault(SecretUri=https://kv/secrets/t)"));

        var ex = Assert.Throws<InvalidOperationException>(() => services.AddComplianceMonitor(config));

        Assert.StartsWith("Sms__TwilioAuthToken: ", ex.Message, StringComparison.Ordinal);
        Assert.Empty(services);
    }
}
