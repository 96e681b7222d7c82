using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using ComplianceMonitor.Domain.Jurisdictions;

namespace ComplianceMonitor.Api.Auth;

/// <summary>One claim of the App Service authentication principal.</summary>
/// <param name="Type">The claim type (<c>typ</c>).</param>
/// <param name="Value">The claim value (<c>val</c>).</param>
public sealed record PrincipalClaim(string Type, string Value);

/// <summary>
/// The caller as App Service authentication ("Easy Auth") describes it in the <c>X-MS-CLIENT-PRINCIPAL</c> header:
/// base64 of <c>{ "auth_typ", "claims": [ { "typ", "val" } ], "name_typ", "role_typ" }</c>.
/// </summary>
/// <remarks>
/// <para>Roles give district scope: <c>city</c> reaches every jurisdiction; <c>district:110111</c> reaches that district
/// only (a code that is not a configured jurisdiction gives nothing). Role names are compared ignoring case; codes exactly.</para>
/// <para>A role is a claim whose type is the principal's <c>role_typ</c>, or <c>roles</c>: Entra ID app roles arrive with
/// type <c>roles</c> while <c>role_typ</c> names the long WS-Federation role type (inferred from the header samples, not
/// from a documented statement). The name is the first claim of type <c>name_typ</c>, else <c>name</c>,
/// <c>preferred_username</c> or the object id.</para>
/// <para>The platform strips this header from outside requests, so only App Service can set it. The HTTP triggers are
/// anonymous at the Functions level (no function keys): App Service authentication and this header are the gate (see the
/// Functions README, "Authorisation").</para>
/// </remarks>
public sealed class ClientPrincipal
{
    /// <summary>The request header App Service authentication sets.</summary>
    public const string HeaderName = "X-MS-CLIENT-PRINCIPAL";

    /// <summary>The role that reaches every jurisdiction.</summary>
    public const string CityRole = "city";

    /// <summary>The prefix of a district role: <c>district:</c> + jurisdiction code.</summary>
    public const string DistrictRolePrefix = "district:";

    /// <summary>The claim type Entra ID uses for app roles inside the principal header.</summary>
    public const string EntraRolesClaimType = "roles";

    private const int MaxHeaderChars = 64 * 1024;

    private static readonly string[] FallbackNameTypes =
    [
        "name",
        "preferred_username",
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name",
        "http://schemas.microsoft.com/identity/claims/objectidentifier",
    ];

    private readonly FrozenSet<string> _districts;

    private ClientPrincipal(string authenticationType, string? name, IReadOnlyList<PrincipalClaim> claims, IReadOnlyList<string> roles)
    {
        AuthenticationType = authenticationType;
        Name = name;
        Claims = claims;
        Roles = roles;
        IsCity = roles.Any(r => string.Equals(r, CityRole, StringComparison.OrdinalIgnoreCase));
        _districts = roles
            .Where(r => r.StartsWith(DistrictRolePrefix, StringComparison.OrdinalIgnoreCase))
            .Select(r => r[DistrictRolePrefix.Length..].Trim())
            .Where(Jurisdiction.IsKnown)
            .ToFrozenSet(StringComparer.Ordinal);
    }

    /// <summary>The identity provider (<c>auth_typ</c>, e.g. <c>aad</c>).</summary>
    public string AuthenticationType { get; }

    /// <summary>The caller's name, or null when the principal carries none.</summary>
    public string? Name { get; }

    /// <summary>Every claim, in header order.</summary>
    public IReadOnlyList<PrincipalClaim> Claims { get; }

    /// <summary>The role values, in header order.</summary>
    public IReadOnlyList<string> Roles { get; }

    /// <summary>Whether the caller has the <c>city</c> role (every jurisdiction).</summary>
    public bool IsCity { get; }

    /// <summary>The configured jurisdictions named by the caller's <c>district:</c> roles.</summary>
    public IReadOnlySet<string> Districts => _districts;

    /// <summary>Who the caller is, for task history: the name, else <c>{auth_typ}:unnamed</c>.</summary>
    public string Actor => string.IsNullOrWhiteSpace(Name) ? $"{AuthenticationType}:unnamed" : Name.Trim();

    /// <summary>Every jurisdiction the caller may read and change, in <see cref="Jurisdiction.All"/> order.</summary>
    public IReadOnlyList<string> AccessibleDistricts =>
        [.. Jurisdiction.All.Select(j => j.Code).Where(CanAccess)];

