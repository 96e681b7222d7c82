using System.Globalization;
using System.Text.Json;
using ComplianceMonitor.Api.Auth;
using ComplianceMonitor.Api.Http;
using ComplianceMonitor.Domain.Calendar;
using ComplianceMonitor.Domain.Jurisdictions;
using Microsoft.Extensions.Logging;

namespace ComplianceMonitor.Api.Endpoints;

/// <summary>Where an on-demand scan goes: the Functions app enqueues it for the queue trigger, <c>cm serve</c> runs it at once.</summary>
public interface IScanRequests
{
    /// <summary>Requests the scan of <paramref name="districtCode"/> as of <paramref name="asOf"/>; returns the run id and where it went.</summary>
    Task<(string RunId, string Queue)> RequestAsync(string districtCode, DateOnly asOf, CancellationToken cancellationToken);
}

/// <summary>The on-demand scan over HTTP (Flow 1).</summary>
public sealed class ScanEndpoints
{
    private static readonly HashSet<string> ScanProperties = new(StringComparer.Ordinal) { "districtCode", "asOf" };

    private readonly IScanRequests _scans;
    private readonly TimeProvider _time;
    private readonly ILogger<ScanEndpoints> _logger;

    /// <summary>Creates the endpoint.</summary>
    public ScanEndpoints(IScanRequests scans, TimeProvider time, ILogger<ScanEndpoints> logger)
    {
        _scans = scans;
        _time = time;
        _logger = logger;
    }

    /// <summary>
    /// <c>POST /api/scan</c> with <c>{ "districtCode": "110111", "asOf": "2026-03-06" }</c> (<c>asOf</c> optional, default
    /// today in Beijing): requests the scan of one district and answers 202 with the run id.
    /// </summary>
    public async Task<ApiResponse> ScanOnDemandAsync(ApiCall call)
    {
        var (request, principal, _) = call.Parts();
        var (json, refusal) = await request.ReadTextAsync();
        if (refusal is not null)
        {
            return refusal;
        }

        var today = BeijingClock.Today(_time);
        var (district, asOf, errors) = ReadScanRequest(json!, today);
        if (errors.Count == 0 && asOf != today)
        {
            // A scan writes (opens, resolves, queues): only for today. Back-dating is an operator's CLI choice (cm scan --backdate).
            errors.Add(new ProblemError("asOf", string.Create(CultureInfo.InvariantCulture,
                $"'{asOf:yyyy-MM-dd}' is not today in Beijing ({today:yyyy-MM-dd}): the API scans only today. To see another day's findings without writing anything use GET /api/leases/{{id}}/check?asOf= or POST /api/check?asOf=.")));
        }

        if (errors.Count > 0)
        {
            return ApiResults.Invalid(request, errors, "Nothing was scanned or queued.");
        }

        if (!principal.CanAccess(district))
        {
            return ApiAuthenticator.Forbidden(request, principal, [district!], "districtCode");
        }

        var (runId, queue) = await _scans.RequestAsync(district!, asOf, request.CancellationToken);
        var who = principal.ToString();
        ApiLog.ScanRequested(_logger, runId, district!, asOf, who);
        return ApiResults.Json(
            202,
            w =>
            {
                w.WriteStartObject();
                w.WriteString("runId", runId);
                w.WriteString("districtCode", district);
                w.WriteString("asOf", asOf.ToString(ApiRequest.DateFormat, CultureInfo.InvariantCulture));
                w.WriteString("queue", queue);
                w.WriteEndObject();
            });
    }

    private static (string? District, DateOnly AsOf, List<ProblemError> Errors) ReadScanRequest(string json, DateOnly today)
    {
        var errors = new List<ProblemError>();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            errors.Add(new ProblemError("$", $"The body is not valid JSON: {ex.Message}"));
            return (null, today, errors);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new ProblemError("$", "expected an object { \"districtCode\", \"asOf\" }."));
                return (null, today, errors);
            }

            foreach (var property in root.EnumerateObject().Where(p => !ScanProperties.Contains(p.Name)))
            {
                errors.Add(new ProblemError(property.Name, "unknown property (expected districtCode, asOf)."));
            }

            string? district = null;
            if (!root.TryGetProperty("districtCode", out var d) || d.ValueKind == JsonValueKind.Null)
            {
                errors.Add(new ProblemError("districtCode", "required."));
            }
            else if (d.ValueKind != JsonValueKind.String || !Jurisdiction.IsKnown(d.GetString()))
            {
                errors.Add(new ProblemError("districtCode", ApiRequest.UnknownDistrict(d.ValueKind == JsonValueKind.String ? d.GetString()! : d.GetRawText())));
            }
            else
            {
                district = d.GetString();
            }

            var asOf = today;
            if (root.TryGetProperty("asOf", out var a) && a.ValueKind != JsonValueKind.Null)
            {
                var text = a.ValueKind == JsonValueKind.String ? a.GetString()! : a.GetRawText();
                if (!ApiRequest.TryParseDate(text, out asOf))
                {
                    errors.Add(new ProblemError("asOf", ApiRequest.NotADate(text)));
                }
            }

            return (district, asOf, errors);
        }
    }
}
