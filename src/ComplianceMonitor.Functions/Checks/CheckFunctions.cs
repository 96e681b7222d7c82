using System.Net;
using ComplianceMonitor.Application.Leases;
using ComplianceMonitor.Domain.Calendar;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Domain.Rules;
using ComplianceMonitor.Functions.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.Extensions.Logging;

namespace ComplianceMonitor.Functions.Checks;

/// <summary>On-demand checks (Flow 4): a posted record as a dry run, or a stored lease as of a date.</summary>
/// <remarks>
/// <c>POST /api/check</c> keeps the <c>cm check</c> contract of records.md: one record or an array in, one result or an
/// array (same order) out; when any record is invalid nothing is checked and every problem is listed, here as a 400
/// problem whose <c>errors</c> carry <c>field</c>, <c>message</c> and <c>leaseId</c>. Nothing is written.
/// </remarks>
public sealed class CheckFunctions
{
    private readonly RuleEngine _engine;
    private readonly ILeaseStore _leases;
    private readonly TimeProvider _time;
    private readonly ILogger<CheckFunctions> _logger;

    /// <summary>Creates the functions over the rule engine and the lease store.</summary>
    public CheckFunctions(RuleEngine engine, ILeaseStore leases, TimeProvider time, ILogger<CheckFunctions> logger)
    {
        _engine = engine;
        _leases = leases;
        _time = time;
        _logger = logger;
    }

    /// <summary><c>POST /api/check[?asOf=yyyy-MM-dd]</c>: checks the posted record(s) without storing them.</summary>
    [Function("CheckRecords")]
    public async Task<HttpResponseData> CheckRecordsAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "check")] HttpRequestData request,
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

        var asOfText = ApiRequest.Query(request, "asOf");
        DateOnly? asOf = null;
        if (asOfText is not null)
        {
            if (!ApiRequest.TryParseDate(asOfText, out var parsed))
            {
                return await ApiResults.InvalidAsync(request, "asOf", ApiRequest.NotADate(asOfText), ct);
            }

            asOf = parsed;
        }

        var (json, refusal) = await ApiRequest.ReadBodyAsync(request, ct);
        if (refusal is not null)
        {
            return refusal;
        }

        var batch = LeaseRecordReader.ReadMany(json!);
        if (!batch.IsValid)
        {
            FunctionsLog.CheckRejected(_logger, batch.Errors.Count);
            return await ApiResults.InvalidAsync(
                request,
                [.. batch.Errors.Select(e => new ProblemError(e.Field, e.Message, e.LeaseId))],
                $"{batch.Errors.Count} error(s); nothing was checked.",
                ct);
        }

        var outside = batch.Records.Where(r => !principal.CanAccess(r.DistrictCode)).ToList();
        if (outside.Count > 0)
        {
            return await ApiRequest.ForbiddenAsync(
                request,
                principal,
                outside.Select(r => r.DistrictCode),
                "districtCode",
                [.. outside.Select(r => new ProblemError("districtCode", $"district {r.DistrictCode} is outside your scope", r.LeaseId))],
                ct);
        }

        var day = asOf ?? BeijingClock.Today(_time);
        var results = batch.Records.Select(r => _engine.Check(r, day)).ToList();
        FunctionsLog.Checked(_logger, results.Count, day);
        return await ApiResults.JsonAsync(
            request,
            HttpStatusCode.OK,
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
            },
            ct);
    }

    /// <summary><c>GET /api/leases/{id}/check[?asOf=yyyy-MM-dd]</c>: checks a stored lease as of a Beijing date (default today).</summary>
    [Function("CheckLease")]
    public async Task<HttpResponseData> CheckLeaseAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "leases/{id}/check")] HttpRequestData request,
        string id,
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

        var asOfText = ApiRequest.Query(request, "asOf");
        var asOf = BeijingClock.Today(_time);
        if (asOfText is not null && !ApiRequest.TryParseDate(asOfText, out asOf))
        {
            return await ApiResults.InvalidAsync(request, "asOf", ApiRequest.NotADate(asOfText), ct);
        }

        var stored = await _leases.FindAsync(id, ct);
        if (stored is null)
        {
            return await ApiResults.NotFoundAsync(request, $"No lease has the id '{id}'.", ct);
        }

        if (!principal.CanAccess(stored.Record.DistrictCode))
        {
            return await ApiRequest.ForbiddenAsync(request, principal, [stored.Record.DistrictCode], "id", null, ct);
        }

        var result = _engine.Check(stored.Record, asOf);
        FunctionsLog.LeaseChecked(_logger, id, asOf, result.Findings.Count);
        var response = await ApiResults.JsonAsync(request, HttpStatusCode.OK, w => CheckResultJson.Write(w, result), ct);
        response.Headers.Add("ETag", stored.ETag);
        return response;
    }
}
