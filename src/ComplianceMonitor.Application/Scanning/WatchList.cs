using ComplianceMonitor.Domain.Findings;

namespace ComplianceMonitor.Application.Scanning;

/// <summary>
/// The alert keys of today's findings of the watched leases (those of the tasks awaiting the scan), while the tasks are still
/// being read alongside the stream: until the read completes, the findings of every lease are held (for a lease left unparsed,
/// the means to evaluate it); then those of the watched leases give their keys and the rest are dropped. The read is small and usually completes before the first page of leases.
/// </summary>
internal sealed class WatchList(Task<ScanTasks> tasks, HashSet<string> keys)
{
    private IReadOnlySet<string>? _watched;
    private List<(string LeaseId, List<Finding>? Findings, Func<List<Finding>>? Evaluate)>? _held = [];

    /// <summary>Keeps the keys of <paramref name="findings"/> when <paramref name="leaseId"/> is watched (or may be).</summary>
    public void Note(string leaseId, List<Finding> findings)
    {
        if (findings.Count > 0)
        {
            Note(leaseId, findings, null);
        }
    }

    /// <summary>As <see cref="Note(string, List{Finding})"/> for a lease not evaluated: <paramref name="evaluate"/> gives its findings if it is watched.</summary>
    public void Note(string leaseId, Func<List<Finding>> evaluate) => Note(leaseId, null, evaluate);

    private void Note(string leaseId, List<Finding>? findings, Func<List<Finding>>? evaluate)
    {
        if (_watched is null && tasks.IsCompleted)
        {
            // A failed read is rethrown by the scan when it awaits the tasks; nothing is watched meanwhile.
            Resolve(tasks.IsCompletedSuccessfully ? tasks.Result.AwaitingLeaseIds : new HashSet<string>());
        }

        if (_watched is null)
        {
            _held!.Add((leaseId, findings, evaluate));
        }
        else if (_watched.Count > 0 && _watched.Contains(leaseId))
        {
            Add(leaseId, findings ?? evaluate!());
        }
    }

    /// <summary>Waits for the tasks read when the stream ended first.</summary>
    public async Task CompleteAsync()
    {
        if (_watched is null)
        {
            Resolve((await tasks.ConfigureAwait(false)).AwaitingLeaseIds);
        }
    }

    private void Resolve(IReadOnlySet<string> watched)
    {
        _watched = watched;
        foreach (var (leaseId, findings, evaluate) in _held!)
        {
            if (watched.Contains(leaseId))
            {
                Add(leaseId, findings ?? evaluate!());
            }
        }

        _held = null;
    }

    private void Add(string leaseId, List<Finding> findings)
    {
        foreach (var f in findings)
        {
            keys.Add(AlertKey.For(leaseId, f.Rule, f.Subject));
        }
    }
}
