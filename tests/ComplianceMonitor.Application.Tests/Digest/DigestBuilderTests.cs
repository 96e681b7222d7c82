using ComplianceMonitor.Application.Digest;
using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Tasks;
using System.Text.Json;
using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Domain.Calendar;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Rules;
using static ComplianceMonitor.Application.Tests.Digest.DigestTestData;

namespace ComplianceMonitor.Application.Tests.Digest;

[Trait("Category", "unit")]
public sealed class DigestBuilderTests
{
    private static readonly DateTimeOffset GeneratedAt = new(2026, 11, 26, 0, 30, 5, TimeSpan.Zero);

    private static DigestBuilder CreateSut(DigestOptions? options = null) => new(options ?? new DigestOptions(), WorkingDayCalendar.Default);

    private static DateOnly D(int month, int day, int year = 2026) => new(year, month, day);

    /// <summary>The known state of 房山区 on Thursday 2026-11-26, with the previous digest sent on 2026-11-24.</summary>
    private static (DigestInput Input, Dictionary<string, Alert> Alerts) KnownState()
    {
        var a = new Dictionary<string, Alert>
        {
            ["A"] = Obligation("FS-A", RuleCode.ASSESSMENT_APPLICATION, D(12, 6), firstSeen: D(11, 26), severity: Severity.Warning),
            ["B"] = Obligation("FS-B", RuleCode.TRANSFER_CONTRACT_AND_PAYMENT, D(11, 26), firstSeen: D(11, 10), severity: Severity.Warning, amount: 27_200_000m),
            ["C"] = Obligation("FS-C", RuleCode.RENT_ARREARS, D(11, 23), firstSeen: D(11, 25), severity: Severity.Warning, amount: 800_000m),
            ["D"] = Violation("FS-D", RuleCode.PROHIBITED_DISPOSITION, firstSeen: D(11, 24)),
            ["E"] = Obligation("FS-E", RuleCode.ASSESSMENT_DECISION, D(1, 10, 2027), firstSeen: D(11, 1), responsible: Responsible.District),
            ["F"] = new Alert
            {
                DistrictCode = Fangshan, Key = "FS-F|POLICY_VALIDITY|policy", LeaseId = "FS-F", Rule = RuleCode.POLICY_VALIDITY, Subject = "policy",
                State = AlertState.Open, FirstSeenOn = D(11, 26), LastSeenOn = D(11, 26), Status = FindingStatus.Info, Severity = Severity.Info,
                Message = "租赁起始日晚于指导意见有效期", Responsible = Responsible.City, Basis = "结语",
            },
            ["G"] = Obligation("FS-G", RuleCode.ASSESSMENT_APPLICATION, D(12, 1), firstSeen: D(11, 26)) with { State = AlertState.Resolved, ResolvedOn = D(11, 26) },
            ["H"] = Obligation("FS-H", RuleCode.ASSESSMENT_APPLICATION, D(12, 26), firstSeen: D(10, 1), severity: Severity.Warning),
            ["I"] = Obligation("FS-I", RuleCode.ASSESSMENT_APPLICATION, D(12, 27), firstSeen: D(10, 1)),
            ["J"] = Obligation("FS-J", RuleCode.RENT_ARREARS, D(9, 1), firstSeen: D(9, 2), storedStatus: FindingStatus.Overdue, severity: Severity.Critical, amount: 600_000m),
            ["K"] = Obligation("TZ-K", RuleCode.RENT_ARREARS, D(9, 1), firstSeen: D(11, 26), district: Tongzhou),
            ["L"] = Violation("FS-L", RuleCode.USE_VIOLATION, firstSeen: D(11, 26)),
            ["M"] = Violation("FS-M", RuleCode.RENEWAL_TERM, firstSeen: D(11, 20), severity: Severity.Warning),
        };
        var t1 = OpenTask(a["C"], D(11, 25));
        var t2 = OpenTask(a["J"], D(9, 2)).Acknowledge("planning.officer", new DateTimeOffset(2026, 9, 3, 2, 0, 0, TimeSpan.Zero)).Escalate(D(9, 18), new DateTimeOffset(2026, 9, 17, 21, 30, 0, TimeSpan.Zero));
        var t3 = OpenTask(a["D"], D(11, 1));
        var t4 = OpenTask(a["L"], D(11, 26)).Resolve("industry.officer", new DateTimeOffset(2026, 11, 26, 0, 0, 0, TimeSpan.Zero));
        var outbox = new[]
        {
            Dead(a["C"], "OD+7", OutboxChannel.Email, "zhang@example.com", "SendGrid 550: mailbox zhang@example.com is full"),
            Dead(a["J"], "OD+84", OutboxChannel.Sms, "13800138000", "Twilio 21211: invalid 'To' number 13800138000") with { QueuedOn = D(11, 24) },
            Dead(a["G"], "D-7", OutboxChannel.Email, "g@example.com", "bounced"),
            Dead(a["A"], "D-14", OutboxChannel.Email, "a@example.com", "x") with { Status = OutboxStatus.Pending },
        };
        var input = new DigestInput
        {
            DistrictCode = Fangshan,
            Date = Day,
            GeneratedAt = GeneratedAt,
            PreviousDigestDate = D(11, 24),
            Alerts = [.. a.Values],
            Tasks = [t1, t2, t3, t4],
            Outbox = outbox,
            LastScan = Run(Fangshan, Day, leases: 12),
        };
        return (input, a);
    }

