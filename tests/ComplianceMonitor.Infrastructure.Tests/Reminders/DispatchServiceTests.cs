using ComplianceMonitor.Application.Contacts;
using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Tasks;
using ComplianceMonitor.Infrastructure.Composition;
using ComplianceMonitor.Infrastructure.Scanning;
using ComplianceMonitor.Infrastructure.Storage;
using ComplianceMonitor.Infrastructure.Tasks;
using ComplianceMonitor.Infrastructure.Tests.Scanning;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Testing.Storage;
using static ComplianceMonitor.Infrastructure.Tests.Reminders.DeliverySamples;

namespace ComplianceMonitor.Infrastructure.Tests.Reminders;

/// <summary>The dispatcher over Azurite and a local SendGrid/Twilio server: exact requests, retries, dead letters, the delivery log.</summary>
[Trait("Category", "azurite")]
[Collection("azurite")]
public sealed class DispatchServiceTests(AzuriteFixture azurite) : IDisposable
{
    private readonly DispatchHost _host = new(azurite);

    public void Dispose() => _host.Dispose();

    private async Task<(OutboxEntry Email, OutboxEntry Sms)> SeedOneLeaseAsync(Severity severity = Severity.Warning)
    {
        var lease = Lease();
        var alert = Alert(lease, severity);
        var email = Entry(alert);
        var sms = Entry(alert, OutboxChannel.Sms);
        await _host.SeedAsync(lease, alert, [email, sms]);
        return (email, sms);
    }

    [Fact]
    public async Task RunOnceAsync_EmailAndSms_PostsExactProviderRequestsOnce()
    {
        _host.SendGridAccepts();
        _host.TwilioAccepts();
        var (email, sms) = await SeedOneLeaseAsync();

        var summary = await _host.CreateSut().RunOnceAsync();

        Assert.Equal((2, 2, 0, 0, 0, 0), (summary.Examined, summary.Sent, summary.Retrying, summary.Dead, summary.Held, summary.Waiting));

        var mail = Assert.Single(_host.SendGridLog()).RequestMessage;
        Assert.Equal("POST", mail.Method);
        Assert.Equal($"Bearer {DispatchHost.ApiKey}", mail.Headers!["Authorization"].Single());
        using var json = JsonDocument.Parse(mail.Body!);
        var root = json.RootElement;
        var to = Assert.Single(root.GetProperty("personalizations")[0].GetProperty("to").EnumerateArray());
        Assert.Equal("zhang@example.com", to.GetProperty("email").GetString());
        Assert.Equal("张三", to.GetProperty("name").GetString());
        Assert.Equal("reminders@cm.example.cn", root.GetProperty("from").GetProperty("email").GetString());
        Assert.Equal("【先租后让提醒】租赁合同FS-2022-0001考核申请截止2026年6月30日（星期二），还剩7天", root.GetProperty("subject").GetString());
        Assert.Equal(["reminder", "assessment_application", "d-7"], root.GetProperty("categories").EnumerateArray().Select(c => c.GetString()));
        var args = root.GetProperty("custom_args");
        Assert.Equal(email.Id, args.GetProperty("outboxId").GetString());
        Assert.Equal("FS-2022-0001", args.GetProperty("leaseId").GetString());
        Assert.Equal("D-7", args.GetProperty("stage").GetString());
        Assert.Equal("deadline-2026-06-30.ics", Assert.Single(root.GetProperty("attachments").EnumerateArray()).GetProperty("filename").GetString());

        var text = Assert.Single(_host.TwilioLog()).RequestMessage;
        var form = DispatchHost.Form(text.Body!);
        Assert.Equal("+8613800138000", form["To"]);
        Assert.Equal("+15005550006", form["From"]);
        Assert.Equal("【先租后让监管】租赁合同FS-2022-0001须于2026年6月30日（周二）前提交考核申请，剩7天。咨询房山区经济和信息化局12345", form["Body"]);
    }

