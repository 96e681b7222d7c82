using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Domain.Rules;

namespace ComplianceMonitor.Application.Tasks;

/// <summary>Where an enforcement task is in its life: open → acknowledged → resolved | dismissed.</summary>
public enum TaskState
{
    /// <summary>Opened by the scan; nobody has taken it up yet.</summary>
    Open,

    /// <summary>The department has taken it up.</summary>
    Acknowledged,

    /// <summary>Done: handled by the department, or the obligation was met.</summary>
    Resolved,

    /// <summary>Closed without action, with a reason.</summary>
    Dismissed,
}

/// <summary>One entry of a task's history: what happened, who did it, when, and why.</summary>
/// <param name="Action">What happened: <c>opened</c>, <c>acknowledged</c>, <c>resolved</c>, <c>dismissed</c>, <c>reopened</c>, <c>escalated</c> or <c>confirmed</c> (the scan no longer finds the breach of a task a person resolved).</param>
/// <param name="State">The task's state after the action.</param>
/// <param name="By">Who did it (a person, or <c>system:scan</c>).</param>
/// <param name="At">When (UTC instant).</param>
/// <param name="Note">A note or reason, or null.</param>
public sealed record TaskHistoryEntry(string Action, TaskState State, string By, DateTimeOffset At, string? Note);

/// <summary>Thrown when a task is asked to make a move its life does not allow (e.g. acknowledging a resolved task).</summary>
public sealed class TaskTransitionException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public TaskTransitionException(string message)
        : base(message)
    {
    }
}

/// <summary>An enforcement task: one per open breach (overdue obligation or violation), addressed to the responsible department of the district.</summary>
/// <remarks>
/// The id is the alert's key, so a breach never gets two tasks. The task has its own due date (opened + a
/// configurable number of days); an open or acknowledged task past that date is escalated and shown to the
/// city (市规划自然资源委) in the digest. Every move is appended to <see cref="History"/>. Instances are
/// immutable: the transition methods return the changed task.
/// </remarks>
public sealed record EnforcementTask : IStoredItem
{
    /// <summary>The author recorded for moves the scan makes.</summary>
    public const string SystemActor = "system:scan";

    /// <summary>The note recorded when the scan resolves a task because its finding is gone.</summary>
    public const string ObligationMetNote = "obligation met";

    /// <summary>The district (the partition).</summary>
    public required string DistrictCode { get; init; }

    /// <summary>The task's key: the alert key of its breach (the stored row key; also accepted as an id).</summary>
    public required string Id { get; init; }

    /// <summary>The short, typable id (<see cref="TaskShortId"/>), or null for a task stored before short ids that has not been written since (the store gives it one on its next write).</summary>
    public string? ShortId { get; init; }

    /// <summary>The id shown to people: <see cref="ShortId"/> when the task has one, else <see cref="Id"/>.</summary>
    public string PublicId => ShortId ?? Id;

    /// <summary>How the task was resolved, or null while it is not resolved.</summary>
    public TaskResolution? Resolution { get; init; }

    /// <summary>Whether a person resolved the task and the next scan has still to check that the breach is gone (<see cref="TaskResolutions.AwaitsScan"/>).</summary>
    public bool AwaitsScan { get; init; }

    /// <inheritdoc/>
    string IStoredItem.Key => Id;

    /// <summary>The lease concerned.</summary>
    public required string LeaseId { get; init; }

    /// <summary>The rule that was breached.</summary>
    public required RuleCode Rule { get; init; }

    /// <summary>The department that must act.</summary>
    public required Department Department { get; init; }

    /// <summary>What the breach is (the finding's message when the task was opened).</summary>
    public required string Summary { get; init; }

    /// <summary>The guideline clause.</summary>
    public required string Basis { get; init; }

    /// <summary>The Beijing date the task was opened.</summary>
    public required DateOnly OpenedOn { get; init; }

    /// <summary>The Beijing date by which the department should have acted (inclusive).</summary>
    public required DateOnly DueOn { get; init; }

    /// <summary>The current state.</summary>
    public required TaskState State { get; init; }

    /// <summary>Whether the task went past <see cref="DueOn"/> while open or acknowledged and is shown to the city.</summary>
    public bool Escalated { get; init; }

    /// <summary>The Beijing date of the escalation, or null.</summary>
    public DateOnly? EscalatedOn { get; init; }

    /// <summary>Every move, oldest first.</summary>
    public IReadOnlyList<TaskHistoryEntry> History { get; init; } = [];

    /// <summary>The stored version tag, or null before the task is stored.</summary>
    public string? ETag { get; init; }

    /// <summary>Whether the task still waits for the department (open or acknowledged).</summary>
    public bool IsActive => State is TaskState.Open or TaskState.Acknowledged;

