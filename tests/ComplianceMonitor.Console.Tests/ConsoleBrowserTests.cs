using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ClosedXML.Excel;
using ComplianceMonitor.Application.Digest;
using ComplianceMonitor.Application.Leases;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Infrastructure.Composition;
using ComplianceMonitor.Infrastructure.Import;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OpenQA.Selenium;
using OpenQA.Selenium.Support.UI;

namespace ComplianceMonitor.Console.Tests;

/// <summary>The console in a real browser against <c>cm serve</c>: what issue 11 asks a district officer to be able to do.</summary>
[Trait("Category", "Browser")]
public sealed class ConsoleBrowserTests(ServeFixture serve) : IClassFixture<ServeFixture>
{
    private const string Fangshan = "110111";

    private IWebDriver Driver => serve.Driver;

    [Fact]
    public async Task Dashboard_DistrictOfficer_FiguresEqualTheDigestOfTheSameDay()
    {
        SignIn("district:" + Fangshan, "wang.e2e");
        Go("#/");
        WaitFor(By.CssSelector("[data-figure='openAlerts'] .value"));

        var expected = await DigestCountsAsync(Fangshan);
        var shown = Driver.FindElements(By.CssSelector("[data-figure]"))
            .ToDictionary(e => e.GetAttribute("data-figure")!, e => int.Parse(e.FindElement(By.CssSelector(".value")).Text, CultureInfo.InvariantCulture));

        Assert.Equal(10, shown.Count);
        foreach (var (key, value) in shown)
        {
            Assert.True(expected.GetProperty(key).GetInt32() == value, $"{key}: dashboard {value}, digest {expected.GetProperty(key).GetInt32()}");
        }

        Assert.True(shown["openAlerts"] > 0, "the sample ledger has open alerts in 房山区 on 2026-11-26");
        Assert.Contains("房山区", Driver.FindElement(By.TagName("h1")).Text, StringComparison.Ordinal);
        Assert.Contains("2026年11月26日（星期四）", Driver.FindElement(By.Id("main")).Text, StringComparison.Ordinal);
        Assert.Equal(12, Driver.FindElements(By.CssSelector("[data-week]")).Count);
        Screenshot("dashboard");
    }

    [Fact]
    public void Task_AcknowledgedWithANote_ShowsInTheLeaseHistoryWithTheActor()
    {
        SignIn("district:" + Fangshan, "wang.e2e");
        Go("#/tasks");
        var button = WaitFor(By.CssSelector("button[data-lease='FS-2024-0001'][data-action='acknowledge']"));
        Screenshot("tasks");
        button.Click();
        var note = WaitFor(By.Id("task-note"));
        Assert.Equal(note, Driver.SwitchTo().ActiveElement());

        // An empty note is refused in the page.
        Driver.FindElement(By.Id("task-submit")).Click();
        Assert.Contains("请填写说明", WaitFor(By.Id("task-dialog-error")).Text, StringComparison.Ordinal);

        note.SendKeys("已电话联系企业，约定12月10日前说明抵押情况");
        note.SendKeys(Keys.Tab);
        Driver.SwitchTo().ActiveElement().SendKeys(Keys.Enter);
        WaitUntil(() => Driver.FindElements(By.CssSelector("button[data-lease='FS-2024-0001'][data-action='acknowledge']")).Count == 0, "the task is acknowledged and its acknowledge button gone");

        Go("#/leases/FS-2024-0001");
        var history = WaitFor(By.Id("history"));
        WaitUntil(() => history.Text.Contains("已电话联系企业", StringComparison.Ordinal), "the note in the history");
        var row = history.FindElements(By.CssSelector("tbody tr")).First(r => r.Text.Contains("已电话联系企业", StringComparison.Ordinal));
        Assert.Contains("wang.e2e", row.Text, StringComparison.Ordinal);
        Assert.Contains("acknowledge", row.Text, StringComparison.Ordinal);
        Screenshot("lease");
    }

