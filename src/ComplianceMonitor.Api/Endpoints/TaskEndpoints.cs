using System.Text.Json;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Tasks;
using ComplianceMonitor.Domain.Rules;
using ComplianceMonitor.Api.Http;
using Microsoft.Extensions.Logging;

namespace ComplianceMonitor.Api.Endpoints;

/// <summary>Enforcement tasks over HTTP (Flow 5): list with filters, and acknowledge / resolve / dismiss.</summary>
/// <remarks>The moves are <see cref="TaskService"/>'s (ETag-guarded, re-applied when a scan changed the task meanwhile).</remarks>
public sealed class TaskEndpoints
{
    private static readonly HashSet<string> PatchProperties = new(StringComparer.Ordinal) { "id", "action", "note", "reason", "resolution", "fact" };

    private readonly ITaskStore _tasks;
    private readonly TaskService _service;
    private readonly ILogger<TaskEndpoints> _logger;

    /// <summary>Creates the endpoints over the task store and service.</summary>
    public TaskEndpoints(ITaskStore tasks, TaskService service, ILogger<TaskEndpoints> logger)
    {
        _tasks = tasks;
        _service = service;
        _logger = logger;
    }

    /// <summary>
    /// <c>GET /api/tasks?district=&amp;state=&amp;leaseId=&amp;department=&amp;rule=&amp;escalated=</c>: the tasks of the caller's
    /// districts (or of <c>district</c>), filtered. <c>state</c> is open, acknowledged, resolved, dismissed or active
    /// (open + acknowledged); <c>department</c> industry or planning; <c>escalated</c> true or false.
    /// </summary>
    public async Task<ApiResponse> ListAsync(ApiCall call)
    {
        var (request, principal, ct) = call.Parts();
        var errors = new List<ProblemError>();
        var district = DistrictQuery.Read(request, errors);

        var filterErrors = new List<KeyValuePair<string, string>>();
        var filter = TaskFilter.Parse(request.Query, filterErrors);
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

        var found = new List<EnforcementTask>();
        var unreadable = new List<string>();
        foreach (var code in districts)
        {
            await foreach (var item in _tasks.ListAsync(code, filter.State, ct))
            {
                if (item.Item is not { } task)
                {
                    unreadable.Add($"{code}/{item.Key}");
                    continue;
                }

                if (filter.Matches(task))
                {
                    found.Add(task);
                }
            }
        }

        foreach (var key in unreadable)
        {
            ApiLog.TaskUnreadable(_logger, key);
        }

        found.Sort(TaskFilter.Compare);
        return ApiResults.Json(
            200,
            w =>
            {
                w.WriteStartObject();
                w.WriteNumber("count", found.Count);
                w.WriteStartArray("tasks");
                foreach (var t in found)
                {
                    TaskJson.Write(w, t);
                }

                w.WriteEndArray();
                w.WriteStartArray("unreadable");
                foreach (var key in unreadable)
                {
                    w.WriteStringValue(key);
                }

                w.WriteEndArray();
                w.WriteEndObject();
            });
    }

    /// <summary><c>GET /api/tasks/{id}</c>: one task by its short id (<c>T-…</c>) or its key; 404 outside the caller's districts.</summary>
    public async Task<ApiResponse> GetAsync(ApiCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var request = call.Request;
        var id = request.Route("id");
        if (string.IsNullOrWhiteSpace(id))
        {
            return ApiResults.Invalid(request, "id", "a task id is required (T-XXXXXXXX).");
        }

        var task = await _tasks.FindAsync(id.Trim(), request.CancellationToken);
        if (task is null || !call.Caller.CanAccess(task.DistrictCode))
        {
            return ApiResults.TaskNotFound(request, id.Trim());
        }

        var response = ApiResults.Json(200, w => TaskJson.Write(w, task));
        if (task.ETag is { } etag)
        {
            response.With("ETag", etag);
        }

        return response;
    }

