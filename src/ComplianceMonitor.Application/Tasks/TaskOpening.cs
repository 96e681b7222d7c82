using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Rules;

namespace ComplianceMonitor.Application.Tasks;

/// <summary>Which findings open an enforcement task, and by when the department must act (policy.md, "Who hears what"; issue 8 part 3).</summary>
/// <remarks>
/// <para>An overdue obligation or a violation opens its task, due <see cref="EnforcementTaskOptions.DueDays"/> after opening
/// (MILESTONE only once it is more than its escalation days late: <see cref="AgreementEscalation"/>). An overdue
/// ASSESSMENT_DECISION is such an obligation: its task goes to 产业主管部门.</para>
/// <para>RENEWAL_DECISION opens its task as soon as it appears, not only once it is late: the decision is the district's
/// own to make (三（五）: the land user applies 向区政府, and the district decides before the lease expires), reminders go
/// to land users only, and nothing else tells the district it must decide. Until the decision is late the task is due on
/// the decision's deadline (the lease end before renewal), so it escalates to the city only after that day; the same
/// task stays open when the finding turns overdue. A decision recorded (approved or refused) ends the finding, and the
/// scan resolves the task with it.</para>
/// </remarks>
public static class TaskOpening
{
    /// <summary>Whether <paramref name="finding"/> needs an enforcement task on <paramref name="asOf"/> (when it has none yet).</summary>
    public static bool Opens(Finding finding, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(finding);
        if (Departments.For(finding.Rule) is null)
        {
            return false;
        }

        return OpensOnAppearance(finding)
            || (finding.Status is FindingStatus.Overdue or FindingStatus.Violation && AgreementEscalation.TaskDue(finding, asOf));
    }

    /// <summary>Whether <paramref name="finding"/> opens its task before it is overdue: a RENEWAL_DECISION not yet late.</summary>
    public static bool OpensOnAppearance(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return finding.Rule == RuleCode.RENEWAL_DECISION
            && finding.Status is FindingStatus.Upcoming or FindingStatus.Due
            && finding.Deadline is not null;
    }

    /// <summary>The due date of the task <paramref name="finding"/> opens on <paramref name="openedOn"/>: its own deadline when it opens on appearance, else <paramref name="dueDays"/> later.</summary>
    public static DateOnly DueOn(Finding finding, DateOnly openedOn, int dueDays)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return OpensOnAppearance(finding) ? finding.Deadline!.Value : openedOn.AddDays(dueDays);
    }
}
