using System.Text.Json;
using ComplianceMonitor.Application.Leases;
using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Storage;
namespace ComplianceMonitor.Application.Tasks;

/// <summary>Thrown when no enforcement task has the given id.</summary>
public sealed class TaskNotFoundException : KeyNotFoundException
{
    /// <summary>Creates the exception for task <paramref name="id"/>.</summary>
    public TaskNotFoundException(string id)
        : base($"id: no enforcement task has the id '{id}'.")
    {
        Id = id;
    }

    /// <summary>The id looked for.</summary>
    public string Id { get; }
}

/// <summary>How a person resolves a task: the resolution, and for <see cref="TaskResolution.FactRecorded"/> the fact (<see cref="TaskFacts"/>).</summary>
/// <param name="Resolution">Recorded, unchanged or handled; null lets the rule decide (handled for violations; otherwise required).</param>
/// <param name="Fact">The fact that closes the obligation, for <see cref="TaskResolution.FactRecorded"/>.</param>
public sealed record TaskResolveRequest(TaskResolution? Resolution, JsonElement? Fact = null);

/// <summary>Moves enforcement tasks through their life on behalf of a person (Flow 5): acknowledge, resolve, dismiss.</summary>
/// <remarks>
/// <para>Every move needs a note (<c>note</c>), recorded with the actor in the task's history. Resolving asks how
/// (<see cref="TaskResolveRequest"/>): with the fact that closes the obligation, which is first written on the lease through
/// the audited <see cref="LeaseWriter"/> (history row with the actor, then the lease), then the task is resolved; or "resolved,
/// record unchanged", which the next scan reopens when it still finds the breach; violations no fact closes are "handled".</para>
/// <para>Each task move is an ETag-guarded update; when the task changed meanwhile (a scan escalated it) the move is re-read and
/// re-applied. Ids are the short id (<c>T-…</c>) or the task's key.</para>
/// </remarks>
public sealed class TaskService
{
    /// <summary>The longest note accepted.</summary>
    public const int MaxNoteLength = 2000;

    private const int MaxAttempts = 4;
    private readonly ITaskStore _tasks;
    private readonly TimeProvider _time;
    private readonly ILeaseStore? _leases;
    private readonly LeaseWriter? _writer;

