using ComplianceMonitor.Application.Digest;
using ComplianceMonitor.Domain.Calendar;
using ComplianceMonitor.Domain.Jurisdictions;
using ComplianceMonitor.Api.Auth;
using ComplianceMonitor.Api.Http;
using Microsoft.Extensions.Logging;

namespace ComplianceMonitor.Api.Endpoints;

/// <summary>The digest preview over HTTP: what a district's supervisors would receive for a date.</summary>
public sealed class DigestEndpoints
{
    private readonly IDigestPreview _preview;
    private readonly TimeProvider _time;
    private readonly ILogger<DigestEndpoints> _logger;

    /// <summary>Creates the endpoint over the digest preview (<c>DigestService</c>).</summary>
    public DigestEndpoints(TimeProvider time, ILogger<DigestEndpoints> logger, IDigestPreview preview)
    {
        _time = time;
        _logger = logger;
        _preview = preview;
    }

    /// <summary>
    /// <c>GET /api/districts/{code}/digest[?date=yyyy-MM-dd][&amp;format=html|json]</c>: the digest preview. Without
    /// <c>format</c>, <c>Accept: text/html</c> gives HTML and anything else JSON. The date defaults to today (Beijing).
    /// </summary>
    public async Task<ApiResponse> PreviewAsync(ApiCall call)
    {
        var (request, principal, ct) = call.Parts();
        var code = request.Route("code") ?? string.Empty;

        var errors = new List<ProblemError>();
        if (!Jurisdiction.IsKnown(code))
        {
            errors.Add(new ProblemError("code", ApiRequest.UnknownDistrict(code)));
        }

        var date = BeijingClock.Today(_time);
        if (request.Query("date") is { } dateText && !ApiRequest.TryParseDate(dateText, out date))
        {
            errors.Add(new ProblemError("date", ApiRequest.NotADate(dateText)));
        }

        var format = DigestFormat.Json;
        if (request.Query("format") is { } formatText)
        {
            switch (formatText.ToLowerInvariant())
            {
                case "html":
                    format = DigestFormat.Html;
                    break;
                case "json":
                    format = DigestFormat.Json;
                    break;
                default:
                    errors.Add(new ProblemError("format", $"'{formatText}' is not html or json."));
                    break;
            }
        }
        else if (request.Header("Accept") is { } accept && accept.Contains("text/html", StringComparison.OrdinalIgnoreCase))
        {
            format = DigestFormat.Html;
        }

        if (errors.Count > 0)
        {
            return ApiResults.Invalid(request, errors);
        }

        if (!principal.CanAccess(code))
        {
            return ApiAuthenticator.Forbidden(request, principal, [code], "code");
        }

        var body = await _preview.RenderAsync(code, date, format, ct);
        ApiLog.DigestPreviewed(_logger, code, date, format);
        return ApiResults.Text(200, format == DigestFormat.Html ? ApiResults.HtmlContentType : ApiResults.JsonContentType, body);
    }
}