    [Fact]
    public async Task RunOnceAsync_Accepted_RecordsSentEntryAndOneLogRowPerChannel()
    {
        _host.SendGridAccepts();
        _host.TwilioAccepts();
        var (email, sms) = await SeedOneLeaseAsync();

        await _host.CreateSut().RunOnceAsync();

        var sentMail = await _host.EntryAsync(email.Id);
        Assert.Equal((OutboxStatus.Sent, 1, DispatchHost.Morning), (sentMail.Status, sentMail.Attempts, sentMail.SentAt));
        Assert.Null(sentMail.ClaimToken);
        Assert.Null(sentMail.ClaimExpiresAt);
        Assert.StartsWith("sg-", sentMail.ProviderMessageId, StringComparison.Ordinal);
        var sentSms = await _host.EntryAsync(sms.Id);
        Assert.Equal((OutboxStatus.Sent, "SM00000000000000000000000000000001"), (sentSms.Status, sentSms.ProviderMessageId));

        var row = Assert.Single(await _host.AttemptsAsync(email.Id));
        Assert.Equal(
            (email.Id, DispatchHost.District, "FS-2022-0001", "D-7", OutboxChannel.Email, "z***@example.com", 1, DeliveryOutcome.Accepted, DeliveryFlags.None),
            (row.OutboxId, row.DistrictCode, row.LeaseId, row.Stage, row.Channel, row.MaskedRecipient, row.Attempt, row.Outcome, row.Flags));
        Assert.Equal((DispatchHost.Morning, DispatchHost.Morning), (row.StartedAt, row.FinishedAt));
        Assert.Equal(sentMail.ProviderMessageId, row.ProviderMessageId);
        Assert.Null(row.Reason);
        Assert.Matches("^20260623T0200000000000Z-[0-9a-f]{8}$", row.AttemptId);

        var smsRow = Assert.Single(await _host.AttemptsAsync(sms.Id));
        Assert.Equal(("138****8000", DeliveryOutcome.Accepted, "SM00000000000000000000000000000001"), (smsRow.MaskedRecipient, smsRow.Outcome, smsRow.ProviderMessageId));
    }

    [Fact]
    public async Task RunOnceAsync_SecondPass_SendsNothingAgain()
    {
        _host.SendGridAccepts();
        _host.TwilioAccepts();
        await SeedOneLeaseAsync();
        var sut = _host.CreateSut();
        await sut.RunOnceAsync();
        _host.Time.Advance(TimeSpan.FromHours(1));

        var second = await sut.RunOnceAsync();

        Assert.Equal(0, second.Examined);
        Assert.Single(_host.SendGridLog());
        Assert.Single(_host.TwilioLog());
    }

    [Fact]
    public async Task RunOnceAsync_429WithRetryAfter_WaitsAsToldThenDeliversOnce()
    {
        _host.SendGridFailsFirst(1, 429, """{"errors":[{"field":null,"message":"too many requests"}]}""", ("Retry-After", "120"));
        var lease = Lease();
        var alert = Alert(lease);
        var email = Entry(alert);
        await _host.SeedAsync(lease, alert, [email]);
        var sut = _host.CreateSut();

        var first = await sut.RunOnceAsync();

        Assert.Equal((1, 0, 1), (first.Examined, first.Sent, first.Retrying));
        var waiting = await _host.EntryAsync(email.Id);
        Assert.Equal((OutboxStatus.Pending, 1, "SendGrid 429: too many requests"), (waiting.Status, waiting.Attempts, waiting.LastError));
        Assert.Equal(DispatchHost.Morning.AddSeconds(120), waiting.NextAttemptAt);
        Assert.Equal((1, DispatchHost.Morning.AddSeconds(120)), (first.Waiting, first.NextDueAt));

        _host.Time.Advance(TimeSpan.FromSeconds(119));
        Assert.Equal(0, (await sut.RunOnceAsync()).Examined);
        _host.Time.Advance(TimeSpan.FromSeconds(1));
        var second = await sut.RunOnceAsync();

        Assert.Equal((1, 1, 0), (second.Examined, second.Sent, second.Waiting));
        Assert.Equal([(2, 1)], _host.SendGridCounts().Values.Select(v => (v.Requests, v.Accepted)));
        var rows = await _host.AttemptsAsync(email.Id);
        Assert.Equal([DeliveryOutcome.Transient, DeliveryOutcome.Accepted], rows.Select(r => r.Outcome!.Value));
        Assert.Equal([1, 2], rows.Select(r => r.Attempt));
        Assert.Equal(DispatchHost.Morning.AddSeconds(120), rows[0].RetryAt);
        Assert.Equal("SendGrid 429: too many requests", rows[0].Reason);
        var sent = await _host.EntryAsync(email.Id);
        Assert.Equal((OutboxStatus.Sent, 2, DispatchHost.Morning.AddSeconds(120)), (sent.Status, sent.Attempts, sent.SentAt));
    }

