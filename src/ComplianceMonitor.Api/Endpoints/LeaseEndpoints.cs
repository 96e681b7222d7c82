using System.Text.Json;
using ComplianceMonitor.Application.Leases;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Api.Auth;
using ComplianceMonitor.Api.Http;
using ComplianceMonitor.Infrastructure.Leases;
using ComplianceMonitor.Infrastructure.Storage;
using Microsoft.Extensions.Logging;

namespace ComplianceMonitor.Api.Endpoints;

/// <summary>Lease records over HTTP (Flow 5): validated upsert and recorded events.</summary>
public sealed class LeaseEndpoints
{
    /// <summary>The channel lease history records for API writes.</summary>
    public const string Channel = "api";

    private readonly ILeaseStore _leases;
    private readonly LeaseWriter _writer;
    private readonly ILogger<LeaseEndpoints> _logger;

    /// <summary>Creates the endpoints over the lease store and the audited writer.</summary>
    public LeaseEndpoints(ILeaseStore leases, LeaseWriter writer, ILogger<LeaseEndpoints> logger)
    {
        _leases = leases;
        _writer = writer;
        _logger = logger;
    }

    /// <summary>
    /// <c>PUT /api/leases/{id}</c>: creates or replaces one lease record (records.md), validated whole. The body's
    /// <c>leaseId</c> must equal the id in the path. 201 when created, 200 when updated or unchanged; the ETag header
    /// carries the stored version.
    /// </summary>
    public async Task<ApiResponse> PutLeaseAsync(ApiCall call)
    {
        var (request, principal, ct) = call.Parts();
        var id = request.Route("id") ?? string.Empty;

        var (json, refusal) = await request.ReadTextAsync();
        if (refusal is not null)
        {
            return refusal;
        }

        var batch = LeaseRecordReader.ReadMany(json!);
        if (batch.WasArray)
        {
            return ApiResults.Invalid(request, "$", "expected one lease record object, not an array (use one PUT per lease).");
        }

        var errors = batch.Errors.Select(e => new ProblemError(e.Field, e.Message, e.LeaseId)).ToList();
        var bodyId = LeaseIdOf(json!);
        if (bodyId is not null && !string.Equals(bodyId, id, StringComparison.Ordinal))
        {
            errors.Insert(0, new ProblemError("leaseId", $"'{bodyId}' must equal the id in the path ('{id}').", bodyId));
        }

        if (errors.Count > 0)
        {
            ApiLog.LeaseRejected(_logger, id, errors.Count);
            return ApiResults.Invalid(request, errors);
        }

        var record = batch.Records[0];
        if (!principal.CanAccess(record.DistrictCode))
        {
            return ApiAuthenticator.Forbidden(request, principal, [record.DistrictCode], "districtCode", null);
        }

        var existing = await _leases.FindAsync(id, ct);
        if (existing is not null && !string.Equals(existing.Record.DistrictCode, record.DistrictCode, StringComparison.Ordinal))
        {
            return principal.CanAccess(existing.Record.DistrictCode)
                ? ApiResults.Conflict(request,
                    $"Lease {id} is stored under district {existing.Record.DistrictCode}; leases do not move between districts.",
                    [new ProblemError("districtCode", $"must be {existing.Record.DistrictCode}, the district the lease is stored under", id)])
                : IdUnavailable(request, id, record.DistrictCode);
        }

        UpsertOutcome outcome;
        try
        {
            outcome = await _writer.UpsertAsync(record, principal.Actor, Channel, ct);
        }
        catch (LeaseDistrictConflictException ex)
        {
            // Bound to another district between the check above and the write: the same answer, never the other district.
            return principal.CanAccess(ex.StoredDistrict)
                ? ApiResults.Conflict(request, ex.Message, [new ProblemError("districtCode", ex.Message, id)])
                : IdUnavailable(request, id, record.DistrictCode);
        }
        catch (LeaseConcurrencyException ex)
        {
            return ApiResults.Conflict(request, ex.Message, null);
        }
        catch (EntityTooLargeException ex)
        {
            return ApiResults.Problem(request, 413, ApiResults.TooLargeType, "The record is too large.", ex.Message, [new ProblemError("$", ex.Message, id)]);
        }

        var stored = await _leases.GetAsync(record.DistrictCode, record.LeaseId, ct);
        ApiLog.LeaseUpserted(_logger, id, record.DistrictCode, outcome);
        var status = outcome == UpsertOutcome.Created ? 201 : 200;
        var response = ApiResults.Json(status,
            w =>
            {
                w.WriteStartObject();
                w.WriteString("leaseId", record.LeaseId);
                w.WriteString("districtCode", record.DistrictCode);
                w.WriteString("outcome", JsonNamingPolicy.CamelCase.ConvertName(outcome.ToString()));
                w.WriteEndObject();
            });
        if (stored is not null)
        {
            response.With("ETag", stored.ETag);
        }

        if (outcome == UpsertOutcome.Created)
        {
            response.With("Location", $"/api/leases/{Uri.EscapeDataString(record.LeaseId)}/check");
        }

        return response;
    }

