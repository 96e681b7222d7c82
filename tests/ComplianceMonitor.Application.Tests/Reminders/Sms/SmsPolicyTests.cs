using ComplianceMonitor.Application.Reminders.Sms;
using ComplianceMonitor.Application.Tests.Reminders.Content;
using ComplianceMonitor.Application.Tests.Contacts;
using ComplianceMonitor.Domain.Findings;

namespace ComplianceMonitor.Application.Tests.Reminders.Sms;

[Trait("Category", "unit")]
public class SmsPolicyTests
{
    private static readonly DateOnly Today = NotificationSamples.Today;

    [Theory]
    [InlineData(8, false)]
    [InlineData(7, true)]
    [InlineData(1, true)]
    [InlineData(30, false)]
    public void WantsSms_Upcoming_OnlyWithinSevenDays(int daysLeft, bool expected)
    {
        var finding = NotificationSamples.TransferWindow(deadline: Today.AddDays(daysLeft));

        Assert.Equal(expected, SmsPolicy.Default.WantsSms(finding, Today));
    }

    [Fact]
    public void WantsSms_DueOverdueViolation_Yes()
    {
        Assert.True(SmsPolicy.Default.WantsSms(NotificationSamples.TransferWindow(deadline: Today, status: FindingStatus.Due), Today));
        Assert.True(SmsPolicy.Default.WantsSms(NotificationSamples.RentArrears(), Today));
        Assert.True(SmsPolicy.Default.WantsSms(NotificationSamples.Mortgage(), Today));
    }

    [Fact]
    public void WantsSms_Info_No()
    {
        var info = NotificationSamples.Mortgage() with { Status = FindingStatus.Info, Severity = Severity.Info };

        Assert.False(SmsPolicy.Default.WantsSms(info, Today));
    }

    [Fact]
    public void WantsSms_CustomHorizon_IsUsed()
    {
        var finding = NotificationSamples.TransferWindow(deadline: Today.AddDays(14));

        Assert.True(new SmsPolicy(14).WantsSms(finding, Today));
        Assert.False(new SmsPolicy(13).WantsSms(finding, Today));
    }
}
