using ComplianceMonitor.Domain.Rules;

namespace ComplianceMonitor.Application.Tasks;

/// <summary>How an enforcement task was resolved.</summary>
public enum TaskResolution
{
    /// <summary>The scan no longer found the breach (the obligation was met, or its rule changed).</summary>
    ObligationMet,

    /// <summary>A person recorded the fact that closes the obligation on the lease (a payment, a date); the next scan checks it.</summary>
    FactRecorded,

    /// <summary>A person resolved the task without changing the record (已处理，记录未变); the next scan reopens it if the breach is still there.</summary>
    RecordUnchanged,

    /// <summary>A person recorded how a violation was handled; no fact in the record closes a violation, so the scan leaves it resolved.</summary>
    Handled,
}

/// <summary>What closes each rule's task, and the wire names of <see cref="TaskResolution"/>.</summary>
public static class TaskResolutions
{
    /// <summary>The wire name: <c>obligationMet</c>, <c>recorded</c>, <c>unchanged</c> or <c>handled</c>.</summary>
    public static string Wire(TaskResolution resolution) => resolution switch
    {
        TaskResolution.ObligationMet => "obligationMet",
        TaskResolution.FactRecorded => "recorded",
        TaskResolution.RecordUnchanged => "unchanged",
        TaskResolution.Handled => "handled",
        _ => throw new ArgumentOutOfRangeException(nameof(resolution), resolution, null),
    };

    /// <summary>Parses a wire name; false when unknown.</summary>
    public static bool TryParse(string? text, out TaskResolution resolution)
    {
        foreach (var r in Enum.GetValues<TaskResolution>())
        {
            if (string.Equals(Wire(r), text, StringComparison.Ordinal))
            {
                resolution = r;
                return true;
            }
        }

        resolution = default;
        return false;
    }

    /// <summary>Whether a task resolved as <paramref name="resolution"/> waits for the next scan to confirm or reopen it.</summary>
    public static bool AwaitsScan(TaskResolution resolution) => resolution is TaskResolution.FactRecorded or TaskResolution.RecordUnchanged;

    /// <summary>
    /// Whether breaches of <paramref name="rule"/> are violations that no fact in the record closes (a recorded disposition or
    /// use change, a data check of terms already agreed): a person resolves them as <see cref="TaskResolution.Handled"/> with a
    /// note of how (e.g. the penalty decision's number), and the scan does not reopen them. Their reminders are the one
    /// <c>violation</c> stage (or none, for the district's data checks), so no reminder follows the resolution.
    /// </summary>
    public static bool IsHandledOnly(RuleCode rule) => rule is RuleCode.PROHIBITED_DISPOSITION or RuleCode.USE_VIOLATION
        or RuleCode.TERM_LIMIT or RuleCode.LEASE_RENT_AMOUNT or RuleCode.RENEWAL_APPLICATION or RuleCode.RENEWAL_TERM or RuleCode.RENEWAL_RENT;
}
