using ComplianceMonitor.Application.Reminders.Content;
using ComplianceMonitor.Application.Reminders.Sms;
using ComplianceMonitor.Application.Tests.Reminders.Content;
using ComplianceMonitor.Application.Tests.Contacts;
using ComplianceMonitor.Domain.Calendar;
using ComplianceMonitor.Domain.Findings;

namespace ComplianceMonitor.Application.Tests.Reminders.Sms;

[Trait("Category", "unit")]
public class SmsComposerTests
{
    private static SmsText Compose(ReminderRequest request, string signature = SmsComposer.DefaultSignature) =>
        new SmsComposer(signature).Compose(ReminderFacts.Create(request, DistrictContacts.Default, WorkingDayCalendar.Default));

    [Fact]
    public void Compose_UpcomingDeadline_FitsOneSegmentWithLeaseActionDateDaysAndContact()
    {
        var sms = Compose(NotificationSamples.Request(NotificationSamples.TransferWindow(), today: new DateOnly(2026, 3, 16)));

        Assert.Equal("【先租后让监管】租赁合同FS-2024-001须于3月23日（周一）前签出让合同并缴地价，剩7天。咨询房山区规划自然资源分局12345", sms.Text);
        Assert.Equal(new SmsMeasure(SmsEncoding.Ucs2, 67, 1), sms.Measure);
    }

    [Fact]
    public void Compose_ShortAction_KeepsTheYear()
    {
        var sms = Compose(NotificationSamples.Request(NotificationSamples.AssessmentApplication(new DateOnly(2026, 3, 10))));

        Assert.Equal("【先租后让监管】租赁合同FS-2024-001须于2026年3月10日（周二）前提交考核申请，剩4天。咨询房山区经济和信息化局12345", sms.Text);
        Assert.Equal(1, sms.Measure.Segments);
    }

    [Fact]
    public void Compose_DueToday_SaysToday()
    {
        var sms = Compose(NotificationSamples.Request(NotificationSamples.TransferWindow(status: FindingStatus.Due), today: new DateOnly(2026, 3, 23)));

        Assert.Equal("【先租后让监管】租赁合同FS-2024-001签出让合同并缴地价今天3月23日（周一）截止，请即办理。咨询房山区规划自然资源分局12345", sms.Text);
        Assert.Equal(1, sms.Measure.Segments);
    }

    [Fact]
    public void Compose_Overdue_SaysDaysOverdue()
    {
        var sms = Compose(NotificationSamples.Request(NotificationSamples.RentArrears()));

        Assert.Equal("【先租后让监管】租赁合同FS-2024-001缴清到期租金已于1月15日截止，逾期50天，请尽快办理。咨询房山区规划自然资源分局12345", sms.Text);
        Assert.Equal(1, sms.Measure.Segments);
    }

    [Fact]
    public void Compose_Violation_NamesTheBreachAndContact()
    {
        var sms = Compose(NotificationSamples.Request(NotificationSamples.Mortgage()));

        Assert.Equal("【先租后让监管】租赁合同FS-2024-001涉及“禁止转让、转租、抵押”，请停止转让转租抵押。咨询房山区规划自然资源分局12345", sms.Text);
        Assert.Equal(1, sms.Measure.Segments);
    }

    [Theory]
    [InlineData("FS-2024-001")]
    [InlineData("110111-2024-GY-0001")]
    [InlineData("JK-2025-0042")]
    public void Compose_TypicalLeaseIds_StayUnder70Characters(string leaseId)
    {
        foreach (var request in new[]
        {
            NotificationSamples.Request(NotificationSamples.TransferWindow(), leaseId: leaseId),
            NotificationSamples.Request(NotificationSamples.RentArrears(), leaseId: leaseId),
            NotificationSamples.Request(NotificationSamples.Mortgage(), leaseId: leaseId),
            NotificationSamples.Request(NotificationSamples.AssessmentApplication(new DateOnly(2026, 3, 12)), leaseId: leaseId),
        })
        {
            var sms = Compose(request);
            Assert.True(sms.Text.Length <= 70, $"{sms.Text.Length}: {sms.Text}");
            Assert.Equal(1, sms.Measure.Segments);
            Assert.Contains(leaseId, sms.Text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Compose_VeryLongLeaseId_SendsShortestWordingInSeveralSegments()
    {
        var leaseId = new string('X', 60);

        var sms = Compose(NotificationSamples.Request(NotificationSamples.TransferWindow(), leaseId: leaseId));

        Assert.Equal($"【先租后让监管】租赁合同{leaseId}须于3月23日前签出让合同并缴地价，剩17天。详见邮件。", sms.Text);
        Assert.Equal(new SmsMeasure(SmsEncoding.Ucs2, 100, 2), sms.Measure);
    }

    [Fact]
    public void Compose_CustomSignature_StartsTheMessage()
    {
        var sms = Compose(NotificationSamples.Request(NotificationSamples.TransferWindow()), "【房山区规自分局】");

        Assert.StartsWith("【房山区规自分局】租赁合同FS-2024-001", sms.Text, StringComparison.Ordinal);
    }
}
