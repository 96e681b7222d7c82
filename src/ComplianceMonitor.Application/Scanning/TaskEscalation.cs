using ComplianceMonitor.Application.Tasks;

namespace ComplianceMonitor.Application.Scanning;

/// <summary>Scan step 5: escalates the active tasks past due to the city body.</summary>
internal sealed class TaskEscalation
{
    private readonly ScanContext _scan;
    private readonly EtagRetry _retry;

    public TaskEscalation(ScanContext scan, EtagRetry retry)
    {
        _scan = scan;
        _retry = retry;
    }

    /// <summary>How many tasks were escalated.</summary>
    public int Escalated { get; private set; }

    public async Task EscalateAsync(IEnumerable<EnforcementTask> activeTasks, CancellationToken cancellationToken)
    {
        var asOf = _scan.AsOf;
        var now = _scan.Now;
        var escalate = activeTasks.Where(t => t.IsDueForEscalation(asOf)).Select(t => t.Escalate(asOf, now)).ToList();
        if (escalate.Count == 0)
        {
            return;
        }

        Escalated += await _retry.UpdateAsync(
            _scan.Deps.Tasks,
            escalate,
            t => t.IsDueForEscalation(asOf) ? t.Escalate(asOf, now) : null,
            t => t.LeaseId,
            "task escalation",
            cancellationToken).ConfigureAwait(false);
        foreach (var t in escalate)
        {
            ScanLog.TaskEscalated(_scan.Logger, t.Id, Departments.CityEscalationBody, t.DueOn);
        }
    }
}
