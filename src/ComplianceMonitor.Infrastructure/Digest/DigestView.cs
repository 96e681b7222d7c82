using ComplianceMonitor.Application.Digest;
using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Tasks;
using System.Globalization;
using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Application.Reminders.Content;
using ComplianceMonitor.Domain;
using ComplianceMonitor.Domain.Calendar;
using ComplianceMonitor.Domain.Findings;

namespace ComplianceMonitor.Infrastructure.Digest;

/// <summary>One cell of a digest table: a main text, an optional grey note below it, an optional colour.</summary>
/// <param name="Text">The main text.</param>
/// <param name="Note">A second, smaller line, or null.</param>
/// <param name="Color">A CSS colour for the main text, or null.</param>
/// <param name="Bold">Whether the main text is bold.</param>
/// <param name="NoWrap">Whether the main text must stay on one line (short figures such as 还剩11天).</param>
/// <param name="Href">A link for the main text (the lease's console page), or null.</param>
public sealed record DigestViewCell(string Text, string? Note = null, string? Color = null, bool Bold = false, bool NoWrap = false, string? Href = null);

/// <summary>One row of a digest table, with its plain-text lines.</summary>
/// <param name="Cells">The HTML cells, one per header.</param>
/// <param name="TextLines">The same row for the plain-text body (first line numbered by the template).</param>
public sealed record DigestViewRow(IReadOnlyList<DigestViewCell> Cells, IReadOnlyList<string> TextLines);

/// <summary>One column header of a digest table.</summary>
/// <param name="Text">The header text.</param>
/// <param name="Width">The column's width in percent of the table (fixed, so every mail client lays the columns out alike).</param>
public sealed record DigestViewHeader(string Text, int Width);

/// <summary>One section of the digest.</summary>
public sealed record DigestViewSection
{
    /// <summary>The heading, e.g. 一、新增事项.</summary>
    public required string Title { get; init; }

    /// <summary>The count shown after the heading, e.g. 共3项.</summary>
    public required string CountText { get; init; }

    /// <summary>The section's accent colour.</summary>
    public required string Color { get; init; }

    /// <summary>The column headers with their widths in percent of the table.</summary>
    public required IReadOnlyList<DigestViewHeader> Headers { get; init; }

    /// <summary>The rows.</summary>
    public required IReadOnlyList<DigestViewRow> Rows { get; init; }

    /// <summary>Whether there are rows.</summary>
    public bool HasRows => Rows.Count > 0;

    /// <summary>What to say when there are none.</summary>
    public required string EmptyText { get; init; }

    /// <summary>"另有N项未列出" when the section was cut short, else null.</summary>
    public string? MoreText { get; init; }
}

/// <summary>One summary figure at the top of the digest.</summary>
/// <param name="Label">What is counted.</param>
/// <param name="Value">The number.</param>
/// <param name="Color">Its colour (grey when zero).</param>
public sealed record DigestViewTile(string Label, string Value, string Color);

/// <summary>One bar of the deadline chart, as widths in percent of the row.</summary>
/// <param name="Label">The week, e.g. 11月26日–12月2日.</param>
/// <param name="Count">Deadlines in the week.</param>
/// <param name="LandUserPercent">Width of the land-user part of the bar (0-85).</param>
/// <param name="DistrictPercent">Width of the district part of the bar (0-85).</param>
/// <param name="RestPercent">The remaining width, where the count is written.</param>
/// <param name="TextBar">The bar for the plain-text body.</param>
public sealed record DigestViewWeek(string Label, int Count, int LandUserPercent, int DistrictPercent, int RestPercent, string TextBar);

/// <summary>One line of the statistics table.</summary>
/// <param name="Label">What is counted.</param>
/// <param name="Value">The number, with a note when useful.</param>
public sealed record DigestViewStat(string Label, string Value);

/// <summary>What the digest templates see: text only, already worded in Chinese.</summary>
public sealed partial record DigestView
{
    private const string Red = "#cf222e";
    private const string Amber = "#9a6700";
    private const string Blue = "#0969da";
    private const string Grey = "#57606a";
    private const string Purple = "#8250df";
    private const int MaxBarPercent = 85;

