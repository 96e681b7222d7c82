using ComplianceMonitor.Application.Access;
using Microsoft.Extensions.Configuration;

namespace ComplianceMonitor.Application.Tests.Access;

[Trait("Category", "unit")]
public sealed class PrincipalHeaderTrustTests
{
    private static PrincipalHeaderTrust From(params (string Key, string? Value)[] settings) =>
        PrincipalHeaderTrust.From(new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build());

    [Theory]
    [InlineData("True")]
    [InlineData("true")]
    [InlineData(" TRUE ")]
    public void From_PlatformAuthOn_TrustsTheHeaderInAzure(string value)
    {
        var trust = From(("WEBSITE_AUTH_ENABLED", value), ("WEBSITE_INSTANCE_ID", "a1b2c3"));

        Assert.True(trust.PlatformAuthentication);
        Assert.True(trust.RunsInAzure);
        Assert.True(trust.TrustsHeader);
        trust.ThrowIfMisconfigured();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("False")]
    [InlineData("1")]
    [InlineData("yes")]
    public void From_PlatformAuthNotExactlyTrue_DoesNotTrustTheHeader(string? value)
    {
        var trust = From(("WEBSITE_AUTH_ENABLED", value), ("WEBSITE_INSTANCE_ID", "a1b2c3"));

        Assert.False(trust.TrustsHeader);
        Assert.Contains("App Service authentication is off", trust.RefusalDetail, StringComparison.Ordinal);
    }

    [Fact]
    public void From_NothingSetLocally_DoesNotTrustTheHeaderAndNamesTheDevelopmentSetting()
    {
        var trust = From();

        Assert.False(trust.TrustsHeader);
        Assert.False(trust.RunsInAzure);
        Assert.Equal(
            "X-MS-CLIENT-PRINCIPAL is not trusted here: App Service authentication is not on (WEBSITE_AUTH_ENABLED) and Auth__AllowDevelopmentPrincipal is not true.",
            trust.RefusalDetail);
    }

    [Fact]
    public void From_DevelopmentSettingLocally_TrustsTheHeader()
    {
        var trust = From(("Auth:AllowDevelopmentPrincipal", "true"));

        Assert.True(trust.DevelopmentAllowed);
        Assert.True(trust.TrustsHeader);
        trust.ThrowIfMisconfigured();
    }

    [Fact]
    public void From_DevelopmentSettingInAzureWithoutPlatformAuth_DoesNotTrustAndRefusesToStart()
    {
        var trust = From(("Auth:AllowDevelopmentPrincipal", "true"), ("WEBSITE_INSTANCE_ID", "a1b2c3"));

        Assert.False(trust.TrustsHeader);
        var ex = Assert.Throws<InvalidOperationException>(trust.ThrowIfMisconfigured);
        Assert.StartsWith("Auth__AllowDevelopmentPrincipal=true is refused: this process runs in Azure (WEBSITE_INSTANCE_ID is set)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void From_DevelopmentSettingFalse_IsNotAllowed()
    {
        var trust = From(("Auth:AllowDevelopmentPrincipal", "false"));

        Assert.False(trust.DevelopmentAllowed);
        Assert.False(trust.TrustsHeader);
    }
}