    [Fact]
    public void Build_KnownState_SectionsListExactlyTheirItemsInOrder()
    {
        var (input, a) = KnownState();

        var digest = CreateSut().Build(input);

        Assert.Equal(D(11, 24), digest.NewSince);
        Assert.Equal([a["C"].Key, a["L"].Key, a["A"].Key, a["F"].Key], digest.New.Select(i => i.AlertKey));
        Assert.Equal([a["B"].Key, a["A"].Key, a["H"].Key], digest.DueSoon.Select(i => i.AlertKey));
        Assert.Equal([a["J"].Key, a["C"].Key], digest.Overdue.Select(i => i.AlertKey));
        Assert.Equal([a["D"].Key, a["L"].Key, a["M"].Key], digest.Violations.Select(i => i.AlertKey));
        Assert.Equal([a["J"].Key, a["D"].Key, a["C"].Key], digest.Tasks.Select(t => t.TaskId));
        Assert.Equal(["FS-C", "FS-J"], digest.FailedDeliveries.Select(d => d.LeaseId));
        Assert.Empty(digest.Notes);
    }

    [Fact]
    public void Build_KnownState_CountsExact()
    {
        var digest = CreateSut().Build(KnownState().Input);

        Assert.Equal(
            new DigestCounts
            {
                OpenAlerts = 11, New = 4, DueSoon = 3, DueToday = 1, Overdue = 2, Violations = 3, Later = 2, Info = 1,
                ActiveTasks = 3, EscalatedTasks = 2, FailedDeliveries = 2, Leases = 12, Quarantined = 0, Unreadable = 0,
            },
            digest.Counts);
    }

    [Fact]
    public void Build_StaleStoredStatus_RecomputedForTheDigestDate()
    {
        var (input, a) = KnownState();

        var digest = CreateSut().Build(input);

        var dueToday = Assert.Single(digest.DueSoon, i => i.AlertKey == a["B"].Key);
        Assert.Equal((FindingStatus.Due, Severity.Warning, 0, 27_200_000m), (dueToday.Status, dueToday.Severity, dueToday.DaysRemaining, dueToday.AmountYuan));
        var overdue = Assert.Single(digest.Overdue, i => i.AlertKey == a["C"].Key);
        Assert.Equal(
            new DigestItem
            {
                AlertKey = a["C"].Key, LeaseId = "FS-C", Rule = RuleCode.RENT_ARREARS, Title = "租金缴纳", LandUserName = "北京FS-C有限公司", ParcelName = "FS-C地块",
                Status = FindingStatus.Overdue, Severity = Severity.Critical, Responsible = Responsible.LandUser, Deadline = D(11, 23), DaysRemaining = -3,
                AmountYuan = 800_000m, Message = "RENT_ARREARS 2026-11-23", Basis = "三（五）", FirstSeenOn = D(11, 25),
            },
            overdue);
    }