    [Fact]
    public void Lease_OfAnotherDistrict_ShowsNotFound()
    {
        SignIn("district:" + Fangshan, "wang.e2e");
        Go("#/leases/TZ-2024-0001");
        var box = WaitFor(By.CssSelector(".notfound"));
        Assert.Contains("未找到", box.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("通州", Driver.FindElement(By.Id("main")).Text, StringComparison.Ordinal);

        // The same id for the city role is there: the district officer's "not found" is scoping, not a typo.
        SignIn("city", "li.e2e");
        Go("#/leases/TZ-2024-0001");
        WaitFor(By.Id("history"));
    }

    [Fact]
    public void Check_OfTheInvalidSample_ShowsEveryFieldError()
    {
        var text = File.ReadAllText(Path.Combine(ServeFixture.Root, "samples", "invalid-lease.json"));
        var expected = LeaseRecordReader.ReadMany(text).Errors;
        Assert.NotEmpty(expected);

        SignIn("district:" + Fangshan, "wang.e2e");
        Go("#/check");
        var area = WaitFor(By.Id("check-text"));
        ((IJavaScriptExecutor)Driver).ExecuteScript("arguments[0].value = arguments[1];", area, text);
        Driver.FindElement(By.CssSelector("#check-form button[type='submit']")).Click();
        var table = WaitFor(By.CssSelector("#check-result table.errors"));
        var rows = table.FindElements(By.CssSelector("tbody tr")).Select(r => r.FindElements(By.TagName("td")).Select(td => td.Text).ToArray()).ToList();

        Assert.Equal(expected.Count, rows.Count);
        foreach (var e in expected)
        {
            Assert.Contains(rows, r => r[0] == e.Field && r[2] == e.Message);
        }

        Screenshot("check");
    }

    [Fact]
    public async Task ImportPreview_OfABadWorkbook_ShowsEveryErrorWithRowAndColumn_AndWritesNothing()
    {
        var path = Path.Combine(Path.GetTempPath(), $"cm-console-bad-{Guid.NewGuid():N}.xlsx");
        WriteBadWorkbook(path);
        LedgerReadResult expected;
        await using (var stream = File.OpenRead(path))
        {
            expected = await new LedgerReader().ReadAsync(stream, LedgerFormat.Xlsx, Path.GetFileName(path));
        }

        Assert.NotEmpty(expected.Errors);

        SignIn("district:" + Fangshan, "wang.e2e");
        Go("#/import");
        WaitFor(By.Id("import-file")).SendKeys(path);
        Driver.FindElement(By.CssSelector("#import-form button[type='submit']")).Click();
        var table = WaitFor(By.Id("import-errors"));
        var rows = table.FindElements(By.CssSelector("tbody tr")).Select(r => r.FindElements(By.TagName("td")).Select(td => td.Text).ToArray()).ToList();

        Assert.Equal(expected.Errors.Count, rows.Count);
        foreach (var e in expected.Errors)
        {
            Assert.Contains(rows, r => r[1] == (e.Row?.ToString(CultureInfo.InvariantCulture) ?? string.Empty) && r[2] == e.Field && r[4] == e.Message);
        }

        Assert.False(Driver.FindElement(By.Id("import-confirm")).Enabled);
        Screenshot("import");

        var leases = Services().GetRequiredService<ILeaseStore>();
        Assert.Null(await leases.FindAsync("FS-2026-7001"));
        File.Delete(path);
    }

    [Fact]
    public void Alerts_FilteredByRule_ListsOnlyThatRule_AndPagesAreKeyboardSortable()
    {
        SignIn("city", "li.e2e");
        Go("#/alerts");
        WaitFor(By.CssSelector("#list tbody tr td:nth-child(4) .muted"));
        var first = Driver.FindElement(By.CssSelector("#list tbody tr td:nth-child(4) .muted")).Text;
        new SelectElement(Driver.FindElement(By.Name("rule"))).SelectByValue(first);
        Driver.FindElement(By.CssSelector("#filters button[type='submit']")).Click();
        WaitUntil(() => Driver.FindElement(By.Id("list-status")).Text.StartsWith("找到", StringComparison.Ordinal), "the filtered list");
        var rules = Driver.FindElements(By.CssSelector("#list tbody tr td:nth-child(4) .muted")).Select(e => e.Text).Distinct().ToList();
        Assert.Equal([first], rules);

        // Sorting from the keyboard: focus the column's header button and press Enter.
        Driver.FindElement(By.CssSelector("[data-sort='amount']")).SendKeys(Keys.Enter);
        WaitFor(By.CssSelector("th[aria-sort='ascending'] [data-sort='amount']"));
        Assert.Equal("amount", Driver.SwitchTo().ActiveElement().GetAttribute("data-sort"));
        Screenshot("alerts");
    }

    private void SignIn(string role, string name)
    {
        Driver.Manage().Cookies.DeleteAllCookies();
        Driver.Navigate().GoToUrl(serve.BaseUrl + "/api/dev/sign-in");
        new SelectElement(WaitFor(By.Id("role"))).SelectByValue(role);
        var field = Driver.FindElement(By.Id("name"));
        field.Clear();
        field.SendKeys(name);
        field.Submit();
        WaitUntil(() => Driver.FindElement(By.Id("who")).Text.Contains(name, StringComparison.Ordinal), "signed in");
    }

    private void Go(string hash)
    {
        Driver.Navigate().GoToUrl(serve.BaseUrl + "/api/console/" + hash);
        WaitUntil(() => Driver.FindElement(By.Id("who")).Text.Length > 0, "the console loaded");
    }

    private IWebElement WaitFor(By by)
    {
        IWebElement? found = null;
        WaitUntil(() => (found = Driver.FindElements(by).FirstOrDefault(e => e.Displayed)) is not null, by.ToString());
        return found!;
    }

    private void WaitUntil(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            try
            {
                if (condition())
                {
                    return;
                }
            }
            catch (WebDriverException)
            {
                // The page is being re-rendered: ask again.
            }

            Thread.Sleep(100);
        }

        Screenshot("failure-" + new string([.. what.Where(char.IsLetterOrDigit).Take(30)]));
        throw new TimeoutException($"waited 20 s for {what}; page: {Driver.FindElement(By.TagName("body")).Text}\nserver:\n{serve.Output}");
    }

