using System.Text;
using ComplianceMonitor.Api.Auth;
using ComplianceMonitor.Functions.Tests.Support;

namespace ComplianceMonitor.Functions.Tests.Auth;

[Trait("Category", "unit")]
public sealed class ClientPrincipalTests
{
    private static string Base64(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void TryParse_AppServiceHeaderWithDistrictRole_ReachesThatDistrictOnly()
    {
        var header = Base64("""
            {"auth_typ":"aad",
             "claims":[{"typ":"name","val":"王五"},
                       {"typ":"http://schemas.microsoft.com/ws/2008/06/identity/claims/role","val":"district:110111"}],
             "name_typ":"name",
             "role_typ":"http://schemas.microsoft.com/ws/2008/06/identity/claims/role"}
            """);

        Assert.True(ClientPrincipal.TryParse(header, out var principal, out var error));

        Assert.Null(error);
        Assert.Equal("aad", principal.AuthenticationType);
        Assert.Equal("王五", principal.Name);
        Assert.Equal(["district:110111"], principal.Roles);
        Assert.False(principal.IsCity);
        Assert.Equal(["110111"], principal.Districts);
        Assert.True(principal.CanAccess("110111"));
        Assert.False(principal.CanAccess("110112"));
        Assert.Equal(["110111"], principal.AccessibleDistricts);
    }

    [Fact]
    public void TryParse_EntraRolesClaimType_CountsAsRoles()
    {
        // Entra ID app roles arrive as typ "roles" while role_typ names the long WS-Federation type.
        var header = Base64("""
            {"auth_typ":"aad","claims":[{"typ":"roles","val":"district:110105"},{"typ":"roles","val":"district:110108"}],
             "name_typ":"http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
             "role_typ":"http://schemas.microsoft.com/ws/2008/06/identity/claims/role"}
            """);

        Assert.True(ClientPrincipal.TryParse(header, out var principal, out _));

        Assert.Equal(["110105", "110108"], principal.AccessibleDistricts);
        Assert.False(principal.CanAccess("110111"));
    }

    [Fact]
    public void TryParse_CityRole_ReachesEveryJurisdiction()
    {
        Assert.True(ClientPrincipal.TryParse(Principals.City(), out var principal, out _));

        Assert.True(principal.IsCity);
        Assert.Equal(18, principal.AccessibleDistricts.Count);
        Assert.True(principal.CanAccess("110192"));
        Assert.False(principal.CanAccess("999999"));
    }

    [Fact]
    public void TryParse_RoleNamesDifferInCase_StillMatch()
    {
        var header = ClientPrincipal.Encode("aad", [new PrincipalClaim("roles", "District:110111"), new PrincipalClaim("roles", "CITY")]);

        Assert.True(ClientPrincipal.TryParse(header, out var principal, out _));

        Assert.True(principal.IsCity);
        Assert.Contains("110111", principal.Districts);
    }

    [Fact]
    public void TryParse_UnknownDistrictCodeInRole_GivesNoAccess()
    {
        var header = ClientPrincipal.Encode("aad", [new PrincipalClaim("roles", "district:999999"), new PrincipalClaim("roles", "district:")]);

        Assert.True(ClientPrincipal.TryParse(header, out var principal, out _));

        Assert.Empty(principal.Districts);
        Assert.Empty(principal.AccessibleDistricts);
        Assert.False(principal.CanAccess("999999"));
    }

    [Fact]
    public void TryParse_NoNameClaimOfNameType_FallsBackToPreferredUsername()
    {
        var header = Base64("""{"auth_typ":"aad","claims":[{"typ":"preferred_username","val":"zhao@bj.example"}],"name_typ":"missing","role_typ":"roles"}""");

        Assert.True(ClientPrincipal.TryParse(header, out var principal, out _));

        Assert.Equal("zhao@bj.example", principal.Name);
        Assert.Equal("zhao@bj.example", principal.Actor);
    }

    [Fact]
    public void Actor_NoNameAtAll_NamesTheProvider()
    {
        var header = Base64("""{"auth_typ":"aad","claims":[],"name_typ":"name","role_typ":"roles"}""");

        Assert.True(ClientPrincipal.TryParse(header, out var principal, out _));

        Assert.Null(principal.Name);
        Assert.Equal("aad:unnamed", principal.Actor);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void TryParse_HeaderAbsent_FalseWithoutError(string? header)
    {
        Assert.False(ClientPrincipal.TryParse(header, out var principal, out var error));

        Assert.Null(principal);
        Assert.Null(error);
    }

    [Theory]
    [InlineData("***not base64***", "not base64")]
    [InlineData("bm90IGpzb24=", "not base64 of a JSON object")]
    [InlineData("WzEsMiwzXQ==", "not base64 of a JSON object")]
    [InlineData("eyJjbGFpbXMiOltdfQ==", "has no auth_typ")]
    [InlineData("eyJhdXRoX3R5cCI6ImFhZCIsImNsYWltcyI6NX0=", "claims is not an array")]
    public void TryParse_HeaderUnreadable_FalseWithReason(string header, string reason)
    {
        Assert.False(ClientPrincipal.TryParse(header, out var principal, out var error));

        Assert.Null(principal);
        Assert.NotNull(error);
        Assert.Contains(ClientPrincipal.HeaderName, error);
        Assert.Contains(reason, error);
    }

    [Fact]
    public void TryParse_UnpaddedBase64Url_IsRead()
    {
        var padded = ClientPrincipal.Encode("aad", [new PrincipalClaim("roles", "city"), new PrincipalClaim("name", "a?b>c")]);
        var url = padded.TrimEnd('=').Replace('+', '-').Replace('/', '_');

        Assert.True(ClientPrincipal.TryParse(url, out var principal, out _));

        Assert.True(principal.IsCity);
    }

    [Fact]
    public void ToString_NeverShowsTheName()
    {
        Assert.True(ClientPrincipal.TryParse(Principals.District("110111", "zhang@example.com"), out var principal, out _));

        var text = principal.ToString();

        Assert.DoesNotContain("zhang", text, StringComparison.Ordinal);
        Assert.Contains("district:110111", text, StringComparison.Ordinal);
    }
}
