using System.Text;
using ComplianceMonitor.Application.Reminders.Content;
using ComplianceMonitor.Domain.Calendar;
using ComplianceMonitor.Infrastructure.Reminders.Content;

namespace ComplianceMonitor.Infrastructure.Tests.Reminders;

[Trait("Category", "unit")]
public class FluidReminderRendererTests
{
    private static FluidReminderRenderer CreateSut(DistrictContacts? contacts = null) =>
        new(contacts ?? DistrictContacts.Default, WorkingDayCalendar.Default);

    [Fact]
    public void Render_TransferWindow_TextBodyIsExact()
    {
        var content = CreateSut().Render(Samples.Request(Samples.TransferWindow()));

        Assert.Equal(
            "尊敬的北京示例新材料科技有限公司（王经理）：\n" +
            "\n" +
            "截至2026年3月6日（星期五），贵单位承租的窦店镇工业园三号地块（地块编码FS-GY-0301，租赁合同编号FS-2024-001）有一项待办事项将于2026年3月23日（星期一）截止，还剩17天：出让合同签订及地价缴纳。\n" +
            "\n" +
            "租赁合同编号：FS-2024-001\n" +
            "地块：窦店镇工业园三号（FS-GY-0301）\n" +
            "用地单位：北京示例新材料科技有限公司\n" +
            "应办事项：自收到考核通过的书面通知之日起15日内，书面申请、签订出让合同并缴纳土地出让价款。\n" +
            "截止日期：2026年3月23日（星期一），当日有效\n" +
            "时限：还剩17天\n" +
            "应缴土地出让价款：23,201,250.00元\n" +
            "情况说明：考核已通过，请在收到书面通知之日起15日内签订出让合同并缴纳土地出让价款。\n" +
            "政策依据：《北京市工业用地先租后让指导意见（试行）》三（五）\n" +
            "\n" +
            "如有疑问，请联系房山区规划自然资源分局，电话：12345（北京市民服务热线）。\n" +
            "附件“deadline-2026-03-23.ics”为截止日期的日历提醒，可导入日历。\n" +
            "\n" +
            "本邮件由北京市工业用地先租后让合规监测系统于2026年3月6日自动发送，请勿直接回复。\n",
            content.TextBody);
    }

    [Fact]
    public void Render_TransferWindow_SubjectCalendarAndCategories()
    {
        var content = CreateSut().Render(Samples.Request(Samples.TransferWindow(), stage: "d-17"));

        Assert.Equal("【先租后让提醒】租赁合同FS-2024-001出让合同签订及地价缴纳截止2026年3月23日（星期一），还剩17天", content.Subject);
        Assert.Equal(["reminder", "transfer_contract_and_payment", "d-17"], content.Categories);
        Assert.NotNull(content.Calendar);
        Assert.Equal("deadline-2026-03-23.ics", content.Calendar.FileName);
        Assert.Contains("DTSTART;VALUE=DATE:20260323", Encoding.UTF8.GetString(content.Calendar.Content.Span), StringComparison.Ordinal);
    }

