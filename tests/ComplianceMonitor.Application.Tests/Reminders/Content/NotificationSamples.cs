using ComplianceMonitor.Application.Reminders.Content;
using ComplianceMonitor.Application.Tests.Contacts;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Domain.Rules;

namespace ComplianceMonitor.Application.Tests.Reminders.Content;

/// <summary>A lease in 房山区 and findings about it, with known days and amounts.</summary>
internal static class NotificationSamples
{
    public static readonly DateOnly Today = new(2026, 3, 6); // a Friday

    public static readonly DateTimeOffset GeneratedAt = new(2026, 3, 6, 0, 0, 0, TimeSpan.Zero); // 08:00 Beijing

    public static LeaseRecord Lease(string leaseId = "FS-2024-001", string districtCode = "110111", string? contactName = "王经理") => new()
    {
        LeaseId = leaseId,
        DistrictCode = districtCode,
        Parcel = new Parcel { Code = "FS-GY-0301", Name = "窦店镇工业园三号" },
        SupplyMode = SupplyMode.New,
        LandUser = new LandUser
        {
            Name = "北京示例新材料科技有限公司",
            CreditCode = "91110111MA01ABCD2X",
            ContactName = contactName,
            Email = "wang@example.com",
            Mobile = "13800138000",
        },
        BasePriceYuan = 30_935_000m,
        LeaseYears = 5,
        TotalYears = 20,
        LeaseStart = new DateOnly(2021, 3, 1),
        LeaseEnd = new DateOnly(2026, 2, 28),
    };

    /// <summary>15-day window after a notice received 2026-03-06: deadline 2026-03-23 (a Monday), 23,201,250.00 due.</summary>
    public static Finding TransferWindow(DateOnly? deadline = null, FindingStatus status = FindingStatus.Upcoming, Severity severity = Severity.Warning) => new()
    {
        Rule = RuleCode.TRANSFER_CONTRACT_AND_PAYMENT,
        Status = status,
        Deadline = deadline ?? new DateOnly(2026, 3, 23),
        DaysRemaining = 17,
        Severity = severity,
        Responsible = Responsible.LandUser,
        Basis = "三（五）",
        AmountYuan = 23_201_250m,
        Message = "考核已通过，请在收到书面通知之日起15日内签订出让合同并缴纳土地出让价款。",
        Subject = "2026-03-23",
    };

    /// <summary>Rent instalment due 2026-01-15 (a Thursday), unpaid: 50 days overdue on 2026-03-06.</summary>
    public static Finding RentArrears() => new()
    {
        Rule = RuleCode.RENT_ARREARS,
        Status = FindingStatus.Overdue,
        Deadline = new DateOnly(2026, 1, 15),
        DaysRemaining = -50,
        Severity = Severity.Critical,
        Responsible = Responsible.LandUser,
        Basis = "三（六）",
        AmountYuan = 1_546_875.004m,
        Message = "2026-01-15到期的租金尚未足额缴纳。",
        Subject = "instalment:2026-01-15",
    };

    public static Finding AssessmentApplication(DateOnly deadline) => new()
    {
        Rule = RuleCode.ASSESSMENT_APPLICATION,
        Status = FindingStatus.Upcoming,
        Deadline = deadline,
        DaysRemaining = deadline.DayNumber - Today.DayNumber,
        Severity = Severity.Warning,
        Responsible = Responsible.LandUser,
        Basis = "三（五）",
        Message = "尚未提出考核申请。",
        Subject = deadline.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
    };

    public static Finding Mortgage() => new()
    {
        Rule = RuleCode.PROHIBITED_DISPOSITION,
        Status = FindingStatus.Violation,
        Severity = Severity.Critical,
        Responsible = Responsible.LandUser,
        Basis = "三（六）",
        Message = "开发建设完成前办理了抵押登记（2026-02-10）。",
        Subject = "mortgage:2026-02-10",
    };

    public static ReminderRequest Request(Finding finding, string stage = "d-17", DateOnly? today = null, string leaseId = "FS-2024-001") =>
        new(Lease(leaseId), finding, today ?? Today, stage, GeneratedAt);
}
