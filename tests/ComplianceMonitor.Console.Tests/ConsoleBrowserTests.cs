using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ClosedXML.Excel;
using ComplianceMonitor.Application.Digest;
using ComplianceMonitor.Application.Leases;
using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Rules;
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

    [Fact]
    public void Holds_SnoozeSetWithReasonAndEndDate_ListedWithTheActor_LiftedFromTheKeyboard()
    {
        SignIn("district:" + Fangshan, "wang.e2e");
        Go("#/holds");
        WaitFor(By.Id("holds-table"));
        WaitFor(By.Id("hold-lease")).SendKeys("FS-2024-0001");
        ((IJavaScriptExecutor)Driver).ExecuteScript("document.getElementById('hold-until').value = '2026-12-10';");
        var reason = Driver.FindElement(By.Id("hold-reason"));
        reason.SendKeys("企业来函说明整改计划，暂缓催告");
        reason.SendKeys(Keys.Enter);

        var row = WaitFor(By.CssSelector("tr[data-hold='snooze.FS-2024-0001']"));
        var cells = row.FindElements(By.TagName("td")).Select(td => td.Text).ToArray();
        Assert.Equal("暂停全部提醒", cells[0]);
        Assert.Equal("FS-2024-0001", cells[1]);
        Assert.Equal("北京京南精工智能装备有限公司", cells[2]);
        Assert.Equal("全部", cells[3]);
        Assert.Equal("企业来函说明整改计划，暂缓催告", cells[4]);
        Assert.Equal("wang.e2e", cells[5]);
        Assert.Matches(@"^2026年11月26日（星期四） \d{2}:\d{2}（北京时间）$", cells[6]); // cm serve's clock runs: the time of day is the real one
        Assert.Equal("2026年12月10日（星期四）", cells[7]);
        Screenshot("holds");

        // Escape cancels the lift dialog; Enter in it lifts, with the reason required first.
        var lift = row.FindElement(By.CssSelector("button[data-lift]"));
        lift.SendKeys(Keys.Enter);
        var text = WaitFor(By.Id("reason-text"));
        Assert.Equal(text, Driver.SwitchTo().ActiveElement());
        text.SendKeys(Keys.Escape);
        WaitUntil(() => !Driver.FindElement(By.Id("reason-dialog")).Displayed, "the dialog closed on Escape");
        Assert.Equal("snooze.FS-2024-0001", Driver.SwitchTo().ActiveElement().GetAttribute("data-lift"));
        Assert.Equal("solid 3px", ((IJavaScriptExecutor)Driver).ExecuteScript("const s = getComputedStyle(document.activeElement); return s.outlineStyle + ' ' + s.outlineWidth;"));
        Driver.SwitchTo().ActiveElement().SendKeys(Keys.Enter);
        text = WaitFor(By.Id("reason-text"));
        text.SendKeys(Keys.Enter);
        Assert.Contains("请填写原因", WaitFor(By.Id("reason-dialog-error")).Text, StringComparison.Ordinal);
        text.SendKeys("企业已提交整改材料");
        text.SendKeys(Keys.Enter);
        WaitUntil(() => Driver.FindElements(By.CssSelector("tr[data-hold='snooze.FS-2024-0001']")).Count == 0, "the lifted hold leaves the list");
    }

    [Fact]
    public async Task DeadReminder_RequeuedFromTheKeyboard_LeavesTheDeadList()
    {
        var dead = await SeedDeadReminderAsync("FS-2024-0002", "Twilio 400: 21211 The 'To' number is not a valid phone number");

        SignIn("district:" + Fangshan, "wang.e2e");
        Go("#/dead");
        var pick = WaitFor(By.CssSelector($"input[data-pick='{dead.Id}']"));
        var row = pick.FindElement(By.XPath("./ancestor::tr"));
        Assert.Contains("21211", row.Text, StringComparison.Ordinal);
        Assert.Contains("2026年11月25日（星期三）", row.Text, StringComparison.Ordinal);
        Assert.False(Driver.FindElement(By.Id("requeue")).Enabled);
        pick.SendKeys(Keys.Space);
        WaitUntil(() => Driver.FindElement(By.Id("requeue")).Enabled, "the requeue button enabled by a choice");
        Screenshot("dead");

        Driver.FindElement(By.Id("requeue-note")).SendKeys("号码已由企业更正");
        Driver.FindElement(By.Id("requeue-note")).SendKeys(Keys.Enter);
        WaitUntil(() => Driver.FindElement(By.Id("requeue-result")).Text.Contains("已重新排队 1 条（操作人 wang.e2e）", StringComparison.Ordinal), "the requeue confirmed");
        WaitUntil(() => Driver.FindElements(By.CssSelector($"input[data-pick='{dead.Id}']")).Count == 0, "the requeued reminder leaves the dead list");

        await using var services = Services();
        Assert.Equal(OutboxStatus.Pending, (await services.GetRequiredService<IOutboxStore>().GetAsync(Fangshan, dead.Id))!.Status);
    }

    [Fact]
    public void MainPages_At1366x768_NoneScrollsSideways_AndEveryControlHasALabel()
    {
        SignIn("city", "li.e2e");
        Driver.Manage().Window.Size = new System.Drawing.Size(1366, 768);
        var pages = new (string Hash, By Ready)[]
        {
            ("#/", By.CssSelector("[data-figure]")),
            ("#/alerts", By.CssSelector("#list table")),
            ("#/tasks", By.CssSelector("#list table")),
            ("#/leases/FS-2024-0001", By.Id("history")),
            ("#/check", By.Id("check-text")),
            ("#/import", By.Id("import-file")),
            ("#/holds", By.Id("holds-table")),
            ("#/dead", By.CssSelector("#list table")),
        };
        var wide = new List<string>();
        var unlabelled = new List<string>();
        foreach (var (hash, ready) in pages)
        {
            Go(hash);
            WaitFor(ready);
            var overflow = Convert.ToInt64(((IJavaScriptExecutor)Driver).ExecuteScript("return document.documentElement.scrollWidth - document.documentElement.clientWidth;"), CultureInfo.InvariantCulture);
            if (overflow > 0)
            {
                wide.Add($"{hash}: {overflow}px");
            }

            // Every control a keyboard or screen-reader user meets has a name: a <label>, aria-label(ledby), or its text.
            var nameless = (IReadOnlyCollection<object>)((IJavaScriptExecutor)Driver).ExecuteScript("""
                return [...document.querySelectorAll('body input:not([type=hidden]), body select, body textarea, body button, body a[href]')]
                  .filter((e) => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.getAttribute('aria-labelledby') && !e.textContent.trim())
                  .map((e) => e.outerHTML.slice(0, 80));
                """)!;
            unlabelled.AddRange(nameless.Select(n => $"{hash}: {n}"));
        }

        Assert.True(wide.Count == 0, "pages wider than 1366px: " + string.Join(", ", wide));
        Assert.True(unlabelled.Count == 0, "controls without a label: " + string.Join("\n", unlabelled));
    }

    [Fact]
    public void Lease_DatesAndAmounts_AreShownInTheConsolesOneFormat()
    {
        SignIn("district:" + Fangshan, "wang.e2e");
        Go("#/leases/FS-2024-0001");
        WaitFor(By.Id("history"));
        var record = Driver.FindElements(By.CssSelector("dl.record dt"))
            .ToDictionary(dt => dt.Text, dt => dt.FindElement(By.XPath("following-sibling::dd[1]")).Text);

        Assert.Equal("30,935,000.00元", record["底价"]);
        Assert.Equal("2024年3月1日（星期五） 至 2029年2月28日（星期三）（5 年，总年限 20 年）", record["租赁期"]);
        Assert.Equal("2024年3月1日（星期五） 7,733,750.00元", record["租金计划"]);
        Assert.Contains("核查日期 2026年11月26日（星期四）", Driver.FindElement(By.Id("main")).Text, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"\d{4}-\d{2}-\d{2}", string.Join("\n", record.Values));
    }

    private async Task<OutboxEntry> SeedDeadReminderAsync(string leaseId, string error)
    {
        await using var services = Services();
        var lease = (await services.GetRequiredService<ILeaseStore>().FindAsync(leaseId))!.Record;
        var alertKey = AlertKey.For(leaseId, RuleCode.RENT_ARREARS, "main");
        var entry = new OutboxEntry
        {
            DistrictCode = lease.DistrictCode,
            Id = AlertKey.OutboxId(alertKey, "D+1", OutboxChannel.Sms, "+8613800138000"),
            AlertKey = alertKey,
            LeaseId = leaseId,
            Rule = RuleCode.RENT_ARREARS,
            Stage = "D+1",
            Channel = OutboxChannel.Sms,
            Recipient = "+8613800138000",
            LandUserName = lease.LandUser.Name,
            FindingStatus = FindingStatus.Overdue,
            Severity = Severity.Critical,
            Basis = "三（五）",
            Message = "租金逾期未缴",
            QueuedOn = new DateOnly(2026, 11, 24),
            CreatedAt = new DateTimeOffset(2026, 11, 23, 22, 0, 0, TimeSpan.Zero),
            Status = OutboxStatus.Dead,
            Attempts = 5,
            LastError = error,
        };
        Assert.True(await services.GetRequiredService<IOutboxStore>().CreateAsync(entry));
        var died = new DateTimeOffset(2026, 11, 25, 3, 0, 0, TimeSpan.Zero);
        await services.GetRequiredService<IDeliveryLog>().AddAsync(new DeliveryAttempt
        {
            AttemptId = "20261125T030000000Z-e2e00001",
            DistrictCode = lease.DistrictCode,
            OutboxId = entry.Id,
            LeaseId = leaseId,
            Stage = "D+1",
            Channel = OutboxChannel.Sms,
            MaskedRecipient = entry.MaskedRecipient,
            Attempt = 5,
            StartedAt = died,
            FinishedAt = died,
            Outcome = DeliveryOutcome.Permanent,
            Reason = error,
        });
        return entry;
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