    [Fact]
    public async Task RunOnceAsync_500Twice_BacksOffExponentiallyWithJitterThenDeliversOnce()
    {
        _host.SendGridFailsFirst(2, 500, """{"errors":[{"field":null,"message":"internal error"}]}""");
        var lease = Lease();
        var alert = Alert(lease);
        var email = Entry(alert);
        await _host.SeedAsync(lease, alert, [email]);
        var sut = _host.CreateSut();

        await sut.RunOnceAsync();
        var afterFirst = await _host.EntryAsync(email.Id);
        _host.Time.SetUtcNow(afterFirst.NextAttemptAt!.Value);
        await sut.RunOnceAsync();
        var afterSecond = await _host.EntryAsync(email.Id);
        _host.Time.SetUtcNow(afterSecond.NextAttemptAt!.Value);
        await sut.RunOnceAsync();

        // Jitter 0.5: 3/4 of the ceiling, 30 s then 60 s.
        Assert.Equal(DispatchHost.Morning.AddSeconds(22.5), afterFirst.NextAttemptAt);
        Assert.Equal(DispatchHost.Morning.AddSeconds(22.5 + 45), afterSecond.NextAttemptAt);
        Assert.Equal("SendGrid 500: internal error", afterSecond.LastError);
        Assert.Equal([(3, 1)], _host.SendGridCounts().Values.Select(v => (v.Requests, v.Accepted)));
        Assert.Equal(OutboxStatus.Sent, (await _host.EntryAsync(email.Id)).Status);
    }

    [Fact]
    public async Task RunOnceAsync_400_DeadLetteredWithProviderReasonAndNeverRetried()
    {
        _host.SendGridFailsFirst(100, 400, """{"errors":[{"field":"personalizations.0.to.0.email","message":"Does not contain a valid address."}]}""");
        _host.TwilioAccepts();
        var (email, sms) = await SeedOneLeaseAsync();
        var sut = _host.CreateSut();

        var summary = await sut.RunOnceAsync();
        _host.Time.Advance(TimeSpan.FromDays(1));
        var later = await sut.RunOnceAsync();

        Assert.Equal((1, 1, 0), (summary.Sent, summary.Dead, summary.Waiting));
        Assert.Equal(0, later.Examined);
        var dead = await _host.EntryAsync(email.Id);
        Assert.Equal((OutboxStatus.Dead, 1), (dead.Status, dead.Attempts));
        Assert.Equal("SendGrid 400: Does not contain a valid address. (personalizations.0.to.0.email)", dead.LastError);
        Assert.Null(dead.NextAttemptAt);
        var row = Assert.Single(await _host.AttemptsAsync(email.Id));
        Assert.Equal((DeliveryOutcome.Permanent, "SendGrid 400: Does not contain a valid address. (personalizations.0.to.0.email)"), (row.Outcome, row.Reason));
        Assert.Single(_host.SendGridLog());

        // The SMS of the same reminder is its own entry: sent once, untouched by the email's failure.
        Assert.Equal(OutboxStatus.Sent, (await _host.EntryAsync(sms.Id)).Status);
        Assert.Single(_host.TwilioLog());
    }

