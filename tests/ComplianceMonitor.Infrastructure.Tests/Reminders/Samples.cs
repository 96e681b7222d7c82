using System.Text;
using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Application.Reminders.Content;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Domain.Rules;

namespace ComplianceMonitor.Infrastructure.Tests.Reminders;

/// <summary>Messages, a lease and findings with known content for the adapter tests.</summary>
internal static class Samples
{
    public const string AccountSid = "AC0123456789abcdef0123456789abcdef";
    public const string AuthToken = "test-auth-token";

    public static readonly DateTimeOffset Now = new(2026, 3, 6, 0, 0, 0, TimeSpan.Zero); // 08:00 Beijing, a Friday

    public static readonly byte[] IcsBytes = Encoding.UTF8.GetBytes("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n");

    public static EmailMessage Email(string outboxId = "ob-20260306-0001") => new()
    {
        To = [new EmailAddress("wang@example.com", "王经理"), new EmailAddress("office@example.com")],
        Subject = "【先租后让提醒】租赁合同FS-2024-001出让合同签订及地价缴纳截止2026年3月23日（星期一），还剩17天",
        HtmlBody = "<p>尊敬的北京示例新材料科技有限公司：</p>",
        TextBody = "尊敬的北京示例新材料科技有限公司：\n请于2026年3月23日前签订出让合同。",
        Attachments = [new EmailAttachment("deadline-2026-03-23.ics", "text/calendar; charset=utf-8; method=PUBLISH", IcsBytes)],
        Categories = ["reminder", "transfer_contract_and_payment", "d-17"],
        OutboxId = outboxId,
        CustomArgs = new Dictionary<string, string> { ["leaseId"] = "FS-2024-001" },
    };

    public static SmsMessage Sms(string outboxId = "ob-20260306-0002") =>
        new("+8613800138000", "【先租后让监管】租赁合同FS-2024-001须于3月23日（周一）前签出让合同并缴地价，剩17天。", outboxId);

    public static LeaseRecord Lease() => new()
    {
        LeaseId = "FS-2024-001",
        DistrictCode = "110111",
        Parcel = new Parcel { Code = "FS-GY-0301", Name = "窦店镇工业园三号" },
        SupplyMode = SupplyMode.New,
        LandUser = new LandUser
        {
            Name = "北京示例新材料科技有限公司",
            CreditCode = "91110111MA01ABCD2X",
            ContactName = "王经理",
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
    public static Finding TransferWindow() => new()
    {
        Rule = RuleCode.TRANSFER_CONTRACT_AND_PAYMENT,
        Status = FindingStatus.Upcoming,
        Deadline = new DateOnly(2026, 3, 23),
        DaysRemaining = 17,
        Severity = Severity.Warning,
        Responsible = Responsible.LandUser,
        Basis = "三（五）",
        AmountYuan = 23_201_250m,
        Message = "考核已通过，请在收到书面通知之日起15日内签订出让合同并缴纳土地出让价款。",
        Subject = "2026-03-23",
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

    public static ReminderRequest Request(Finding finding, string stage = "d-17") =>
        new(Lease(), finding, new DateOnly(2026, 3, 6), stage, Now);
}
