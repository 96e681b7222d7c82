using System.Text;
using ComplianceMonitor.Api.Auth;
using ComplianceMonitor.Api.Http;
using ComplianceMonitor.Functions.Tests.Support;
using ComplianceMonitor.Testing.Storage;
using static ComplianceMonitor.Functions.Tests.Adversarial.AttackSurface;

namespace ComplianceMonitor.Functions.Tests.Adversarial;

/// <summary>
/// Theme: who is calling. Without App Service authentication a hand-made <c>X-MS-CLIENT-PRINCIPAL</c> (even "city") is not
/// believed; with it, a header that cannot be read, or none, is refused. Every route answers 401 with the problem naming
/// the header, and nothing is written.
/// </summary>
[Trait("Category", "azurite")]
[Collection("azurite")]
public sealed class ForgedAndMalformedPrincipalTests(AzuriteFixture azurite)
{
    private static readonly Dictionary<string, string?> NoPlatformAuth = new() { ["Auth:AllowDevelopmentPrincipal"] = "false" };

    private static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    /// <summary>Malformed principals (name, header value, expected detail).</summary>
    public static TheoryData<string, string, string> Malformed => new()
    {
        { "not base64", "%%%not-base64%%%", "X-MS-CLIENT-PRINCIPAL is not base64." },
        { "base64 of text", B64("city"), "X-MS-CLIENT-PRINCIPAL is not base64 of a JSON object." },
        { "base64 of an array", B64("""[{"auth_typ":"aad"}]"""), "X-MS-CLIENT-PRINCIPAL is not base64 of a JSON object." },
        { "no auth_typ", B64("""{"claims":[{"typ":"roles","val":"city"}]}"""), "X-MS-CLIENT-PRINCIPAL has no auth_typ." },
        { "claims not an array", B64("""{"auth_typ":"aad","claims":{"typ":"roles","val":"city"}}"""), "X-MS-CLIENT-PRINCIPAL: claims is not an array." },
        { "over 64 KiB", new string('A', 64 * 1024 + 4), "X-MS-CLIENT-PRINCIPAL is longer than 65536 characters." },
    };

    /// <summary>Every route x a forged city principal, on a host without platform authentication.</summary>
    public static TheoryData<string> Routes => Names(EveryRoute);

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task ForgedCityPrincipal_WithoutPlatformAuth_401NotTrustedAndNothingWritten(string route)
    {
        using var host = await SeededAsync(azurite, NoPlatformAuth);
        var before = await StorageSnapshot.TakeAsync(host.Tables);

        var response = await SendAsync(host, Route(route), Principals.City("forger"));

        var problem = AssertProblem(response, 401, ApiResults.UnauthenticatedType);
        Assert.Equal(
            "X-MS-CLIENT-PRINCIPAL is not trusted here: App Service authentication is not on (WEBSITE_AUTH_ENABLED) and Auth__AllowDevelopmentPrincipal is not true.",
            problem.GetProperty("detail").GetString());
        Assert.Equal(ClientPrincipal.HeaderName, problem.GetProperty("errors")[0].GetProperty("field").GetString());
        await AssertNothingWrittenAsync(host, before);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task ForgedCityPrincipal_WithPlatformAuthOn_IsBelieved_ControlCase(string route)
    {
        // The same header is believed when the platform says authentication is on: the 401 above is the trust decision.
        using var host = await SeededAsync(azurite, new Dictionary<string, string?> { ["Auth:AllowDevelopmentPrincipal"] = "false", ["WEBSITE_AUTH_ENABLED"] = "True" });

        var response = await SendAsync(host, Route(route), Principals.City("li.city"));

        Assert.NotEqual(401, (int)response.StatusCode);
    }

    [Fact]
    public async Task MalformedPrincipals_EveryRoute_401NamingTheHeaderAndNothingWritten()
    {
        using var host = await SeededAsync(azurite);
        var before = await StorageSnapshot.TakeAsync(host.Tables);
        var cases = 0;

        foreach (var (name, header, detail) in Malformed.Select(r => ((string)r[0], (string)r[1], (string)r[2])))
        {
            foreach (var attack in EveryRoute)
            {
                var response = await SendAsync(host, attack, header);
                var problem = AssertProblem(response, 401, ApiResults.UnauthenticatedType);
                Assert.True(detail == problem.GetProperty("detail").GetString(), $"{name} on {attack}: {problem.GetProperty("detail").GetString()}");
                cases++;
            }
        }

        foreach (var attack in EveryRoute)
        {
            var response = await SendAsync(host, attack, principal: null);
            Assert.Equal(
                "No X-MS-CLIENT-PRINCIPAL header: sign in through App Service authentication.",
                AssertProblem(response, 401, ApiResults.UnauthenticatedType).GetProperty("detail").GetString());
            cases++;
        }

        Assert.Equal(EveryRoute.Count * 7, cases);
        await AssertNothingWrittenAsync(host, before);
    }

    [Fact]
    public async Task RolesUnderAnotherClaimType_GiveNoScope_IdsLookMissing()
    {
        using var host = await SeededAsync(azurite);
        var before = await StorageSnapshot.TakeAsync(host.Tables);
        var groups = ClientPrincipal.Encode("aad", [new PrincipalClaim("name", "x"), new PrincipalClaim("groups", "city"), new PrincipalClaim("roles", "district:999999")], "name", Principals.WsRoleType);

        foreach (var attack in IdRoutes.Where(a => a.Route != "PutLease"))
        {
            var response = await SendAsync(host, attack, groups);
            AssertProblem(response, 404, ApiResults.NotFoundType);
        }

        await AssertNothingWrittenAsync(host, before);
    }
}