    /// <summary>The subject (also the HTML title).</summary>
    public required string Subject { get; init; }

    /// <summary>The banner title, e.g. 房山区先租后让合规日报.</summary>
    public required string Title { get; init; }

    /// <summary>The date line, e.g. 2026年11月26日（星期四）.</summary>
    public required string DateText { get; init; }

    /// <summary>The opening paragraph.</summary>
    public required string Intro { get; init; }

    /// <summary>The web console's dashboard when a console is configured (<c>Console__BaseUrl</c>), else null.</summary>
    public string? ConsoleUrl { get; init; }

    /// <summary>The notes (scan not current, unreadable records, cut sections).</summary>
    public required IReadOnlyList<string> Notes { get; init; }

    /// <summary>The summary figures.</summary>
    public required IReadOnlyList<DigestViewTile> Tiles { get; init; }

    /// <summary>The chart's heading.</summary>
    public required string ChartTitle { get; init; }

    /// <summary>The chart's bars.</summary>
    public required IReadOnlyList<DigestViewWeek> Weeks { get; init; }

    /// <summary>What the chart says when no week has a deadline.</summary>
    public required string ChartEmptyText { get; init; }

    /// <summary>Whether any week has a deadline.</summary>
    public bool HasDeadlines => Weeks.Any(w => w.Count > 0);

    /// <summary>The sections, in order.</summary>
    public required IReadOnlyList<DigestViewSection> Sections { get; init; }

    /// <summary>The statistics table.</summary>
    public required IReadOnlyList<DigestViewStat> Stats { get; init; }

    /// <summary>The scan line, e.g. 数据来源：2026年11月26日扫描，37条租赁记录。</summary>
    public required string ScanText { get; init; }

    /// <summary>The footer.</summary>
    public required string Footer { get; init; }

    /// <summary>Builds the view of <paramref name="model"/>.</summary>
    public static DigestView From(DigestModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var c = model.Counts;
        var date = model.Date;
        var since = model.PreviousDigestDate is { } previous
            ? $"{ChineseDates.Date(previous)}（上次日报）之后"
            : $"{ChineseDates.Date(model.NewSince)}之后";
        var sections = new List<DigestViewSection>
        {
            AlertSection("一、新增事项", model.New, c.New, Blue, $"自{since}新发现的事项", "无新增事项。", date),
            AlertSection(Invariant($"二、{model.DueWithinDays}日内到期"), model.DueSoon, c.DueSoon, Amber, c.DueToday > 0 ? Invariant($"其中今日到期{c.DueToday}项") : null, Invariant($"未来{model.DueWithinDays}日内无到期事项。"), date),
            AlertSection("三、已逾期", model.Overdue, c.Overdue, Red, null, "无逾期事项。", date),
            ViolationSection(model.Violations, c.Violations),
            TaskSection(model.Tasks, c.ActiveTasks, c.EscalatedTasks),
            DeliverySection(model.FailedDeliveries, c.FailedDeliveries),
        };
        sections.AddRange(AgreementSections(model, sections.Count + 1));
        sections.AddRange(DecisionSections(model, sections.Count + 1));
        return new DigestView
        {
            Subject = model.Subject,
            Title = $"{model.DistrictName}先租后让合规日报",
            DateText = ChineseDates.DateWithWeekday(date),
            Intro = $"以下为截至{ChineseDates.DateWithWeekday(date)}{model.DistrictName}工业用地先租后让项目的合规情况。“新增事项”指{since}首次发现的事项；时限均按本日计算。",
            Notes = model.Notes,
            Tiles =
            [
                Tile("新增事项", c.New, Blue),
                Tile(Invariant($"{model.DueWithinDays}日内到期"), c.DueSoon, Amber),
                Tile("已逾期", c.Overdue, Red),
                Tile("违规行为", c.Violations, Red),
                Tile("执法任务", c.ActiveTasks, Purple),
                Tile("已上报市级", c.EscalatedTasks, Red),
            ],
            ChartTitle = Invariant($"未来{model.DeadlineWeeks.Count}周截止日期分布"),
            ChartEmptyText = Invariant($"未来{model.DeadlineWeeks.Count}周内没有截止日期。"),
            Weeks = WeekBars(model.DeadlineWeeks),
            Sections = sections,
            Stats =
            [
                new("在管租赁记录", Invariant($"{c.Leases}")),
                new("未结事项合计", Invariant($"{c.OpenAlerts}")),
                new(Invariant($"其中{model.DueWithinDays}日后到期"), Invariant($"{c.Later}")),
                new("提示信息", Invariant($"{c.Info}")),
                new("执法任务（待处理/已受理）", Invariant($"{c.ActiveTasks}（其中已上报{Departments.CityEscalationBody} {c.EscalatedTasks}）")),
                new("发送失败的提醒", Invariant($"{c.FailedDeliveries}")),
                new("隔离待查的租赁记录", Invariant($"{c.Quarantined}")),
            ],
            ScanText = ScanLine(model),
            Footer = $"本日报由北京市工业用地先租后让合规监测系统于{ChineseDates.Date(BeijingClock.DateOf(model.GeneratedAt))} {BeijingClock.ToBeijing(model.GeneratedAt):HH:mm}自动生成，请勿直接回复。",
        };
    }

