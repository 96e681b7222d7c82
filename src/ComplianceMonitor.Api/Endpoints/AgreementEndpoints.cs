using System.Globalization;
using System.Text.Json;
using ComplianceMonitor.Api.Http;
using ComplianceMonitor.Application.Leases;
using ComplianceMonitor.Domain.Calendar;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Returns;
using ComplianceMonitor.Domain.Validation;
using Microsoft.Extensions.Logging;

namespace ComplianceMonitor.Api.Endpoints;

/// <summary>
/// The performance agreement over HTTP (issue 12): indicator actuals reported without re-importing, the voluntary
/// return's steps, and its refund quote. An id outside the caller's districts answers exactly like a missing one.
/// </summary>
public sealed class AgreementEndpoints
{
    /// <summary>The most actuals one request may report.</summary>
    public const int MaxActuals = 200;

    private static readonly HashSet<string> ActualProperties = new(StringComparer.Ordinal) { "indicator", "period", "value", "reportedOn" };
    private static readonly HashSet<string> ReturnProperties = new(StringComparer.Ordinal) { "action", "on" };

    private readonly ILeaseStore _leases;
    private readonly AgreementRecordService _records;
    private readonly TimeProvider _time;
    private readonly ILogger<AgreementEndpoints> _logger;

    /// <summary>Creates the endpoints.</summary>
    public AgreementEndpoints(ILeaseStore leases, AgreementRecordService records, TimeProvider time, ILogger<AgreementEndpoints> logger)
    {
        _leases = leases;
        _records = records;
        _time = time;
        _logger = logger;
    }

