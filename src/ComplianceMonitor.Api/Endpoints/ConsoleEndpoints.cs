using System.Reflection;
using System.Text.Json;
using ComplianceMonitor.Api.Http;
using ComplianceMonitor.Application.Leases;
using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Tasks;
using ComplianceMonitor.Domain.Calendar;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Jurisdictions;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Domain.Rules;
using ComplianceMonitor.Infrastructure.Import;
using ComplianceMonitor.Infrastructure.Leases;

namespace ComplianceMonitor.Api.Endpoints;

/// <summary>
/// What the web console reads and writes besides the original routes: the caller, one lease with everything about it, the
/// alerts list, the ledger import (preview, then confirm), and the console's own files.
/// </summary>
/// <remarks>A lease outside the caller's districts is answered exactly as a missing one (404, same text).</remarks>
public sealed class ConsoleEndpoints
{
    private static readonly Assembly Assets = typeof(ConsoleEndpoints).Assembly;

    private readonly ILeaseStore _leases;
    private readonly IAlertStore _alerts;
    private readonly ITaskStore _tasks;
    private readonly IOutboxStore _outbox;
    private readonly RuleEngine _engine;
    private readonly TimeProvider _time;
    private readonly LedgerImport _import;

    /// <summary>Creates the endpoints.</summary>
    public ConsoleEndpoints(ILeaseStore leases, IAlertStore alerts, ITaskStore tasks, IOutboxStore outbox, RuleEngine engine, TimeProvider time, LedgerImport import)
    {
        _import = import;
        _leases = leases;
        _alerts = alerts;
        _tasks = tasks;
        _outbox = outbox;
        _engine = engine;
        _time = time;
    }