    /// <summary>
    /// <c>PATCH /api/tasks/{id}</c> (or <c>PATCH /api/tasks</c> with the id in the body): <c>{ "action": "acknowledge" |
    /// "resolve" | "dismiss", "note": "…", "resolution": "recorded" | "unchanged" | "handled", "fact": { … } }</c>. The note
    /// is required for every action (<c>reason</c> is read as an alias) and recorded with the caller's name in the task's
    /// history. Resolving asks how (<see cref="TaskService.ResolveAsync(EnforcementTask, string, string, TaskResolveRequest, string, CancellationToken)"/>):
    /// <c>recorded</c> with the fact that closes the obligation (written on the lease, audited), <c>unchanged</c> (reopened
    /// by the next scan that still finds the breach), or <c>handled</c> for a violation.
    /// </summary>
    public async Task<ApiResponse> PatchAsync(ApiCall call)
    {
        var (request, principal, ct) = call.Parts();
        var id = request.Route("id");
        var (json, refusal) = await request.ReadTextAsync();
        if (refusal is not null)
        {
            return refusal;
        }

        var (patch, errors) = ReadPatch(json!, string.IsNullOrWhiteSpace(id) ? null : id);
        if (errors.Count > 0)
        {
            return ApiResults.Invalid(request, errors);
        }

        var task = await _tasks.FindAsync(patch!.Id, ct);
        if (task is null || !principal.CanAccess(task.DistrictCode))
        {
            // Outside the caller's districts looks exactly like missing (no oracle).
            return ApiResults.TaskNotFound(request, patch.Id);
        }

        EnforcementTask moved;
        try
        {
            moved = patch.Action switch
            {
                // The task as read above: the service reads it again only when it changed meanwhile (by district and key).
                "acknowledge" => await _service.AcknowledgeAsync(task, principal.Actor, patch.Note, ct),
                "resolve" => await _service.ResolveAsync(task, principal.Actor, patch.Note, new TaskResolveRequest(patch.Resolution, patch.Fact), LeaseEndpoints.Channel, ct),
                _ => await _service.DismissAsync(task, principal.Actor, patch.Note, ct),
            };
        }
        catch (TaskInputException ex)
        {
            return ApiResults.Invalid(request, [.. ex.Errors.Select(e => new ProblemError(e.Field, e.Message))]);
        }
        catch (TaskTransitionException ex)
        {
            return ApiResults.Conflict(request, ex.Message, [new ProblemError("action", ex.Message)]);
        }
        catch (TaskNotFoundException)
        {
            return ApiResults.TaskNotFound(request, patch.Id);
        }
        catch (ConcurrencyConflictException ex)
        {
            return ApiResults.Conflict(request, ex.Message, null);
        }

        var newState = EnforcementTask.Wire(moved.State);
        ApiLog.TaskMoved(_logger, moved.PublicId, moved.DistrictCode, patch.Action, newState);
        var response = ApiResults.Json(200, w => TaskJson.Write(w, moved));
        if (moved.ETag is { } etag)
        {
            response.With("ETag", etag);
        }

        return response;
    }

    private static (TaskPatch? Patch, List<ProblemError> Errors) ReadPatch(string json, string? pathId)
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
            return (null, errors);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new ProblemError("$", "expected an object { \"action\", \"note\" }."));
                return (null, errors);
            }

            foreach (var property in root.EnumerateObject())
            {
                if (!PatchProperties.Contains(property.Name))
                {
                    errors.Add(new ProblemError(property.Name, "unknown property (expected id, action, note, resolution, fact)."));
                }
            }

            var bodyId = Text(root, "id", errors);
            var action = Text(root, "action", errors);
            var note = Text(root, "note", errors);
            var reason = Text(root, "reason", errors);
            var resolutionText = Text(root, "resolution", errors);
            if (pathId is not null && bodyId is not null && !string.Equals(pathId, bodyId, StringComparison.Ordinal))
            {
                errors.Add(new ProblemError("id", $"'{bodyId}' must equal the id in the path ('{pathId}')."));
            }

            var id = pathId ?? bodyId;
            if (string.IsNullOrWhiteSpace(id))
            {
                errors.Add(new ProblemError("id", "a task id is required (in the path /api/tasks/{id} or the body)."));
            }

            if (action is null)
            {
                errors.Add(new ProblemError("action", "required: acknowledge, resolve or dismiss."));
            }
            else if (action is not ("acknowledge" or "resolve" or "dismiss"))
            {
                errors.Add(new ProblemError("action", $"'{action}' is not one of acknowledge, resolve, dismiss."));
            }

            if (!string.IsNullOrWhiteSpace(note) && !string.IsNullOrWhiteSpace(reason) && !string.Equals(note.Trim(), reason.Trim(), StringComparison.Ordinal))
            {
                errors.Add(new ProblemError("note", "give the note once: note (reason is its older name)."));
            }

            var text = string.IsNullOrWhiteSpace(note) ? reason : note;
            if (action is "acknowledge" or "resolve" or "dismiss")
            {
                errors.AddRange(TaskService.CheckNote(text, action).Select(e => new ProblemError(e.Field, e.Message)));
            }

            TaskResolution? resolution = null;
            if (resolutionText is not null)
            {
                if (action != "resolve")
                {
                    errors.Add(new ProblemError("resolution", "only with action resolve."));
                }
                else if (TaskResolutions.TryParse(resolutionText, out var r) && r != TaskResolution.ObligationMet)
                {
                    resolution = r;
                }
                else
                {
                    errors.Add(new ProblemError("resolution", $"'{resolutionText}' is not one of recorded, unchanged, handled."));
                }
            }

            JsonElement? fact = null;
            if (root.TryGetProperty("fact", out var f) && f.ValueKind != JsonValueKind.Null)
            {
                if (action != "resolve")
                {
                    errors.Add(new ProblemError("fact", "only with action resolve."));
                }
                else if (f.ValueKind != JsonValueKind.Object)
                {
                    errors.Add(new ProblemError("fact", "must be an object."));
                }
                else
                {
                    fact = f.Clone();
                }
            }

            return errors.Count > 0 ? (null, errors) : (new TaskPatch(id!.Trim(), action!, text!.Trim(), resolution, fact), errors);
        }
    }

    private static string? Text(JsonElement root, string name, List<ProblemError> errors)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(new ProblemError(name, "must be a string."));
            return null;
        }

        return value.GetString();
    }

    private sealed record TaskPatch(string Id, string Action, string Note, TaskResolution? Resolution, JsonElement? Fact);
}