    private static DigestViewSection AlertSection(string title, IReadOnlyList<DigestItem> items, int total, string color, string? extra, string empty, DateOnly date) => new()
    {
        Title = title,
        CountText = extra is null ? Invariant($"共{total}项") : Invariant($"共{total}项，{extra}"),
        Color = color,
        Headers = [new(LeaseColumn, 31), new("事项", 27), new("截止日期", 16), new("时限", 11), new("金额", 15)],
        Rows = Numbered(items.Select(i => AlertRow(i, date))),
        EmptyText = empty,
        MoreText = More(items.Count, total),
    };

    private static DigestViewRow AlertRow(DigestItem i, DateOnly date)
    {
        var who = Who(i.LandUserName, i.ParcelName);
        var (daysText, daysColor) = Days(i);
        var matter = $"{Basis(i.Basis)}，{ResponsibleName(i.Responsible)}办理";
        var deadline = i.Deadline is { } d ? ShortDate(d) : "—";
        var deadlineCell = i.Deadline is { } day ? new DigestViewCell(ChineseDates.Date(day), ChineseDates.Weekday(day), NoWrap: true) : new DigestViewCell("—");
        var amount = i.AmountYuan is { } a ? Money.Format(a) : "—";
        var lines = new List<string>
        {
            $"{i.LeaseId}  {who}",
            $"{i.Title}（{matter}）",
            i.Deadline is null ? $"无截止日期{(i.AmountYuan is null ? string.Empty : "，金额" + amount)}" : $"截止{deadline}，{daysText}{(i.AmountYuan is null ? string.Empty : "，金额" + amount)}",
        };
        return new DigestViewRow(
            [
                new DigestViewCell(i.LeaseId, who, Bold: true),
                new DigestViewCell(i.Title, matter),
                deadlineCell,
                new DigestViewCell(daysText, Color: daysColor, Bold: true, NoWrap: true),
                new DigestViewCell(amount, NoWrap: true),
            ],
            lines);
    }

    private static DigestViewSection ViolationSection(IReadOnlyList<DigestItem> items, int total) => new()
    {
        Title = "四、违规行为",
        CountText = Invariant($"共{total}项"),
        Color = Red,
        Headers = [new(LeaseColumn, 28), new("违规事项", 20), new("情况说明", 40), new("金额", 12)],
        Rows = Numbered(
            items.Select(i => new DigestViewRow(
                [
                    new DigestViewCell(i.LeaseId, Who(i.LandUserName, i.ParcelName), Bold: true),
                    new DigestViewCell(i.Title, $"{SeverityLabel(i.Severity)}，{Basis(i.Basis)}，{ResponsibleName(i.Responsible)}办理", i.Severity == Severity.Critical ? Red : Amber),
                    new DigestViewCell(i.Message),
                    new DigestViewCell(i.AmountYuan is { } a ? Money.Format(a) : "—", NoWrap: true),
                ],
                [
                    $"{i.LeaseId}  {Who(i.LandUserName, i.ParcelName)}",
                    $"{i.Title}（{SeverityLabel(i.Severity)}，{Basis(i.Basis)}，{ResponsibleName(i.Responsible)}办理）{(i.AmountYuan is { } amount ? "，金额" + Money.Format(amount) : string.Empty)}",
                    i.Message,
                ]))),
        EmptyText = "无违规行为。",
        MoreText = More(items.Count, total),
    };

