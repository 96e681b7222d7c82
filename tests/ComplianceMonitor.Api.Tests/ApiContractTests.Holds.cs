using System.Net;
using System.Text.Json;
using ComplianceMonitor.Application.Contacts;
using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Domain.Rules;
using ComplianceMonitor.Testing.Records;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceMonitor.Api.Tests;

/// <summary>Contact holds (snooze, SMS stop) and dead reminders (list, requeue), on both hosts, with their exact fields.</summary>
public abstract partial class ApiContractTests
{
    // HostSettings.Now is 2026-03-06 10:00 Beijing.
    private static readonly DateTimeOffset DiedAt = new(2026, 3, 5, 3, 0, 0, TimeSpan.Zero); // 2026-03-05 11:00 Beijing

    private static async Task<LeaseRecord> PutSampleAsync(IApiHost host, string leaseId, string district)
    {
        var record = SampleLeases.Create(leaseId, district);
        var put = await host.SendAsync("PUT", "/api/leases/" + leaseId, LeaseRecordJson.Serialize(record), District(district));
        Assert.Equal(HttpStatusCode.Created, put.Status);
        return record;
    }

    private static List<string> Names(JsonElement o) => [.. o.EnumerateObject().Select(p => p.Name)];

    [Fact]
    public async Task Holds_SnoozeWithReasonAndEnd_ListedWithTheActor_LiftedEarlyAudited_OtherDistrictSeesNothing()
    {
        await using var host = await StartAsync();
        var record = await PutSampleAsync(host, "FS-2024-0001", "110111");
        var officer = District("110111", "wang.officer");

        var set = await host.SendAsync("POST", "/api/holds", """{"kind":"snooze","leaseId":"FS-2024-0001","until":"2026-03-20","reason":"企业已来函说明，暂缓提醒"}""", officer);
        var again = await host.SendAsync("POST", "/api/holds", """{"kind":"snooze","leaseId":"FS-2024-0001","until":"2026-03-20","reason":"企业已来函说明，暂缓提醒"}""", officer);
        var listed = await host.SendAsync("GET", "/api/holds", null, District("110111"));
        var otherList = await host.SendAsync("GET", "/api/holds", null, District("110112"));
        var otherLift = await host.SendAsync("POST", "/api/holds/snooze.FS-2024-0001/lift", """{"reason":"x"}""", District("110112"));
        var missingLift = await host.SendAsync("POST", "/api/holds/snooze.FS-2024-0009/lift", """{"reason":"x"}""", District("110112"));

        Assert.Equal(HttpStatusCode.Created, set.Status);
        Assert.Equal("/api/holds/snooze.FS-2024-0001", set.Headers["Location"]);
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Equal(1, listed.Json.GetProperty("count").GetInt32());
        var hold = listed.Json.GetProperty("holds")[0];
        Assert.Equal(["id", "kind", "districtCode", "leaseId", "landUserName", "creditCode", "rule", "reason", "by", "since", "until", "resumesAt"], Names(hold));
        Assert.Equal(
            ("snooze.FS-2024-0001", "snooze", "110111", "FS-2024-0001", record.LandUser.Name, record.LandUser.CreditCode, JsonValueKind.Null),
            (hold.GetProperty("id").GetString(), hold.GetProperty("kind").GetString(), hold.GetProperty("districtCode").GetString(), hold.GetProperty("leaseId").GetString(),
             hold.GetProperty("landUserName").GetString(), hold.GetProperty("creditCode").GetString(), hold.GetProperty("rule").ValueKind));
        Assert.Equal(
            ("企业已来函说明，暂缓提醒", "wang.officer", "2026-03-06T02:00:00+00:00", "2026-03-20", "2026-03-20T16:00:00+00:00"),
            (hold.GetProperty("reason").GetString(), hold.GetProperty("by").GetString(), hold.GetProperty("since").GetString(), hold.GetProperty("until").GetString(), hold.GetProperty("resumesAt").GetString()));
        Assert.Equal(0, otherList.Json.GetProperty("count").GetInt32());
        AssertProblem(otherLift, HttpStatusCode.NotFound, []);
        Assert.Equal("No active hold has the id 'snooze.FS-2024-0001'.", otherLift.Json.GetProperty("detail").GetString());
        Assert.Equal(missingLift.Body.Replace("0009", "0001", StringComparison.Ordinal), otherLift.Body);

        Tick(host);
        var lifted = await host.SendAsync("POST", "/api/holds/snooze.FS-2024-0001/lift", """{"reason":"企业已补正材料"}""", District("110111", "zhang.lead"));
        var liftedAgain = await host.SendAsync("POST", "/api/holds/snooze.FS-2024-0001/lift", """{"reason":"企业已补正材料"}""", District("110111", "zhang.lead"));
        var after = await host.SendAsync("GET", "/api/holds", null, District("110111"));

        Assert.Equal(HttpStatusCode.OK, lifted.Status);
        Assert.Equal(["id", "lifted", "by", "at", "reason", "releasedReminders"], Names(lifted.Json));
        Assert.Equal(("snooze.FS-2024-0001", true, "zhang.lead", "2026-03-06T02:01:00+00:00", "企业已补正材料", 0),
            (lifted.Json.GetProperty("id").GetString(), lifted.Json.GetProperty("lifted").GetBoolean(), lifted.Json.GetProperty("by").GetString(),
             lifted.Json.GetProperty("at").GetString(), lifted.Json.GetProperty("reason").GetString(), lifted.Json.GetProperty("releasedReminders").GetInt32()));
        AssertProblem(liftedAgain, HttpStatusCode.NotFound, []);
        Assert.Equal(0, after.Json.GetProperty("count").GetInt32());
        var audit = new List<AuditEntry>();
        await foreach (var a in host.Services.GetRequiredService<IAuditLog>().ListAsync("FS-2024-0001"))
        {
            audit.Add(a);
        }

        Assert.Equal(
            [(AuditEntry.SnoozeSet, "wang.officer", "企业已来函说明，暂缓提醒", false), (AuditEntry.SnoozeLifted, "zhang.lead", "企业已补正材料", false)],
            audit.Select(a => (a.Action, a.Actor, a.Reason, a.Pending)));
    }