    private void Screenshot(string name)
    {
        // Every run writes to artifacts/ (ignored), so running the tests leaves the working tree clean; the README's
        // pictures in docs/images are refreshed on purpose with CM_UPDATE_SCREENSHOTS=1.
        var update = !name.StartsWith("failure", StringComparison.Ordinal)
            && string.Equals(Environment.GetEnvironmentVariable("CM_UPDATE_SCREENSHOTS"), "1", StringComparison.Ordinal);
        var folder = Path.Combine(ServeFixture.Root, update ? Path.Combine("docs", "images") : "artifacts");
        Directory.CreateDirectory(folder);
        ((ITakesScreenshot)Driver).GetScreenshot().SaveAsFile(Path.Combine(folder, $"console-{name}.png"));
    }

    private ServiceProvider Services()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ComplianceStorage:ConnectionString"] = serve.ConnectionString,
            ["ComplianceStorage:TablePrefix"] = serve.Prefix,
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(new DateTimeOffset(ServeFixture.Today, new TimeOnly(2, 0), TimeSpan.Zero)));
        services.AddComplianceMonitor(configuration);
        return services.BuildServiceProvider();
    }

    private async Task<JsonElement> DigestCountsAsync(string district)
    {
        await using var services = Services();
        var json = await services.GetRequiredService<IDigestPreview>().RenderAsync(district, ServeFixture.Today, DigestFormat.Json, CancellationToken.None);
        return JsonDocument.Parse(json).RootElement.GetProperty("counts").Clone();
    }

    private static void WriteBadWorkbook(string path)
    {
        // The example ledger's header and first row, made wrong in two places (an impossible end date, a short credit code).
        var lines = File.ReadAllLines(Path.Combine(ServeFixture.Root, "samples", "templates", "ledger-example.csv"));
        var header = Csv(lines[0].TrimStart('\uFEFF'));
        var row = Csv(lines[1]);
        row[0] = "FS-2026-7001";
        row[Array.IndexOf(header, "租赁截止日")] = "2029-02-30";
        row[Array.IndexOf(header, "统一社会信用代码")] = "91110111";
        using var workbook = new XLWorkbook();
        var sheet = workbook.AddWorksheet("租赁台账");
        var keep = Enumerable.Range(0, header.Length).Where(i => header[i] is not ("租金计划" or "缴款记录" or "事件")).ToList();
        for (var c = 0; c < keep.Count; c++)
        {
            sheet.Cell(1, c + 1).Value = header[keep[c]];
            sheet.Cell(2, c + 1).Value = row[keep[c]];
        }

        workbook.SaveAs(path);
    }

    private static string[] Csv(string line)
    {
        var cells = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        foreach (var ch in line)
        {
            if (ch == '"')
            {
                quoted = !quoted;
            }
            else if (ch == ',' && !quoted)
            {
                cells.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(ch);
            }
        }

        cells.Add(current.ToString());
        return [.. cells];
    }
}
