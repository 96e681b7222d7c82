using ComplianceMonitor.Application.Leases;
using ComplianceMonitor.Domain.Calendar;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Domain.Rules;
using ComplianceMonitor.Api.Auth;
using ComplianceMonitor.Api.Http;
using Microsoft.Extensions.Logging;

namespace ComplianceMonitor.Api.Endpoints;

/// <summary>On-demand checks (Flow 4): a posted record as a dry run, or a stored lease as of a date.</summary>
/// <remarks>
/// <c>POST /api/check</c> keeps the <c>cm check</c> contract of records.md: one record or an array in, one result or an
/// array (same order) out; when any record is invalid nothing is checked and every problem is listed, here as a 400
/// problem whose <c>errors</c> carry <c>field</c>, <c>message</c> and <c>leaseId</c>. Nothing is written.
/// </remarks>
public sealed class CheckEndpoints
{
    /// <summary>The most records one <c>POST /api/check</c> may hold (413 beyond it).</summary>
    public const int MaxRecords = 1000;

    private readonly RuleEngine _engine;
    private readonly ILeaseStore _leases;
    private readonly TimeProvider _time;
    private readonly ILogger<CheckEndpoints> _logger;

    /// <summary>Creates the endpoints over the rule engine and the lease store.</summary>
    public CheckEndpoints(RuleEngine engine, ILeaseStore leases, TimeProvider time, ILogger<CheckEndpoints> logger)
    {
        _engine = engine;
        _leases = leases;
        _time = time;
        _logger = logger;
    }

    /// <summary><c>POST /api/check[?asOf=yyyy-MM-dd]</c>: checks the posted record(s) without storing them.</summary>
    public async Task<ApiResponse> CheckRecordsAsync(ApiCall call)
    {
        var (request, principal, ct) = call.Parts();

        var asOfText = request.Query("asOf");
        DateOnly? asOf = null;
        if (asOfText is not null)
        {
            if (!ApiRequest.TryParseDate(asOfText, out var parsed))
            {
                return ApiResults.Invalid(request, "asOf", ApiRequest.NotADate(asOfText));
            }

            asOf = parsed;
        }

        var (json, refusal) = await request.ReadTextAsync();
        if (refusal is not null)
        {
            return refusal;
        }

        var batch = LeaseRecordReader.ReadMany(json!);
        if (batch.Records.Count + batch.Errors.Select(e => e.LeaseId).Distinct(StringComparer.Ordinal).Count() > MaxRecords || CountTopLevelItems(json!) > MaxRecords)
        {
            return ApiResults.Problem(request, 413, ApiResults.TooLargeType, "Too many records.",
                $"At most {MaxRecords} records can be checked in one request; send them in batches. Nothing was checked.",
                [new ProblemError("$", $"at most {MaxRecords} records")]);
        }

        if (!batch.IsValid)
        {
            ApiLog.CheckRejected(_logger, batch.Errors.Count);
            return ApiResults.Invalid(request,
                [.. batch.Errors.Select(e => new ProblemError(e.Field, e.Message, e.LeaseId))],
                $"{batch.Errors.Count} error(s); nothing was checked.");
        }

        var outside = batch.Records.Where(r => !principal.CanAccess(r.DistrictCode)).ToList();
        if (outside.Count > 0)
        {
            return ApiAuthenticator.Forbidden(request,
                principal,
                outside.Select(r => r.DistrictCode),
                "districtCode",
                [.. outside.Select(r => new ProblemError("districtCode", $"district {r.DistrictCode} is outside your scope", r.LeaseId))]);
        }

        var day = asOf ?? BeijingClock.Today(_time);
        var results = batch.Records.Select(r => _engine.Check(r, day)).ToList();
        ApiLog.Checked(_logger, results.Count, day);
        return ApiResults.Json(200,
            w =>
            {
                if (batch.WasArray)
                {
                    w.WriteStartArray();
                }

                foreach (var result in results)
                {
                    CheckResultJson.Write(w, result);
                }

                if (batch.WasArray)
                {
                    w.WriteEndArray();
                }
            });
    }

    /// <summary><c>GET /api/leases/{id}/check[?asOf=yyyy-MM-dd]</c>: checks a stored lease as of a Beijing date (default today).</summary>
    public async Task<ApiResponse> CheckLeaseAsync(ApiCall call)
    {
        var (request, principal, ct) = call.Parts();
        var id = request.Route("id") ?? string.Empty;

        var asOfText = request.Query("asOf");
        var asOf = BeijingClock.Today(_time);
        if (asOfText is not null && !ApiRequest.TryParseDate(asOfText, out asOf))
        {
            return ApiResults.Invalid(request, "asOf", ApiRequest.NotADate(asOfText));
        }

        var stored = await _leases.FindAsync(id, ct);
        if (stored is null || !principal.CanAccess(stored.Record.DistrictCode))
        {
            // Outside the caller's districts looks exactly like missing (no oracle).
            return ApiResults.LeaseNotFound(request, id);
        }

        var result = _engine.Check(stored.Record, asOf);
        ApiLog.LeaseChecked(_logger, id, asOf, result.Findings.Count);
        var response = ApiResults.Json(200, w => CheckResultJson.Write(w, result));
        response.With("ETag", stored.ETag);
        return response;
    }

    /// <summary>The number of items of a top-level JSON array (1 for anything else); stops counting past <see cref="MaxRecords"/>.</summary>
    private static int CountTopLevelItems(string json)
    {
        var reader = new System.Text.Json.Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(json), new System.Text.Json.JsonReaderOptions { AllowTrailingCommas = false, CommentHandling = System.Text.Json.JsonCommentHandling.Skip });
        try
        {
            if (!reader.Read() || reader.TokenType != System.Text.Json.JsonTokenType.StartArray)
            {
                return 1;
            }

            var count = 0;
            while (reader.Read() && reader.TokenType != System.Text.Json.JsonTokenType.EndArray)
            {
                count++;
                if (count > MaxRecords)
                {
                    return count;
                }

                reader.Skip();
            }

            return count;
        }
        catch (System.Text.Json.JsonException)
        {
            return 1;
        }
    }
}