    [Fact]
    public void Build_KnownState_TasksMarkEscalationToTheCity()
    {
        var (input, a) = KnownState();

        var tasks = CreateSut().Build(input).Tasks.ToDictionary(t => t.TaskId);

        var flagged = tasks[a["J"].Key];
        Assert.Equal((true, "市规划自然资源委", 70, TaskState.Acknowledged, "规划自然资源主管部门"), (flagged.Escalated, flagged.EscalatedTo, flagged.DaysPastDue, flagged.State, flagged.Department));
        var pastDue = tasks[a["D"].Key];
        Assert.Equal((true, "市规划自然资源委", 10, D(11, 16)), (pastDue.Escalated, pastDue.EscalatedTo, pastDue.DaysPastDue, pastDue.DueOn));
        var onTime = tasks[a["C"].Key];
        Assert.Equal((false, (string?)null, 0, D(12, 10), "北京FS-C有限公司"), (onTime.Escalated, onTime.EscalatedTo, onTime.DaysPastDue, onTime.DueOn, onTime.LandUserName));
    }

    [Fact]
    public void Build_DeadDeliveries_RecipientsAndErrorsMasked()
    {
        var digest = CreateSut().Build(KnownState().Input);

        var mail = digest.FailedDeliveries[0];
        Assert.Equal(("z***@example.com", "SendGrid 550: mailbox z***@example.com is full", OutboxChannel.Email, "OD+7", 5), (mail.Recipient, mail.LastError, mail.Channel, mail.Stage, mail.Attempts));
        var sms = digest.FailedDeliveries[1];
        Assert.Equal(("138****8000", "Twilio 21211: invalid 'To' number 138****8000", OutboxChannel.Sms), (sms.Recipient, sms.LastError, sms.Channel));
    }

    [Fact]
    public void Build_KnownState_DeadlinesByWeekFromTheDigestDate()
    {
        var digest = CreateSut().Build(KnownState().Input);

        Assert.Equal(12, digest.DeadlineWeeks.Count);
        Assert.Equal(
            [
                new DigestWeek(D(11, 26), D(12, 2), 1, 0),
                new DigestWeek(D(12, 3), D(12, 9), 1, 0),
                new DigestWeek(D(12, 10), D(12, 16), 0, 0),
                new DigestWeek(D(12, 17), D(12, 23), 0, 0),
                new DigestWeek(D(12, 24), D(12, 30), 2, 0),
                new DigestWeek(D(12, 31), D(1, 6, 2027), 0, 0),
                new DigestWeek(D(1, 7, 2027), D(1, 13, 2027), 1, 1),
            ],
            digest.DeadlineWeeks.Take(7));
        Assert.All(digest.DeadlineWeeks.Skip(7), w => Assert.Equal(0, w.Deadlines));
        Assert.Equal(D(2, 17, 2027), digest.DeadlineWeeks[^1].End);
    }

    [Fact]
    public void Build_Subject_ChineseDateWithWeekday()
    {
        var digest = CreateSut().Build(KnownState().Input);

        Assert.Equal("【房山区】先租后让合规日报 2026年11月26日（星期四）", digest.Subject);
        Assert.Equal(("110111", "房山区", 30), (digest.DistrictCode, digest.DistrictName, digest.DueWithinDays));
    }

    [Theory]
    [InlineData("2026-11-30", "2026-11-27")] // Monday: the previous working day is Friday
    [InlineData("2026-10-08", "2026-09-30")] // after National Day (10-01..10-07 off)
    [InlineData("2026-10-12", "2026-10-10")] // Monday after the adjusted working Saturday
    public void Build_NoPreviousDigest_NewSinceThePreviousWorkingDay(string date, string expected)
    {
        var input = KnownState().Input with { Date = DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), PreviousDigestDate = null };

