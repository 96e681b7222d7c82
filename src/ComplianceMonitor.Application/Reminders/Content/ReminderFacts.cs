using System.Globalization;
using ComplianceMonitor.Domain;
using ComplianceMonitor.Domain.Calendar;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Rules;

namespace ComplianceMonitor.Application.Reminders.Content;

/// <summary>The facts of one reminder, already worded in Chinese, shared by the email, the SMS and the calendar file.</summary>
/// <remarks>
/// Built once by <see cref="Create"/> so that every channel says the same day, the same amount and the same clause.
/// Every day count and date comes from one computation for one day, <see cref="Today"/>, and the text says which
/// (截至…): the dispatcher evaluates the lease again on the day it sends, so a reminder queued by a scan on one day
/// and sent on a later one (a held SMS, a back-dated run) never says 已逾期64天 in its subject and 57天 in its body.
/// </remarks>
public sealed record ReminderFacts
{
    /// <summary>The guideline's title, as cited in notices.</summary>
    public const string GuidelineTitle = "《北京市工业用地先租后让指导意见（试行）》";

    /// <summary>The lease id.</summary>
    public required string LeaseId { get; init; }

    /// <summary>The parcel code.</summary>
    public required string ParcelCode { get; init; }

    /// <summary>The parcel name.</summary>
    public required string ParcelName { get; init; }

    /// <summary>The enterprise holding the lease.</summary>
    public required string Enterprise { get; init; }

    /// <summary>The person to address, when recorded.</summary>
    public string? ContactName { get; init; }

    /// <summary>The jurisdiction's name, e.g. 房山区.</summary>
    public required string DistrictName { get; init; }

    /// <summary>The rule.</summary>
    public required RuleCode Rule { get; init; }

    /// <summary>The finding's status.</summary>
    public required FindingStatus Status { get; init; }

    /// <summary>The finding's severity.</summary>
    public required Severity Severity { get; init; }

    /// <summary>A short name for the obligation (e.g. 考核申请).</summary>
    public required string Title { get; init; }

    /// <summary>What must be done, one sentence.</summary>
    public required string Action { get; init; }

    /// <summary>What must be done, shortened for SMS.</summary>
    public required string SmsAction { get; init; }

    /// <summary>The finding's own one-line message.</summary>
    public required string Message { get; init; }

    /// <summary>The clause, e.g. 三（五）.</summary>
    public required string Basis { get; init; }

    /// <summary>The clause with the guideline's title.</summary>
    public string BasisText => $"{GuidelineTitle}{Basis}";

    /// <summary>The deadline (inclusive), or null for violations.</summary>
    public DateOnly? Deadline { get; init; }

    /// <summary>The deadline as 2026年3月23日（星期一）, or null.</summary>
    public string? DeadlineText => Deadline is { } d ? ChineseDates.DateWithWeekday(d) : null;

    /// <summary>Days from <see cref="Today"/> to the deadline; negative when overdue; null without a deadline.</summary>
    public int? DaysLeft { get; init; }

    /// <summary>还剩17天 / 今天到期 / 已逾期3天, or null without a deadline.</summary>
    public string? DaysText => DaysLeft switch
    {
        null => null,
        > 0 and var n => string.Create(CultureInfo.InvariantCulture, $"还剩{n}天"),
        0 => "今天到期",
        var n => string.Create(CultureInfo.InvariantCulture, $"已逾期{-n.Value}天"),
    };

    /// <summary>The money at stake, rounded to the fen, or null.</summary>
    public decimal? AmountYuan { get; init; }

    /// <summary>What the amount is (e.g. 欠缴租金).</summary>
    public required string AmountLabel { get; init; }

    /// <summary>The amount as 7,733,750.00元, or null.</summary>
    public string? AmountText => AmountYuan is { } a ? Money.Format(a) : null;

    /// <summary>Notes for the reader: an off-day deadline that is not moved, missing holiday data.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>The department to contact.</summary>
    public required DepartmentContact Contact { get; init; }

    /// <summary>The reminder stage.</summary>
    public required string Stage { get; init; }

    /// <summary>The one day every count and date of the reminder is computed for (stated as 截至…).</summary>
    public required DateOnly Today { get; init; }

    /// <summary>The Beijing day the reminder is written and sent (the footer's 于…自动发送); usually <see cref="Today"/>.</summary>
    public DateOnly SentOn { get; init; }

