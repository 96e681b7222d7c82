using ComplianceMonitor.Application.Reminders.Content;
using ComplianceMonitor.Application.Tests.Contacts;
using ComplianceMonitor.Domain.Calendar;
using ComplianceMonitor.Domain.Findings;

namespace ComplianceMonitor.Application.Tests.Reminders.Content;

[Trait("Category", "unit")]
public class ReminderFactsTests
{
    private static ReminderFacts CreateSut(ReminderRequest request) =>
        ReminderFacts.Create(request, DistrictContacts.Default, WorkingDayCalendar.Default);

    [Theory]
    [InlineData("2026-03-23", "2026年3月23日（星期一）")]
    [InlineData("2026-03-22", "2026年3月22日（星期日）")]
    [InlineData("2028-08-31", "2028年8月31日（星期四）")]
    [InlineData("2026-01-03", "2026年1月3日（星期六）")]
    public void DateWithWeekday_KnownDays_NamesWeekday(string iso, string expected) =>
        Assert.Equal(expected, ChineseDates.DateWithWeekday(DateOnly.Parse(iso, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Create_TransferWindow_WordsDeadlineDaysAmountAndClause()
    {
        var facts = CreateSut(NotificationSamples.Request(NotificationSamples.TransferWindow()));

        Assert.Equal("2026年3月23日（星期一）", facts.DeadlineText);
        Assert.Equal(17, facts.DaysLeft);
        Assert.Equal("还剩17天", facts.DaysText);
        Assert.Equal("23,201,250.00元", facts.AmountText);
        Assert.Equal("应缴土地出让价款", facts.AmountLabel);
        Assert.Equal("《北京市工业用地先租后让指导意见（试行）》三（五）", facts.BasisText);
        Assert.Equal("房山区规划自然资源分局", facts.Contact.Name);
        Assert.Equal("12345", facts.Contact.PhoneOrHotline);
        Assert.Equal("【先租后让提醒】租赁合同FS-2024-001出让合同签订及地价缴纳截止2026年3月23日（星期一），还剩17天", facts.Subject);
        Assert.Equal("尊敬的北京示例新材料科技有限公司（王经理）：", facts.Greeting);
        Assert.Equal("截至2026年3月6日（星期五），贵单位承租的窦店镇工业园三号地块（地块编码FS-GY-0301，租赁合同编号FS-2024-001）有一项待办事项将于2026年3月23日（星期一）截止，还剩17天：出让合同签订及地价缴纳。", facts.Headline);
        Assert.Empty(facts.Notes);
    }

    [Fact]
    public void Headline_ParcelNameEndingIn地块_NotSaidTwice()
    {
        var request = NotificationSamples.Request(NotificationSamples.TransferWindow());
        request = request with { Lease = request.Lease with { Parcel = request.Lease.Parcel with { Name = "魏善庄镇智能制造地块" } } };

        var facts = CreateSut(request);

        Assert.StartsWith("截至2026年3月6日（星期五），贵单位承租的魏善庄镇智能制造地块（地块编码FS-GY-0301，", facts.Headline, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_DaysCountedFromReminderDay_NotFromFindingDaysRemaining()
    {
        // The finding says 17 days (scan day); a reminder written three days later says 14.
        var facts = CreateSut(NotificationSamples.Request(NotificationSamples.TransferWindow(), today: new DateOnly(2026, 3, 9)));

        Assert.Equal(14, facts.DaysLeft);
        Assert.Equal("还剩14天", facts.DaysText);
    }

    [Fact]
    public void Create_OverdueRent_SaysDaysOverdueAndRoundedAmount()
    {
        var facts = CreateSut(NotificationSamples.Request(NotificationSamples.RentArrears(), stage: "overdue-49"));

        Assert.Equal(-50, facts.DaysLeft);
        Assert.Equal("已逾期50天", facts.DaysText);
        Assert.Equal("1,546,875.00元", facts.AmountText);
        Assert.Equal("欠缴租金", facts.AmountLabel);
        Assert.Equal("《北京市工业用地先租后让指导意见（试行）》三（六）", facts.BasisText);
        Assert.Equal("【逾期提醒】租赁合同FS-2024-001租金缴纳已逾期50天（截止2026年1月15日（星期四））", facts.Subject);
    }

    [Fact]
    public void Create_DueToday_SaysToday()
    {
        var facts = CreateSut(NotificationSamples.Request(NotificationSamples.TransferWindow(status: FindingStatus.Due), today: new DateOnly(2026, 3, 23)));

        Assert.Equal("今天到期", facts.DaysText);
        Assert.Equal("【今日到期】租赁合同FS-2024-001出让合同签订及地价缴纳今天截止（2026年3月23日（星期一））", facts.Subject);
    }

    [Fact]
    public void Create_Violation_HasNoDeadlineText()
    {
        var facts = CreateSut(NotificationSamples.Request(NotificationSamples.Mortgage(), stage: "violation"));

        Assert.Null(facts.DeadlineText);
        Assert.Null(facts.DaysText);
        Assert.Null(facts.AmountText);
        Assert.Equal("【违规告知】租赁合同FS-2024-001：禁止转让、转租、抵押", facts.Subject);
    }

    [Fact]
    public void Create_AssessmentApplication_PointsToIndustryDepartment()
    {
        var facts = CreateSut(NotificationSamples.Request(NotificationSamples.AssessmentApplication(new DateOnly(2026, 4, 10))));

        Assert.Equal("房山区经济和信息化局", facts.Contact.Name);
    }

    [Fact]
    public void Create_DeadlineOnSaturday_AdvisesActingEarlier()
    {
        var facts = CreateSut(NotificationSamples.Request(NotificationSamples.AssessmentApplication(new DateOnly(2026, 3, 21))));

        Assert.Equal(["截止日2026年3月21日（星期六）为休息日，期限不顺延，请提前在工作日办理。"], facts.Notes);
    }

    [Fact]
    public void Create_DeadlineOnAdjustedWorkingSunday_HasNoNote()
    {
        // 2026-01-04 is a Sunday but an adjusted working day (调休上班).
        var facts = CreateSut(NotificationSamples.Request(NotificationSamples.AssessmentApplication(new DateOnly(2026, 1, 4)), today: new DateOnly(2026, 1, 2)));

        Assert.Empty(facts.Notes);
    }

    [Fact]
    public void Create_FindingWarning_IsPassedOnAsNote()
    {
        var finding = NotificationSamples.AssessmentApplication(new DateOnly(2026, 4, 10)) with { Warnings = ["no holiday data for 2028"] };

        var facts = CreateSut(NotificationSamples.Request(finding));

        Assert.Equal(["no holiday data for 2028"], facts.Notes);
    }

    [Fact]
    public void Create_UnknownDistrict_ThrowsNamingDistrictCode()
    {
        var request = NotificationSamples.Request(NotificationSamples.TransferWindow()) with { Lease = NotificationSamples.Lease(districtCode: "999999") };

        var ex = Assert.Throws<KeyNotFoundException>(() => CreateSut(request));
        Assert.Contains("districtCode", ex.Message, StringComparison.Ordinal);
        Assert.Contains("999999", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Categories_AreReminderRuleAndStage()
    {
        var facts = CreateSut(NotificationSamples.Request(NotificationSamples.TransferWindow(), stage: "D-7"));

        Assert.Equal(["reminder", "transfer_contract_and_payment", "d-7"], facts.Categories());
    }

    [Fact]
    public void Create_NoContactName_GreetsEnterpriseOnly()
    {
        var request = NotificationSamples.Request(NotificationSamples.TransferWindow()) with { Lease = NotificationSamples.Lease(contactName: null) };

        Assert.Equal("尊敬的北京示例新材料科技有限公司：", CreateSut(request).Greeting);
    }
}
