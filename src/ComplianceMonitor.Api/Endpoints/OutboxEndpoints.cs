using System.Globalization;
using ComplianceMonitor.Api.Http;
using ComplianceMonitor.Application;
using ComplianceMonitor.Application.Reminders;

namespace ComplianceMonitor.Api.Endpoints;

/// <summary>
/// Dead reminders over HTTP: the list (lease, enterprise, stage, channel, why it died, when) with filters, and the requeue
/// of chosen ones, through the use case of <c>cm outbox requeue</c> (<see cref="OutboxRequeueService"/>: each back to
/// pending once, audited with the caller; idempotent).
/// </summary>
/// <remarks>An id outside the caller's districts is answered exactly as a missing one (in <c>unmatchedIds</c>).</remarks>
public sealed class OutboxEndpoints
{
    /// <summary>The most ids one requeue takes.</summary>
    public const int MaxIds = 200;

    private static readonly string[] RequeueProperties = ["ids", "note"];

    private readonly OutboxRequeueService _requeue;

    /// <summary>Creates the endpoints.</summary>
    public OutboxEndpoints(OutboxRequeueService requeue) => _requeue = requeue;

    /// <summary><c>GET /api/outbox/dead?district=&amp;channel=&amp;rule=&amp;reason=&amp;from=&amp;to=&amp;q=</c>: the dead reminders, latest death first.</summary>
    public async Task<ApiResponse> ListDeadAsync(ApiCall call)
    {
        var (request, principal, _) = call.Parts();
        var errors = new List<ProblemError>();
        var district = DistrictQuery.Read(request, errors);

        OutboxChannel? channel = null;
        if (request.Query("channel") is { } channelText)
        {
            if (OutboxEntry.TryParseChannel(channelText, out var c))
            {
                channel = c;
            }
            else
            {
                errors.Add(new ProblemError("channel", $"'{channelText}' is not one of email, sms."));
            }
        }

        var filterErrors = new List<KeyValuePair<string, string>>();
        var rule = FilterValues.Rule(request.Query, filterErrors);
        var from = FilterValues.Date(request.Query, "from", filterErrors);
        var to = FilterValues.Date(request.Query, "to", filterErrors);
        errors.AddRange(filterErrors.Select(e => new ProblemError(e.Key, e.Value)));
        if (errors.Count > 0)
        {
            return ApiResults.Invalid(request, errors);
        }

        var (districts, refusal) = DistrictQuery.Scope(request, principal, district);
        if (refusal is not null)
        {
            return refusal;
        }

        var q = request.Query("q");
        var items = (await _requeue.ListDeadAsync(new OutboxRequeueFilter([.. districts], [], request.Query("reason"), null), request.CancellationToken))
            .Where(i => channel is null || i.Entry.Channel == channel)
            .Where(i => rule is null || i.Entry.Rule == rule)
            .Where(i => from is null || (i.DiedOn is { } d && d >= from))
            .Where(i => to is null || (i.DiedOn is { } d2 && d2 <= to))
            .Where(i => q is null
                || i.Entry.LeaseId.Contains(q, StringComparison.OrdinalIgnoreCase)
                || i.Entry.LandUserName.Contains(q, StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(i => i.DiedOn ?? DateOnly.MinValue)
            .ThenBy(i => i.Entry.Id, StringComparer.Ordinal)
            .ToList();
        return ApiResults.Json(200, w =>
        {
            w.WriteStartObject();
            w.WriteNumber("count", items.Count);
            w.WriteStartArray("entries");
            foreach (var i in items)
            {
                var e = i.Entry;
                w.WriteStartObject();
                w.WriteString("id", e.Id);
                w.WriteString("districtCode", e.DistrictCode);
                w.WriteString("leaseId", e.LeaseId);
                w.WriteString("landUserName", e.LandUserName);
                w.WriteString("rule", e.Rule.ToString());
                w.WriteString("stage", e.Stage);
                w.WriteString("channel", OutboxEntry.Wire(e.Channel));
                w.WriteString("recipient", e.MaskedRecipient);
                w.WriteNumber("attempts", e.Attempts);
                if (e.LastError is null)
                {
                    w.WriteNull("lastError");
                }
                else
                {
                    w.WriteString("lastError", e.LastError);
                }

                if (i.DiedOn is { } died)
                {
                    w.WriteString("diedOn", died.ToString(ApiRequest.DateFormat, CultureInfo.InvariantCulture));
                }
                else
                {
                    w.WriteNull("diedOn");
                }

                w.WriteString("queuedOn", e.QueuedOn.ToString(ApiRequest.DateFormat, CultureInfo.InvariantCulture));
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    /// <summary>
    /// <c>POST /api/outbox/requeue</c> <c>{ "ids": [ … ], "note"? }</c>: puts the named dead reminders of the caller's
    /// districts back to pending, once each, audited with the caller. Ids that are not dead reminders the caller can reach
    /// (missing, another district's, already requeued) are listed in <c>unmatchedIds</c> and nothing is done for them.
    /// </summary>
    public async Task<ApiResponse> RequeueAsync(ApiCall call)
    {
        var (request, principal, _) = call.Parts();
        var (json, refusal) = await request.ReadTextAsync();
        if (refusal is not null)
        {
            return refusal;
        }

        IReadOnlyList<string>? ids;
        string? note;
        using (var body = BodyFields.Parse(json!, RequeueProperties, "{ \"ids\": [ … ], \"note\"? }"))
        {
            ids = body.Strings("ids", MaxIds, 200);
            note = body.Text("note", required: false, 500);
            if (body.Errors.Count > 0)
            {
                return ApiResults.Invalid(request, body.Errors);
            }
        }

        var result = await _requeue.RequeueAsync(
            new OutboxRequeueFilter([.. principal.AccessibleDistricts], ids!, null, null), principal.Actor, note, apply: true, request.CancellationToken);
        return ApiResults.Json(200, w =>
        {
            w.WriteStartObject();
            w.WriteString("actor", principal.Actor);
            w.WriteNumber("requeued", result.Requeued);
            w.WriteStartArray("entries");
            foreach (var i in result.Items)
            {
                w.WriteStartObject();
                w.WriteString("id", i.Entry.Id);
                w.WriteString("leaseId", i.Entry.LeaseId);
                w.WriteString("outcome", i.Outcome == RequeueOutcome.Requeued ? "requeued" : "changed");
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("unmatchedIds");
            foreach (var id in result.UnmatchedIds)
            {
                w.WriteStringValue(id);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
    }
}