    /// <summary>
    /// <c>POST /api/leases/{id}/indicators</c>: reports one actual <c>{ "indicator", "period", "value", "reportedOn"? }</c>
    /// or an array of them for the lease. Every item is validated first (fields named, <c>[i].field</c> in an array) and
    /// nothing is written unless all are valid; then each is written with its own lease-history row. Idempotent on
    /// (lease, indicator, period): the same value again is <c>unchanged</c>; another value <c>replaced</c> (old and new in
    /// the history). 201 when anything was added or replaced, else 200.
    /// </summary>
    public async Task<ApiResponse> ReportIndicatorsAsync(ApiCall call)
    {
        var (request, principal, ct) = call.Parts();
        var id = request.Route("id") ?? string.Empty;

        var (json, refusal) = await request.ReadTextAsync();
        if (refusal is not null)
        {
            return refusal;
        }

        List<IndicatorReport> reports;
        var errors = new List<ProblemError>();
        bool wasArray;
        try
        {
            using var document = JsonDocument.Parse(json!);
            var root = document.RootElement;
            wasArray = root.ValueKind == JsonValueKind.Array;
            var items = wasArray ? [.. root.EnumerateArray()] : new List<JsonElement> { root };
            if (items.Count == 0 || items.Count > MaxActuals)
            {
                return ApiResults.Invalid(request, "$", string.Create(CultureInfo.InvariantCulture, $"expected one actual or an array of 1 to {MaxActuals} actuals"));
            }

            reports = [];
            for (var i = 0; i < items.Count; i++)
            {
                var prefix = wasArray ? string.Create(CultureInfo.InvariantCulture, $"[{i}].") : string.Empty;
                reports.Add(ReadActual(items[i], prefix, id, errors));
            }
        }
        catch (JsonException ex)
        {
            return ApiResults.Invalid(request, "$", $"The body is not valid JSON: {ex.Message}");
        }

        var stored = await _leases.FindAsync(id, ct);
        if (stored is null || !principal.CanAccess(stored.Record.DistrictCode))
        {
            return ApiResults.LeaseNotFound(request, id);
        }

        // Every item against the lease as it will be when the ones before it are applied: all valid, or nothing written.
        // Every problem at once: the body's own (unknown or mistyped fields) first, then the others not already named.
        var plan = AgreementRecordService.Validate(stored.Record, reports, BeijingClock.Today(_time));
        var named = errors.Select(e => e.Field).ToHashSet(StringComparer.Ordinal);
        errors.AddRange(plan
            .Select(e => new ProblemError(wasArray ? e.Field : StripIndex(e.Field), e.Message, id))
            .Where(e => !named.Contains(e.Field)));
        if (errors.Count > 0)
        {
            AgreementLog.ActualsRejected(_logger, id, errors.Count);
            return ApiResults.Invalid(request, errors);
        }

        var results = new List<(IndicatorReport Report, AgreementChangeResult Result)>();
        var current = stored;
        foreach (var report in reports)
        {
            var result = await _records.ReportIndicatorAsync(current, report, principal.Actor, LeaseEndpoints.Channel, ct);
            switch (result.Outcome)
            {
                case AgreementChangeOutcome.Invalid:
                    return ApiResults.Invalid(request, [.. result.Errors.Select(e => new ProblemError(e.Field, e.Message, id))]);
                case AgreementChangeOutcome.NotFound:
                    return ApiResults.LeaseNotFound(request, id);
                case AgreementChangeOutcome.Conflict:
                    return ApiResults.Conflict(request, $"Lease {id} kept changing under other writers; {results.Count} actual(s) were written before. Retry: actuals already written come back unchanged.");
            }

            results.Add((report, result));
            current = new StoredLease(result.Record!, result.ETag!);
        }

        var changedCount = results.Count(r => r.Result.Outcome != AgreementChangeOutcome.Unchanged);
        AgreementLog.ActualsReported(_logger, id, changedCount, results.Count);
        var changed = changedCount > 0;
        var response = ApiResults.Json(changed ? 201 : 200, w =>
        {
            w.WriteStartObject();
            w.WriteString("leaseId", current.Record.LeaseId);
            w.WriteString("districtCode", current.Record.DistrictCode);
            w.WriteStartArray("actuals");
            foreach (var (report, result) in results)
            {
                w.WriteStartObject();
                w.WriteString("indicator", report.Indicator!.Trim());
                w.WriteString("period", report.Period!.Trim());
                w.WriteNumber("value", report.Value!.Value);
                w.WriteString("outcome", Wire(result.Outcome));
                if (result.PreviousValue is { } previous)
                {
                    w.WriteNumber("previousValue", previous);
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
        response.With("ETag", current.ETag);
        return response;
    }

    /// <summary>
    /// <c>POST /api/leases/{id}/return</c>: records a step of the voluntary return (三（七））
    /// <c>{ "action": "apply" | "accept" | "refundPaid", "on": "yyyy-MM-dd" }</c>. 201 when recorded, 200 when already
    /// recorded on that day, 409 when recorded on another day.
    /// </summary>
    public async Task<ApiResponse> RecordReturnAsync(ApiCall call)
    {
        var (request, principal, ct) = call.Parts();
        var id = request.Route("id") ?? string.Empty;

        var (json, refusal) = await request.ReadTextAsync();
        if (refusal is not null)
        {
            return refusal;
        }

        var errors = new List<ProblemError>();
        ReturnStep step = default;
        DateOnly on = default;
        try
        {
            using var document = JsonDocument.Parse(json!);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return ApiResults.Invalid(request, "$", "expected one object { \"action\": \"apply\" | \"accept\" | \"refundPaid\", \"on\": \"yyyy-MM-dd\" }");
            }

            Unknown(root, ReturnProperties, string.Empty, id, errors);
            var action = root.TryGetProperty("action", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null;
            if (!AgreementRecordService.TryParseStep(action, out step))
            {
                errors.Add(new ProblemError("action", action is null ? "is required: apply, accept or refundPaid" : $"'{action}' is not one of apply, accept, refundPaid", id));
            }

            var onText = root.TryGetProperty("on", out var o) && o.ValueKind == JsonValueKind.String ? o.GetString() : null;
            if (onText is null)
            {
                errors.Add(new ProblemError("on", "is required: the day of the step, yyyy-MM-dd", id));
            }
            else if (!ApiRequest.TryParseDate(onText, out on))
            {
                errors.Add(new ProblemError("on", ApiRequest.NotADate(onText), id));
            }
        }
        catch (JsonException ex)
        {
            return ApiResults.Invalid(request, "$", $"The body is not valid JSON: {ex.Message}");
        }

        var stored = await _leases.FindAsync(id, ct);
        if (stored is null || !principal.CanAccess(stored.Record.DistrictCode))
        {
            return ApiResults.LeaseNotFound(request, id);
        }

        if (errors.Count > 0)
        {
            return ApiResults.Invalid(request, errors);
        }

        var result = await _records.RecordReturnAsync(stored, step, on, principal.Actor, LeaseEndpoints.Channel, ct);
        switch (result.Outcome)
        {
            case AgreementChangeOutcome.Invalid:
                return ApiResults.Invalid(request, [.. result.Errors.Select(e => new ProblemError(e.Field, e.Message, id))]);
            case AgreementChangeOutcome.Refused:
                return ApiResults.Conflict(request, result.Detail!, [new ProblemError("on", result.Detail!, id)]);
            case AgreementChangeOutcome.NotFound:
                return ApiResults.LeaseNotFound(request, id);
            case AgreementChangeOutcome.Conflict:
                return ApiResults.Conflict(request, $"Lease {id} kept changing under other writers; nothing was written. Retry.");
        }

        var stepName = AgreementRecordService.WireName(step);
        var outcomeName = Wire(result.Outcome);
        AgreementLog.ReturnRecorded(_logger, id, stepName, on, outcomeName);
        var r = result.Record!.VoluntaryReturn;
        var response = ApiResults.Json(result.Outcome == AgreementChangeOutcome.Added ? 201 : 200, w =>
        {
            w.WriteStartObject();
            w.WriteString("leaseId", result.Record.LeaseId);
            w.WriteString("districtCode", result.Record.DistrictCode);
            w.WriteString("action", AgreementRecordService.WireName(step));
            w.WriteString("outcome", result.Outcome == AgreementChangeOutcome.Added ? "recorded" : "alreadyRecorded");
            w.WriteStartObject("voluntaryReturn");
            Date(w, "appliedOn", r?.AppliedOn);
            Date(w, "acceptedOn", r?.AcceptedOn);
            Date(w, "refundPaidOn", r?.RefundPaidOn);
            w.WriteEndObject();
            w.WriteEndObject();
        });
        response.With("ETag", result.ETag!);
        return response;
    }

    /// <summary>
    /// <c>GET /api/leases/{id}/return-quote?returnDay=&amp;liquidatedDamagesYuan=&amp;appraisedBuildingValueYuan=&amp;demolitionCostYuan=</c>:
    /// the refund quote of a voluntary return for a day, line by line, to the fen: the same quote and JSON as
    /// <c>cm return-quote</c>. <c>returnDay</c> defaults to the recorded acceptance, else today (Beijing). Writes nothing.
    /// </summary>
    public async Task<ApiResponse> ReturnQuoteAsync(ApiCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var request = call.Request;
        var id = request.Route("id") ?? string.Empty;
        var errors = new List<ProblemError>();
        DateOnly? returnDay = null;
        if (request.Query("returnDay") is { } dayText)
        {
            if (ApiRequest.TryParseDate(dayText, out var d))
            {
                returnDay = d;
            }
            else
            {
                errors.Add(new ProblemError("returnDay", ApiRequest.NotADate(dayText)));
            }
        }

        var damages = Amount(request, "liquidatedDamagesYuan", errors);
        var building = Amount(request, "appraisedBuildingValueYuan", errors);
        var demolition = Amount(request, "demolitionCostYuan", errors);

        var stored = await _leases.FindAsync(id, request.CancellationToken);
        if (stored is null || !call.Caller.CanAccess(stored.Record.DistrictCode))
        {
            return ApiResults.LeaseNotFound(request, id);
        }

        if (errors.Count > 0)
        {
            return ApiResults.Invalid(request, errors);
        }

        var day = returnDay ?? stored.Record.VoluntaryReturn?.AcceptedOn ?? BeijingClock.Today(_time);
        var (quote, problems) = ReturnQuoteCalculator.Quote(stored.Record, new ReturnQuoteInputs(day, damages, building, demolition));
        if (quote is null)
        {
            return ApiResults.Invalid(request, [.. problems.Select(e => new ProblemError(e.Field, e.Message, id))]);
        }

        AgreementLog.Quoted(_logger, id, day, quote.TotalYuan);
        return ApiResults.Json(200, w => ReturnQuoteJson.Write(w, quote));
    }

    private static decimal? Amount(ApiRequest request, string name, List<ProblemError> errors)
    {
        if (request.Query(name) is not { } text)
        {
            return null;
        }

        if (decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        errors.Add(new ProblemError(name, $"'{text}' is not an amount in yuan (digits, at most two decimals, e.g. 1200000.50)"));
        return null;
    }

    private static IndicatorReport ReadActual(JsonElement item, string prefix, string id, List<ProblemError> errors)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new ProblemError(prefix.Length == 0 ? "$" : prefix.TrimEnd('.'), "expected an object { \"indicator\", \"period\", \"value\", \"reportedOn\" }", id));
            return new IndicatorReport(null, null, null, null);
        }

        Unknown(item, ActualProperties, prefix, id, errors);
        string? indicator = null;
        string? period = null;
        decimal? value = null;
        DateOnly? reportedOn = null;
        if (item.TryGetProperty("indicator", out var i) && i.ValueKind != JsonValueKind.Null)
        {
            if (i.ValueKind == JsonValueKind.String)
            {
                indicator = i.GetString();
            }
            else
            {
                errors.Add(new ProblemError(prefix + "indicator", "must be a string: the indicator's code", id));
            }
        }

        if (item.TryGetProperty("period", out var p) && p.ValueKind != JsonValueKind.Null)
        {
            period = p.ValueKind switch
            {
                JsonValueKind.String => p.GetString(),
                JsonValueKind.Number => p.GetRawText(),
                _ => null,
            };
            if (period is null)
            {
                errors.Add(new ProblemError(prefix + "period", "must be a year, \"yyyy\"", id));
            }
        }

        if (item.TryGetProperty("value", out var v) && v.ValueKind != JsonValueKind.Null)
        {
            if (v.ValueKind == JsonValueKind.Number && v.TryGetDecimal(out var number))
            {
                value = number;
            }
            else
            {
                errors.Add(new ProblemError(prefix + "value", "must be a number", id));
            }
        }

        if (item.TryGetProperty("reportedOn", out var r) && r.ValueKind != JsonValueKind.Null)
        {
            if (r.ValueKind == JsonValueKind.String && ApiRequest.TryParseDate(r.GetString()!, out var day))
            {
                reportedOn = day;
            }
            else
            {
                errors.Add(new ProblemError(prefix + "reportedOn", ApiRequest.NotADate(r.ValueKind == JsonValueKind.String ? r.GetString()! : r.GetRawText()), id));
            }
        }

        return new IndicatorReport(indicator, period, value, reportedOn);
    }

    private static void Unknown(JsonElement item, HashSet<string> known, string prefix, string id, List<ProblemError> errors)
    {
        foreach (var property in item.EnumerateObject())
        {
            if (!known.Contains(property.Name))
            {
                var name = property.Name.Length > 64 ? property.Name[..64] + "…" : property.Name;
                errors.Add(new ProblemError(prefix + name, $"is not a known field (one of {string.Join(", ", known)})", id));
            }
        }
    }

    private static string StripIndex(string field) => field.StartsWith("[0].", StringComparison.Ordinal) ? field[4..] : field;

    private static string Wire(AgreementChangeOutcome outcome) => outcome switch
    {
        AgreementChangeOutcome.Added => "added",
        AgreementChangeOutcome.Replaced => "replaced",
        _ => "unchanged",
    };

    private static void Date(Utf8JsonWriter w, string name, DateOnly? day)
    {
        if (day is { } d)
        {
            w.WriteString(name, CheckResultJson.Date(d));
        }
        else
        {
            w.WriteNull(name);
        }
    }
}

/// <summary>The agreement endpoints' log messages (templates; no contact data).</summary>
internal static partial class AgreementLog
{
    [LoggerMessage(EventId = 5300, Level = LogLevel.Information, Message = "Lease {LeaseId}: {Changed} of {Count} indicator actual(s) written")]
    public static partial void ActualsReported(ILogger logger, string leaseId, int changed, int count);

    [LoggerMessage(EventId = 5301, Level = LogLevel.Information, Message = "Lease {LeaseId}: indicator actuals refused with {Errors} error(s); nothing written")]
    public static partial void ActualsRejected(ILogger logger, string leaseId, int errors);

    [LoggerMessage(EventId = 5302, Level = LogLevel.Information, Message = "Lease {LeaseId}: voluntary return {Step} on {On}: {Outcome}")]
    public static partial void ReturnRecorded(ILogger logger, string leaseId, string step, DateOnly on, string outcome);

    [LoggerMessage(EventId = 5303, Level = LogLevel.Information, Message = "Lease {LeaseId}: return quote for {ReturnDay}, total {TotalYuan}")]
    public static partial void Quoted(ILogger logger, string leaseId, DateOnly returnDay, decimal totalYuan);
}