    /// <summary><c>GET /api/me</c>: who the caller is and which districts they reach.</summary>
    public Task<ApiResponse> MeAsync(ApiCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var p = call.Caller;
        return Task.FromResult(ApiResults.Json(200, w =>
        {
            w.WriteStartObject();
            w.WriteString("name", p.Actor);
            w.WriteString("authenticationType", p.AuthenticationType);
            w.WriteBoolean("isCity", p.IsCity);
            w.WriteString("today", CheckResultJson.Date(BeijingClock.Today(_time)));
            w.WriteStartArray("roles");
            foreach (var r in p.Roles)
            {
                w.WriteStringValue(r);
            }

            w.WriteEndArray();
            w.WriteStartArray("rules");
            foreach (var rule in Enum.GetNames<RuleCode>())
            {
                w.WriteStringValue(rule);
            }

            w.WriteEndArray();
            w.WriteStartArray("districts");
            foreach (var code in p.AccessibleDistricts)
            {
                w.WriteStartObject();
                w.WriteString("code", code);
                w.WriteString("name", Jurisdiction.All.First(j => j.Code == code).Name);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }));
    }

    /// <summary><c>GET /api/leases/{id}</c>: the record, today's check, alerts, reminders with delivery status, tasks and history.</summary>
    public async Task<ApiResponse> GetLeaseAsync(ApiCall call)
    {
        var (request, principal, ct) = call.Parts();
        var id = request.Route("id") ?? string.Empty;
        var stored = await _leases.FindAsync(id, ct);
        if (stored is null || !principal.CanAccess(stored.Record.DistrictCode))
        {
            return ApiResults.NotFound(request, $"No lease has the id '{id}'.");
        }

        var record = stored.Record;
        var today = BeijingClock.Today(_time);
        var check = _engine.Check(record, today);
        var alerts = new List<Alert>();
        await foreach (var a in _alerts.ListByLeaseAsync(record.DistrictCode, record.LeaseId, ct))
        {
            alerts.Add(a);
        }

        var tasks = new List<EnforcementTask>();
        await foreach (var item in _tasks.ListAsync(record.DistrictCode, null, ct))
        {
            if (item.Item is { } t && t.LeaseId == record.LeaseId)
            {
                tasks.Add(t);
            }
        }

        var reminders = new List<OutboxEntry>();
        await foreach (var item in _outbox.ListAsync(record.DistrictCode, null, ct))
        {
            if (item.Item is { } o && o.LeaseId == record.LeaseId)
            {
                reminders.Add(o);
            }
        }

        reminders.Sort((a, b) => a.CreatedAt.CompareTo(b.CreatedAt));
        var response = ApiResults.Json(200, w =>
        {
            w.WriteStartObject();
            w.WriteString("leaseId", record.LeaseId);
            w.WriteString("districtCode", record.DistrictCode);
            w.WriteString("districtName", Jurisdiction.All.First(j => j.Code == record.DistrictCode).Name);
            w.WriteString("asOf", CheckResultJson.Date(today));
            w.WritePropertyName("record");
            LeaseRecordJson.Write(w, record);
            w.WritePropertyName("check");
            CheckResultJson.Write(w, check);
            w.WriteStartArray("alerts");
            foreach (var a in alerts.OrderBy(a => a.Deadline ?? DateOnly.MaxValue))
            {
                WriteAlert(w, a);
            }

            w.WriteEndArray();
            w.WriteStartArray("reminders");
            foreach (var o in reminders)
            {
                w.WriteStartObject();
                w.WriteString("id", o.Id);
                w.WriteString("rule", o.Rule.ToString());
                w.WriteString("stage", o.Stage);
                w.WriteString("channel", OutboxEntry.Wire(o.Channel));
                w.WriteString("recipient", ContactMask.Mask(o.Channel, o.Recipient));
                w.WriteString("status", JsonNamingPolicy.CamelCase.ConvertName(o.Status.ToString()));
                w.WriteString("queuedOn", CheckResultJson.Date(o.QueuedOn));
                w.WriteString("createdAt", o.CreatedAt.ToUniversalTime());
                if (o.SentAt is { } sent)
                {
                    w.WriteString("sentAt", sent.ToUniversalTime());
                }
                else
                {
                    w.WriteNull("sentAt");
                }

                w.WriteNumber("attempts", o.Attempts);
                if (o.LastError is { } err)
                {
                    w.WriteString("lastError", err);
                }
                else
                {
                    w.WriteNull("lastError");
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("tasks");
            foreach (var t in tasks.OrderBy(t => t.DueOn))
            {
                TaskJson.Write(w, t);
            }

            w.WriteEndArray();
            w.WriteStartArray("history");
            var history = tasks.SelectMany(t => t.History.Select(h => (At: h.At, By: h.By, What: $"任务 {t.Rule}：{h.Action}", Note: h.Note)))
                .Concat(record.Events.Select(e => (At: new DateTimeOffset(e.On, TimeOnly.MinValue, TimeSpan.FromHours(8)), By: "台账", What: $"事件 {WireNames.Of(e.Type)}", Note: e.Ref)))
                .OrderByDescending(h => h.At);
            foreach (var h in history)
            {
                w.WriteStartObject();
                w.WriteString("at", h.At.ToUniversalTime());
                w.WriteString("by", h.By);
                w.WriteString("what", h.What);
                if (h.Note is null)
                {
                    w.WriteNull("note");
                }
                else
                {
                    w.WriteString("note", h.Note);
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
        return response.With("ETag", stored.ETag);
    }

    /// <summary><c>GET /api/alerts?district=&amp;state=&amp;rule=&amp;severity=&amp;status=&amp;from=&amp;to=&amp;q=</c>: the alerts of the caller's districts.</summary>
    public async Task<ApiResponse> ListAlertsAsync(ApiCall call)
    {
        var (request, principal, ct) = call.Parts();
        var errors = new List<ProblemError>();
        var district = DistrictQuery.Read(request, errors);

        var filterErrors = new List<KeyValuePair<string, string>>();
        var filter = AlertFilter.Parse(request.Query, AlertState.Open, filterErrors);
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

        var found = new List<Alert>();
        foreach (var code in districts)
        {
            await foreach (var item in _alerts.ListAsync(code, filter.State, ct))
            {
                if (item.Item is not { } a)
                {
                    continue;
                }

                if (filter.Matches(a))
                {
                    found.Add(a);
                }
            }
        }

        found.Sort(AlertFilter.Compare);
        return ApiResults.Json(200, w =>
        {
            w.WriteStartObject();
            w.WriteNumber("count", found.Count);
            w.WriteStartArray("alerts");
            foreach (var a in found)
            {
                WriteAlert(w, a);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    /// <summary><c>POST /api/imports/preview?format=xlsx|csv|json</c>: what importing the posted ledger would change; writes nothing.</summary>
    public Task<ApiResponse> PreviewImportAsync(ApiCall call) => ImportAsync(call, write: false);

    /// <summary><c>POST /api/imports?format=xlsx|csv|json</c>: imports the posted ledger, all or nothing (any error: nothing written).</summary>
    public Task<ApiResponse> ConfirmImportAsync(ApiCall call) => ImportAsync(call, write: true);

    /// <summary><c>GET /api/console/{*path}</c>: the console's files (HTML, JS, CSS), embedded in this assembly.</summary>
    public static Task<ApiResponse> AssetAsync(ApiCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var path = call.Request.Route("path") ?? "index.html";
        if (path.Contains("..", StringComparison.Ordinal) || path.Contains('\\', StringComparison.Ordinal))
        {
            return Task.FromResult(ApiResults.NotFound(call.Request, $"No console file '{path}'."));
        }

        using var stream = Assets.GetManifestResourceStream("console/" + path);
        if (stream is null)
        {
            return Task.FromResult(ApiResults.NotFound(call.Request, $"No console file '{path}'."));
        }

        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var type = Path.GetExtension(path) switch
        {
            ".html" => ApiResults.HtmlContentType,
            ".js" => "text/javascript; charset=utf-8",
            ".css" => "text/css; charset=utf-8",
            ".svg" => "image/svg+xml",
            _ => "application/octet-stream",
        };
        return Task.FromResult(ApiResults.Bytes(200, type, buffer.ToArray()).With("Cache-Control", "no-cache").With("X-Content-Type-Options", "nosniff"));
    }

    private async Task<ApiResponse> ImportAsync(ApiCall call, bool write)
    {
        var (request, principal, ct) = call.Parts();
        var formatText = request.Query("format") ?? "json";
        LedgerFormat format;
        switch (formatText.ToLowerInvariant())
        {
            case "json":
                format = LedgerFormat.Json;
                break;
            case "csv":
                format = LedgerFormat.Csv;
                break;
            case "xlsx":
                format = LedgerFormat.Xlsx;
                break;
            default:
                return ApiResults.Invalid(request, "format", $"'{formatText}' is not one of json, csv, xlsx.");
        }

        var (bytes, refusal) = await request.ReadBytesAsync();
        if (refusal is not null)
        {
            return refusal;
        }

        if (bytes!.Length == 0)
        {
            return ApiResults.Invalid(request, "$", "The body is empty; post the ledger file.");
        }

        var source = request.Query("name") ?? $"ledger.{format.ToString().ToLowerInvariant()}";
        LedgerReadResult read;
        using (var stream = new MemoryStream(bytes))
        {
            read = await new LedgerReader().ReadAsync(stream, format, source, null, ct);
        }

        var errors = read.Errors.ToList();
        foreach (var r in read.Records.Where(r => !principal.CanAccess(r.DistrictCode)))
        {
            errors.Add(new ImportError(source, null, r.LeaseId, "districtCode", $"district {r.DistrictCode} is outside your scope"));
        }

        var created = new List<string>();
        var updated = new List<string>();
        var unchanged = new List<string>();
        if (errors.Count == 0)
        {
            foreach (var item in await _import.PlanAsync(read.Records, cancellationToken: ct))
            {
                var r = item.Record;
                switch (item.Change)
                {
                    case LedgerImportChange.OtherDistrict:
                        // Another district's id: named only to a caller who may see that district (as PUT answers), never squatted.
                        errors.Add(principal.CanAccess(item.StoredDistrict!)
                            ? new ImportError(source, null, r.LeaseId, "districtCode", $"lease {r.LeaseId} is stored under district {item.StoredDistrict}; leases do not move between districts")
                            : new ImportError(source, null, r.LeaseId, "leaseId", $"the lease id '{r.LeaseId}' cannot be used in district {r.DistrictCode}; choose another id"));
                        break;
                    case LedgerImportChange.Unreadable:
                        errors.Add(new ImportError(source, null, r.LeaseId, "leaseId", $"the lease id '{r.LeaseId}' cannot be used in district {r.DistrictCode}; choose another id"));
                        break;
                    case LedgerImportChange.New:
                        created.Add(r.LeaseId);
                        break;
                    case LedgerImportChange.Unchanged:
                        unchanged.Add(r.LeaseId);
                        break;
                    default:
                        updated.Add(r.LeaseId);
                        break;
                }
            }
        }

        if (write && errors.Count > 0)
        {
            return ApiResults.Invalid(request, [.. errors.Select(e => new ProblemError(e.Row is { } row ? $"row {row}: {e.Field}" : e.Field, e.Message, e.LeaseId))], $"{errors.Count} error(s) in {source}; nothing was imported.");
        }

        if (write)
        {
            try
            {
                // Through the import use case: every write is recorded in the lease's history with the caller.
                await _import.WriteAsync(read.Records, principal.Actor, "console import", cancellationToken: ct);
            }
            catch (LedgerImportWriteException ex) when (ex.InnerException is LeaseDistrictConflictException conflict)
            {
                // Taken by another district's write since the check above (the index claim is atomic): refused, the
                // other district named only to a caller who may see it.
                var r = read.Records.First(x => x.LeaseId == conflict.LeaseId);
                var message = principal.CanAccess(conflict.StoredDistrict)
                    ? conflict.Message
                    : $"the lease id '{r.LeaseId}' cannot be used in district {r.DistrictCode}; choose another id";
                return ApiResults.Conflict(request,
                    $"{message}. {ex.Written} earlier lease(s) of {source} were written; importing the file again after fixing it completes it.",
                    [new ProblemError("leaseId", message, r.LeaseId)]);
            }
            catch (LedgerImportWriteException ex) when (ex.InnerException is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
                throw;
            }
        }

        return ApiResults.Json(200, w =>
        {
            w.WriteStartObject();
            w.WriteString("source", source);
            w.WriteBoolean("written", write);
            w.WriteNumber("rows", read.RowsRead);
            w.WriteNumber("records", read.Records.Count);
            WriteIds(w, "new", created);
            WriteIds(w, "updated", updated);
            WriteIds(w, "unchanged", unchanged);
            w.WriteStartArray("errors");
            foreach (var e in errors)
            {
                w.WriteStartObject();
                w.WriteString("source", e.Source);
                if (e.Row is { } row)
                {
                    w.WriteNumber("row", row);
                }
                else
                {
                    w.WriteNull("row");
                }

                w.WriteString("field", e.Field);
                w.WriteString("leaseId", e.LeaseId);
                w.WriteString("message", e.Message);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private static void WriteIds(Utf8JsonWriter w, string name, List<string> ids)
    {
        w.WriteStartArray(name);
        foreach (var id in ids)
        {
            w.WriteStringValue(id);
        }

        w.WriteEndArray();
    }

    private static void WriteAlert(Utf8JsonWriter w, Alert a)
    {
        w.WriteStartObject();
        w.WriteString("key", a.Key);
        w.WriteString("districtCode", a.DistrictCode);
        w.WriteString("leaseId", a.LeaseId);
        w.WriteString("rule", a.Rule.ToString());
        w.WriteString("subject", a.Subject);
        w.WriteString("state", JsonNamingPolicy.CamelCase.ConvertName(a.State.ToString()));
        w.WriteString("status", WireNames.Of(a.Status));
        w.WriteString("severity", WireNames.Of(a.Severity));
        w.WriteString("responsible", WireNames.Of(a.Responsible));
        if (a.Deadline is { } d)
        {
            w.WriteString("deadline", CheckResultJson.Date(d));
        }
        else
        {
            w.WriteNull("deadline");
        }

        if (a.AmountYuan is { } amount)
        {
            w.WriteNumber("amountYuan", amount);
        }
        else
        {
            w.WriteNull("amountYuan");
        }

        w.WriteString("message", a.Message);
        w.WriteString("basis", a.Basis);
        w.WriteString("landUserName", a.LandUserName);
        w.WriteString("parcelName", a.ParcelName);
        w.WriteString("firstSeenOn", CheckResultJson.Date(a.FirstSeenOn));
        w.WriteString("taskId", a.TaskId);
        w.WriteString("resolution", a.Resolution is { } resolution ? RuleRevision.Wire(resolution) : null);
        w.WriteEndObject();
    }
}
