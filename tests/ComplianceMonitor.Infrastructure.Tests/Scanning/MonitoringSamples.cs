using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Tasks;
using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Rules;

namespace ComplianceMonitor.Infrastructure.Tests.Scanning;

/// <summary>Sample monitoring records for the table adapter tests.</summary>
internal static class MonitoringSamples
{
    public const string Fangshan = "110111";

    public static readonly DateTimeOffset Now = new(2026, 3, 5, 21, 30, 0, TimeSpan.Zero);

    public static Alert Alert(string leaseId = "FS-2024-0001", string subject = "2026-06-30", string district = Fangshan) => new()
    {
        DistrictCode = district,
        Key = AlertKey.For(leaseId, RuleCode.ASSESSMENT_APPLICATION, subject),
        LeaseId = leaseId,
        Rule = RuleCode.ASSESSMENT_APPLICATION,
        Subject = subject,
        State = AlertState.Open,
        FirstSeenOn = new DateOnly(2026, 3, 6),
        LastSeenOn = new DateOnly(2026, 3, 7),
        Deadline = new DateOnly(2026, 6, 30),
        Status = FindingStatus.Upcoming,
        Severity = Severity.Info,
        AmountYuan = 1234.5m,
        Message = "请最迟于2026年6月30日提出考核申请",
        Responsible = Responsible.LandUser,
        Basis = "三（五）",
        LandUserName = "北京某某科技有限公司",
        ParcelName = "窦店镇工业地块",
        QueuedStages = ["D-90", "D-60"],
        TaskId = null,
    };

    public static EnforcementTask Task(Alert alert) =>
        EnforcementTask.Open(alert, Department.IndustryAuthority, new DateOnly(2026, 3, 6), 15, Now);

    public static OutboxEntry Outbox(Alert alert, string stage = "D-7", OutboxChannel channel = OutboxChannel.Email, string recipient = "zhang@example.com") => new()
    {
        DistrictCode = alert.DistrictCode,
        Id = AlertKey.OutboxId(alert.Key, stage, channel, recipient),
        AlertKey = alert.Key,
        LeaseId = alert.LeaseId,
        Rule = alert.Rule,
        Stage = stage,
        Channel = channel,
        Recipient = recipient,
        RecipientName = "张三",
        LandUserName = "北京某某科技有限公司",
        ParcelName = "窦店镇工业地块",
        Deadline = alert.Deadline,
        FindingStatus = FindingStatus.Upcoming,
        DaysRemaining = 7,
        Severity = Severity.Warning,
        AmountYuan = null,
        Basis = "三（五）",
        Message = alert.Message,
        QueuedOn = new DateOnly(2026, 6, 23),
        CreatedAt = Now,
        Status = OutboxStatus.Pending,
    };
}
