using ComplianceMonitor.Application.Digest;
using System.Net;
using ComplianceMonitor.Domain.Calendar;
using ComplianceMonitor.Domain.Jurisdictions;
using ComplianceMonitor.Functions.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.Extensions.Logging;

namespace ComplianceMonitor.Functions.Delivery;

/// <summary>The digest preview over HTTP: what a district's supervisors would receive for a date.</summary>
public sealed class DigestFunctions
{
    private readonly IDigestPreview _preview;
    private readonly TimeProvider _time;
    private readonly ILogger<DigestFunctions> _logger;

    /// <summary>Creates the function over the digest preview (<c>DigestService</c>).</summary>
    public DigestFunctions(TimeProvider time, ILogger<DigestFunctions> logger, IDigestPreview preview)
    {
        _time = time;
        _logger = logger;
        _preview = preview;
    }

    /// <summary>
    /// <c>GET /api/districts/{code}/digest[?date=yyyy-MM-dd][&amp;format=html|json]</c>: the digest preview. Without
    /// <c>format</c>, <c>Accept: text/html</c> gives HTML and anything else JSON. The date defaults to today (Beijing).
    /// </summary>
    [Function("DigestPreview")]
    public async Task<HttpResponseData> PreviewAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "districts/{code}/digest")] HttpRequestData request,
        string code,
        FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var ct = context.CancellationToken;
        var caller = await ApiRequest.AuthenticateAsync(request, ct);
        if (caller.Principal is not { } principal)
        {
            return caller.Refusal!;
        }

        var errors = new List<ProblemError>();
        if (!Jurisdiction.IsKnown(code))
        {
            errors.Add(new ProblemError("code", ApiRequest.UnknownDistrict(code)));
        }

        var date = BeijingClock.Today(_time);
        if (ApiRequest.Query(request, "date") is { } dateText && !ApiRequest.TryParseDate(dateText, out date))
        {
            errors.Add(new ProblemError("date", ApiRequest.NotADate(dateText)));
        }

        var format = DigestFormat.Json;
        if (ApiRequest.Query(request, "format") is { } formatText)
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
        else if (request.Headers.TryGetValues("Accept", out var accept) && accept.Any(a => a.Contains("text/html", StringComparison.OrdinalIgnoreCase)))
        {
            format = DigestFormat.Html;
        }

        if (errors.Count > 0)
        {
            return await ApiResults.InvalidAsync(request, errors, null, ct);
        }

        if (!principal.CanAccess(code))
        {
            return await ApiRequest.ForbiddenAsync(request, principal, [code], "code", null, ct);
        }

        var body = await _preview.RenderAsync(code, date, format, ct);
        FunctionsLog.DigestPreviewed(_logger, code, date, format);
        return await ApiResults.TextAsync(request, HttpStatusCode.OK, format == DigestFormat.Html ? ApiResults.HtmlContentType : ApiResults.JsonContentType, body, ct);
    }
}
