namespace ComplianceMonitor.Application.Reminders.Content;

/// <summary>A rendered reminder: subject, HTML and text bodies, the calendar file, categories.</summary>
/// <param name="Facts">The facts it was rendered from (also what the SMS composer uses).</param>
/// <param name="Subject">The subject line.</param>
/// <param name="HtmlBody">The HTML body (inline CSS, tables, no scripts).</param>
/// <param name="TextBody">The plain-text body.</param>
/// <param name="Calendar">The .ics attachment for the deadline, or null (violations, passed deadlines).</param>
/// <param name="Categories">Provider categories: reminder, the rule code in lower case, the stage.</param>
public sealed record ReminderContent(
    ReminderFacts Facts,
    string Subject,
    string HtmlBody,
    string TextBody,
    EmailAttachment? Calendar,
    IReadOnlyList<string> Categories)
{
    /// <summary>The email carrying this reminder to <paramref name="to"/>, tagged with <paramref name="outboxId"/>.</summary>
    public EmailMessage ToEmail(IReadOnlyList<EmailAddress> to, string outboxId) => new()
    {
        To = to,
        Subject = Subject,
        HtmlBody = HtmlBody,
        TextBody = TextBody,
        Attachments = Calendar is null ? [] : [Calendar],
        Categories = Categories,
        OutboxId = outboxId,
    };
}

/// <summary>Renders reminders to land users (Fluid templates in Infrastructure).</summary>
public interface IReminderRenderer
{
    /// <summary>Renders <paramref name="request"/>; throws naming the field when the lease's district has no contact entry.</summary>
    ReminderContent Render(ReminderRequest request);
}

/// <summary>The calendar file of a reminder: an all-day event on the deadline.</summary>
public static class ReminderCalendar
{
    /// <summary>The attachment's MIME type.</summary>
    public const string ContentType = IcsCalendar.ContentType;

    /// <summary>
    /// The .ics attachment for <paramref name="facts"/>, or null when there is no deadline or it has passed
    /// (a calendar entry in the past helps no one).
    /// </summary>
    public static EmailAttachment? For(ReminderFacts facts, DateTimeOffset generatedAt)
    {
        ArgumentNullException.ThrowIfNull(facts);
        if (facts.Deadline is not { } deadline || deadline < facts.Today)
        {
            return null;
        }

        var description = string.Join("\n", new[]
        {
            $"租赁合同：{facts.LeaseId}",
            $"地块：{facts.ParcelCode} {facts.ParcelName}",
            $"用地单位：{facts.Enterprise}",
            $"事项：{facts.Action}",
            $"截止日期：{facts.DeadlineText}（当日有效）",
            facts.AmountText is null ? null : $"{facts.AmountLabel}：{facts.AmountText}",
            $"依据：{facts.BasisText}",
            $"咨询：{facts.Contact.Name} {facts.Contact.PhoneOrHotline}",
        }.Where(l => l is not null));

        var evt = new IcsAllDayEvent(
            Uid: $"{facts.LeaseId}-{facts.Rule.ToString().ToLowerInvariant()}-{ChineseDates.Iso(deadline)}@compliancemonitor",
            Date: deadline,
            Summary: $"{facts.Title}截止（租赁合同{facts.LeaseId}）",
            Description: description,
            Stamp: generatedAt,
            AlarmBeforeStart: IcsCalendar.DefaultAlarmBeforeStart);

        return new EmailAttachment($"deadline-{ChineseDates.Iso(deadline)}.ics", ContentType, IcsCalendar.WriteBytes(evt));
    }
}
