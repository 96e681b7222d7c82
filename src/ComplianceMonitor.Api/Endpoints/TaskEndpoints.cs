using System.Text.Json;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Tasks;
using ComplianceMonitor.Domain.Jurisdictions;
using ComplianceMonitor.Domain.Rules;
using ComplianceMonitor.Api.Auth;
using ComplianceMonitor.Api.Http;
using Microsoft.Extensions.Logging;

namespace ComplianceMonitor.Api.Endpoints;

/// <summary>Enforcement tasks over HTTP (Flow 5): list with filters, and acknowledge / resolve / dismiss.</summary>
/// <remarks>The moves are <see cref="TaskService"/>'s (ETag-guarded, re-applied when a scan changed the task meanwhile).</remarks>
public sealed class TaskEndpoints
{
    private static readonly HashSet<string> PatchProperties = new(StringComparer.Ordinal) { "id", "action", "reason" };

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
    public Task<ApiResponse> ListAsync(ApiCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var request = call.Request;
        var principal = call.Caller;
        var ct = request.CancellationToken;
        return ListCoreAsync(request, principal, ct);
    }

    private async Task<ApiResponse> ListCoreAsync(ApiRequest request, ClientPrincipal principal, CancellationToken ct)
    {

        var errors = new List<ProblemError>();
        var district = request.Query("district");
        if (district is not null && !Jurisdiction.IsKnown(district))
        {
            errors.Add(new ProblemError("district", ApiRequest.UnknownDistrict(district)));
        }

        var filterErrors = new List<KeyValuePair<string, string>>();
        var filter = TaskFilter.Parse(request.Query, filterErrors);
        errors.AddRange(filterErrors.Select(e => new ProblemError(e.Key, e.Value)));
        if (errors.Count > 0)
        {
            return ApiResults.Invalid(request, errors);
        }

        if (district is not null && !principal.CanAccess(district))
        {
            return ApiAuthenticator.Forbidden(request, principal, [district], "district");
        }

        IReadOnlyList<string> districts = district is not null ? [district] : principal.AccessibleDistricts;
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

    /// <summary>
    /// <c>PATCH /api/tasks/{id}</c> (or <c>PATCH /api/tasks</c> with the id in the body): <c>{ "action": "acknowledge" |
    /// "resolve" | "dismiss", "reason": "…" }</c>. A reason is required to dismiss and recorded as the note otherwise.
    /// The caller's name is recorded in the task's history.
    /// </summary>
    public async Task<ApiResponse> PatchAsync(ApiCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var request = call.Request;
        var principal = call.Caller;
        var ct = request.CancellationToken;
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
                "acknowledge" => await _service.AcknowledgeAsync(patch.Id, principal.Actor, patch.Reason, ct),
                "resolve" => await _service.ResolveAsync(patch.Id, principal.Actor, patch.Reason, ct),
                _ => await _service.DismissAsync(patch.Id, principal.Actor, patch.Reason!, ct),
            };
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
        ApiLog.TaskMoved(_logger, moved.Id, moved.DistrictCode, patch.Action, newState);
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
                errors.Add(new ProblemError("$", "expected an object { \"action\", \"reason\" }."));
                return (null, errors);
            }

            foreach (var property in root.EnumerateObject())
            {
                if (!PatchProperties.Contains(property.Name))
                {
                    errors.Add(new ProblemError(property.Name, "unknown property (expected id, action, reason)."));
                }
            }

            var bodyId = Text(root, "id", errors);
            var action = Text(root, "action", errors);
            var reason = Text(root, "reason", errors);
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

            if (action == "dismiss" && string.IsNullOrWhiteSpace(reason))
            {
                errors.Add(new ProblemError("reason", "a reason is required to dismiss a task."));
            }

            if (reason is { Length: > 2000 })
            {
                errors.Add(new ProblemError("reason", "at most 2000 characters."));
            }

            return errors.Count > 0 ? (null, errors) : (new TaskPatch(id!.Trim(), action!, string.IsNullOrWhiteSpace(reason) ? null : reason.Trim()), errors);
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

    private sealed record TaskPatch(string Id, string Action, string? Reason);
}
