using ComplianceMonitor.Application.Contacts;
using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Tasks;
using ComplianceMonitor.Infrastructure.Contacts;
using System.CommandLine;
using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Cli;
using ComplianceMonitor.Cli.Commands;
using ComplianceMonitor.Infrastructure.Delivery;
using ComplianceMonitor.Testing.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace ComplianceMonitor.CrashDrill;

/// <summary><c>cm dispatch</c>, <c>cm prefs</c> and <c>cm snooze</c> run in-process over Azurite with their settings on the <see cref="CliContext"/>.</summary>
[Trait("Category", "drill")]
[Collection("azurite")]
public sealed class DeliveryCommandsTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Now = new(2026, 6, 23, 2, 0, 0, TimeSpan.Zero); // 10:00 Beijing

    private sealed record Outcome(int ExitCode, string Stdout, string Stderr);

    private static Task<Outcome> RunAsync(IConfiguration configuration, params string[] args) => RunAsync(configuration, new FakeTimeProvider(Now), args);

    private static async Task<Outcome> RunAsync(IConfiguration configuration, TimeProvider time, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        // The settings reach the commands only through the context; a test's storage is always named (never a local Azurite).
        var context = new CliContext(TextReader.Null, stdout, stderr, time) { Configuration = configuration };
        var storage = MonitoringCliServices.ConfiguredStorageOnly();
        var root = new RootCommand
        {
            new DispatchCommand(storage).Create(context),
            new PrefsCommand(storage).Create(context),
            new SnoozeCommand(storage).Create(context),
        };
        var code = await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        return new Outcome(code, stdout.ToString(), stderr.ToString());
    }

    private async Task<(IConfiguration Configuration, string Prefix)> StorageAsync(params (string Key, string Value)[] extra)
    {
        var prefix = AzuriteFixture.NewPrefix();
        await DrillData.SeedAsync(azurite.CreateFactory(prefix), leases: 1, perLease: 1);
        var values = new Dictionary<string, string?>
        {
            ["ComplianceStorage:ConnectionString"] = azurite.ConnectionString,
            ["ComplianceStorage:TablePrefix"] = prefix,
            ["Dispatch:Districts"] = DrillData.District,
            ["Logging:LogLevel:Default"] = "None",
        };
        foreach (var (key, value) in extra)
        {
            values[key] = value;
        }

        return (new ConfigurationBuilder().AddInMemoryCollection(values).Build(), prefix);
    }

    [Fact]
    public async Task PrefsStopSms_StoredLease_StopsSmsAndAudits()
    {
        var (configuration, prefix) = await StorageAsync();

        var result = await RunAsync(configuration, "prefs", "stop-sms", "--lease", "FS-2022-0000", "--by", "fs-hotline-wang", "--reason", "企业来电");
        var again = await RunAsync(configuration, "prefs", "stop-sms", "--lease", "FS-2022-0000", "--by", "fs-hotline-wang");

        Assert.Equal((0, "SMS stopped for the land user of lease FS-2022-0000 (audited: preferences.smsStopped by fs-hotline-wang).\n", string.Empty), (result.ExitCode, result.Stdout.ReplaceLineEndings("\n"), result.Stderr));
        Assert.Equal("Unchanged: SMS was already stopped for the land user of lease FS-2022-0000.\n", again.Stdout.ReplaceLineEndings("\n"));
        var factory = azurite.CreateFactory(prefix);
        var creditCode = DrillData.Lease("FS-2022-0000").LandUser.CreditCode;
        Assert.True((await new TableContactPreferencesStore(factory).GetAsync(creditCode))!.Value.SmsStopped);
        var audit = new List<AuditEntry>();
        await foreach (var a in new TableAuditLog(factory).ListAsync(creditCode))
        {
            audit.Add(a);
        }

        Assert.Equal([new AuditEntry(Now, "fs-hotline-wang", AuditEntry.SmsStopped, creditCode, "smsStopped=false", "smsStopped=true", "企业来电")], audit);
    }

    [Fact]
    public async Task PrefsStopSms_WithUntil_ListedUntilItsLastDay_ThenNoLongerInForce()
    {
        var (configuration, _) = await StorageAsync();
        var time = new FakeTimeProvider(Now); // 2026-06-23 10:00 Beijing
        var creditCode = DrillData.Lease("FS-2022-0000").LandUser.CreditCode;

        var noReason = await RunAsync(configuration, time, "prefs", "stop-sms", "--lease-id", "FS-2022-0000", "--by", "fs-hotline-wang", "--until", "2026-06-30");
        var stop = await RunAsync(configuration, time, "prefs", "stop-sms", "--lease-id", "FS-2022-0000", "--by", "fs-hotline-wang", "--until", "2026-06-30", "--reason", "企业来电");
        var during = await RunAsync(configuration, time, "prefs", "list", "--format", "csv");
        time.Advance(TimeSpan.FromDays(7)); // 2026-06-30 10:00 Beijing: the last day of the stop
        var lastDay = await RunAsync(configuration, time, "prefs", "list", "--format", "csv");
        time.Advance(TimeSpan.FromDays(1)); // 2026-07-01: SMS go again
        var after = await RunAsync(configuration, time, "prefs", "list", "--format", "json");

        Assert.Equal(2, noReason.ExitCode);
        Assert.Contains("reason: an SMS stop needs a reason", noReason.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, stop.ExitCode);
        var row = $"creditCode,sms,since,until,reason,by\r\n{creditCode},stopped,2026-06-23 10:00:00 +08:00,2026-06-30,企业来电,fs-hotline-wang\r\n";
        Assert.Equal(row, during.Stdout);
        Assert.Equal(row, lastDay.Stdout);
        Assert.Equal(0, after.ExitCode);
        Assert.Equal("[]", after.Stdout.Trim());
    }

    [Fact]
    public async Task SnoozeListAndPrefsList_AfterChanges_ListWhoWhyAndUntilInEveryFormat()
    {
        var (configuration, _) = await StorageAsync();
        var time = new FakeTimeProvider(Now);
        var creditCode = DrillData.Lease("FS-2022-0000").LandUser.CreditCode;

        await RunAsync(configuration, time, "snooze", "add", "--lease-id", "FS-2022-0000", "--until", "2026-07-10", "--reason", "等待复核", "--by", "fs-supervisor-zhao", "--rule", "ASSESSMENT_APPLICATION");
        await RunAsync(configuration, time, "prefs", "stop-sms", "--lease-id", "FS-2022-0000", "--by", "fs-hotline-wang", "--reason", "企业来电");
        var json = await RunAsync(configuration, time, "snooze", "list", "--format", "json");
        var text = await RunAsync(configuration, time, "snooze", "list", "--district", DrillData.District);
        var prefs = await RunAsync(configuration, time, "prefs", "list", "--format", "csv");
        time.Advance(TimeSpan.FromDays(18)); // 2026-07-11 10:00 Beijing: the hold ended with 2026-07-10
        var ended = await RunAsync(configuration, time, "snooze", "list", "--format", "csv");
        var all = await RunAsync(configuration, time, "snooze", "list", "--all", "--format", "csv");

        Assert.Equal(0, json.ExitCode);
        using (var doc = System.Text.Json.JsonDocument.Parse(json.Stdout))
        {
            var hold = Assert.Single(doc.RootElement.EnumerateArray());
            Assert.Equal(
                (DrillData.District, "FS-2022-0000", "ASSESSMENT_APPLICATION", "2026-07-10", true, "fs-supervisor-zhao", "2026-06-23T02:00:00Z", "等待复核"),
                (hold.GetProperty("districtCode").GetString(), hold.GetProperty("leaseId").GetString(), hold.GetProperty("rule").GetString(), hold.GetProperty("until").GetString(),
                    hold.GetProperty("active").GetBoolean(), hold.GetProperty("by").GetString(), hold.GetProperty("setAt").GetString(), hold.GetProperty("reason").GetString()));
        }

        var row = text.Stdout.ReplaceLineEndings("\n").Split('\n')[3];
        Assert.Equal(
            "│ 110111   │ FS-2022-0000 │ ASSESSMENT_APPLICATION │ 2026-07-10 │ active │ fs-supervisor-zhao │ 2026-06-23 10:00:00 +08:00 │ 等待复核 │",
            row);
        Assert.EndsWith("1 hold(s)\n", text.Stdout.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Equal($"creditCode,sms,since,until,reason,by\r\n{creditCode},stopped,2026-06-23 10:00:00 +08:00,,企业来电,fs-hotline-wang\r\n", prefs.Stdout);
        Assert.Equal("districtCode,leaseId,rule,until,state,by,setAt,reason\r\n", ended.Stdout);
        Assert.Equal(
            "districtCode,leaseId,rule,until,state,by,setAt,reason\r\n110111,FS-2022-0000,ASSESSMENT_APPLICATION,2026-07-10,ended,fs-supervisor-zhao,2026-06-23 10:00:00 +08:00,等待复核\r\n",
            all.Stdout);
    }

    [Fact]
    public async Task SnoozeAddThenLift_StoredLease_PrintsEachChange()
    {
        var (configuration, prefix) = await StorageAsync();
        var time = new FakeTimeProvider(Now);

        var add = await RunAsync(configuration, time, "snooze", "add", "--lease", "FS-2022-0000", "--until", "2026-07-10", "--reason", "等待复核", "--by", "fs-supervisor-zhao", "--rule", "ASSESSMENT_APPLICATION");
        time.Advance(TimeSpan.FromMinutes(10));
        var lift = await RunAsync(configuration, time, "snooze", "lift", "--lease", "FS-2022-0000", "--by", "fs-supervisor-zhao", "--rule", "ASSESSMENT_APPLICATION", "--reason", "复核完成");

        Assert.Equal((0, "Reminders of lease FS-2022-0000 held through 2026-07-10 (audited: snooze.set by fs-supervisor-zhao).\n"), (add.ExitCode, add.Stdout.ReplaceLineEndings("\n")));
        Assert.Equal((0, "Hold on lease FS-2022-0000 lifted (audited: snooze.lifted by fs-supervisor-zhao); 0 held reminder(s) released.\n"), (lift.ExitCode, lift.Stdout.ReplaceLineEndings("\n")));
        var audit = new List<string>();
        await foreach (var a in new TableAuditLog(azurite.CreateFactory(prefix)).ListAsync("FS-2022-0000"))
        {
            audit.Add($"{a.Action} {a.Before ?? "-"} -> {a.After ?? "-"} ({a.Reason})");
        }

        Assert.Equal(
            [
                "snooze.set - -> until=2026-07-10; rule=ASSESSMENT_APPLICATION (等待复核)",
                "snooze.lifted until=2026-07-10; rule=ASSESSMENT_APPLICATION -> - (复核完成)",
            ],
            audit);
    }

    [Theory]
    [InlineData(new[] { "snooze", "add", "--lease", "FS-2099-0404", "--until", "2026-07-10", "--reason", "r", "--by", "zhao" }, "error: --lease-id: no lease FS-2099-0404 is stored\n")]
    [InlineData(new[] { "snooze", "add", "--lease", "FS-2022-0000", "--until", "2026-06-01", "--reason", "r", "--by", "zhao" }, "error: --until: 2026-06-01 is before today (2026-06-23, Beijing)\n")]
    [InlineData(new[] { "snooze", "lift", "--lease", "FS-2022-0000", "--by", "zhao" }, "error: --lease-id: lease FS-2022-0000 has no snooze to lift\n")]
    [InlineData(new[] { "prefs", "resume-sms", "--lease", " ", "--by", "zhao" }, "error: --lease-id: must not be empty\n")]
    public async Task Commands_BadInput_Exit2NamingTheOption(string[] args, string expected)
    {
        var (configuration, _) = await StorageAsync();

        var result = await RunAsync(configuration, args);

        Assert.Equal((ExitCodes.InvalidInput, string.Empty, expected), (result.ExitCode, result.Stdout, result.Stderr.ReplaceLineEndings("\n")));
    }

    [Fact]
    public async Task Dispatch_NoStorageConfigured_Exit2NamingTheSetting()
    {
        var result = await RunAsync(new ConfigurationBuilder().Build(), "dispatch", "--once");

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Equal("error: Storage is not configured: set ComplianceStorage__ConnectionString, or ComplianceStorage__TableServiceUri and ComplianceStorage__QueueServiceUri.\n", result.Stderr.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Dispatch_BadDispatchSetting_Exit2NamingTheSetting()
    {
        var (configuration, _) = await StorageAsync(("Dispatch:MaxAttempts", "many"));

        var result = await RunAsync(configuration, "dispatch");

        Assert.Equal((ExitCodes.InvalidInput, "error: Dispatch__MaxAttempts: 'many' is not a whole number\n"), (result.ExitCode, result.Stderr.ReplaceLineEndings("\n")));
    }

    [Fact]
    public async Task Dispatch_ClaimMarginShorterThanSenderTimeout_Exit2NamingTheSetting()
    {
        var (configuration, _) = await StorageAsync(("Dispatch:MinClaimRemainingSeconds", "10"), ("Sms:TimeoutSeconds", "45"));

        var result = await RunAsync(configuration, "dispatch", "--once");

        Assert.Equal(
            (ExitCodes.InvalidInput, "error: Dispatch__MinClaimRemainingSeconds: 10 s is shorter than a provider call may take (45 s, Email__TimeoutSeconds / Sms__TimeoutSeconds)\n"),
            (result.ExitCode, result.Stderr.ReplaceLineEndings("\n")));
    }

    [Fact]
    public async Task Dispatch_Once_SendsThroughSendGridAndPrintsTheSummary()
    {
        using var server = WireMockServer.Start();
        server.Given(Request.Create().WithPath(DrillData.SendGridPath).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(202).WithHeader("X-Message-Id", "sg-cli-1"));
        var (configuration, prefix) = await StorageAsync(
            ("Email:SendGridApiKey", "SG.cli-key.not-a-secret"),
            ("Email:SendGridHost", server.Url!),
            ("Email:FromAddress", "reminders@cm.example.cn"));

        var result = await RunAsync(configuration, "dispatch", "--once");

        Assert.Equal(
            (0, "dispatch: 1 sent, 0 retrying, 0 dead, 0 held, 0 suppressed, 0 superseded, 0 recovered (0 possible duplicate(s), 0 completed from the log), 0 skipped, 0 failed, 0 waiting\n"),
            (result.ExitCode, result.Stdout.ReplaceLineEndings("\n")));
        var entry = Assert.Single(await DrillData.OutboxAsync(azurite.CreateFactory(prefix)));
        Assert.Equal((OutboxStatus.Sent, "sg-cli-1"), (entry.Status, entry.ProviderMessageId));
        Assert.Equal(DrillData.OutboxIdOf(Assert.Single(server.LogEntries).RequestMessage), entry.Id);
        Assert.Equal(DeliveryOutcome.Accepted, Assert.Single(await DrillData.AttemptsAsync(azurite.CreateFactory(prefix))).Outcome);
    }

    [Fact]
    public async Task CliApp_SnoozeAddBadDate_ParseErrorNamesTheOption()
    {
        var stderr = new StringWriter();

        var code = await CliApp.RunAsync(["snooze", "add", "--lease", "X", "--until", "2026-13-01", "--reason", "r", "--by", "me"], TextReader.Null, TextWriter.Null, stderr, new FakeTimeProvider(Now));

        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.StartsWith("error: --until must be a calendar date in the form yyyy-MM-dd (e.g. 2026-07-31), not '2026-13-01'.", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void CliApp_Commands_IncludeDispatchPrefsAndSnooze()
    {
        var context = new CliContext(TextReader.Null, TextWriter.Null, TextWriter.Null, TimeProvider.System);

        var names = CliApp.Commands.Select(c => c.Create(context)).ToDictionary(c => c.Name);

        Assert.Equal(["once"], names["dispatch"].Options.Select(o => o.Name.TrimStart('-')));
        Assert.Equal(["stop-sms", "resume-sms", "list"], names["prefs"].Subcommands.Select(c => c.Name));
        Assert.Equal(["add", "lift", "list"], names["snooze"].Subcommands.Select(c => c.Name));
    }
}
