using ComplianceMonitor.Application.Digest;
using ComplianceMonitor.Infrastructure.Digest;
using System.Text.RegularExpressions;

namespace ComplianceMonitor.Infrastructure.Tests.Digest;

[Trait("Category", "unit")]
public sealed partial class FluidDigestRendererTests
{
    private static FluidDigestRenderer CreateSut() => new();

    [Fact]
    public void Render_SmallDigest_TextBodyIsExact()
    {
        var content = CreateSut().Render(DigestSamples.Small());

        Assert.Equal(
            "【房山区】先租后让合规日报 2026年11月26日（星期四）\n" +
            "\n" +
            "以下为截至2026年11月26日（星期四）房山区工业用地先租后让项目的合规情况。“新增事项”指2026年11月25日（上次日报）之后首次发现的事项；时限均按本日计算。\n" +
            "\n" +
            "概况：新增事项 2｜30日内到期 1｜已逾期 1｜违规行为 1｜执法任务 1｜已上报市级 1\n" +
            "\n" +
            "未来8周截止日期分布（用地单位与区政府应办事项合计）：\n" +
            "  11月26日–12月2日：0 \n" +
            "  12月3日–12月9日：1 ████████████████████\n" +
            "  12月10日–12月16日：0 \n" +
            "  12月17日–12月23日：0 \n" +
            "  12月24日–12月30日：0 \n" +
            "  12月31日–1月6日：0 \n" +
            "  1月7日–1月13日：1 ████████████████████\n" +
            "  1月14日–1月20日：0 \n" +
            "\n" +
            "一、新增事项（共2项，自2026年11月25日（上次日报）之后新发现的事项）\n" +
            "  1. FS-2024-0004  北京另一家有限公司\n" +
            "     禁止改变用途（依据三（六），用地单位办理）\n" +
            "     无截止日期\n" +
            "  2. FS-2024-0002  北京示例科技有限公司 · 窦店镇工业地块\n" +
            "     出让合同签订及地价缴纳（依据三（五），用地单位办理）\n" +
            "     截止2026年12月7日（周一），还剩11天，金额27,200,000.00元\n" +
            "\n" +
            "二、30日内到期（共1项）\n" +
            "  1. FS-2024-0002  北京示例科技有限公司 · 窦店镇工业地块\n" +
            "     出让合同签订及地价缴纳（依据三（五），用地单位办理）\n" +
            "     截止2026年12月7日（周一），还剩11天，金额27,200,000.00元\n" +
            "\n" +
            "三、已逾期（共1项）\n" +
            "  1. FS-2024-0001  北京示例科技有限公司 · 窦店镇工业地块\n" +
            "     租金缴纳（依据三（五），用地单位办理）\n" +
            "     截止2026年11月1日（周日），已逾期25天，金额800,000.00元\n" +
            "\n" +
            "四、违规行为（共1项）\n" +
            "  1. FS-2024-0004  北京另一家有限公司\n" +
            "     禁止改变用途（严重，依据三（六），用地单位办理）\n" +
            "     擅自改作<仓储>用途 & \"出租\"\n" +
            "\n" +
            "五、执法任务（共1项，其中1项已上报市规划自然资源委）\n" +
            "  1. FS-2024-0001  北京示例科技有限公司\n" +
            "     租金缴纳，规划自然资源主管部门办理，期限2026年11月17日（周二），已超期9天，待处理，已上报市规划自然资源委\n" +
            "\n" +
            "六、发送失败的提醒（共1项）\n" +
            "  1. FS-2024-0001  北京示例科技有限公司\n" +
            "     租金缴纳（逾期7天），短信 138****8000，尝试5次：Twilio 21614: not a mobile number\n" +
            "\n" +
            "统计\n" +
            "  在管租赁记录：5\n" +
            "  未结事项合计：4\n" +
            "  其中30日后到期：1\n" +
            "  提示信息：0\n" +
            "  执法任务（待处理/已受理）：1（其中已上报市规划自然资源委 1）\n" +
            "  发送失败的提醒：1\n" +
            "  隔离待查的租赁记录：0\n" +
            "  数据来源：2026年11月26日的扫描（已完成），评估租赁记录5条，发现事项4项。\n" +
            "\n" +
            "本日报由北京市工业用地先租后让合规监测系统于2026年11月26日 08:30自动生成，请勿直接回复。\n",
            content.Text);
        Assert.Equal("【房山区】先租后让合规日报 2026年11月26日（星期四）", content.Subject);
    }

    [Fact]
    public void Render_SmallDigest_HtmlIsMailSafe()
    {
        var html = CreateSut().Render(DigestSamples.Small()).Html;

        Assert.StartsWith("<!DOCTYPE html>\n<html lang=\"zh-CN\">", html, StringComparison.Ordinal);
        Assert.Contains("<title>【房山区】先租后让合规日报 2026年11月26日（星期四）</title>", html, StringComparison.Ordinal);
        foreach (var forbidden in new[] { "<img", "<script", "<svg", "<style", "<link", "<canvas", "url(", "class=", "javascript:" })
        {
            Assert.DoesNotContain(forbidden, html, StringComparison.OrdinalIgnoreCase);
        }

        // Every cell carries its own inline style: mail clients drop <style> blocks.
        Assert.Empty(CellWithoutStyle().Matches(html));
        Assert.Equal(html.Split("<table").Length - 1, html.Split("</table>").Length - 1);
    }

