using ComplianceMonitor.Application.Tests.Scanning;
using ComplianceMonitor.Application.Tests.Tasks;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Domain.Rules;

namespace ComplianceMonitor.Application.Tests.Monitoring;

/// <summary>Small builders for leases and findings used by the monitoring tests.</summary>
internal static class MonitoringTestData
{
    public static readonly DateTimeOffset Now = new(2026, 3, 5, 21, 30, 0, TimeSpan.Zero);

    public static LeaseRecord Lease(string leaseId = "FS-2024-0001", string? email = "zhang@example.com", string? mobile = "13800138000") => new()
    {
        LeaseId = leaseId,
        DistrictCode = "110111",
        Parcel = new Parcel { Code = "FS00-0105-0012", Name = "窦店镇工业地块" },
        SupplyMode = SupplyMode.New,
        LandUser = new LandUser { Name = "北京某某科技有限公司", CreditCode = "91110111MA01ABCD1Q", ContactName = "张三", Email = email, Mobile = mobile },
        BasePriceYuan = 30_935_000m,
        LeaseYears = 5,
        TotalYears = 20,
        LeaseStart = new DateOnly(2024, 3, 1),
        LeaseEnd = new DateOnly(2029, 2, 28),
    };

    public static Finding Obligation(RuleCode rule, DateOnly deadline, DateOnly today, Responsible responsible = Responsible.LandUser, string? subject = null, decimal? amount = null, string? message = null)
    {
        var days = deadline.DayNumber - today.DayNumber;
        var status = days > 0 ? FindingStatus.Upcoming : days == 0 ? FindingStatus.Due : FindingStatus.Overdue;
        return new Finding
        {
            Rule = rule,
            Status = status,
            Deadline = deadline,
            DaysRemaining = days,
            Severity = status == FindingStatus.Overdue ? Severity.Critical : days <= 30 ? Severity.Warning : Severity.Info,
            Responsible = responsible,
            Basis = "三（五）",
            AmountYuan = amount,
            Message = message ?? $"{rule} 截止 {deadline:yyyy-MM-dd}，剩余 {days} 天",
            Subject = subject ?? $"deadline:{deadline:yyyy-MM-dd}",
        };
    }

    public static Finding Violation(RuleCode rule, Responsible responsible = Responsible.LandUser, string subject = "event:mortgage:2025-06-10") => new()
    {
        Rule = rule,
        Status = FindingStatus.Violation,
        Severity = Severity.Critical,
        Responsible = responsible,
        Basis = "三（六）",
        Message = "租赁期内、开发建设完成前设定抵押",
        Subject = subject,
    };

    public static Finding Info(RuleCode rule = RuleCode.POLICY_VALIDITY) => new()
    {
        Rule = rule,
        Status = FindingStatus.Info,
        Severity = Severity.Info,
        Responsible = Responsible.City,
        Basis = "结语",
        Message = "租赁起始日晚于指导意见有效期",
        Subject = "policy",
    };
}
