using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Tasks;
using System.Globalization;
using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Application.Reminders.Content;
using ComplianceMonitor.Domain.Calendar;
using ComplianceMonitor.Domain.Deadlines;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Jurisdictions;

namespace ComplianceMonitor.Application.Digest;

/// <summary>What a digest is built from: the district's stored state, read once.</summary>
public sealed record DigestInput
{
    /// <summary>The jurisdiction code.</summary>
    public required string DistrictCode { get; init; }

    /// <summary>The Beijing date of the digest.</summary>
    public required DateOnly Date { get; init; }

    /// <summary>When it is built (UTC).</summary>
    public required DateTimeOffset GeneratedAt { get; init; }

    /// <summary>The date of the previous digest sent, or null.</summary>
    public DateOnly? PreviousDigestDate { get; init; }

    /// <summary>The district's open alerts (others are ignored).</summary>
    public required IReadOnlyList<Alert> Alerts { get; init; }

    /// <summary>The district's tasks (only active ones are shown).</summary>
    public required IReadOnlyList<EnforcementTask> Tasks { get; init; }

    /// <summary>The district's outbox entries (dead ones about open alerts are shown; waiting ones are counted for a paused channel).</summary>
    public required IReadOnlyList<OutboxEntry> Outbox { get; init; }

    /// <summary>The recorded channel pauses (provider-wide), or none.</summary>
    public IReadOnlyList<ChannelPause> ChannelPauses { get; init; } = [];

    /// <summary>The district's latest scan run, or null.</summary>
    public ScanRun? LastScan { get; init; }

    /// <summary>Stored entities that could not be read.</summary>
    public int Unreadable { get; init; }

    /// <summary>The readiness of the district's agreement leases on the date, or null when not read (no readiness section).</summary>
    public IReadOnlyList<LeaseReadiness>? Readiness { get; init; }

    /// <summary>The agreement parameters in effect on the date (windows of the agreement sections); null for the defaults.</summary>
    public Domain.Agreements.AgreementParameters? AgreementParameters { get; init; }
}

/// <summary>Builds a district's <see cref="DigestModel"/> from its alerts, tasks, outbox and latest scan: pure, no I/O.</summary>
/// <remarks>
/// Statuses and days are recomputed for the digest date from each alert's deadline, so a digest read a day after the
/// scan still says "overdue" for a deadline that has just passed. Thread-safe.
/// </remarks>
public sealed class DigestBuilder
{
    private readonly DigestOptions _options;
    private readonly WorkingDayCalendar _calendar;

    /// <summary>Creates a builder with the section sizes and windows of <paramref name="options"/>.</summary>
    public DigestBuilder(DigestOptions options, WorkingDayCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(calendar);
        _options = options;
        _calendar = calendar;
    }

    /// <summary>The subject line: 【房山区】先租后让合规日报 2026年11月26日（星期四）.</summary>
    public static string Subject(string districtName, DateOnly date) =>
        $"【{districtName}】先租后让合规日报 {ChineseDates.DateWithWeekday(date)}";

    /// <summary>Builds the digest of <paramref name="input"/>.</summary>
    public DigestModel Build(DigestInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!Jurisdiction.TryGet(input.DistrictCode, out var jurisdiction) || jurisdiction is null)
        {
            throw new ArgumentException($"districtCode: '{input.DistrictCode}' is not a jurisdiction code", nameof(input));
        }

        var date = input.Date;
        var newSince = input.PreviousDigestDate ?? PreviousWorkingDay(date);
        var open = input.Alerts
            .Where(a => a.State == AlertState.Open && a.DistrictCode == input.DistrictCode)
            .ToList();
        var items = open.Select(a => Item(a, date)).ToList();
        var alertsByKey = open.ToDictionary(a => a.Key, StringComparer.Ordinal);
        var dueEnd = date.AddDays(_options.DueWithinDays);

        var fresh = items.Where(i => i.FirstSeenOn > newSince && i.FirstSeenOn <= date)
            .OrderByDescending(i => i.Severity).ThenBy(i => i.Deadline ?? DateOnly.MaxValue).ThenBy(i => i.LeaseId, StringComparer.Ordinal).ThenBy(i => i.AlertKey, StringComparer.Ordinal)
            .ToList();
        var obligations = items.Where(i => i.Deadline is not null && i.Status is FindingStatus.Upcoming or FindingStatus.Due or FindingStatus.Overdue).ToList();
        var dueSoon = obligations.Where(i => i.Deadline >= date && i.Deadline <= dueEnd)
            .OrderBy(i => i.Deadline).ThenBy(i => i.LeaseId, StringComparer.Ordinal).ThenBy(i => i.AlertKey, StringComparer.Ordinal)
            .ToList();
        var overdue = obligations.Where(i => i.Status == FindingStatus.Overdue)
            .OrderBy(i => i.Deadline).ThenBy(i => i.LeaseId, StringComparer.Ordinal).ThenBy(i => i.AlertKey, StringComparer.Ordinal)
            .ToList();
        var violations = items.Where(i => i.Status == FindingStatus.Violation)
            .OrderByDescending(i => i.Severity).ThenBy(i => i.LeaseId, StringComparer.Ordinal).ThenBy(i => i.AlertKey, StringComparer.Ordinal)
            .ToList();