    [Fact]
    public async Task Holds_SmsStopWithEnd_ListedForTheEnterprisesDistrict_GateLapsesAfterTheEnd()
    {
        await using var host = await StartAsync();
        var record = await PutSampleAsync(host, "FS-2024-0002", "110111");
        var officer = District("110111", "wang.officer");

        var past = await host.SendAsync("POST", "/api/holds", """{"kind":"smsStop","leaseId":"FS-2024-0002","until":"2026-03-05","reason":"企业来电要求暂停短信"}""", officer);
        var set = await host.SendAsync("POST", "/api/holds", """{"kind":"smsStop","leaseId":"FS-2024-0002","until":"2026-04-30","reason":"企业来电要求暂停短信"}""", officer);
        var same = await host.SendAsync("POST", "/api/holds", """{"kind":"smsStop","leaseId":"FS-2024-0002","until":"2026-04-30","reason":"企业来电要求暂停短信"}""", officer);
        var listed = await host.SendAsync("GET", "/api/holds?kind=smsStop", null, City());
        var snoozes = await host.SendAsync("GET", "/api/holds?kind=snooze", null, City());

        AssertProblem(past, HttpStatusCode.BadRequest, ["until"]);
        Assert.Equal(HttpStatusCode.Created, set.Status);
        Assert.Equal(HttpStatusCode.OK, same.Status);
        var hold = Assert.Single(listed.Json.GetProperty("holds").EnumerateArray());
        Assert.Equal(
            ("sms." + record.LandUser.CreditCode, "smsStop", "FS-2024-0002", "企业来电要求暂停短信", "wang.officer", "2026-04-30"),
            (hold.GetProperty("id").GetString(), hold.GetProperty("kind").GetString(), hold.GetProperty("leaseId").GetString(),
             hold.GetProperty("reason").GetString(), hold.GetProperty("by").GetString(), hold.GetProperty("until").GetString()));
        Assert.Equal(0, snoozes.Json.GetProperty("count").GetInt32());
        var stored = (await host.Services.GetRequiredService<IContactPreferencesStore>().GetAsync(record.LandUser.CreditCode))!.Value;
        Assert.Equal((true, new DateOnly(2026, 4, 30), "企业来电要求暂停短信"), (stored.SmsStopped, stored.SmsStoppedUntil, stored.StopReason));
        Assert.False(stored.AllowsSms(Severity.Warning, new DateTimeOffset(2026, 4, 30, 15, 59, 0, TimeSpan.Zero)));
        Assert.True(stored.AllowsSms(Severity.Warning, new DateTimeOffset(2026, 4, 30, 16, 0, 0, TimeSpan.Zero)));

        var lifted = await host.SendAsync("POST", "/api/holds/sms." + record.LandUser.CreditCode + "/lift", """{"reason":"企业要求恢复"}""", City("li.city"));
        Assert.Equal(HttpStatusCode.OK, lifted.Status);
        Assert.False((await host.Services.GetRequiredService<IContactPreferencesStore>().GetAsync(record.LandUser.CreditCode))!.Value.SmsStopped);
    }

