using ComplianceMonitor.Api.Auth;
using ComplianceMonitor.Api.Http;
using ComplianceMonitor.Domain.Jurisdictions;

namespace ComplianceMonitor.Api.Endpoints;

/// <summary>
/// The <c>?district=</c> of a listing route (alerts, tasks, holds, dead reminders): checked against the configured
/// jurisdictions with the other parameters (400), then against the caller's districts (403); absent, every district the
/// caller can reach.
/// </summary>
internal static class DistrictQuery
{
    /// <summary>The <c>district</c> parameter, or null when absent; an unknown code adds an error and is returned as given.</summary>
    public static string? Read(ApiRequest request, List<ProblemError> errors)
    {
        var district = request.Query("district");
        if (district is not null && !Jurisdiction.IsKnown(district))
        {
            errors.Add(new ProblemError("district", ApiRequest.UnknownDistrict(district)));
        }

        return district;
    }

    /// <summary>The districts to list (the one asked for, or all the caller's), or the 403 when the caller cannot see the one asked for.</summary>
    public static (IReadOnlyList<string> Districts, ApiResponse? Refusal) Scope(ApiRequest request, ClientPrincipal principal, string? district)
    {
        if (district is null)
        {
            return (principal.AccessibleDistricts, null);
        }

        return principal.CanAccess(district)
            ? ([district], null)
            : ([], ApiAuthenticator.Forbidden(request, principal, [district], "district"));
    }
}