    private static DigestViewSection TaskSection(IReadOnlyList<DigestTaskItem> items, int total, int escalated) => new()
    {
        Title = "五、执法任务",
        CountText = escalated > 0 ? Invariant($"共{total}项，其中{escalated}项已上报{Departments.CityEscalationBody}") : Invariant($"共{total}项"),
        Color = Purple,
        Headers = [new(LeaseColumn, 24), new("事项", 31), new("承办部门", 15), new("办理期限", 16), new("状态", 14)],
        Rows = Numbered(
            items.Select(t =>
            {
                var state = t.State == TaskState.Acknowledged ? "已受理" : "待处理";
                var due = ShortDate(t.DueOn);
                var dueNote = t.DaysPastDue > 0 ? Invariant($"已超期{t.DaysPastDue}天") : $"{ChineseDates.MonthDay(t.OpenedOn)}立案";
                var escalation = t.Escalated ? $"已上报{t.EscalatedTo}" : null;
                return new DigestViewRow(
                    [
                        new DigestViewCell(t.LeaseId, t.LandUserName, Bold: true),
                        new DigestViewCell(t.Title, t.Summary),
                        new DigestViewCell(t.Department),
                        new DigestViewCell(ChineseDates.Date(t.DueOn), $"{ChineseDates.Weekday(t.DueOn)}，{dueNote}", t.DaysPastDue > 0 ? Red : null, NoWrap: true),
                        new DigestViewCell(state, escalation, t.Escalated ? Red : null, t.Escalated, NoWrap: true),
                    ],
                    [
                        $"{t.LeaseId}  {t.LandUserName ?? string.Empty}".TrimEnd(),
                        $"{t.Title}，{t.Department}办理，期限{due}，{dueNote}，{state}{(escalation is null ? string.Empty : "，" + escalation)}",
                    ]);
            })),
        EmptyText = "无待办执法任务。",
        MoreText = More(items.Count, total),
    };

    private static DigestViewSection DeliverySection(IReadOnlyList<DigestDeliveryItem> items, int total) => new()
    {
        Title = "六、发送失败的提醒",
        CountText = Invariant($"共{total}项"),
        Color = Grey,
        Headers = [new(LeaseColumn, 26), new("提醒", 20), new("渠道 / 接收方", 20), new("尝试次数", 9), new("失败原因", 25)],
        Rows = Numbered(
            items.Select(d => new DigestViewRow(
                [
                    new DigestViewCell(d.LeaseId, d.LandUserName, Bold: true),
                    new DigestViewCell(d.Title, StageLabel(d.Stage)),
                    new DigestViewCell(d.Channel == OutboxChannel.Email ? "邮件" : "短信", d.Recipient),
                    new DigestViewCell(Invariant($"{d.Attempts}"), NoWrap: true),
                    new DigestViewCell(d.LastError ?? "—"),
                ],
                [
                    $"{d.LeaseId}  {d.LandUserName}",
                    Invariant($"{d.Title}（{StageLabel(d.Stage)}），{(d.Channel == OutboxChannel.Email ? "邮件" : "短信")} {d.Recipient}，尝试{d.Attempts}次：{d.LastError ?? "原因不明"}"),
                ]))),
        EmptyText = "无发送失败的提醒。",
        MoreText = More(items.Count, total),
    };

    /// <summary>Numbers the rows' plain-text lines: "1. first line", then the rest indented under it.</summary>
    private static List<DigestViewRow> Numbered(IEnumerable<DigestViewRow> rows) =>
    [
        .. rows.Select((row, n) =>
        {
            var number = Invariant($"{n + 1}. ");
            var indent = new string(' ', number.Length);
            return row with { TextLines = [.. row.TextLines.Select((line, k) => (k == 0 ? number : indent) + line)] };
        }),
    ];