    [Fact]
    public async Task Holds_SmsStopLift_FromADistrictWhereTheEnterpriseHoldsNoLease_IsNotFound_StopStays()
    {
        await using var host = await StartAsync();
        var record = await PutSampleAsync(host, "FS-2024-0002", "110111");
        var set = await host.SendAsync("POST", "/api/holds", """{"kind":"smsStop","leaseId":"FS-2024-0002","until":"2026-04-30","reason":"企业来电要求暂停短信"}""", District("110111"));
        var id = "sms." + record.LandUser.CreditCode;

        var otherLift = await host.SendAsync("POST", "/api/holds/" + id + "/lift", """{"reason":"x"}""", District("110112"));

        Assert.Equal(HttpStatusCode.Created, set.Status);
        AssertProblem(otherLift, HttpStatusCode.NotFound, []);
        Assert.Equal($"No active hold has the id '{id}'.", otherLift.Json.GetProperty("detail").GetString());
        Assert.True((await host.Services.GetRequiredService<IContactPreferencesStore>().GetAsync(record.LandUser.CreditCode))!.Value.SmsStopped);
    }

    [Fact]
    public async Task Holds_BadInput_400NamingEachField_NothingWritten_OtherDistrictsLeaseIsNotFound()
    {
        await using var host = await StartAsync();
        await PutSampleAsync(host, "FS-2024-0001", "110111");

        var bad = await host.SendAsync("POST", "/api/holds", """{"kind":"mute","until":"2026-02-30","rule":"NOPE","extra":1}""", City());
        var past = await host.SendAsync("POST", "/api/holds", """{"kind":"snooze","leaseId":"FS-2024-0001","until":"2026-03-05","reason":"r"}""", City());
        var far = await host.SendAsync("POST", "/api/holds", """{"kind":"snooze","leaseId":"FS-2024-0001","until":"2026-07-01","reason":"r"}""", City());
        var smsRule = await host.SendAsync("POST", "/api/holds", """{"kind":"smsStop","leaseId":"FS-2024-0001","until":"2026-04-01","reason":"r","rule":"RENT_ARREARS"}""", City());
        var outside = await host.SendAsync("POST", "/api/holds", """{"kind":"snooze","leaseId":"FS-2024-0001","until":"2026-03-20","reason":"r"}""", District("110112"));
        var missing = await host.SendAsync("POST", "/api/holds", """{"kind":"snooze","leaseId":"FS-2024-0001X","until":"2026-03-20","reason":"r"}""", District("110112"));
        var badList = await host.SendAsync("GET", "/api/holds?kind=mute&district=999999", null, City());
        var forbidden = await host.SendAsync("GET", "/api/holds?district=110111", null, District("110112"));
        var liftNoReason = await host.SendAsync("POST", "/api/holds/snooze.FS-2024-0001/lift", "{}", City());

        AssertProblem(bad, HttpStatusCode.BadRequest, ["extra", "kind", "leaseId", "until", "reason", "rule"]);
        AssertProblem(past, HttpStatusCode.BadRequest, ["until"]);
        Assert.Equal("2026-03-05 is before today (2026-03-06, Beijing)", past.Json.GetProperty("errors")[0].GetProperty("message").GetString());
        AssertProblem(far, HttpStatusCode.BadRequest, ["until"]);
        AssertProblem(smsRule, HttpStatusCode.BadRequest, ["rule"]);
        AssertProblem(outside, HttpStatusCode.NotFound, []);
        Assert.Equal(missing.Body.Replace("0001X", "0001", StringComparison.Ordinal), outside.Body);
        AssertProblem(badList, HttpStatusCode.BadRequest, ["district", "kind"]);
        AssertProblem(forbidden, HttpStatusCode.Forbidden, ["district"]);
        AssertProblem(liftNoReason, HttpStatusCode.BadRequest, ["reason"]);
        Assert.Equal(0, (await host.SendAsync("GET", "/api/holds", null, City())).Json.GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task DeadReminders_ListedWithWhyAndWhen_RequeuedOnceAuditedWithTheActor_OtherDistrictsIdLooksMissing()
    {
        await using var host = await StartAsync();
        var dead = await SeedDeadAsync(host, "FS-2024-0001", "110111", OutboxChannel.Sms, "Twilio 400: 21211 invalid 'To' number");
        var otherDead = await SeedDeadAsync(host, "TZ-2024-0001", "110112", OutboxChannel.Email, "SendGrid 400: invalid address");
        var officer = District("110111", "wang.officer");

        var listed = await host.SendAsync("GET", "/api/outbox/dead", null, officer);
        var filteredOut = await host.SendAsync("GET", "/api/outbox/dead?channel=email&from=2026-03-06", null, officer);
        var byReason = await host.SendAsync("GET", "/api/outbox/dead?reason=21211&q=fs-2024", null, officer);
        var badFilter = await host.SendAsync("GET", "/api/outbox/dead?channel=fax&rule=X&from=2026-02-30&district=110112", null, officer);

        var entry = Assert.Single(listed.Json.GetProperty("entries").EnumerateArray());
        Assert.Equal(["id", "districtCode", "leaseId", "landUserName", "rule", "stage", "channel", "recipient", "attempts", "lastError", "diedOn", "queuedOn"], Names(entry));
        Assert.Equal(
            (dead.Id, "110111", "FS-2024-0001", "测试企业", "RENT_ARREARS", "D+1", "sms", dead.MaskedRecipient, 5, "Twilio 400: 21211 invalid 'To' number", "2026-03-05", "2026-03-04"),
            (entry.GetProperty("id").GetString(), entry.GetProperty("districtCode").GetString(), entry.GetProperty("leaseId").GetString(), entry.GetProperty("landUserName").GetString(),
             entry.GetProperty("rule").GetString(), entry.GetProperty("stage").GetString(), entry.GetProperty("channel").GetString(), entry.GetProperty("recipient").GetString(),
             entry.GetProperty("attempts").GetInt32(), entry.GetProperty("lastError").GetString(), entry.GetProperty("diedOn").GetString(), entry.GetProperty("queuedOn").GetString()));
        Assert.Equal(0, filteredOut.Json.GetProperty("count").GetInt32());
        Assert.Equal(1, byReason.Json.GetProperty("count").GetInt32());
        AssertProblem(badFilter, HttpStatusCode.BadRequest, ["channel", "rule", "from"]);

        var requeued = await host.SendAsync("POST", "/api/outbox/requeue", JsonSerializer.Serialize(new { ids = new[] { dead.Id, otherDead.Id }, note = "号码已更正" }), officer);
        var again = await host.SendAsync("POST", "/api/outbox/requeue", JsonSerializer.Serialize(new { ids = new[] { dead.Id } }), officer);
        var afterList = await host.SendAsync("GET", "/api/outbox/dead", null, officer);

        Assert.Equal(HttpStatusCode.OK, requeued.Status);
        Assert.Equal(["actor", "requeued", "entries", "unmatchedIds"], Names(requeued.Json));
        Assert.Equal(("wang.officer", 1), (requeued.Json.GetProperty("actor").GetString(), requeued.Json.GetProperty("requeued").GetInt32()));
        var outcome = Assert.Single(requeued.Json.GetProperty("entries").EnumerateArray());
        Assert.Equal((dead.Id, "FS-2024-0001", "requeued"), (outcome.GetProperty("id").GetString(), outcome.GetProperty("leaseId").GetString(), outcome.GetProperty("outcome").GetString()));
        Assert.Equal([otherDead.Id], requeued.Json.GetProperty("unmatchedIds").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(0, again.Json.GetProperty("requeued").GetInt32());
        Assert.Equal([dead.Id], again.Json.GetProperty("unmatchedIds").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(0, afterList.Json.GetProperty("count").GetInt32());
        var outbox = host.Services.GetRequiredService<IOutboxStore>();
        Assert.Equal(OutboxStatus.Pending, (await outbox.GetAsync("110111", dead.Id))!.Status);
        Assert.Equal(OutboxStatus.Dead, (await outbox.GetAsync("110112", otherDead.Id))!.Status);
        var audit = new List<AuditEntry>();
        await foreach (var a in host.Services.GetRequiredService<IAuditLog>().ListAsync("FS-2024-0001"))
        {
            audit.Add(a);
        }

        var row = Assert.Single(audit);
        Assert.Equal((AuditEntry.OutboxRequeued, "wang.officer", "号码已更正", $"{dead.Id}: pending", false), (row.Action, row.Actor, row.Reason, row.After, row.Pending));
    }

    [Fact]
    public async Task RequeueReminders_BadBody_400NamingTheField()
    {
        await using var host = await StartAsync();

        var none = await host.SendAsync("POST", "/api/outbox/requeue", """{"note":"n"}""", City());
        var empty = await host.SendAsync("POST", "/api/outbox/requeue", """{"ids":[]}""", City());
        var wrong = await host.SendAsync("POST", "/api/outbox/requeue", """{"ids":"x","by":"me"}""", City());

        AssertProblem(none, HttpStatusCode.BadRequest, ["ids"]);
        AssertProblem(empty, HttpStatusCode.BadRequest, ["ids"]);
        AssertProblem(wrong, HttpStatusCode.BadRequest, ["by", "ids"]);
    }

    private static async Task<OutboxEntry> SeedDeadAsync(IApiHost host, string leaseId, string district, OutboxChannel channel, string error)
    {
        var alertKey = ComplianceMonitor.Application.Scanning.AlertKey.For(leaseId, RuleCode.RENT_ARREARS, "main");
        var recipient = channel == OutboxChannel.Sms ? "+8613800138000" : "finance@example.com";
        var entry = new OutboxEntry
        {
            DistrictCode = district,
            Id = ComplianceMonitor.Application.Scanning.AlertKey.OutboxId(alertKey, "D+1", channel, recipient),
            AlertKey = alertKey,
            LeaseId = leaseId,
            Rule = RuleCode.RENT_ARREARS,
            Stage = "D+1",
            Channel = channel,
            Recipient = recipient,
            LandUserName = "测试企业",
            FindingStatus = FindingStatus.Overdue,
            Severity = Severity.Critical,
            Basis = "三（五）",
            Message = "租金逾期未缴",
            QueuedOn = new DateOnly(2026, 3, 4),
            CreatedAt = new DateTimeOffset(2026, 3, 3, 22, 0, 0, TimeSpan.Zero),
            Status = OutboxStatus.Dead,
            Attempts = 5,
            LastError = error,
        };
        Assert.True(await host.Services.GetRequiredService<IOutboxStore>().CreateAsync(entry));
        await host.Services.GetRequiredService<IDeliveryLog>().AddAsync(new DeliveryAttempt
        {
            AttemptId = "20260305T030000000Z-0000" + (channel == OutboxChannel.Sms ? "0001" : "0002"),
            DistrictCode = district,
            OutboxId = entry.Id,
            LeaseId = leaseId,
            Stage = "D+1",
            Channel = channel,
            MaskedRecipient = entry.MaskedRecipient,
            Attempt = 5,
            StartedAt = DiedAt,
            FinishedAt = DiedAt,
            Outcome = DeliveryOutcome.Permanent,
            Reason = error,
        });
        return entry;
    }
}