        var digest = CreateSut().Build(input);

        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), digest.NewSince);
        Assert.Null(digest.PreviousDigestDate);
    }

    [Fact]
    public void Build_SectionLongerThanTheLimit_ListsTheFirstCountsAllAndSaysSo()
    {
        var (input, a) = KnownState();

        var digest = CreateSut(new DigestOptions { MaxItemsPerSection = 2 }).Build(input);

        Assert.Equal([a["C"].Key, a["L"].Key], digest.New.Select(i => i.AlertKey));
        Assert.Equal(4, digest.Counts.New);
        Assert.Equal(2, digest.Violations.Count);
        Assert.Equal(3, digest.Counts.Violations);
        Assert.Equal(["“新增事项”仅列出前2条，共4条。", "“30日内到期”仅列出前2条，共3条。", "“违规行为”仅列出前2条，共3条。", "“执法任务”仅列出前2条，共3条。"], digest.Notes);
    }

    [Fact]
    public void Build_ScanOfYesterdayWithQuarantineAndUnreadableRows_NotesSayWhatIsMissing()
    {
        var input = KnownState().Input with { LastScan = Run(Fangshan, D(11, 25), quarantined: ["FS-X", "FS-Y"]), Unreadable = 3 };

        var digest = CreateSut().Build(input);

        Assert.Equal(
            [
                "2026年11月26日的扫描尚未完成，以下内容基于2026年11月25日的扫描结果。",
                "最近一次扫描有2条租赁记录无法读取或评估，已隔离待查：FS-X、FS-Y。",
                "有3条存储记录无法读取，未列入本日报。",
            ],
            digest.Notes);
        Assert.Equal((2, 3, false), (digest.Counts.Quarantined, digest.Counts.Unreadable, digest.LastScan!.IsCurrent));
    }

    [Fact]
    public void Build_FailedScanOrNone_NotesSaySo()
    {
        var failed = CreateSut().Build(KnownState().Input with { LastScan = Run(Fangshan, Day, ScanOutcome.Failed) });
        var none = CreateSut().Build(KnownState().Input with { LastScan = null });

        Assert.Equal(["最近一次扫描（2026年11月26日）未能完成，以下内容基于此前的扫描结果，请联系系统管理员。"], failed.Notes);
        Assert.Equal(["本区尚无扫描记录，以下内容可能不完整。"], none.Notes);
        Assert.Equal(0, none.Counts.Leases);
    }

    [Fact]
    public void Build_UnknownDistrict_ThrowsNamingTheField()
    {
        var ex = Assert.Throws<ArgumentException>(() => CreateSut().Build(KnownState().Input with { DistrictCode = "110100" }));

        Assert.StartsWith("districtCode: '110100' is not a jurisdiction code", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Serialize_Digest_WireNamesAndRoundTrip()
    {
        var digest = CreateSut().Build(KnownState().Input);

        var json = DigestJson.Serialize(digest);

        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        Assert.Equal("【房山区】先租后让合规日报 2026年11月26日（星期四）", root.GetProperty("subject").GetString());
        Assert.Equal("2026-11-26", root.GetProperty("date").GetString());
        var overdue = root.GetProperty("overdue")[1];
        Assert.Equal(("RENT_ARREARS", "overdue", "critical", "landUser", -3, "2026-11-23"), (
            overdue.GetProperty("rule").GetString(), overdue.GetProperty("status").GetString(), overdue.GetProperty("severity").GetString(),
            overdue.GetProperty("responsible").GetString(), overdue.GetProperty("daysRemaining").GetInt32(), overdue.GetProperty("deadline").GetString()));
        Assert.Equal("acknowledged", root.GetProperty("tasks")[0].GetProperty("state").GetString());
        Assert.Equal("sms", root.GetProperty("failedDeliveries")[1].GetProperty("channel").GetString());
        Assert.Equal(11, root.GetProperty("counts").GetProperty("openAlerts").GetInt32());
        Assert.Contains("\"title\": \"租金缴纳\"", json, StringComparison.Ordinal);

        var back = DigestJson.Deserialize(json);
        Assert.Equal(digest.Counts, back.Counts);
        Assert.Equal(digest.Overdue, back.Overdue);
        Assert.Equal(digest.DeadlineWeeks, back.DeadlineWeeks);
    }

    [Theory]
    [InlineData("550 5.1.1 <wang.wu@corp.example.cn>: user unknown", "550 5.1.1 <w***@corp.example.cn>: user unknown")]
    [InlineData("to +8613800138000 failed", "to +86*******8000 failed")]
    [InlineData("timeout after 30s", "timeout after 30s")]
    public void MaskContacts_AddressesAndLongNumbers_Masked(string text, string expected)
    {
        Assert.Equal(expected, DigestText.MaskContacts(text));
    }
}