    /// <summary>Opens the task for the breach of <paramref name="alert"/> on <paramref name="openedOn"/>, due <paramref name="dueDays"/> days later.</summary>
    public static EnforcementTask Open(Alert alert, Department department, DateOnly openedOn, int dueDays, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(alert);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dueDays);
        return new EnforcementTask
        {
            DistrictCode = alert.DistrictCode,
            Id = alert.Key,
            ShortId = TaskShortId.Derive(alert.DistrictCode, alert.Key),
            LeaseId = alert.LeaseId,
            Rule = alert.Rule,
            Department = department,
            Summary = alert.Message,
            Basis = alert.Basis,
            OpenedOn = openedOn,
            DueOn = openedOn.AddDays(dueDays),
            State = TaskState.Open,
            History = [new TaskHistoryEntry("opened", TaskState.Open, SystemActor, at, null)],
        };
    }

    /// <summary>Whether the task is active, not yet escalated, and past its due date on <paramref name="today"/>.</summary>
    public bool IsDueForEscalation(DateOnly today) => IsActive && !Escalated && today > DueOn;

    /// <summary>The department takes the task up (open → acknowledged).</summary>
    public EnforcementTask Acknowledge(string by, DateTimeOffset at, string? note = null)
    {
        RequireActor(by);
        if (State != TaskState.Open)
        {
            throw new TaskTransitionException($"Task {PublicId} is {Wire(State)}; only an open task can be acknowledged.");
        }

        return Move("acknowledged", TaskState.Acknowledged, by, at, note);
    }

    /// <summary>Closes the task (open or acknowledged → resolved) as <paramref name="resolution"/>.</summary>
    /// <remarks>A task a person resolved with a fact recorded or the record unchanged awaits the next scan, which confirms it or reopens it.</remarks>
    public EnforcementTask Resolve(string by, DateTimeOffset at, string? note = null, TaskResolution resolution = TaskResolution.ObligationMet)
    {
        RequireActor(by);
        if (!IsActive)
        {
            throw new TaskTransitionException($"Task {PublicId} is {Wire(State)}; only an open or acknowledged task can be resolved.");
        }

        return Move("resolved", TaskState.Resolved, by, at, note) with { Resolution = resolution, AwaitsScan = TaskResolutions.AwaitsScan(resolution) };
    }

    /// <summary>
    /// The scan found the breach of a task a person resolved still there (resolved → open): the task is reopened with a note
    /// saying so, keeping its due date and escalation (resolving without changing the record buys no time).
    /// </summary>
    public EnforcementTask ReopenStillFound(DateOnly asOf, DateTimeOffset at)
    {
        if (State != TaskState.Resolved || !AwaitsScan)
        {
            throw new TaskTransitionException($"Task {PublicId} is {Wire(State)}; only a task resolved by a person and awaiting the scan can be reopened as still found.");
        }

        var how = Resolution == TaskResolution.FactRecorded ? "after the fact recorded" : "record unchanged (已处理，记录未变)";
        var note = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"the scan of {asOf:yyyy-MM-dd} still finds the breach after it was resolved, {how}: reopened");
        return Move("reopened", TaskState.Open, SystemActor, at, note) with { Resolution = null, AwaitsScan = false };
    }

    /// <summary>The scan no longer finds the breach of a task a person resolved: the resolution is confirmed (state unchanged).</summary>
    public EnforcementTask ConfirmResolved(DateOnly asOf, DateTimeOffset at)
    {
        if (State != TaskState.Resolved || !AwaitsScan)
        {
            throw new TaskTransitionException($"Task {PublicId} is {Wire(State)}; only a task resolved by a person and awaiting the scan can be confirmed.");
        }

        var note = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{ObligationMetNote}: the scan of {asOf:yyyy-MM-dd} no longer finds the breach");
        return Move("confirmed", TaskState.Resolved, SystemActor, at, note) with { AwaitsScan = false };
    }

    /// <summary>Closes the task without action (open or acknowledged → dismissed); a reason is required.</summary>
    public EnforcementTask Dismiss(string by, DateTimeOffset at, string reason)
    {
        RequireActor(by);
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new ArgumentException("A reason is required to dismiss a task.", nameof(reason));
        }

        if (!IsActive)
        {
            throw new TaskTransitionException($"Task {PublicId} is {Wire(State)}; only an open or acknowledged task can be dismissed.");
        }

        return Move("dismissed", TaskState.Dismissed, by, at, reason.Trim());
    }

    /// <summary>Reopens a resolved task whose breach was found again (resolved → open, new due date). Dismissed tasks stay dismissed.</summary>
    public EnforcementTask Reopen(DateOnly on, int dueDays, DateTimeOffset at, string note)
    {
        if (State != TaskState.Resolved)
        {
            throw new TaskTransitionException($"Task {PublicId} is {Wire(State)}; only a resolved task can be reopened.");
        }

        return Move("reopened", TaskState.Open, SystemActor, at, note) with
        {
            Resolution = null,
            AwaitsScan = false,
            OpenedOn = on,
            DueOn = on.AddDays(dueDays),
            Escalated = false,
            EscalatedOn = null,
        };
    }

    /// <summary>Marks the task escalated to the city on <paramref name="on"/> (state unchanged).</summary>
    public EnforcementTask Escalate(DateOnly on, DateTimeOffset at)
    {
        if (!IsActive)
        {
            throw new TaskTransitionException($"Task {PublicId} is {Wire(State)}; only an active task can be escalated.");
        }

        return Move("escalated", State, SystemActor, at, $"past due {DueOn:yyyy-MM-dd}; shown to {Departments.CityEscalationBody}") with
        {
            Escalated = true,
            EscalatedOn = on,
        };
    }

    /// <summary>The wire name of a task state.</summary>
    public static string Wire(TaskState state) => state switch
    {
        TaskState.Open => "open",
        TaskState.Acknowledged => "acknowledged",
        TaskState.Resolved => "resolved",
        TaskState.Dismissed => "dismissed",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };

    /// <summary>Parses a wire state name; false when unknown.</summary>
    public static bool TryParseState(string? text, out TaskState state)
    {
        foreach (var s in Enum.GetValues<TaskState>())
        {
            if (Wire(s) == text)
            {
                state = s;
                return true;
            }
        }

        state = default;
        return false;
    }

    private EnforcementTask Move(string action, TaskState to, string by, DateTimeOffset at, string? note) =>
        this with
        {
            State = to,
            History = [.. History, new TaskHistoryEntry(action, to, by.Trim(), at, string.IsNullOrWhiteSpace(note) ? null : note.Trim())],
        };

    private static void RequireActor(string by)
    {
        if (string.IsNullOrWhiteSpace(by))
        {
            throw new ArgumentException("Who makes the move is required.", nameof(by));
        }
    }
}