    /// <summary>
    /// <c>POST /api/leases/{id}/events</c>: records an event <c>{ "type", "on", "ref" }</c> on a stored lease, validated with
    /// the record and written under the lease's ETag (send <c>If-Match</c> to pin the version you read). 201 when appended,
    /// 200 when an equal event was already recorded, 412 when <c>If-Match</c> is stale.
    /// </summary>
    public async Task<ApiResponse> PostEventAsync(ApiCall call)
    {
        var (request, principal, ct) = call.Parts();
        var id = request.Route("id") ?? string.Empty;

        var (json, refusal) = await request.ReadTextAsync();
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
            return ApiResults.Invalid(request, "$", $"The body is not valid JSON: {ex.Message}");
        }

        using (document)
        {
            var stored = await _leases.FindAsync(id, ct);
            if (stored is null || !principal.CanAccess(stored.Record.DistrictCode))
            {
                // Outside the caller's districts looks exactly like missing (no oracle).
                return ApiResults.LeaseNotFound(request, id);
            }

            var result = await _writer.AppendEventAsync(stored, document.RootElement, request.IfMatch, principal.Actor, Channel, ct);
            switch (result.Outcome)
            {
                case EventAppendOutcome.Invalid:
                    ApiLog.EventRejected(_logger, id, result.Errors.Count);
                    return ApiResults.Invalid(request, [.. result.Errors.Select(e => new ProblemError(e.Field, e.Message, id))]);
                case EventAppendOutcome.NotFound:
                    return ApiResults.LeaseNotFound(request, id);
                case EventAppendOutcome.PreconditionFailed:
                    return ApiResults.Problem(request, 412,
                        ApiResults.PreconditionFailedType,
                        "The lease has changed.",
                        "If-Match does not name the stored version of the lease; read it again and retry. Nothing was written.",
                        [new ProblemError("If-Match", "does not match the stored ETag", id)]);
                case EventAppendOutcome.Conflict:
                    return ApiResults.Conflict(request, $"Lease {id} kept changing under other writers; nothing was written. Retry.");
            }

            ApiLog.EventRecorded(_logger, id, result.Event!.Type, result.Event.On, result.Outcome);
            var response = ApiResults.Json(result.Outcome == EventAppendOutcome.Appended ? 201 : 200,
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
                });
            response.With("ETag", result.ETag!);
            return response;
        }
    }

    /// <summary>
    /// <c>GET /api/leases/{id}/history</c>: who changed the lease and when (created, updated, events), oldest first. An id
    /// outside the caller's districts answers exactly like a missing one.
    /// </summary>
    public async Task<ApiResponse> HistoryAsync(ApiCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var request = call.Request;
        var id = request.Route("id") ?? string.Empty;
        var stored = await _leases.FindAsync(id, request.CancellationToken);
        if (stored is null || !call.Caller.CanAccess(stored.Record.DistrictCode))
        {
            return ApiResults.LeaseNotFound(request, id);
        }

        var entries = new List<LeaseHistoryEntry>();
        await foreach (var entry in _writer.HistoryAsync(stored.Record.DistrictCode, stored.Record.LeaseId, request.CancellationToken))
        {
            entries.Add(entry);
        }

        return ApiResults.Json(200, w =>
        {
            w.WriteStartObject();
            w.WriteString("leaseId", stored.Record.LeaseId);
            w.WriteString("districtCode", stored.Record.DistrictCode);
            w.WriteStartArray("changes");
            foreach (var e in entries)
            {
                w.WriteStartObject();
                w.WriteString("at", e.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture));
                w.WriteString("action", e.Action);
                w.WriteString("actor", e.Actor);
                w.WriteString("channel", e.Channel);
                if (e.Detail is null)
                {
                    w.WriteNull("detail");
                }
                else
                {
                    w.WriteString("detail", e.Detail);
                }

                w.WriteString("state", e.State == LeaseHistoryState.Applied ? "applied" : "pending");
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    /// <summary>
    /// 409 for an id another district holds, not naming that district. (Lease ids are unique across districts, so a write
    /// cannot tell "taken" from "free"; it never tells where, and the id cannot be taken over.)
    /// </summary>
    private static ApiResponse IdUnavailable(ApiRequest request, string id, string district) =>
        ApiResults.Conflict(request,
            $"The lease id '{id}' cannot be used in district {district}; choose another id. Nothing was written.",
            [new ProblemError("leaseId", "this id is not available", id)]);

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
