using System.Text.RegularExpressions;
using ComplianceMonitor.Application.Digest;
using ComplianceMonitor.Infrastructure.Digest;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ComplianceMonitor.Infrastructure.Tests.Digest;

/// <summary>
/// With <c>Console__BaseUrl</c> set, the supervisors' digest links into the web console: the dashboard under the intro,
/// every lease id of every lease table to <c>#/leases/{id}</c> (HTML), and the page's address under each row (text).
/// Without it the digest is exactly as before.
/// </summary>
[Trait("Category", "unit")]
public sealed partial class DigestConsoleLinksTests
{
    private const string Base = "https://func-cm-prod.azurewebsites.net/api/console/";

    [Fact]
    public void Html_LinksEveryLeaseIdToItsConsolePage_AndTheDashboard()
    {
        var html = new FluidDigestRenderer(ConsoleLinks.For(Base)).Render(DigestSamples.Small()).Html;

        var links = LeaseLink().Matches(html).Select(m => (m.Groups["href"].Value, m.Groups["text"].Value)).ToList();
        // Sections 一 (2 rows), 二 (1), 三 (1), 四 (1), 五 (1), 六 (1): seven lease rows, each linked to its own page.
        Assert.Equal(
            [
                (Base + "#/leases/FS-2024-0004", "FS-2024-0004"),
                (Base + "#/leases/FS-2024-0002", "FS-2024-0002"),
                (Base + "#/leases/FS-2024-0002", "FS-2024-0002"),
                (Base + "#/leases/FS-2024-0001", "FS-2024-0001"),
                (Base + "#/leases/FS-2024-0004", "FS-2024-0004"),
                (Base + "#/leases/FS-2024-0001", "FS-2024-0001"),
                (Base + "#/leases/FS-2024-0001", "FS-2024-0001"),
            ],
            links);
        Assert.Contains($"在<a href=\"{Base}\" style=\"color:#0969da;\">合规监测控制台</a>中查看与处理", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_PutsThePageUnderEachLeaseRow_AndTheDashboardUnderTheIntro()
    {
        var text = new FluidDigestRenderer(ConsoleLinks.For(Base)).Render(DigestSamples.Small()).Text;

        Assert.Contains("时限均按本日计算。\n控制台（查看与处理）：" + Base + "\n", text, StringComparison.Ordinal);
        Assert.Contains(
            "三、已逾期（共1项）\n" +
            "  1. FS-2024-0001  北京示例科技有限公司 · 窦店镇工业地块\n" +
            "     租金缴纳（依据三（五），用地单位办理）\n" +
            "     截止2026年11月1日（周日），已逾期25天，金额800,000.00元\n" +
            "     控制台：" + Base + "#/leases/FS-2024-0001\n",
            text,
            StringComparison.Ordinal);
        Assert.Equal(7, Regex.Count(text, "     控制台：" + Regex.Escape(Base) + "#/leases/FS-2024-000[124]\n"));
    }

    [Fact]
    public void WithoutAConsole_TheDigestIsExactlyAsBefore()
    {
        var model = DigestSamples.Small();
        var plain = new FluidDigestRenderer().Render(model);
        var unset = new FluidDigestRenderer(ConsoleLinks.For("")).Render(model);

        Assert.Equal(plain, unset);
        Assert.DoesNotContain("控制台", plain.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("<a ", plain.Html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://cm.example.gov.cn/api/console", "https://cm.example.gov.cn/api/console/#/leases/FS%2F2024%200001")]
    [InlineData("http://127.0.0.1:5080/api/console/", "http://127.0.0.1:5080/api/console/#/leases/FS%2F2024%200001")]
    public void LeaseLink_EscapesTheIdAndEndsTheBaseWithASlash(string baseUrl, string expected) =>
        Assert.Equal(expected, ConsoleLinks.For(baseUrl).Lease("FS/2024 0001"));

    [Theory]
    [InlineData("console.example.gov.cn/api/console/")]
    [InlineData("ftp://cm.example.gov.cn/console/")]
    [InlineData("https://cm.example.gov.cn/api/console/?x=1")]
    [InlineData("https://cm.example.gov.cn/api/console/#/tasks")]
    public void BadBaseUrl_FailsAtStart_NamingTheSetting(string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("Console:BaseUrl", value)]).Build();
        using var provider = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddConsoleLinks().BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ConsoleOptions>>().Value);
        Assert.Equal($"Console__BaseUrl: '{value}' is not an absolute http(s) URL without a query or fragment (e.g. https://host/api/console/)", Assert.Single(error.Failures));
    }

    [Fact]
    public void Configured_TheRegisteredRendererLinks()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("Console:BaseUrl", Base)]).Build();
        using var provider = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddConsoleLinks().BuildServiceProvider();

        var links = provider.GetRequiredService<ConsoleLinks>();
        Assert.Equal(Base + "#/leases/FS-2024-0001", links.Lease("FS-2024-0001"));
        Assert.Equal(Base, links.Dashboard);
    }

    [GeneratedRegex("<a href=\"(?<href>[^\"]+#/leases/[^\"]+)\" style=\"color:#0969da;\">(?:<span[^>]*>)?(?<text>[^<]+)")]
    private static partial Regex LeaseLink();
}