    /// <summary>Whether the caller may read and change the data of <paramref name="districtCode"/>.</summary>
    public bool CanAccess(string? districtCode) =>
        districtCode is not null && Jurisdiction.IsKnown(districtCode) && (IsCity || _districts.Contains(districtCode));

    /// <summary>Reads the header value; false with a reason when it is present but cannot be read, false with a null reason when absent.</summary>
    /// <param name="headerValue">The base64 value of <see cref="HeaderName"/>, or null when the request has none.</param>
    /// <param name="principal">The principal when the value could be read.</param>
    /// <param name="error">Why the value could not be read; null when the header is simply absent.</param>
    public static bool TryParse(string? headerValue, [NotNullWhen(true)] out ClientPrincipal? principal, out string? error)
    {
        principal = null;
        error = null;
        if (string.IsNullOrWhiteSpace(headerValue))
        {
            return false;
        }

        if (headerValue.Length > MaxHeaderChars)
        {
            error = $"{HeaderName} is longer than {MaxHeaderChars} characters.";
            return false;
        }

        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(Pad(headerValue.Trim()));
        }
        catch (FormatException)
        {
            error = $"{HeaderName} is not base64.";
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(bytes);
            return TryRead(document.RootElement, out principal, out error);
        }
        catch (JsonException)
        {
            error = $"{HeaderName} is not base64 of a JSON object.";
            return false;
        }
    }

    /// <summary>Encodes a principal as App Service does (base64 of the JSON); used by tests and local tooling.</summary>
    public static string Encode(string authenticationType, IEnumerable<PrincipalClaim> claims, string nameType = "name", string roleType = EntraRolesClaimType)
    {
        ArgumentNullException.ThrowIfNull(claims);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("auth_typ", authenticationType);
            writer.WriteStartArray("claims");
            foreach (var claim in claims)
            {
                writer.WriteStartObject();
                writer.WriteString("typ", claim.Type);
                writer.WriteString("val", claim.Value);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteString("name_typ", nameType);
            writer.WriteString("role_typ", roleType);
            writer.WriteEndObject();
        }

        return Convert.ToBase64String(buffer.ToArray());
    }

    private static bool TryRead(JsonElement root, out ClientPrincipal? principal, out string? error)
    {
        principal = null;
        if (root.ValueKind != JsonValueKind.Object)
        {
            error = $"{HeaderName} is not base64 of a JSON object.";
            return false;
        }

        var authType = String(root, "auth_typ");
        if (string.IsNullOrWhiteSpace(authType))
        {
            error = $"{HeaderName} has no auth_typ.";
            return false;
        }

        var claims = new List<PrincipalClaim>();
        if (root.TryGetProperty("claims", out var array))
        {
            if (array.ValueKind != JsonValueKind.Array)
            {
                error = $"{HeaderName}: claims is not an array.";
                return false;
            }

            foreach (var item in array.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.Object && String(item, "typ") is { } typ && String(item, "val") is { } val)
                {
                    claims.Add(new PrincipalClaim(typ, val));
                }
            }
        }

        var nameType = String(root, "name_typ");
        var roleType = String(root, "role_typ");
        var roles = claims
            .Where(c => string.Equals(c.Type, roleType, StringComparison.Ordinal) || string.Equals(c.Type, EntraRolesClaimType, StringComparison.Ordinal))
            .Select(c => c.Value.Trim())
            .Where(v => v.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var name = FirstOf(claims, nameType) ?? FallbackNameTypes.Select(t => FirstOf(claims, t)).FirstOrDefault(v => v is not null);
        principal = new ClientPrincipal(authType.Trim(), name, claims, roles);
        error = null;
        return true;
    }

    private static string? FirstOf(List<PrincipalClaim> claims, string? type) =>
        type is null ? null : claims.FirstOrDefault(c => string.Equals(c.Type, type, StringComparison.Ordinal) && !string.IsNullOrWhiteSpace(c.Value))?.Value;

    private static string? String(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Pad(string value)
    {
        // Accept base64url and unpadded values too: some proxies re-encode the header.
        var normal = value.Replace('-', '+').Replace('_', '/');
        return (normal.Length % 4) switch
        {
            2 => normal + "==",
            3 => normal + "=",
            _ => normal,
        };
    }

    /// <summary>The principal's summary for logs: provider and roles, never the name (it may be an email address).</summary>
    public override string ToString()
    {
        var builder = new StringBuilder(AuthenticationType);
        builder.Append(" roles=[").Append(string.Join(",", Roles)).Append(']');
        return builder.ToString();
    }
}
