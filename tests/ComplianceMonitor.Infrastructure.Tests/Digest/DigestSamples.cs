using ComplianceMonitor.Application.Digest;
using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Tasks;
using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Domain.Calendar;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Rules;

namespace ComplianceMonitor.Infrastructure.Tests.Digest;

/// <summary>Digest models and monitoring records with known content for the renderer and store tests.</summary>
internal static class DigestSamples
{
    public const string Fangshan = "110111";

    /// <summary>Thursday 2026-11-26.</summary>
    public static readonly DateOnly Day = new(2026, 11, 26);

    /// <summary>08:30 Beijing on <see cref="Day"/>.</summary>
    public static readonly DateTimeOffset At0830 = new(2026, 11, 26, 0, 30, 0, TimeSpan.Zero);

    public static Alert Obligation(string leaseId, RuleCode rule, DateOnly deadline, DateOnly firstSeen, Responsible responsible = Responsible.LandUser, decimal? amount = null, string message = "按期办理", string district = Fangshan) => new()
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
        Status = deadline < Day ? FindingStatus.Overdue : deadline == Day ? FindingStatus.Due : FindingStatus.Upcoming,
        Severity = deadline < Day ? Severity.Critical : Severity.Warning,
        AmountYuan = amount,
        Message = message,
        Responsible = responsible,
        Basis = "三（五）",
        LandUserName = "北京示例科技有限公司",
        ParcelName = "窦店镇工业地块",
    };

    /// <summary>A small digest: one overdue rent (with an escalated task and a dead SMS), one due in 11 days, one district deadline in 6 weeks, one violation whose message holds markup.</summary>
    public static DigestModel Small()
    {
        var rent = Obligation("FS-2024-0001", RuleCode.RENT_ARREARS, new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 2), amount: 800_000m, message: "应于2026年11月1日缴纳的租金尚欠800,000.00元");
        var transfer = Obligation("FS-2024-0002", RuleCode.TRANSFER_CONTRACT_AND_PAYMENT, new DateOnly(2026, 12, 7), Day, amount: 27_200_000m);
        var decision = Obligation("FS-2024-0003", RuleCode.ASSESSMENT_DECISION, new DateOnly(2027, 1, 8), new DateOnly(2026, 10, 9), Responsible.District);
        var violation = new Alert
        {
            DistrictCode = Fangshan, Key = "FS-2024-0004|USE_VIOLATION|event:0", LeaseId = "FS-2024-0004", Rule = RuleCode.USE_VIOLATION, Subject = "event:0",
            State = AlertState.Open, FirstSeenOn = Day, LastSeenOn = Day, Status = FindingStatus.Violation, Severity = Severity.Critical,
            Message = "擅自改作<仓储>用途 & \"出租\"", Responsible = Responsible.LandUser, Basis = "三（六）", LandUserName = "北京另一家有限公司",
        };
        var task = EnforcementTask.Open(rent, Department.PlanningAndNaturalResources, new DateOnly(2026, 11, 2), 15, new DateTimeOffset(2026, 11, 1, 21, 30, 0, TimeSpan.Zero))
            .Escalate(new DateOnly(2026, 11, 18), new DateTimeOffset(2026, 11, 17, 21, 30, 0, TimeSpan.Zero));
        var dead = new OutboxEntry
        {
            DistrictCode = Fangshan, Id = AlertKey.OutboxId(rent.Key, "OD+7", OutboxChannel.Sms, "13800138000"), AlertKey = rent.Key, LeaseId = rent.LeaseId,
            Rule = rent.Rule, Stage = "OD+7", Channel = OutboxChannel.Sms, Recipient = "13800138000", LandUserName = "北京示例科技有限公司",
            FindingStatus = FindingStatus.Overdue, Severity = Severity.Critical, Basis = "三（六）", Message = rent.Message, QueuedOn = new DateOnly(2026, 11, 8),
            CreatedAt = new DateTimeOffset(2026, 11, 7, 21, 30, 0, TimeSpan.Zero), Status = OutboxStatus.Dead, Attempts = 5, LastError = "Twilio 21614: not a mobile number",
        };
        return new DigestBuilder(new DigestOptions { ChartWeeks = 8 }, WorkingDayCalendar.Default).Build(new DigestInput
        {
            DistrictCode = Fangshan,
            Date = Day,
            GeneratedAt = At0830.AddSeconds(3),
            PreviousDigestDate = new DateOnly(2026, 11, 25),
            Alerts = [rent, transfer, decision, violation],
            Tasks = [task],
            Outbox = [dead],
            LastScan = new ScanRun
            {
                RunId = "run-20261126", DistrictCode = Fangshan, AsOf = Day, StartedAt = At0830.AddHours(-3), FinishedAt = At0830.AddHours(-2.9),
                Outcome = ScanOutcome.Succeeded, Leases = 5, Findings = 4,
            },
        });
    }
}
