using ComplianceMonitor.Application.Tasks;
using ComplianceMonitor.Domain.Calendar;
using Microsoft.Extensions.Logging;

namespace ComplianceMonitor.Application.Scanning;

/// <summary>
/// Scan step 6: the tasks a person resolved since the last scan (<see cref="EnforcementTask.AwaitsScan"/>) are checked against
/// today's findings: a breach still found reopens its task with a note saying so (the same task, not a new one); a breach gone
/// confirms the resolution. Tasks and reminders then agree: an open breach has an open task while its reminders go on.
/// </summary>
/// <remarks>
/// The awaiting tasks are read alongside the leases, in the same query as the tasks past due; <see cref="LeaseEvaluation"/> keeps
/// the alert keys of those leases' findings even when their fingerprint is unchanged. A task of a lease not evaluated today
/// (quarantined, deleted) waits, and so does every task when the scan is back-dated before the day the task was resolved.
/// </remarks>
internal sealed partial class TaskRecheck
{
    private readonly ScanContext _scan;
    private readonly EtagRetry _retry;
    private List<EnforcementTask> _awaiting = [];

    public TaskRecheck(ScanContext scan, EtagRetry retry)
    {
        _scan = scan;
        _retry = retry;
    }

    /// <summary>How many tasks were reopened because their breach is still found.</summary>
    public int Reopened { get; private set; }

    /// <summary>How many resolutions were confirmed.</summary>
    public int Confirmed { get; private set; }

    /// <summary>Both counts, for the <see cref="ScanResult"/>.</summary>
    public RecheckCounts Counts => new(Reopened, Confirmed);

    /// <summary>Takes the district's tasks awaiting the scan, read with the scan's other tasks (<see cref="OpenAlertLoader.LoadScanTasksAsync"/>).</summary>
    public void Take(IEnumerable<EnforcementTask> awaiting) => _awaiting = [.. awaiting];

    /// <summary>Reopens or confirms each task awaiting the scan, given the alert keys found today on its lease (<paramref name="foundKeys"/>).</summary>
    public async Task RunAsync(IReadOnlySet<string> foundKeys, IReadOnlySet<string> evaluatedIds, IReadOnlySet<string> quarantinedIds, CancellationToken cancellationToken)
    {
        var asOf = _scan.AsOf;
        var now = _scan.Now;
        var changes = new List<EnforcementTask>();
        foreach (var task in _awaiting)
        {
            if (!evaluatedIds.Contains(task.LeaseId) || quarantinedIds.Contains(task.LeaseId) || BeijingDayOfResolution(task) > asOf)
            {
                continue;
            }

            changes.Add(Decide(task, foundKeys, asOf, now));
        }

        if (changes.Count == 0)
        {
            return;
        }

        await _retry.UpdateAsync(
            _scan.Deps.Tasks,
            changes,
            t => t is { State: TaskState.Resolved, AwaitsScan: true } ? Decide(t, foundKeys, asOf, now) : null,
            t => t.LeaseId,
            "task recheck",
            cancellationToken).ConfigureAwait(false);
        foreach (var t in changes)
        {
            if (t.State == TaskState.Open)
            {
                Reopened++;
                StillFound(_scan.Logger, t.PublicId, t.Id, asOf);
            }
            else
            {
                Confirmed++;
                ResolutionConfirmed(_scan.Logger, t.PublicId, t.Id, asOf);
            }
        }
    }

    private static EnforcementTask Decide(EnforcementTask task, IReadOnlySet<string> foundKeys, DateOnly asOf, DateTimeOffset now) =>
        foundKeys.Contains(task.Id) ? task.ReopenStillFound(asOf, now) : task.ConfirmResolved(asOf, now);

    private static DateOnly BeijingDayOfResolution(EnforcementTask task) =>
        task.History.LastOrDefault(h => h.Action == "resolved") is { } h ? BeijingClock.DateOf(h.At) : DateOnly.MinValue;

    [LoggerMessage(EventId = 3143, Level = LogLevel.Information, Message = "Task {TaskId} ({TaskKey}) reopened: the scan of {AsOf} still finds the breach a person resolved")]
    private static partial void StillFound(ILogger logger, string taskId, string taskKey, DateOnly asOf);

    [LoggerMessage(EventId = 3144, Level = LogLevel.Information, Message = "Task {TaskId} ({TaskKey}): resolution confirmed, the scan of {AsOf} no longer finds the breach")]
    private static partial void ResolutionConfirmed(ILogger logger, string taskId, string taskKey, DateOnly asOf);
}