    [Fact]
    public async Task RunOnceAsync_EmailFailsTransiently_SmsNotResentOnRetry()
    {
        _host.SendGridFailsFirst(1, 503, "Service Unavailable");
        _host.TwilioAccepts();
        var (email, sms) = await SeedOneLeaseAsync();
        var sut = _host.CreateSut();

        await _host.DrainAsync(sut, TimeSpan.FromMinutes(1));

        Assert.Equal(OutboxStatus.Sent, (await _host.EntryAsync(email.Id)).Status);
        Assert.Equal(OutboxStatus.Sent, (await _host.EntryAsync(sms.Id)).Status);
        Assert.Equal(2, _host.SendGridLog().Count);
        Assert.Single(_host.TwilioLog());
    }

    [Fact]
    public async Task RunOnceAsync_TransientBeyondMaxAttempts_DeadWithLastReason()
    {
        _host.SendGridFailsFirst(100, 500, """{"errors":[{"message":"internal error"}]}""");
        var lease = Lease();
        var alert = Alert(lease);
        var email = Entry(alert);
        await _host.SeedAsync(lease, alert, [email]);

        var total = await _host.DrainAsync(_host.CreateSut(DispatchHost.Options(maxAttempts: 3)), TimeSpan.FromHours(1));

        Assert.Equal((0, 2, 1), (total.Sent, total.Retrying, total.Dead));
        var dead = await _host.EntryAsync(email.Id);
        Assert.Equal((OutboxStatus.Dead, 3), (dead.Status, dead.Attempts));
        Assert.Equal("gave up after 3 attempts; the last: SendGrid 500: internal error", dead.LastError);
        Assert.Equal(3, _host.SendGridLog().Count);
        var rows = await _host.AttemptsAsync(email.Id);
        Assert.Equal([DeliveryOutcome.Transient, DeliveryOutcome.Transient, DeliveryOutcome.Transient], rows.Select(r => r.Outcome!.Value));
        Assert.Null(rows[^1].RetryAt);
    }

    [Fact]
    public async Task RunOnceAsync_InvalidMobileNumber_DeadWithoutCallingTwilio()
    {
        _host.TwilioAccepts();
        var lease = Lease();
        var alert = Alert(lease);
        var sms = Entry(alert, OutboxChannel.Sms, recipient: "010-8935");
        await _host.SeedAsync(lease, alert, [sms]);

        var summary = await _host.CreateSut().RunOnceAsync();

        Assert.Equal(1, summary.Dead);
        var dead = await _host.EntryAsync(sms.Id);
        Assert.Equal(OutboxStatus.Dead, dead.Status);
        Assert.StartsWith("the message cannot be written: Recipient: '******35' is not a mobile number", dead.LastError, StringComparison.Ordinal);
        Assert.Empty(_host.TwilioLog());
        Assert.Equal(0, dead.Attempts);
    }

    [Fact]
    public async Task RunOnceAsync_AlertResolved_SupersedesWithoutSending()
    {
        _host.SendGridAccepts();
        var lease = Lease();
        var alert = Alert(lease) with { State = AlertState.Resolved, ResolvedOn = new DateOnly(2026, 6, 23) };
        var email = Entry(alert);
        await _host.SeedAsync(lease, alert, [email]);

        var summary = await _host.CreateSut().RunOnceAsync();

        Assert.Equal(1, summary.Superseded);
        var entry = await _host.EntryAsync(email.Id);
        Assert.Equal((OutboxStatus.Superseded, "the alert was resolved: the obligation was met"), (entry.Status, entry.StatusReason));
        Assert.Empty(_host.SendGridLog());
        Assert.Equal(DeliveryOutcome.Superseded, Assert.Single(await _host.AttemptsAsync(email.Id)).Outcome);
    }