    private static List<DigestViewWeek> WeekBars(IReadOnlyList<DigestWeek> weeks)
    {
        var max = weeks.Count == 0 ? 0 : weeks.Max(w => w.Deadlines);
        return
        [
            .. weeks.Select(w =>
            {
                var total = max == 0 ? 0 : (int)Math.Round(w.Deadlines * (double)MaxBarPercent / max, MidpointRounding.AwayFromZero);
                if (w.Deadlines > 0 && total == 0)
                {
                    total = 1;
                }

                var district = w.Deadlines == 0 ? 0 : (int)Math.Round(total * (double)w.DistrictDeadlines / w.Deadlines, MidpointRounding.AwayFromZero);
                if (w.DistrictDeadlines > 0 && district == 0)
                {
                    district = 1;
                }

                var landUser = total - district;
                var blocks = max == 0 ? 0 : (int)Math.Ceiling(w.Deadlines * 20.0 / max);
                return new DigestViewWeek(
                    $"{ChineseDates.MonthDay(w.Start)}–{ChineseDates.MonthDay(w.End)}",
                    w.Deadlines,
                    landUser,
                    district,
                    100 - total,
                    new string('█', blocks));
            }),
        ];
    }

    private static string ScanLine(DigestModel model)
    {
        if (model.LastScan is not { } scan)
        {
            return "数据来源：本区尚无扫描记录。";
        }

        var outcome = scan.Outcome switch
        {
            ScanOutcome.Succeeded => "已完成",
            ScanOutcome.Failed => "未能完成",
            _ => "未结束",
        };
        return Invariant($"数据来源：{ChineseDates.Date(scan.AsOf)}的扫描（{outcome}），评估租赁记录{scan.Leases}条，发现事项{scan.Findings}项。");
    }

    private static DigestViewTile Tile(string label, int value, string color) =>
        new(label, value.ToString(CultureInfo.InvariantCulture), value == 0 ? Grey : color);

    private static (string Text, string? Color) Days(DigestItem i) => i.DaysRemaining switch
    {
        null => (StatusLabel(i.Status), i.Severity == Severity.Critical ? Red : null),
        > 0 and var n => (Invariant($"还剩{n}天"), n <= 30 ? Amber : null),
        0 => ("今日到期", Amber),
        var n => (Invariant($"已逾期{-n.Value}天"), Red),
    };

    private static string Who(string? landUser, string? parcel) =>
        (landUser, parcel) switch
        {
            (null, null) => string.Empty,
            (not null, null) => landUser,
            (null, not null) => parcel,
            _ => $"{landUser} · {parcel}",
        };

    private static string ShortDate(DateOnly d) => $"{ChineseDates.Date(d)}（{ChineseDates.ShortWeekday(d)}）";

    private static string Basis(string basis) => $"依据{basis}";

    private static string StatusLabel(FindingStatus status) => status switch
    {
        FindingStatus.Upcoming => "待办",
        FindingStatus.Due => "今日到期",
        FindingStatus.Overdue => "已逾期",
        FindingStatus.Violation => "违规",
        _ => "提示",
    };

    private static string SeverityLabel(Severity severity) => severity switch
    {
        Severity.Critical => "严重",
        Severity.Warning => "警示",
        _ => "提示",
    };

    private static string ResponsibleName(Responsible responsible) => responsible switch
    {
        Responsible.LandUser => "用地单位",
        Responsible.District => "区政府",
        _ => "市级",
    };

    private static string StageLabel(string stage)
    {
        if (!ReminderStage.TryParse(stage, out var s))
        {
            return stage;
        }

        return s.Name switch
        {
            ReminderStage.NoticeName => "收到通知时",
            ReminderStage.ViolationName => "违规告知",
            "D0" => "到期当日",
            _ when s.Order < 0 => Invariant($"到期前{-s.Order}天"),
            _ => Invariant($"逾期{s.Order}天"),
        };
    }

    private static string? More(int shown, int total) => total > shown ? Invariant($"另有{total - shown}项未列出。") : null;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