    [Fact]
    public void Render_SmallDigest_HtmlEscapesStoredText()
    {
        var html = CreateSut().Render(DigestSamples.Small()).Html;

        Assert.Contains("擅自改作&lt;仓储&gt;用途 &amp; &quot;出租&quot;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<仓储>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_SmallDigest_ChartBarsAreTableCellsScaledToTheBusiestWeek()
    {
        var html = CreateSut().Render(DigestSamples.Small()).Html;

        var rows = ChartRow().Matches(html).Select(m => (Label: m.Groups["label"].Value, Bar: m.Groups["bar"].Value)).ToList();
        Assert.Equal(8, rows.Count);
        Assert.Equal(("12月3日–12月9日", "<td width=\"85%\" style=\"background-color:#0969da;height:14px;line-height:14px;font-size:1px;\">&nbsp;</td><td width=\"15%\" style=\"padding-left:6px;height:14px;line-height:14px;font-size:12px;color:#1f2328;\">1</td>"), rows[1]);
        Assert.Equal(("1月7日–1月13日", "<td width=\"85%\" style=\"background-color:#d4a72c;height:14px;line-height:14px;font-size:1px;\">&nbsp;</td><td width=\"15%\" style=\"padding-left:6px;height:14px;line-height:14px;font-size:12px;color:#1f2328;\">1</td>"), rows[6]);
        Assert.Equal(("11月26日–12月2日", "<td width=\"100%\" style=\"padding-left:6px;height:14px;line-height:14px;font-size:12px;color:#1f2328;\">0</td>"), rows[0]);
    }

    [Fact]
    public void Render_SmallDigest_SectionsTilesAndEscalationShown()
    {
        var html = CreateSut().Render(DigestSamples.Small()).Html;

        Assert.Equal(
            ["一、新增事项", "二、30日内到期", "三、已逾期", "四、违规行为", "五、执法任务", "六、发送失败的提醒"],
            SectionTitle().Matches(html).Select(m => m.Groups["title"].Value));
        Assert.Equal(
            [("2", "新增事项"), ("1", "30日内到期"), ("1", "已逾期"), ("1", "违规行为"), ("1", "执法任务"), ("1", "已上报市级")],
            Tile().Matches(html).Select(m => (m.Groups["value"].Value, m.Groups["label"].Value)));
        Assert.Contains(">已上报市规划自然资源委</div>", html, StringComparison.Ordinal);
        Assert.Contains("<span style=\"white-space:nowrap;\">已逾期25天</span>", html, StringComparison.Ordinal);
        Assert.Contains("138****8000", html, StringComparison.Ordinal);
        Assert.DoesNotContain("13800138000", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_EmptyDistrict_EverySectionSaysNothingIsOpen()
    {
        var empty = new DigestBuilder(new DigestOptions(), Domain.Calendar.WorkingDayCalendar.Default).Build(new DigestInput
        {
            DistrictCode = "110119", Date = DigestSamples.Day, GeneratedAt = DigestSamples.At0830, Alerts = [], Tasks = [], Outbox = [],
        });

        var content = CreateSut().Render(empty);

        Assert.Contains("【延庆区】先租后让合规日报 2026年11月26日（星期四）", content.Html, StringComparison.Ordinal);
        foreach (var text in new[] { "无新增事项。", "未来30日内无到期事项。", "无逾期事项。", "无违规行为。", "无待办执法任务。", "无发送失败的提醒。", "本区尚无扫描记录，以下内容可能不完整。", ">未来12周内没有截止日期。</p>" })
        {
            Assert.Contains(text, content.Html, StringComparison.Ordinal);
        }

        Assert.Contains("注意：本区尚无扫描记录，以下内容可能不完整。\n", content.Text, StringComparison.Ordinal);
        Assert.Contains("数据来源：本区尚无扫描记录。", content.Text, StringComparison.Ordinal);
        Assert.Contains("\n未来12周截止日期分布：未来12周内没有截止日期。\n", content.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("background-color:#0969da;height:14px", content.Html, StringComparison.Ordinal);
    }

    [GeneratedRegex("<t[dh](?![^>]*style=)[^>]*>")]
    private static partial Regex CellWithoutStyle();

    [GeneratedRegex("white-space:nowrap;\">(?<label>[^<]+)</td>\\s*<td style=\"padding:3px 0;\">\\s*<table[^>]*>\\s*<tr>\\s*(?<bar>.*?)\\s*</tr>", RegexOptions.Singleline)]
    private static partial Regex ChartRow();

    [GeneratedRegex("padding-left:8px;\">(?<title>[一二三四五六]、[^ <]+) <span")]
    private static partial Regex SectionTitle();

    [GeneratedRegex("font-size:24px;font-weight:bold;line-height:1.2;color:#[0-9a-f]{6};\">(?<value>\\d+)</div>\\s*<div style=\"font-size:12px;line-height:1.4;color:#57606a;margin-top:2px;\">(?<label>[^<]+)</div>")]
    private static partial Regex Tile();
}