    [Fact]
    public void Render_TransferWindow_HtmlHasTableRowsInlineCssAndNoScript()
    {
        var html = CreateSut().Render(Samples.Request(Samples.TransferWindow())).HtmlBody;

        Assert.StartsWith("<!DOCTYPE html>\n<html lang=\"zh-CN\">", html, StringComparison.Ordinal);
        Assert.Contains("<title>【先租后让提醒】租赁合同FS-2024-001出让合同签订及地价缴纳截止2026年3月23日（星期一），还剩17天</title>", html, StringComparison.Ordinal);
        Assert.Contains("padding:16px 24px;font-size:18px;font-weight:bold;\">到期提醒：出让合同签订及地价缴纳</td>", html, StringComparison.Ordinal);
        Assert.Contains("color:#57606a;\">截止日期</th>\n<td valign=\"top\" style=\"padding:8px 12px;border:1px solid #d0d7de;font-weight:bold;color:#9a6700;\">2026年3月23日（星期一），当日有效</td>", html, StringComparison.Ordinal);
        Assert.Contains(">应缴土地出让价款</th>\n<td valign=\"top\" style=\"padding:8px 12px;border:1px solid #d0d7de;font-weight:bold;color:#9a6700;\">23,201,250.00元</td>", html, StringComparison.Ordinal);
        Assert.Contains(">政策依据</th>\n<td valign=\"top\" style=\"padding:8px 12px;border:1px solid #d0d7de;\">《北京市工业用地先租后让指导意见（试行）》三（五）</td>", html, StringComparison.Ordinal);
        Assert.Contains("<p style=\"margin:16px 0 0 0;\">如有疑问，请联系房山区规划自然资源分局，电话：12345（北京市民服务热线）。</p>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<style", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("&#x", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_MarkupInRecordText_IsEscapedInHtmlButNotInText()
    {
        var lease = Samples.Lease() with { Parcel = new Domain.Records.Parcel { Code = "P<1>", Name = "A&B<script>alert(1)</script>" } };
        var request = Samples.Request(Samples.TransferWindow()) with { Lease = lease };

        var content = CreateSut().Render(request);

        Assert.Contains("A&amp;B&lt;script&gt;alert(1)&lt;/script&gt;（P&lt;1&gt;）", content.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", content.HtmlBody, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("地块：A&B<script>alert(1)</script>（P<1>）\n", content.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Violation_HasNoDeadlineRowsOrCalendar()
    {
        var content = CreateSut().Render(Samples.Request(Samples.Mortgage(), stage: "violation"));

        Assert.Equal("【违规告知】租赁合同FS-2024-001：禁止转让、转租、抵押", content.Subject);
        Assert.Null(content.Calendar);
        Assert.DoesNotContain("截止日期", content.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("附件", content.TextBody, StringComparison.Ordinal);
        Assert.Contains("应办事项：开发建设完成前不得转让、转租或抵押土地使用权。请立即停止相关行为，并向区规划自然资源部门说明情况。\n", content.TextBody, StringComparison.Ordinal);
        Assert.Contains("政策依据：《北京市工业用地先租后让指导意见（试行）》三（六）\n\n如有疑问，请联系房山区规划自然资源分局，电话：12345（北京市民服务热线）。\n\n本邮件", content.TextBody, StringComparison.Ordinal);
        Assert.Contains("background-color:#cf222e;color:#ffffff;padding:16px 24px;font-size:18px;font-weight:bold;\">违规告知：禁止转让、转租、抵押</td>", content.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ConfiguredContact_ShowsPhoneAndEmail()
    {
        var contacts = DistrictContacts.Default.WithOverrides(
            [new DepartmentContactOverride("110111", DepartmentKind.Planning, null, "010-69350000", "ghzrz@fs.example.cn")]);

        var content = CreateSut(contacts).Render(Samples.Request(Samples.TransferWindow()));

        Assert.Contains("\n如有疑问，请联系房山区规划自然资源分局，电话：010-69350000，邮箱：ghzrz@fs.example.cn。\n", content.TextBody, StringComparison.Ordinal);
        Assert.Contains("，邮箱：<a href=\"mailto:ghzrz@fs.example.cn\" style=\"color:#0969da;\">ghzrz@fs.example.cn</a>。</p>", content.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_DeadlineOnSaturday_ShowsNote()
    {
        var finding = Samples.TransferWindow() with { Rule = Domain.Rules.RuleCode.ASSESSMENT_APPLICATION, Deadline = new DateOnly(2026, 3, 21), AmountYuan = null };

        var content = CreateSut().Render(Samples.Request(finding));

        Assert.Contains("政策依据：《北京市工业用地先租后让指导意见（试行）》三（五）\n※ 截止日2026年3月21日（星期六）为休息日，期限不顺延，请提前在工作日办理。\n\n如有疑问，请联系房山区经济和信息化局", content.TextBody, StringComparison.Ordinal);
        Assert.Contains("border-left:4px solid #bf8700;\">截止日2026年3月21日（星期六）为休息日，期限不顺延，请提前在工作日办理。</p>", content.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public void ToEmail_Content_CarriesEverything()
    {
        var content = CreateSut().Render(Samples.Request(Samples.TransferWindow()));

        var email = content.ToEmail([new Application.Reminders.EmailAddress("wang@example.com", "王经理")], "ob-1");

        email.Validate();
        Assert.Equal(content.Subject, email.Subject);
        Assert.Equal(content.HtmlBody, email.HtmlBody);
        Assert.Equal(content.TextBody, email.TextBody);
        Assert.Same(content.Calendar, Assert.Single(email.Attachments));
        Assert.Equal(content.Categories, email.Categories);
        Assert.Equal("ob-1", email.OutboxId);
    }
}

/// <summary>The calendar file, written with Ical.Net, read back by its parser.</summary>
[Trait("Category", "unit")]
public class ReminderCalendarParseTests
{
    [Fact]
    public void Calendar_ParsedByIcalNet_IsAllDayEventWithAlarm()
    {
        var content = new FluidReminderRenderer(DistrictContacts.Default, WorkingDayCalendar.Default).Render(Samples.Request(Samples.TransferWindow()));
        var text = Encoding.UTF8.GetString(content.Calendar!.Content.Span);

        var calendar = Ical.Net.Calendar.Load(text)!;

        var evt = Assert.Single(calendar.Events);
        Assert.Equal(new DateOnly(2026, 3, 23), evt.DtStart!.Date);
        Assert.False(evt.DtStart.HasTime);
        Assert.Equal(new DateOnly(2026, 3, 24), evt.DtEnd!.Date);
        Assert.Equal("出让合同签订及地价缴纳截止（租赁合同FS-2024-001）", evt.Summary);
        Assert.Contains("应缴土地出让价款：23,201,250.00元\n依据：《北京市工业用地先租后让指导意见（试行）》三（五）\n咨询：房山区规划自然资源分局 12345", evt.Description, StringComparison.Ordinal);
        Assert.Equal("FS-2024-001-transfer_contract_and_payment-2026-03-23@compliancemonitor", evt.Uid);
        var alarm = Assert.Single(evt.Alarms);
        Assert.Equal("DISPLAY", alarm.Action);
        Assert.Equal(TimeSpan.FromHours(-15), alarm.Trigger!.Duration!.Value.ToTimeSpanUnspecified());
    }
}
