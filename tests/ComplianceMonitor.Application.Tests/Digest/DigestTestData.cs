using ComplianceMonitor.Application.Digest;
using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Tasks;
using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Domain.Calendar;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Rules;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ComplianceMonitor.Application.Tests.Digest;

/// <summary>Builders for the alerts, tasks and outbox entries the digest tests start from.</summary>
internal static class DigestTestData
{
    public const string Fangshan = "110111";
    public const string Tongzhou = "110112";

    /// <summary>Thursday 2026-11-26, a working day.</summary>
    public static readonly DateOnly Day = new(2026, 11, 26);

    public static Alert Obligation(string leaseId, RuleCode rule, DateOnly deadline, DateOnly firstSeen, FindingStatus storedStatus = FindingStatus.Upcoming, Severity severity = Severity.Info, Responsible responsible = Responsible.LandUser, decimal? amount = null, string district = Fangshan) => new()
    {
        DistrictCode = district,
        Key = AlertKey.For(leaseId, rule, "deadline:" + deadline.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)),
        LeaseId = leaseId,
        Rule = rule,
        Subject = "deadline:" + deadline.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        State = AlertState.Open,
        FirstSeenOn = firstSeen,
        LastSeenOn = firstSeen,
        Deadline = deadline,
        Status = storedStatus,
        Severity = severity,
        AmountYuan = amount,
        Message = $"{rule} {deadline:yyyy-MM-dd}",
        Responsible = responsible,
        Basis = "三（五）",
        LandUserName = "北京" + leaseId + "有限公司",
        ParcelName = leaseId + "地块",
    };

    public static Alert Violation(string leaseId, RuleCode rule, DateOnly firstSeen, Severity severity = Severity.Critical, string district = Fangshan) => new()
    {
        DistrictCode = district,
        Key = AlertKey.For(leaseId, rule, "event:0"),
        LeaseId = leaseId,
        Rule = rule,
        Subject = "event:0",
        State = AlertState.Open,
        FirstSeenOn = firstSeen,
        LastSeenOn = firstSeen,
        Status = FindingStatus.Violation,
        Severity = severity,
        Message = "租赁期内、开发建设完成前设定抵押",
        Responsible = Responsible.LandUser,
        Basis = "三（六）",
        LandUserName = "北京" + leaseId + "有限公司",
        ParcelName = leaseId + "地块",
    };

    public static EnforcementTask OpenTask(Alert alert, DateOnly openedOn, int dueDays = 15) =>
        EnforcementTask.Open(alert, Departments.For(alert.Rule) ?? Department.PlanningAndNaturalResources, openedOn, dueDays, new DateTimeOffset(openedOn.ToDateTime(new TimeOnly(21, 30)), TimeSpan.Zero));

    public static OutboxEntry Dead(Alert alert, string stage, OutboxChannel channel, string recipient, string error) => new()
    {
        DistrictCode = alert.DistrictCode,
        Id = AlertKey.OutboxId(alert.Key, stage, channel, recipient),
        AlertKey = alert.Key,
        LeaseId = alert.LeaseId,
        Rule = alert.Rule,
        Stage = stage,
        Channel = channel,
        Recipient = recipient,
        LandUserName = alert.LandUserName!,
        Deadline = alert.Deadline,
        FindingStatus = alert.Status,
        Severity = alert.Severity,
        Basis = alert.Basis,
        Message = alert.Message,
        QueuedOn = alert.FirstSeenOn,
        CreatedAt = new DateTimeOffset(alert.FirstSeenOn.ToDateTime(new TimeOnly(21, 30)), TimeSpan.Zero),
        Status = OutboxStatus.Dead,
        Attempts = 5,
        LastError = error,
    };

    public static ScanRun Run(string district, DateOnly asOf, ScanOutcome outcome = ScanOutcome.Succeeded, int leases = 4, params string[] quarantined) => new()
    {
        RunId = "run-" + asOf.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture),
        DistrictCode = district,
        AsOf = asOf,
        StartedAt = new DateTimeOffset(asOf.ToDateTime(new TimeOnly(0, 0)), TimeSpan.FromHours(8)).AddHours(5.5),
        FinishedAt = new DateTimeOffset(asOf.ToDateTime(new TimeOnly(0, 0)), TimeSpan.FromHours(8)).AddHours(5.6),
        Outcome = outcome,
        Leases = leases,
        Findings = 7,
        QuarantinedLeaseIds = quarantined,
    };
}

/// <summary>The scheduler with in-memory stores, a recording sender, a JSON renderer and a fake clock.</summary>
internal sealed class DigestHost
{
    public DigestHost(DigestOptions? options = null, DateTimeOffset? now = null)
    {
        Options = options ?? WithRecipients(new DigestOptions(), DigestTestData.Fangshan, "zhang.supervisor@fangshan.example.gov.cn,li@fangshan.example.gov.cn");
        // Early enough for every test: the fake clock only moves forward.
        Time = new FakeTimeProvider(now ?? new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    }

    public DigestOptions Options { get; }

    public FakeTimeProvider Time { get; }

    public InMemoryAlertStore Alerts { get; } = new();

    public InMemoryTaskStore Tasks { get; } = new();

    public InMemoryOutboxStore Outbox { get; } = new();

    public InMemoryRunStore Runs { get; } = new();

    public InMemoryDigestRecordStore Records { get; } = new();

    public InMemoryDigestScheduleStore Stored { get; } = new();

    public RecordingEmailSender Email { get; } = new();

    public ListLogger<DigestScheduler> Log { get; } = new();

    public static DigestOptions WithRecipients(DigestOptions options, string district, string recipients, string? cron = null)
    {
        options.Districts[district] = new DistrictDigestOptions { Recipients = recipients, Cron = cron };
        return options;
    }

    public DigestService CreateService() =>
        new(Alerts, Tasks, Outbox, Runs, Records, new DigestBuilder(Options, WorkingDayCalendar.Default), new JsonDigestRenderer(), Time);

    public DigestScheduler CreateSut() =>
        new(
            new DigestSchedules(Microsoft.Extensions.Options.Options.Create(Options), new ListLogger<DigestSchedules>(), Stored),
            CreateService(),
            Records,
            Email,
            WorkingDayCalendar.Default,
            Microsoft.Extensions.Options.Options.Create(Options),
            Time,
            Log);

    /// <summary>Sets the clock to <paramref name="utc"/> and runs one scheduler (a fresh one unless given).</summary>
    public Task<IReadOnlyList<DigestDistrictOutcome>> RunAtAsync(DateTimeOffset utc, DigestScheduler? scheduler = null)
    {
        Time.SetUtcNow(utc);
        return (scheduler ?? CreateSut()).RunDueAsync(utc);
    }

    /// <summary>The digest models the recording sender delivered, in order.</summary>
    public List<DigestModel> SentModels() => [.. Email.Sent.Select(m => DigestJson.Deserialize(m.HtmlBody))];

    public static DateTimeOffset Utc(int year, int month, int day, int hour, int minute) => new(year, month, day, hour, minute, 0, TimeSpan.Zero);
}
