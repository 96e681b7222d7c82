using ComplianceMonitor.Api.Auth;
using ComplianceMonitor.Api.Http;

namespace ComplianceMonitor.Api.Endpoints;

/// <summary>The one prologue of the authenticated handlers.</summary>
internal static class ApiCallParts
{
    /// <summary>The request, its caller (an authenticated route's; throws on an anonymous one) and its cancellation token.</summary>
    public static (ApiRequest Request, ClientPrincipal Caller, CancellationToken Ct) Parts(this ApiCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return (call.Request, call.Caller, call.Request.CancellationToken);
    }
}