        var tasks = input.Tasks
            .Where(t => t.IsActive && t.DistrictCode == input.DistrictCode)
            .Select(t => TaskItem(t, date, alertsByKey.GetValueOrDefault(t.Id)))
            .OrderByDescending(t => t.Escalated).ThenBy(t => t.DueOn).ThenBy(t => t.TaskId, StringComparer.Ordinal)
            .ToList();
        var failed = input.Outbox
            .Where(e => e.Status == OutboxStatus.Dead && alertsByKey.ContainsKey(e.AlertKey))
            .Select(DeliveryItem)
            .OrderByDescending(d => d.QueuedOn).ThenBy(d => d.OutboxId, StringComparer.Ordinal)
            .ToList();

        var weeks = Enumerable.Range(0, _options.ChartWeeks).Select(w =>
        {
            var start = date.AddDays(7 * w);
            var end = start.AddDays(6);
            var inWeek = obligations.Where(i => i.Deadline >= start && i.Deadline <= end).ToList();
            return new DigestWeek(start, end, inWeek.Count, inWeek.Count(i => i.Responsible != Responsible.LandUser));
        }).ToList();

        var counts = new DigestCounts
        {
            OpenAlerts = items.Count,
            New = fresh.Count,
            DueSoon = dueSoon.Count,
            DueToday = dueSoon.Count(i => i.Deadline == date),
            Overdue = overdue.Count,
            Violations = violations.Count,
            Later = obligations.Count(i => i.Deadline > dueEnd),
            Info = items.Count(i => i.Status == FindingStatus.Info),
            ActiveTasks = tasks.Count,
            EscalatedTasks = tasks.Count(t => t.Escalated),
            FailedDeliveries = failed.Count,
            Leases = input.LastScan?.Leases ?? 0,
            Quarantined = input.LastScan?.QuarantinedLeaseIds.Count ?? 0,
            Unreadable = input.Unreadable,
        };