    /// <summary>The email subject.</summary>
    public string Subject => Status switch
    {
        FindingStatus.Violation => $"【违规告知】租赁合同{LeaseId}：{Title}",
        FindingStatus.Info => $"【提示】租赁合同{LeaseId}：{Title}",
        _ when Deadline is null => $"【先租后让提醒】租赁合同{LeaseId}：{Title}",
        _ when DaysLeft > 0 => $"【先租后让提醒】租赁合同{LeaseId}{Title}截止{DeadlineText}，{DaysText}",
        _ when DaysLeft == 0 => $"【今日到期】租赁合同{LeaseId}{Title}今天截止（{DeadlineText}）",
        _ => $"【逾期提醒】租赁合同{LeaseId}{Title}{DaysText}（截止{DeadlineText}）",
    };

    /// <summary>The salutation: 尊敬的{enterprise}（{contact name}）：.</summary>
    public string Greeting => string.IsNullOrWhiteSpace(ContactName) ? $"尊敬的{Enterprise}：" : $"尊敬的{Enterprise}（{ContactName}）：";

    /// <summary>The first sentence of the body, naming the parcel and the lease.</summary>
    // Parcel names usually end in 地块 already (窦店镇工业地块): do not say it twice.
    public string Headline => $"截至{ChineseDates.DateWithWeekday(Today)}，贵单位承租的{ParcelName}{(ParcelName.EndsWith("地块", StringComparison.Ordinal) ? "" : "地块")}（地块编码{ParcelCode}，租赁合同编号{LeaseId}）" + Status switch
    {
        FindingStatus.Violation => $"存在以下违反规定的情形：{Title}。",
        FindingStatus.Info => $"有一项需要了解的情况：{Title}。",
        _ when DaysLeft is null => $"有一项待办事项：{Title}。",
        _ when DaysLeft > 0 => $"有一项待办事项将于{DeadlineText}截止，{DaysText}：{Title}。",
        _ when DaysLeft == 0 => $"有一项待办事项今天（{DeadlineText}）截止：{Title}。",
        _ => $"有一项待办事项已于{DeadlineText}截止，{DaysText}：{Title}。",
    };

    /// <summary>Works out the facts of <paramref name="request"/>; throws naming the field when the district has no contact entry.</summary>
    public static ReminderFacts Create(ReminderRequest request, DistrictContacts contacts, WorkingDayCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(contacts);
        ArgumentNullException.ThrowIfNull(calendar);
        var lease = request.Lease;
        var finding = request.Finding;
        var district = contacts.For(lease.DistrictCode);
        var action = ReminderActions.For(finding.Rule);

        var notes = new List<string>();
        if (finding.Deadline is { } deadline && deadline >= request.Today && calendar.IsOffDay(deadline))
        {
            // Deadlines moved for off-days (the 15-day window) always land on a working day, so an off-day here is one that is not moved.
            notes.Add($"截止日{ChineseDates.DateWithWeekday(deadline)}为休息日，期限不顺延，请提前在工作日办理。");
        }

        notes.AddRange(finding.Warnings);

        return new ReminderFacts
        {
            LeaseId = lease.LeaseId,
            ParcelCode = lease.Parcel.Code,
            ParcelName = lease.Parcel.Name,
            Enterprise = lease.LandUser.Name,
            ContactName = lease.LandUser.ContactName,
            DistrictName = district.DistrictName,
            Rule = finding.Rule,
            Status = finding.Status,
            Severity = finding.Severity,
            Title = action.Title,
            Action = action.Action,
            SmsAction = action.SmsAction,
            Message = finding.Message,
            Basis = finding.Basis,
            Deadline = finding.Deadline,
            DaysLeft = finding.Deadline is { } d ? d.DayNumber - request.Today.DayNumber : null,
            AmountYuan = finding.AmountYuan is { } a ? Money.Round(a) : null,
            AmountLabel = action.AmountLabel,
            Notes = notes,
            Contact = district.For(finding.Rule),
            Stage = request.Stage,
            Today = request.Today,
            SentOn = BeijingClock.DateOf(request.GeneratedAt),
        };
    }

    /// <summary>The provider categories: reminder, the rule code in lower case, the stage.</summary>
    public IReadOnlyList<string> Categories() =>
        ["reminder", Rule.ToString().ToLowerInvariant(), Stage.Trim().ToLowerInvariant()];
}