    [Fact]
    public async Task RunOnceAsync_UnreadableAlert_ThatEntryFailsOthersAreSent()
    {
        _host.SendGridAccepts();
        var good = Lease("FS-2022-0001");
        var goodAlert = Alert(good);
        var goodEntry = Entry(goodAlert);
        var bad = Lease("FS-2022-0002");
        var badAlert = Alert(bad);
        var badEntry = Entry(badAlert);
        await _host.SeedAsync(good, goodAlert, [goodEntry]);
        await _host.SeedAsync(bad, badAlert, [badEntry]);
        var alerts = await _host.Factory.GetTableClientAsync(MonitoringTables.Alerts);
        await alerts.UpdateEntityAsync(new TableEntity(DispatchHost.District, badAlert.Key) { ["Status"] = "sort-of" }, Azure.ETag.All, TableUpdateMode.Merge);

        var summary = await _host.CreateSut().RunOnceAsync();

        Assert.Equal((2, 1, 1, 0), (summary.Examined, summary.Sent, summary.Failed, summary.Waiting));
        Assert.Equal(OutboxStatus.Sent, (await _host.EntryAsync(goodEntry.Id)).Status);
        var left = await _host.EntryAsync(badEntry.Id);
        Assert.Equal((OutboxStatus.Pending, 0), (left.Status, left.Attempts));
        Assert.Empty(await _host.AttemptsAsync(badEntry.Id));
        Assert.Equal([goodEntry.Id], _host.SendGridCounts().Keys);
    }

    [Fact]
    public async Task RunOnceAsync_AfterScan_SendsEmailsNowAndHoldsSmsUntilEightBeijing()
    {
        // The scan runs at 05:30 Beijing (ScanHost's clock); dispatch right after it, before the SMS window opens.
        var scan = new ScanHost(azurite);
        using var host = new DispatchHost(azurite, scan.Prefix, scan.Time.GetUtcNow());
        await scan.Leases.UpsertAsync(ScanLeases.Mortgaged("FS-2025-0007"));
        await scan.ScanAsync(ScanLeases.Day);
        host.SendGridAccepts();
        host.TwilioAccepts();
        var sut = host.CreateSut();

        var early = await sut.RunOnceAsync();

        Assert.Equal((4, 2, 2), (early.Examined, early.Sent, early.Held));
        Assert.Equal(2, host.SendGridLog().Count);
        Assert.Empty(host.TwilioLog());
        var held = (await host.OutboxAsync()).Where(e => e.Channel == OutboxChannel.Sms).ToList();
        var opening = new DateTimeOffset(2026, 6, 23, 0, 0, 0, TimeSpan.Zero); // 08:00 Beijing
        Assert.All(held, e => Assert.Equal((OutboxStatus.Held, opening), (e.Status, e.NextAttemptAt)));
        Assert.All(held, e => Assert.Equal("SMS quiet hours: SMS goes only 08:00-20:00 Beijing time", e.StatusReason));
        var heldRows = (await host.AttemptsAsync()).Where(r => r.Outcome == DeliveryOutcome.Held).ToList();
        Assert.Equal(2, heldRows.Count);
        Assert.All(heldRows, r => Assert.Equal((opening, 0), (r.RetryAt, r.Attempt)));

        host.Time.SetUtcNow(opening.AddSeconds(-1));
        Assert.Equal(0, (await sut.RunOnceAsync()).Examined);
        host.Time.SetUtcNow(opening);
        var open = await sut.RunOnceAsync();

        Assert.Equal((2, 2), (open.Examined, open.Sent));
        var bodies = host.TwilioLog().Select(e => DispatchHost.Form(e.RequestMessage.Body!)["Body"]).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(
            [
                "【先租后让监管】租赁合同FS-2025-0007涉及“禁止转让、转租、抵押”，请停止转让转租抵押。咨询房山区规划自然资源分局12345",
                "【先租后让监管】租赁合同FS-2025-0007须于2026年6月30日（周二）前提交考核申请，剩7天。咨询房山区经济和信息化局12345",
            ],
            bodies);
        Assert.All(await host.OutboxAsync(), e => Assert.Equal(OutboxStatus.Sent, e.Status));
    }
}