        var pauses = DigestChannelPause.Of(input.ChannelPauses, input.Outbox);
        var notes = pauses.Select(p => p.Note()).ToList();
        notes.AddRange(Notes(input, date));
        var max = _options.MaxItemsPerSection;
        return new DigestModel
        {
            DistrictCode = jurisdiction.Code,
            DistrictName = jurisdiction.Name,
            Date = date,
            Subject = Subject(jurisdiction.Name, date),
            GeneratedAt = input.GeneratedAt,
            PreviousDigestDate = input.PreviousDigestDate,
            NewSince = newSince,
            DueWithinDays = _options.DueWithinDays,
            Counts = counts,
            New = Cap(fresh, max, "新增事项", notes),
            DueSoon = Cap(dueSoon, max, $"{_options.DueWithinDays}日内到期", notes),
            Overdue = Cap(overdue, max, "已逾期", notes),
            Violations = Cap(violations, max, "违规行为", notes),
            Tasks = Cap(tasks, max, "执法任务", notes),
            FailedDeliveries = Cap(failed, max, "发送失败的提醒", notes),
            DeadlineWeeks = weeks,
            LastScan = input.LastScan is { } run ? Scan(run, date) : null,
            ChannelPauses = pauses,
            Notes = notes,
            Agreement = DigestAgreementSections.Build(items, input.Readiness, date, input.AgreementParameters ?? new(), max, notes),
            Decisions = DigestDecisionSections.Build(items, max, notes),
        };
    }

    private DateOnly PreviousWorkingDay(DateOnly date)
    {
        var d = date.AddDays(-1);
        while (_calendar.IsOffDay(d))
        {
            d = d.AddDays(-1);
        }

        return d;
    }

    private static DigestItem Item(Alert a, DateOnly date)
    {
        var status = a.Status;
        var severity = a.Severity;
        int? days = null;
        if (a.Deadline is { } deadline && status is FindingStatus.Upcoming or FindingStatus.Due or FindingStatus.Overdue)
        {
            // The alert holds the status of its last scan; the digest speaks for its own date.
            status = DeadlineCalculator.StatusOn(deadline, date);
            days = DeadlineCalculator.DaysRemaining(deadline, date);
            severity = status switch
            {
                FindingStatus.Overdue => Severity.Critical,
                FindingStatus.Due when severity < Severity.Warning => Severity.Warning,
                _ => severity,
            };
        }

        return new DigestItem
        {
            AlertKey = a.Key,
            LeaseId = a.LeaseId,
            Rule = a.Rule,
            Title = ReminderActions.For(a.Rule).Title,
            LandUserName = a.LandUserName,
            ParcelName = a.ParcelName,
            Status = status,
            Severity = severity,
            Responsible = a.Responsible,
            Deadline = a.Deadline,
            DaysRemaining = days,
            AmountYuan = a.AmountYuan,
            Message = a.Message,
            Basis = a.Basis,
            FirstSeenOn = a.FirstSeenOn,
            TaskId = a.TaskId,
        };
    }

    private static DigestTaskItem TaskItem(EnforcementTask t, DateOnly date, Alert? alert)
    {
        var pastDue = Math.Max(0, date.DayNumber - t.DueOn.DayNumber);
        var escalated = t.Escalated || pastDue > 0;
        return new DigestTaskItem
        {
            TaskId = t.Id,
            LeaseId = t.LeaseId,
            Rule = t.Rule,
            Title = ReminderActions.For(t.Rule).Title,
            LandUserName = alert?.LandUserName,
            Department = Departments.NameOf(t.Department),
            State = t.State,
            OpenedOn = t.OpenedOn,
            DueOn = t.DueOn,
            DaysPastDue = pastDue,
            Escalated = escalated,
            EscalatedTo = escalated ? Departments.CityEscalationBody : null,
            Summary = t.Summary,
        };
    }

    private static DigestDeliveryItem DeliveryItem(OutboxEntry e) => new()
    {
        OutboxId = e.Id,
        LeaseId = e.LeaseId,
        Rule = e.Rule,
        Title = ReminderActions.For(e.Rule).Title,
        LandUserName = e.LandUserName,
        Stage = e.Stage,
        Channel = e.Channel,
        Recipient = e.MaskedRecipient,
        Attempts = e.Attempts,
        LastError = e.LastError is null ? null : DigestText.MaskContacts(e.LastError),
        QueuedOn = e.QueuedOn,
    };

    private static DigestScanState Scan(ScanRun run, DateOnly date) => new()
    {
        RunId = run.RunId,
        AsOf = run.AsOf,
        Outcome = run.Outcome,
        FinishedAt = run.FinishedAt,
        Leases = run.Leases,
        Findings = run.Findings,
        QuarantinedLeaseIds = run.QuarantinedLeaseIds,
        IsCurrent = run.Outcome == ScanOutcome.Succeeded && run.AsOf == date,
    };

    private static List<string> Notes(DigestInput input, DateOnly date)
    {
        var notes = new List<string>();
        if (input.LastScan is not { } run)
        {
            notes.Add("本区尚无扫描记录，以下内容可能不完整。");
        }
        else if (run.Outcome == ScanOutcome.Failed)
        {
            notes.Add($"最近一次扫描（{ChineseDates.Date(run.AsOf)}）未能完成，以下内容基于此前的扫描结果，请联系系统管理员。");
        }
        else if (run.Outcome == ScanOutcome.Running)
        {
            notes.Add($"最近一次扫描（{ChineseDates.Date(run.AsOf)}）尚未结束或中途停止，以下内容可能不完整。");
        }
        else if (run.AsOf < date)
        {
            notes.Add($"{ChineseDates.Date(date)}的扫描尚未完成，以下内容基于{ChineseDates.Date(run.AsOf)}的扫描结果。");
        }

        if (input.LastScan is { QuarantinedLeaseIds.Count: > 0 } q)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"最近一次扫描有{q.QuarantinedLeaseIds.Count}条租赁记录无法读取或评估，已隔离待查：{string.Join("、", q.QuarantinedLeaseIds.Take(20))}{(q.QuarantinedLeaseIds.Count > 20 ? "等" : string.Empty)}。"));
        }

        if (input.Unreadable > 0)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"有{input.Unreadable}条存储记录无法读取，未列入本日报。"));
        }

        return notes;
    }

    private static List<T> Cap<T>(List<T> items, int max, string section, List<string> notes)
    {
        if (items.Count <= max)
        {
            return items;
        }

        notes.Add(string.Create(CultureInfo.InvariantCulture, $"“{section}”仅列出前{max}条，共{items.Count}条。"));
        return items.GetRange(0, max);
    }
}
