using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Tasks;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Rules;

namespace ComplianceMonitor.Application.Reminders;

/// <summary>When the land user is reminded of an open obligation, and on which channels (policy.md, "Who hears what").</summary>
/// <remarks>
/// <para>Default cadence: 90, 60, 30, 14, 7, 3, 1 days before the deadline and on the day (<c>D0</c>), then every
/// 7 days while overdue (<c>OD+7</c>, <c>OD+14</c> …). The 15-day transfer window (TRANSFER_CONTRACT_AND_PAYMENT,
/// LAND_PRICE_AMOUNT) has a stage on notice, then 7, 3, 1 days before and on the day, then the overdue stages.
/// A violation has one stage, <c>violation</c>.</para>
/// <para>On any day only the latest stage that has come due is current: a scan that missed days queues that one
/// stage, not a burst of the ones it missed. Reminders go to the land user only for findings it is responsible
/// for; district- and city-responsible findings, and <c>info</c> findings, have no stage. Email goes whenever the
/// record has an address; SMS only for deadlines within <see cref="SmsWithinDays"/> days, overdue obligations and
/// violations.</para>
/// <para>Configuration (section <c>Reminders</c>): <c>Reminders__DaysBefore</c> (<c>90,60,30,14,7,3,1,0</c>),
/// <c>Reminders__OverdueEveryDays</c> (<c>7</c>), <c>Reminders__TransferWindowDaysBefore</c> (<c>7,3,1,0</c>),
/// <c>Reminders__SmsWithinDays</c> (<c>7</c>), bound as <see cref="ReminderOptions"/> and checked on start. Immutable and thread-safe.</para>
/// </remarks>
public sealed class ReminderCadence
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Reminders";

    /// <summary>Creates a cadence.</summary>
    /// <param name="daysBefore">Days before the deadline at which to remind (0 = on the day); not empty, each ≥ 0.</param>
    /// <param name="overdueEveryDays">Interval of the reminders while overdue, ≥ 1.</param>
    /// <param name="transferWindowDaysBefore">Days before the transfer window's deadline (after the notice stage), each ≥ 0.</param>
    /// <param name="smsWithinDays">SMS is used for deadlines at most this many days away, ≥ 0.</param>
    public ReminderCadence(IEnumerable<int> daysBefore, int overdueEveryDays, IEnumerable<int> transferWindowDaysBefore, int smsWithinDays = 7)
    {
        ArgumentNullException.ThrowIfNull(daysBefore);
        ArgumentNullException.ThrowIfNull(transferWindowDaysBefore);
        DaysBefore = Normalise(daysBefore, nameof(daysBefore), allowEmpty: false);
        TransferWindowDaysBefore = Normalise(transferWindowDaysBefore, nameof(transferWindowDaysBefore), allowEmpty: true);
        if (overdueEveryDays < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(overdueEveryDays), overdueEveryDays, "The overdue interval must be at least 1 day.");
        }

        if (smsWithinDays < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(smsWithinDays), smsWithinDays, "The SMS window must not be negative.");
        }

        OverdueEveryDays = overdueEveryDays;
        SmsWithinDays = smsWithinDays;
    }

    /// <summary>The policy's default cadence.</summary>
    public static ReminderCadence Default { get; } = new([90, 60, 30, 14, 7, 3, 1, 0], 7, [7, 3, 1, 0]);

    /// <summary>Days before the deadline at which to remind, largest first. <value>The default value is 90,60,30,14,7,3,1,0.</value></summary>
    public IReadOnlyList<int> DaysBefore { get; }

    /// <summary>Interval of the overdue reminders in days. <value>The default value is 7.</value></summary>
    public int OverdueEveryDays { get; }

    /// <summary>Days before the transfer window's deadline, largest first. <value>The default value is 7,3,1,0.</value></summary>
    public IReadOnlyList<int> TransferWindowDaysBefore { get; }

    /// <summary>SMS goes for deadlines at most this many days away. <value>The default value is 7.</value></summary>
    public int SmsWithinDays { get; }

    /// <summary>Whether <paramref name="rule"/> runs on the 15-day transfer window's cadence.</summary>
    public static bool IsTransferWindowRule(RuleCode rule) =>
        rule is RuleCode.TRANSFER_CONTRACT_AND_PAYMENT or RuleCode.LAND_PRICE_AMOUNT;

    /// <summary>Whether the land user is reminded of <paramref name="finding"/> at all (land-user-responsible, not info).</summary>
    public static bool RemindsLandUser(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return finding.Responsible == Responsible.LandUser && finding.Status != FindingStatus.Info;
    }

    /// <summary>The latest stage of <paramref name="finding"/>'s cadence that has come due on <paramref name="today"/>, or null when none has (or none applies).</summary>
    public ReminderStage? CurrentStage(Finding finding, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(finding);
        if (!RemindsLandUser(finding))
        {
            return null;
        }

        if (finding.Status == FindingStatus.Violation)
        {
            return ReminderStage.Violation;
        }

        if (finding.Deadline is not { } deadline)
        {
            return null;
        }

        var transfer = IsTransferWindowRule(finding.Rule);
        var list = transfer ? TransferWindowDaysBefore : AgreementEscalation.DaysBefore(finding.Rule, DaysBefore, today);
        var days = deadline.DayNumber - today.DayNumber;
        if (days < 0 && -days >= OverdueEveryDays)
        {
            return ReminderStage.Overdue(-days / OverdueEveryDays * OverdueEveryDays);
        }

        // Before the deadline, on it, or overdue by less than one interval: the smallest listed day ≥ days left.
        var remaining = Math.Max(days, 0);
        int? best = null;
        foreach (var d in list)
        {
            if (d >= remaining)
            {
                best = d;
            }
        }

        if (best is { } b)
        {
            return ReminderStage.DaysBefore(b);
        }

        // The transfer window's finding exists only once the notice is received: its first stage is the notice.
        return transfer && days >= 0 ? ReminderStage.Notice : null;
    }

    /// <summary>Whether <paramref name="stage"/> is still to be queued given the stages already queued: never twice, and never after a later stage.</summary>
    public static bool ShouldQueue(ReminderStage stage, IEnumerable<string> queued)
    {
        ArgumentNullException.ThrowIfNull(queued);
        foreach (var name in queued)
        {
            if (name == stage.Name)
            {
                return false;
            }

            if (stage.Name != ReminderStage.ViolationName && ReminderStage.TryParse(name, out var done)
                && done.Name != ReminderStage.ViolationName && done.Order >= stage.Order)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether a reminder of <paramref name="finding"/> on <paramref name="today"/> also goes by SMS.</summary>
    public bool UsesSms(Finding finding, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return finding.Status switch
        {
            FindingStatus.Violation or FindingStatus.Overdue => true,
            FindingStatus.Info => false,
            _ => finding.Deadline is { } d && d.DayNumber - today.DayNumber <= SmsWithinDays,
        };
    }

    private static int[] Normalise(IEnumerable<int> days, string name, bool allowEmpty)
    {
        var list = days.Distinct().OrderDescending().ToArray();
        if (!allowEmpty && list.Length == 0)
        {
            throw new ArgumentException("At least one day is required.", name);
        }

        if (list.Length > 0 && list[^1] < 0)
        {
            throw new ArgumentException($"Days before a deadline must not be negative (got {list[^1]}).", name);
        }

        return list;
    }
}
