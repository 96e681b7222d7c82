using ComplianceMonitor.Infrastructure.Leases;
using System.Net;
using System.Text.Json;
using ComplianceMonitor.Application.Leases;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Functions.Http;
using ComplianceMonitor.Infrastructure.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.Extensions.Logging;

namespace ComplianceMonitor.Functions.Leases;

/// <summary>Lease records over HTTP (Flow 5): validated upsert and recorded events.</summary>
public sealed class LeaseFunctions
{
    private readonly ILeaseStore _leases;
    private readonly LeaseEventService _events;
    private readonly ILogger<LeaseFunctions> _logger;

    /// <summary>Creates the functions over the lease store and the event service.</summary>
    public LeaseFunctions(ILeaseStore leases, LeaseEventService events, ILogger<LeaseFunctions> logger)
    {
        _leases = leases;
        _events = events;
        _logger = logger;
    }

    /// <summary>
    /// <c>PUT /api/leases/{id}</c>: creates or replaces one lease record (records.md), validated whole. The body's
    /// <c>leaseId</c> must equal <paramref name="id"/>. 201 when created, 200 when updated or unchanged; the ETag header
    /// carries the stored version.
    /// </summary>
    [Function("PutLease")]
    public async Task<HttpResponseData> PutLeaseAsync(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = "leases/{id}")] HttpRequestData request,
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

        var (json, refusal) = await ApiRequest.ReadBodyAsync(request, ct);
        if (refusal is not null)
        {
            return refusal;
        }

        var batch = LeaseRecordReader.ReadMany(json!);
        if (batch.WasArray)
        {
            return await ApiResults.InvalidAsync(request, "$", "expected one lease record object, not an array (use one PUT per lease).", ct);
        }

        var errors = batch.Errors.Select(e => new ProblemError(e.Field, e.Message, e.LeaseId)).ToList();
        var bodyId = LeaseIdOf(json!);
        if (bodyId is not null && !string.Equals(bodyId, id, StringComparison.Ordinal))
        {
            errors.Insert(0, new ProblemError("leaseId", $"'{bodyId}' must equal the id in the path ('{id}').", bodyId));
        }

        if (errors.Count > 0)
        {
            FunctionsLog.LeaseRejected(_logger, id, errors.Count);
            return await ApiResults.InvalidAsync(request, errors, null, ct);
        }

        var record = batch.Records[0];
        if (!principal.CanAccess(record.DistrictCode))
        {
            return await ApiRequest.ForbiddenAsync(request, principal, [record.DistrictCode], "districtCode", null, ct);
        }

        var existing = await _leases.FindAsync(id, ct);
        if (existing is not null && !string.Equals(existing.Record.DistrictCode, record.DistrictCode, StringComparison.Ordinal))
        {
            return principal.CanAccess(existing.Record.DistrictCode)
                ? await ApiResults.ConflictAsync(
                    request,
                    $"Lease {id} is stored under district {existing.Record.DistrictCode}; leases do not move between districts.",
                    [new ProblemError("districtCode", $"must be {existing.Record.DistrictCode}, the district the lease is stored under", id)],
                    ct)
                : await ApiRequest.ForbiddenAsync(request, principal, [existing.Record.DistrictCode], "id", null, ct);
        }

        UpsertOutcome outcome;
        try
        {
            outcome = await _leases.UpsertAsync(record, ct);
        }
        catch (LeaseDistrictConflictException ex)
        {
            return await ApiResults.ConflictAsync(request, ex.Message, [new ProblemError("districtCode", ex.Message, id)], ct);
        }
        catch (LeaseConcurrencyException ex)
        {
            return await ApiResults.ConflictAsync(request, ex.Message, null, ct);
        }
        catch (EntityTooLargeException ex)
        {
            return await ApiResults.ProblemAsync(request, HttpStatusCode.RequestEntityTooLarge, ApiResults.TooLargeType, "The record is too large.", ex.Message, [new ProblemError("$", ex.Message, id)], ct);
        }

        var stored = await _leases.GetAsync(record.DistrictCode, record.LeaseId, ct);
        FunctionsLog.LeaseUpserted(_logger, id, record.DistrictCode, outcome);
        var status = outcome == UpsertOutcome.Created ? HttpStatusCode.Created : HttpStatusCode.OK;
        var response = await ApiResults.JsonAsync(
            request,
            status,
            w =>
            {
                w.WriteStartObject();
                w.WriteString("leaseId", record.LeaseId);
                w.WriteString("districtCode", record.DistrictCode);
                w.WriteString("outcome", JsonNamingPolicy.CamelCase.ConvertName(outcome.ToString()));
                w.WriteEndObject();
            },
            ct);
        if (stored is not null)
        {
            response.Headers.Add("ETag", stored.ETag);
        }

        if (outcome == UpsertOutcome.Created)
        {
            response.Headers.Add("Location", $"/api/leases/{Uri.EscapeDataString(record.LeaseId)}/check");
        }

        return response;
    }

    /// <summary>
    /// <c>POST /api/leases/{id}/events</c>: records an event <c>{ "type", "on", "ref" }</c> on a stored lease, validated with
    /// the record and written under the lease's ETag (send <c>If-Match</c> to pin the version you read). 201 when appended,
    /// 200 when an equal event was already recorded, 412 when <c>If-Match</c> is stale.
    /// </summary>
    [Function("PostLeaseEvent")]
    public async Task<HttpResponseData> PostEventAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "leases/{id}/events")] HttpRequestData request,
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

        var (json, refusal) = await ApiRequest.ReadBodyAsync(request, ct);
        if (refusal is not null)
        {
            return refusal;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json!);
        }
        catch (JsonException ex)
        {
            return await ApiResults.InvalidAsync(request, "$", $"The body is not valid JSON: {ex.Message}", ct);
        }

        using (document)
        {
            var stored = await _leases.FindAsync(id, ct);
            if (stored is null)
            {
                return await ApiResults.NotFoundAsync(request, $"No lease has the id '{id}'.", ct);
            }

            if (!principal.CanAccess(stored.Record.DistrictCode))
            {
                return await ApiRequest.ForbiddenAsync(request, principal, [stored.Record.DistrictCode], "id", null, ct);
            }

            var result = await _events.AppendAsync(stored, document.RootElement, ApiRequest.IfMatch(request), ct);
            switch (result.Outcome)
            {
                case EventAppendOutcome.Invalid:
                    FunctionsLog.EventRejected(_logger, id, result.Errors.Count);
                    return await ApiResults.InvalidAsync(request, [.. result.Errors.Select(e => new ProblemError(e.Field, e.Message, id))], null, ct);
                case EventAppendOutcome.NotFound:
                    return await ApiResults.NotFoundAsync(request, $"Lease '{id}' no longer exists.", ct);
                case EventAppendOutcome.PreconditionFailed:
                    return await ApiResults.ProblemAsync(
                        request,
                        HttpStatusCode.PreconditionFailed,
                        ApiResults.PreconditionFailedType,
                        "The lease has changed.",
                        "If-Match does not name the stored version of the lease; read it again and retry. Nothing was written.",
                        [new ProblemError("If-Match", "does not match the stored ETag", id)],
                        ct);
                case EventAppendOutcome.Conflict:
                    return await ApiResults.ConflictAsync(request, $"Lease {id} kept changing under other writers; nothing was written. Retry.", null, ct);
            }

            FunctionsLog.EventRecorded(_logger, id, result.Event!.Type, result.Event.On, result.Outcome);
            var response = await ApiResults.JsonAsync(
                request,
                result.Outcome == EventAppendOutcome.Appended ? HttpStatusCode.Created : HttpStatusCode.OK,
                w =>
                {
                    w.WriteStartObject();
                    w.WriteString("leaseId", result.Record!.LeaseId);
                    w.WriteString("districtCode", result.Record.DistrictCode);
                    w.WriteString("outcome", result.Outcome == EventAppendOutcome.Appended ? "appended" : "alreadyRecorded");
                    w.WriteStartObject("event");
                    w.WriteString("type", WireNames.Of(result.Event.Type));
                    w.WriteString("on", CheckResultJson.Date(result.Event.On));
                    if (result.Event.Ref is null)
                    {
                        w.WriteNull("ref");
                    }
                    else
                    {
                        w.WriteString("ref", result.Event.Ref);
                    }

                    w.WriteEndObject();
                    w.WriteNumber("eventCount", result.Record.Events.Count);
                    w.WriteEndObject();
                },
                ct);
            response.Headers.Add("ETag", result.ETag!);
            return response;
        }
    }

    /// <summary>The body's <c>leaseId</c> string when the body is an object that has one, else null.</summary>
    private static string? LeaseIdOf(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("leaseId", out var value)
                && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
