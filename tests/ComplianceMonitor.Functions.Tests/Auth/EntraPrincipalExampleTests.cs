using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ComplianceMonitor.Api.Auth;
using ComplianceMonitor.Functions.Tests.Infra;

namespace ComplianceMonitor.Functions.Tests.Auth;

/// <summary>Pins the decoded principal documented in infra/README.md ("What the code receives") to what the code reads from it.</summary>
[Trait("Category", "unit")]
public sealed partial class EntraPrincipalExampleTests
{
    private static string ReadmeExample()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "infra", "README.md"));
        var match = ExampleBlock().Match(readme);
        Assert.True(match.Success, "infra/README.md has no <!-- example-principal --> json block");
        return match.Groups["json"].Value;
    }

    [Fact]
    public void ReadmeExample_EncodedAsThePlatformDoes_ReadsTheEntraRolesAndName()
    {
        var json = ReadmeExample();
        var header = Convert.ToBase64String(Encoding.UTF8.GetBytes(json));

        Assert.True(ClientPrincipal.TryParse(header, out var principal, out var error), error);

        Assert.Equal("aad", principal.AuthenticationType);
        Assert.Equal("王芳", principal.Name);
        Assert.Equal("王芳", principal.Actor);
        Assert.Equal(["district:110111", "district:110112"], principal.Roles);
        Assert.False(principal.IsCity);
        Assert.Equal(["110111", "110112"], principal.AccessibleDistricts);
        Assert.False(principal.CanAccess("110115"));
    }

    [Fact]
    public void ReadmeExample_HasTheShapeAppServiceDocuments_WithRolesUnderTheEntraClaimType()
    {
        var root = JsonNode.Parse(ReadmeExample())!.AsObject();

        Assert.Equal(["auth_typ", "claims", "name_typ", "role_typ"], root.Select(p => p.Key));
        Assert.Equal("http://schemas.microsoft.com/ws/2008/06/identity/claims/role", (string?)root["role_typ"]);
        var roleClaims = root["claims"]!.AsArray().Where(c => (string?)c!["typ"] == "roles").Select(c => (string?)c!["val"]);
        Assert.Equal(["district:110111", "district:110112"], roleClaims);
    }

    [Fact]
    public void RolesUnderRoleTyp_AreReadToo()
    {
        // The same principal when the platform maps roles to role_typ: the same scope.
        var json = ReadmeExample().Replace("\"typ\": \"roles\"", "\"typ\": \"http://schemas.microsoft.com/ws/2008/06/identity/claims/role\"", StringComparison.Ordinal);

        Assert.True(ClientPrincipal.TryParse(Convert.ToBase64String(Encoding.UTF8.GetBytes(json)), out var principal, out _));

        Assert.Equal(["110111", "110112"], principal.AccessibleDistricts);
    }

    [GeneratedRegex(@"<!-- example-principal -->\s*```json\s*(?<json>\{.*?\n\})\s*```", RegexOptions.Singleline)]
    private static partial Regex ExampleBlock();
}