    /// <summary>Creates the service; <paramref name="leases"/> and <paramref name="writer"/> are needed to resolve with a fact.</summary>
    public TaskService(ITaskStore tasks, TimeProvider timeProvider, ILeaseStore? leases = null, LeaseWriter? writer = null)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _tasks = tasks;
        _time = timeProvider;
        _leases = leases;
        _writer = writer;
    }

    /// <summary>The problems of a move's note: required, at most <see cref="MaxNoteLength"/> characters (field <c>note</c>).</summary>
    public static IReadOnlyList<TaskInputError> CheckNote(string? note, string action) =>
        string.IsNullOrWhiteSpace(note) ? [new TaskInputError("note", $"required: a note is recorded with your name when you {action} a task (说明必填).")]
        : note.Trim().Length > MaxNoteLength ? [new TaskInputError("note", $"at most {MaxNoteLength} characters.")]
        : [];

    /// <summary>Finds a task by its short id or its key, or null.</summary>
    public Task<EnforcementTask?> FindAsync(string id, CancellationToken cancellationToken = default) => _tasks.FindAsync(id, cancellationToken);

    /// <summary>Acknowledges an open task; <paramref name="note"/> is required.</summary>
    public async Task<EnforcementTask> AcknowledgeAsync(string id, string by, string? note, CancellationToken cancellationToken = default)
    {
        Require(CheckNote(note, "acknowledge"));
        return await AcknowledgeAsync(await FindRequiredAsync(id, cancellationToken).ConfigureAwait(false), by, note, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Acknowledges <paramref name="task"/> as the caller read it (e.g. to check its district): read again only when it changed meanwhile.</summary>
    public Task<EnforcementTask> AcknowledgeAsync(EnforcementTask task, string by, string? note, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        Require(CheckNote(note, "acknowledge"));
        return MoveAsync(task, t => t.Acknowledge(by, _time.GetUtcNow(), note), cancellationToken);
    }

    /// <summary>Resolves an open or acknowledged task as <paramref name="request"/> says; <paramref name="note"/> is required.</summary>
    /// <exception cref="TaskInputException">The note, resolution or fact is invalid; nothing was written.</exception>
    public async Task<EnforcementTask> ResolveAsync(string id, string by, string? note, TaskResolveRequest request, string channel, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var task = await FindRequiredAsync(id, cancellationToken).ConfigureAwait(false);
        return await ResolveAsync(task, by, note, request, channel, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Resolves <paramref name="task"/> as the caller read it (e.g. to check its district): read again only when it changed meanwhile.</summary>
    /// <exception cref="TaskInputException">The note, resolution or fact is invalid; nothing was written.</exception>
    public async Task<EnforcementTask> ResolveAsync(EnforcementTask task, string by, string? note, TaskResolveRequest request, string channel, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(request);
        var errors = new List<TaskInputError>(CheckNote(note, "resolve"));
        if (!task.IsActive)
        {
            // Refused before anything is written on the lease.
            throw new TaskTransitionException($"Task {task.PublicId} is {EnforcementTask.Wire(task.State)}; only an open or acknowledged task can be resolved.");
        }

        var resolution = ResolutionFor(task, request, errors);
        Require(errors);
        var text = note!.Trim();
        if (resolution == TaskResolution.FactRecorded)
        {
            var detail = await RecordFactAsync(task, request.Fact!.Value, by, channel, cancellationToken).ConfigureAwait(false);
            text = $"{text} [recorded on lease {task.LeaseId}: {detail}]";
        }

        return await MoveAsync(task, t => t.Resolve(by, _time.GetUtcNow(), text, resolution), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Dismisses an open or acknowledged task; <paramref name="note"/> (the reason) is required.</summary>
    public async Task<EnforcementTask> DismissAsync(string id, string by, string? note, CancellationToken cancellationToken = default)
    {
        Require(CheckNote(note, "dismiss"));
        return await DismissAsync(await FindRequiredAsync(id, cancellationToken).ConfigureAwait(false), by, note, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Dismisses <paramref name="task"/> as the caller read it (e.g. to check its district): read again only when it changed meanwhile.</summary>
    public Task<EnforcementTask> DismissAsync(EnforcementTask task, string by, string? note, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        Require(CheckNote(note, "dismiss"));
        return MoveAsync(task, t => t.Dismiss(by, _time.GetUtcNow(), note!), cancellationToken);
    }

    private static TaskResolution ResolutionFor(EnforcementTask task, TaskResolveRequest request, List<TaskInputError> errors)
    {
        var handledOnly = TaskResolutions.IsHandledOnly(task.Rule);
        var hasFacts = TaskFacts.FieldsOf(task.Rule).Count > 0;
        var allowed = handledOnly ? "handled" : hasFacts ? "recorded (with fact) or unchanged" : "unchanged";
        switch (request.Resolution)
        {
            case null when handledOnly:
                return TaskResolution.Handled;
            case null:
                errors.Add(new TaskInputError("resolution", $"required for a {task.Rule} task: {allowed}{(hasFacts ? $" (fact: {string.Join(", ", TaskFacts.FieldsOf(task.Rule))} → {TaskFacts.TargetOf(task.Rule)})" : string.Empty)}."));
                return default;
            case TaskResolution.Handled when handledOnly:
            case TaskResolution.RecordUnchanged when !handledOnly:
                if (request.Fact is { ValueKind: not JsonValueKind.Null and not JsonValueKind.Undefined })
                {
                    errors.Add(new TaskInputError("fact", $"only with resolution recorded (got {TaskResolutions.Wire(request.Resolution.Value)})."));
                }

                return request.Resolution.Value;
            case TaskResolution.FactRecorded when hasFacts:
                if (request.Fact is not { ValueKind: not JsonValueKind.Null and not JsonValueKind.Undefined })
                {
                    errors.Add(new TaskInputError("fact", $"required with resolution recorded: {{ {string.Join(", ", TaskFacts.FieldsOf(task.Rule))} }} → {TaskFacts.TargetOf(task.Rule)}."));
                }

                return TaskResolution.FactRecorded;
            default:
                errors.Add(new TaskInputError("resolution", $"'{TaskResolutions.Wire(request.Resolution.Value)}' is not possible for a {task.Rule} task: {allowed}."));
                return default;
        }
    }

    private async Task<string> RecordFactAsync(EnforcementTask task, JsonElement fact, string by, string channel, CancellationToken cancellationToken)
    {
        if (_leases is null || _writer is null)
        {
            throw new InvalidOperationException("This task service has no lease writer: it cannot record a fact.");
        }

        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var stored = await _leases.GetAsync(task.DistrictCode, task.LeaseId, cancellationToken).ConfigureAwait(false)
                ?? throw new TaskInputException([new TaskInputError("fact", $"lease {task.LeaseId} is no longer stored: nothing to record the fact on")]);
            var (record, detail, errors) = TaskFacts.Apply(task, stored.Record, fact);
            Require(errors);
            if (record is null)
            {
                return detail; // Already recorded (a retried resolve): nothing written twice.
            }

            try
            {
                await _writer.ReplaceAuditedAsync(record, stored.ETag, by, channel, "task", detail, cancellationToken).ConfigureAwait(false);
                return detail;
            }
            catch (LeaseVersionMismatchException) when (attempt < MaxAttempts)
            {
                // The lease changed since it was read: read it again and apply the fact to that.
            }
        }

        throw new ConcurrencyConflictException(task.DistrictCode, task.LeaseId);
    }

    private async Task<EnforcementTask> FindRequiredAsync(string id, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            throw new TaskInputException([new TaskInputError("id", "a task id is required.")]);
        }

        return await _tasks.FindAsync(id.Trim(), cancellationToken).ConfigureAwait(false) ?? throw new TaskNotFoundException(id.Trim());
    }

    private static void Require(IReadOnlyList<TaskInputError> errors)
    {
        if (errors.Count > 0)
        {
            throw new TaskInputException(errors);
        }
    }

    /// <summary>
    /// Applies <paramref name="move"/> to <paramref name="task"/> and writes it, guarded by its ETag; when it changed meanwhile
    /// (a scan escalated it), reads it again by its district and key (a point read) and re-applies the move.
    /// </summary>
    private async Task<EnforcementTask> MoveAsync(EnforcementTask task, Func<EnforcementTask, EnforcementTask> move, CancellationToken cancellationToken)
    {
        var current = task;
        for (var attempt = 1; ; attempt++)
        {
            var moved = move(current);
            try
            {
                var etag = await _tasks.UpdateAsync(moved, cancellationToken).ConfigureAwait(false);

                // A task stored before short ids got one from the store on this write: return it as stored.
                return moved.ShortId is null
                    ? await _tasks.GetAsync(moved.DistrictCode, moved.Id, cancellationToken).ConfigureAwait(false) ?? (moved with { ETag = etag })
                    : moved with { ETag = etag };
            }
            catch (ConcurrencyConflictException) when (attempt < MaxAttempts)
            {
                // Changed meanwhile (e.g. escalated by a scan): read it again and re-apply the move.
                current = await _tasks.GetAsync(task.DistrictCode, task.Id, cancellationToken).ConfigureAwait(false) ?? throw new TaskNotFoundException(task.PublicId);
            }
        }
    }
}
