using ComplianceMonitor.Api.Auth;

namespace ComplianceMonitor.Functions.Tests.Support;

/// <summary>X-MS-CLIENT-PRINCIPAL header values as App Service would send them.</summary>
public static class Principals
{
    /// <summary>The long role claim type App Service puts in <c>role_typ</c>.</summary>
    public const string WsRoleType = "http://schemas.microsoft.com/ws/2008/06/identity/claims/role";

    /// <summary>A district officer of <paramref name="districtCode"/>.</summary>
    public static string District(string districtCode, string name = "wang.officer") =>
        ClientPrincipal.Encode("aad", [new PrincipalClaim("name", name), new PrincipalClaim(WsRoleType, ClientPrincipal.DistrictRolePrefix + districtCode)], "name", WsRoleType);

    /// <summary>A city official (every district).</summary>
    public static string City(string name = "li.city") =>
        ClientPrincipal.Encode("aad", [new PrincipalClaim("name", name), new PrincipalClaim("roles", ClientPrincipal.CityRole)], "name", WsRoleType);

    /// <summary>A signed-in user without any monitoring role.</summary>
    public static string NoRoles(string name = "visitor") =>
        ClientPrincipal.Encode("aad", [new PrincipalClaim("name", name)], "name", WsRoleType);
}
