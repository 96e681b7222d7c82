using System.Text.Json;
using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Domain.Rules;
using ComplianceMonitor.Infrastructure.Tests.Scanning;
using ComplianceMonitor.Testing.Storage;
using static ComplianceMonitor.Infrastructure.Tests.Reminders.DeliverySamples;

namespace ComplianceMonitor.Infrastructure.Tests.Reminders;

/// <summary>
/// A reminder queued by a scan on one day and sent on a later one says one day throughout: subject, text, HTML, SMS
/// and the finding's own message are computed for the sending day, which the body states (截至…).
/// </summary>
/// <remarks>
/// Reproduces issue 10's contradiction: a scan as of 2026-07-03 (assessment application 3 days overdue) and a send on
/// 2026-07-10: before the fix the subject said 已逾期10天 and the body's 情况说明 (the scan's message) 已逾期3天.
/// </remarks>
[Trait("Category", "azurite")]
[Collection("azurite")]
public sealed class OneDayMessageTests(AzuriteFixture azurite) : IDisposable
{
    private static readonly DateOnly ScanDay = new(2026, 7, 3);

    /// <summary>2026-07-10 10:00 Beijing, a Friday, inside the SMS window.</summary>
    private static readonly DateTimeOffset SendMorning = new(2026, 7, 10, 2, 0, 0, TimeSpan.Zero);

    private readonly DispatchHost _host = new(azurite, now: SendMorning);

    public void Dispose() => _host.Dispose();

    private static Alert AlertAsScanned(LeaseRecord lease, DateOnly day)
    {
        var finding = RuleEngine.Default.Check(lease, day).Findings.Single(f => f.Rule == RuleCode.ASSESSMENT_APPLICATION);
        return Alert(lease) with
        {
            Subject = finding.Subject,
            Key = AlertKey.For(lease.LeaseId, finding.Rule, finding.Subject),
            Status = finding.Status,
            Severity = finding.Severity,
            Message = finding.Message,
            Deadline = finding.Deadline,
            FirstSeenOn = day,
            LastSeenOn = day,
            QueuedStages = ["D+3"],
        };
    }

    private static string[] DayCounts(string text) =>
        [.. System.Text.RegularExpressions.Regex.Matches(text, @"(已逾期|逾期|还剩|剩)(\d+)天").Select(m => m.Groups[2].Value).Distinct()];

    [Fact]
    public async Task SentAWeekAfterTheScan_EveryPartSaysTheSendingDay()
    {
        _host.SendGridAccepts();
        _host.TwilioAccepts();
        var lease = Lease();
        var alert = AlertAsScanned(lease, ScanDay);
        Assert.Contains("3天", alert.Message, StringComparison.Ordinal); // the scan's own count, as stored
        await _host.SeedAsync(lease, alert, [Entry(alert, stage: "D+3") with { QueuedOn = ScanDay }, Entry(alert, OutboxChannel.Sms, stage: "D+3") with { QueuedOn = ScanDay }]);

        var summary = await _host.CreateSut().RunOnceAsync();

        Assert.Equal(2, summary.Sent);
        using var json = JsonDocument.Parse(Assert.Single(_host.SendGridLog()).RequestMessage.Body!);
        var root = json.RootElement;
        var subject = root.GetProperty("subject").GetString()!;
        var contents = root.GetProperty("content").EnumerateArray().ToDictionary(c => c.GetProperty("type").GetString()!, c => c.GetProperty("value").GetString()!);
        var text = contents["text/plain"];
        var html = contents["text/html"];
        var sms = DispatchHost.Form(Assert.Single(_host.TwilioLog()).RequestMessage.Body!)["Body"];

        Assert.Equal("【逾期提醒】租赁合同FS-2022-0001考核申请已逾期10天（截止2026年6月30日（星期二））", subject);
        Assert.Contains("截至2026年7月10日（星期五），贵单位承租的", text, StringComparison.Ordinal);
        Assert.Contains("截至2026年7月10日（星期五），贵单位承租的", html, StringComparison.Ordinal);
        Assert.Contains("于2026年7月10日自动发送", text, StringComparison.Ordinal);
        foreach (var part in new[] { subject, text, html, sms })
        {
            Assert.Equal(["10"], DayCounts(part));
        }
    }

    [Fact]
    public async Task ObligationNoLongerFoundOnTheSendingDay_WrittenAsLastSeenOnThatDay()
    {
        _host.SendGridAccepts();
        var lease = Lease();
        var alert = AlertAsScanned(lease, ScanDay);
        // After the scan the record was corrected (applied on 29 June): the sending day's evaluation no longer finds the obligation.
        var applied = lease with { Assessment = lease.Assessment with { AppliedOn = new DateOnly(2026, 6, 29) } };
        await _host.SeedAsync(applied, alert, [Entry(alert, stage: "D+3") with { QueuedOn = ScanDay }]);

        await _host.CreateSut().RunOnceAsync();

        using var json = JsonDocument.Parse(Assert.Single(_host.SendGridLog()).RequestMessage.Body!);
        var root = json.RootElement;
        var text = root.GetProperty("content").EnumerateArray().Single(c => c.GetProperty("type").GetString() == "text/plain").GetProperty("value").GetString()!;
        Assert.Equal("【逾期提醒】租赁合同FS-2022-0001考核申请已逾期3天（截止2026年6月30日（星期二））", root.GetProperty("subject").GetString());
        Assert.Contains("截至2026年7月3日（星期五），贵单位承租的", text, StringComparison.Ordinal);
        Assert.Contains("于2026年7月10日自动发送", text, StringComparison.Ordinal);
        Assert.Equal(["3"], DayCounts(text));
    }
}
