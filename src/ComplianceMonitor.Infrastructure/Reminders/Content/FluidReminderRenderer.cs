using System.Resources;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using ComplianceMonitor.Application.Reminders.Content;
using ComplianceMonitor.Domain.Calendar;
using ComplianceMonitor.Domain.Findings;
using Fluid;

namespace ComplianceMonitor.Infrastructure.Reminders.Content;

/// <summary>Renders reminders with the Fluid (Liquid) templates embedded in this assembly.</summary>
/// <remarks>
/// The templates (Templates/reminder.html.liquid and reminder.txt.liquid, embedded through ReminderTemplates.resx)
/// see only a <see cref="ReminderView"/> of strings: every date, amount and clause is worded once, by
/// <see cref="ReminderFacts"/>. HTML output escapes markup but keeps Chinese as is. Thread-safe.
/// </remarks>
public sealed class FluidReminderRenderer : IReminderRenderer
{
    private static readonly Lazy<(IFluidTemplate Html, IFluidTemplate Text)> Templates = new(Load);
    private static readonly TemplateOptions Options = CreateOptions();
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    private readonly DistrictContacts _contacts;
    private readonly WorkingDayCalendar _calendar;

    /// <summary>Creates a renderer using <paramref name="contacts"/> and <paramref name="calendar"/>.</summary>
    public FluidReminderRenderer(DistrictContacts contacts, WorkingDayCalendar calendar)
    {
        _contacts = contacts ?? throw new ArgumentNullException(nameof(contacts));
        _calendar = calendar ?? throw new ArgumentNullException(nameof(calendar));
    }

    /// <inheritdoc/>
    public ReminderContent Render(ReminderRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var facts = ReminderFacts.Create(request, _contacts, _calendar);
        var calendar = ReminderCalendar.For(facts, request.GeneratedAt);
        var view = ReminderView.From(facts, calendar?.FileName);
        var (htmlTemplate, textTemplate) = Templates.Value;

        var html = htmlTemplate.Render(new TemplateContext(view, Options), Html);
        var text = textTemplate.Render(new TemplateContext(view, Options), NullEncoder.Default);
        return new ReminderContent(facts, facts.Subject, html, text, calendar, facts.Categories());
    }

    private static TemplateOptions CreateOptions()
    {
        var options = new TemplateOptions();
        options.MemberAccessStrategy.Register<ReminderView>();
        options.MemberAccessStrategy.Register<ReminderRow>();
        return options;
    }

    private static (IFluidTemplate, IFluidTemplate) Load()
    {
        var resources = new ResourceManager("ComplianceMonitor.Infrastructure.Reminders.Content.ReminderTemplates", typeof(FluidReminderRenderer).Assembly);
        return (Parse(resources, "ReminderHtml"), Parse(resources, "ReminderText"));

        static IFluidTemplate Parse(ResourceManager resources, string name)
        {
            var source = resources.GetString(name, System.Globalization.CultureInfo.InvariantCulture)
                ?? throw new InvalidOperationException($"embedded template '{name}' is missing");
            var parser = new FluidParser();
            return parser.TryParse(source, out var template, out var error)
                ? template
                : throw new InvalidOperationException($"embedded template '{name}' does not parse: {error}");
        }
    }
}

/// <summary>One labelled line of the reminder's table.</summary>
/// <param name="Label">The label, e.g. 截止日期.</param>
/// <param name="Value">The value.</param>
/// <param name="Strong">Whether to emphasise the value.</param>
public sealed record ReminderRow(string Label, string Value, bool Strong);

/// <summary>What the reminder templates see: text only, already worded.</summary>
public sealed record ReminderView
{
    /// <summary>The subject (also the HTML title).</summary>
    public required string Subject { get; init; }

    /// <summary>The banner label: 到期提醒, 今日到期, 逾期提醒, 违规告知 or 提示.</summary>
    public required string StatusLabel { get; init; }

    /// <summary>The banner colour by severity.</summary>
    public required string AccentColor { get; init; }

    /// <summary>The obligation's short name.</summary>
    public required string Title { get; init; }

    /// <summary>The salutation.</summary>
    public required string Greeting { get; init; }

    /// <summary>The first sentence.</summary>
    public required string Headline { get; init; }

    /// <summary>The table rows.</summary>
    public required IReadOnlyList<ReminderRow> Rows { get; init; }

    /// <summary>Notes (off-day deadline, missing holiday data).</summary>
    public required IReadOnlyList<string> Notes { get; init; }

    /// <summary>The department to contact.</summary>
    public required string ContactDepartment { get; init; }

    /// <summary>Its phone number, or the 12345 hotline.</summary>
    public required string ContactPhone { get; init; }

    /// <summary>Its email, or null.</summary>
    public string? ContactEmail { get; init; }

    /// <summary>Whether a calendar file is attached.</summary>
    public bool HasCalendar { get; init; }

    /// <summary>The calendar file's name, or null.</summary>
    public string? CalendarFileName { get; init; }

    /// <summary>The day of writing, as 2026年3月6日.</summary>
    public required string TodayText { get; init; }

    /// <summary>Builds the view of <paramref name="facts"/>.</summary>
    public static ReminderView From(ReminderFacts facts, string? calendarFileName)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var rows = new List<ReminderRow>
        {
            new("租赁合同编号", facts.LeaseId, false),
            new("地块", $"{facts.ParcelName}（{facts.ParcelCode}）", false),
            new("用地单位", facts.Enterprise, false),
            new("应办事项", facts.Action, false),
        };
        if (facts.DeadlineText is not null)
        {
            rows.Add(new("截止日期", $"{facts.DeadlineText}，当日有效", true));
            rows.Add(new("时限", facts.DaysText!, true));
        }

        if (facts.AmountText is not null)
        {
            rows.Add(new(facts.AmountLabel, facts.AmountText, true));
        }

        rows.Add(new("情况说明", facts.Message, false));
        rows.Add(new("政策依据", facts.BasisText, false));

        return new ReminderView
        {
            Subject = facts.Subject,
            StatusLabel = facts.Status switch
            {
                FindingStatus.Upcoming => "到期提醒",
                FindingStatus.Due => "今日到期",
                FindingStatus.Overdue => "逾期提醒",
                FindingStatus.Violation => "违规告知",
                _ => "提示",
            },
            AccentColor = facts.Severity switch
            {
                Severity.Critical => "#cf222e",
                Severity.Warning => "#9a6700",
                _ => "#0969da",
            },
            Title = facts.Title,
            Greeting = facts.Greeting,
            Headline = facts.Headline,
            Rows = rows,
            Notes = facts.Notes,
            ContactDepartment = facts.Contact.Name,
            ContactPhone = facts.Contact.PhoneOrHotline == DepartmentContact.CityHotline
                ? "12345（北京市民服务热线）"
                : facts.Contact.PhoneOrHotline,
            ContactEmail = string.IsNullOrWhiteSpace(facts.Contact.Email) ? null : facts.Contact.Email,
            HasCalendar = calendarFileName is not null,
            CalendarFileName = calendarFileName,
            TodayText = ChineseDates.Date(facts.SentOn),
        };
    }
}
