using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Application.Digest;
using ComplianceMonitor.Domain.Rules;
using static ComplianceMonitor.Application.Tests.Digest.DigestHost;
using static ComplianceMonitor.Application.Tests.Digest.DigestTestData;

namespace ComplianceMonitor.Application.Tests.Digest;

[Trait("Category", "unit")]
public sealed class DigestSchedulerTests
{
    private static readonly DateTimeOffset At0830Beijing = Utc(2026, 11, 26, 0, 30);

    private static DigestDistrictOutcome Of(IReadOnlyList<DigestDistrictOutcome> outcomes, string district) => Assert.Single(outcomes, o => o.DistrictCode == district);

    [Fact]
    public async Task RunDueAsync_At0830BeijingOnAWorkingDay_SendsTheDigestOnceToTheSupervisors()
    {
        var host = new DigestHost();
        host.Alerts.Seed(Obligation("FS-A", RuleCode.RENT_ARREARS, new DateOnly(2026, 11, 20), firstSeen: Day));
        await host.Runs.PutAsync(Run(Fangshan, Day));

        var outcomes = await host.RunAtAsync(At0830Beijing);

        Assert.Equal(new DigestDistrictOutcome(Fangshan, DigestRunResult.Sent, At0830Beijing), Of(outcomes, Fangshan));
        Assert.All(outcomes.Where(o => o.DistrictCode != Fangshan), o => Assert.Equal(DigestRunResult.NoRecipients, o.Result));
        var message = Assert.Single(host.Email.Sent);
        Assert.Equal(["zhang.supervisor@fangshan.example.gov.cn", "li@fangshan.example.gov.cn"], message.To.Select(t => t.Address));
        Assert.Equal("【房山区】先租后让合规日报 2026年11月26日（星期四）", message.Subject);
        Assert.Equal("digest|110111|2026-11-26T00:30:00Z", message.OutboxId);
        Assert.Equal(["digest", "110111"], message.Categories);
        var model = Assert.Single(host.SentModels());
        Assert.Equal((1, 1), (model.Counts.Overdue, model.Counts.New));

        var record = Assert.Single(host.Records.All(Fangshan));
        Assert.Equal((DigestRecordStatus.Sent, 1, At0830Beijing, "msg-1", 2), (record.Status, record.Attempts, record.SentAt, record.ProviderMessageId, record.RecipientCount));
        Assert.Equal(new DateOnly(2026, 11, 26), record.DigestDate);
    }

    [Fact]
    public async Task RunDueAsync_OneMinuteEarly_SendsNothingAndWritesNothing()
    {
        var host = new DigestHost();

        var outcomes = await host.RunAtAsync(Utc(2026, 11, 26, 0, 29));

        Assert.Equal(DigestRunResult.NotDue, Of(outcomes, Fangshan).Result);
        Assert.Empty(host.Email.Attempts);
        Assert.Equal(0, host.Records.Writes);
    }

    [Fact]
    public async Task RunDueAsync_TimerFiresTwice_OneSend()
    {
        var host = new DigestHost();

        var first = await host.RunAtAsync(At0830Beijing);
        var second = await host.RunAtAsync(At0830Beijing.AddSeconds(2));

        Assert.Equal(DigestRunResult.Sent, Of(first, Fangshan).Result);
        Assert.Equal(new DigestDistrictOutcome(Fangshan, DigestRunResult.AlreadySent, At0830Beijing), Of(second, Fangshan));
        Assert.Single(host.Email.Attempts);
    }

    [Fact]
    public async Task RunDueAsync_EveryFifteenMinutesAllDay_OneSendPerWorkingDay()
    {
        var host = new DigestHost();
        var scheduler = host.CreateSut();

        // Thursday 2026-11-26 00:00 Beijing to Tuesday 2026-12-01 24:00 Beijing, every 15 minutes.
        for (var t = Utc(2026, 11, 25, 16, 0); t < Utc(2026, 12, 1, 16, 0); t = t.AddMinutes(15))
        {
            await host.RunAtAsync(t, scheduler);
        }

        Assert.Equal(
            ["2026-11-26T00:30:00Z", "2026-11-27T00:30:00Z", "2026-11-30T00:30:00Z", "2026-12-01T00:30:00Z"],
            host.Email.Sent.Select(m => m.CustomArgs["occurrence"]));
    }

    [Fact]
    public async Task RunDueAsync_NationalDayAndMidAutumn_SkippedThenTheNextWorkingDaySends()
    {
        var host = new DigestHost();
        var scheduler = host.CreateSut();

        // 2026-09-24 (Thu) to 2026-10-10 (Sat, an adjusted working day), hourly.
        var results = new List<DigestDistrictOutcome>();
        for (var t = Utc(2026, 9, 23, 16, 0); t < Utc(2026, 10, 10, 16, 0); t = t.AddHours(1))
        {
            results.Add(Of(await host.RunAtAsync(t, scheduler), Fangshan));
        }

        Assert.Equal(
            ["2026-09-24T00:30:00Z", "2026-09-28T00:30:00Z", "2026-09-29T00:30:00Z", "2026-09-30T00:30:00Z", "2026-10-08T00:30:00Z", "2026-10-09T00:30:00Z"],
            host.Email.Sent.Select(m => m.CustomArgs["occurrence"]));
        Assert.Equal(
            ["2026-09-25", "2026-10-01", "2026-10-02", "2026-10-05", "2026-10-06", "2026-10-07"],
            results.Where(r => r.Result == DigestRunResult.OffDay).Select(r => r.Occurrence!.Value.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)).Distinct());
        Assert.DoesNotContain(host.Records.All(Fangshan), r => r.DigestDate == new DateOnly(2026, 10, 1));
    }

    [Fact]
    public async Task RunDueAsync_PerDistrictOverride_EachDistrictOnItsOwnTime()
    {
        var options = WithRecipients(new DigestOptions(), Fangshan, "fs@fangshan.example.gov.cn");
        WithRecipients(options, Tongzhou, "tz@tongzhou.example.gov.cn", cron: "0 7 * * 1-5");
        var host = new DigestHost(options);

        var at0700 = await host.RunAtAsync(Utc(2026, 11, 25, 23, 0));
        var at0800 = await host.RunAtAsync(Utc(2026, 11, 26, 0, 0));
        var at0830 = await host.RunAtAsync(At0830Beijing);

        Assert.Equal((DigestRunResult.Sent, DigestRunResult.NotDue), (Of(at0700, Tongzhou).Result, Of(at0700, Fangshan).Result));
        Assert.Equal((DigestRunResult.AlreadySent, DigestRunResult.NotDue), (Of(at0800, Tongzhou).Result, Of(at0800, Fangshan).Result));
        Assert.Equal((DigestRunResult.AlreadySent, DigestRunResult.Sent), (Of(at0830, Tongzhou).Result, Of(at0830, Fangshan).Result));
        Assert.Equal(
            [("tz@tongzhou.example.gov.cn", "2026-11-25T23:00:00Z"), ("fs@fangshan.example.gov.cn", "2026-11-26T00:30:00Z")],
            host.Email.Sent.Select(m => (m.To[0].Address, m.CustomArgs["occurrence"])));
    }

    [Fact]
    public async Task RunDueAsync_StoredScheduleOverridesConfiguration()
    {
        var host = new DigestHost();
        await host.Stored.PutAsync(new StoredDigestSchedule { DistrictCode = Fangshan, Cron = "0 10 * * 1-5" });

        var at0830 = await host.RunAtAsync(At0830Beijing);
        var at1000 = await host.RunAtAsync(Utc(2026, 11, 26, 2, 0));

        Assert.Equal(DigestRunResult.NotDue, Of(at0830, Fangshan).Result);
        Assert.Equal(new DigestDistrictOutcome(Fangshan, DigestRunResult.Sent, Utc(2026, 11, 26, 2, 0)), Of(at1000, Fangshan));
    }

    [Fact]
    public async Task RunDueAsync_PastDueRun_CatchesUpOnlyTheLatestOccurrenceOfTheDay()
    {
        var host = new DigestHost(WithRecipients(new DigestOptions(), Fangshan, "fs@fangshan.example.gov.cn", cron: "0 8,12,16 * * 1-5"));

        // The timer was down all day until 17:10 Beijing.
        var late = await host.RunAtAsync(Utc(2026, 11, 26, 9, 10));
        var nextMorning = await host.RunAtAsync(Utc(2026, 11, 26, 23, 50));

        Assert.Equal(new DigestDistrictOutcome(Fangshan, DigestRunResult.Sent, Utc(2026, 11, 26, 8, 0)), Of(late, Fangshan));
        Assert.Equal(DigestRunResult.NotDue, Of(nextMorning, Fangshan).Result);
        Assert.Equal(["2026-11-26T08:00:00Z"], host.Email.Sent.Select(m => m.CustomArgs["occurrence"]));
        Assert.Single(host.Records.All(Fangshan));
    }

    [Fact]
    public async Task RunDueAsync_TransientFailure_RetriedByTheNextRunThenSentOnce()
    {
        var host = new DigestHost();
        host.Email.Then(SendResult.Retry("SendGrid 503 Service Unavailable"));

        var first = await host.RunAtAsync(At0830Beijing);
        var failed = Assert.Single(host.Records.All(Fangshan));
        var second = await host.RunAtAsync(At0830Beijing.AddMinutes(15));
        var third = await host.RunAtAsync(At0830Beijing.AddMinutes(30));

        Assert.Equal(new DigestDistrictOutcome(Fangshan, DigestRunResult.Failed, At0830Beijing, "SendGrid 503 Service Unavailable"), Of(first, Fangshan));
        Assert.Equal((DigestRecordStatus.Failed, 1, (DateTimeOffset?)null), (failed.Status, failed.Attempts, failed.NextAttemptAt));
        Assert.Equal(DigestRunResult.Sent, Of(second, Fangshan).Result);
        Assert.Equal(DigestRunResult.AlreadySent, Of(third, Fangshan).Result);
        Assert.Equal(2, host.Email.Attempts.Count);
        Assert.Single(host.Email.Sent);
        var record = Assert.Single(host.Records.All(Fangshan));
        Assert.Equal((DigestRecordStatus.Sent, 2, At0830Beijing.AddMinutes(15), (string?)null), (record.Status, record.Attempts, record.SentAt, record.LastError));
    }

    [Fact]
    public async Task RunDueAsync_ProviderAskedToWait_NotRetriedBeforeThen()
    {
        var host = new DigestHost();
        host.Email.Then(SendResult.Retry("429 Too Many Requests", TimeSpan.FromMinutes(20)));

        await host.RunAtAsync(At0830Beijing);
        var early = await host.RunAtAsync(At0830Beijing.AddMinutes(15));
        var later = await host.RunAtAsync(At0830Beijing.AddMinutes(30));

        Assert.Equal(DigestRunResult.WaitingToRetry, Of(early, Fangshan).Result);
        Assert.Equal(DigestRunResult.Sent, Of(later, Fangshan).Result);
        Assert.Equal(2, host.Email.Attempts.Count);
    }

    [Fact]
    public async Task RunDueAsync_PermanentRejection_AbandonedAndNeverRetried()
    {
        var host = new DigestHost();
        host.Email.Then(SendResult.Fail("400 Bad Request: does not contain a valid address"));

        var first = await host.RunAtAsync(At0830Beijing);
        var second = await host.RunAtAsync(At0830Beijing.AddMinutes(15));

        Assert.Equal(DigestRunResult.Abandoned, Of(first, Fangshan).Result);
        Assert.Equal(DigestRunResult.Abandoned, Of(second, Fangshan).Result);
        Assert.Single(host.Email.Attempts);
        Assert.Equal(DigestRecordStatus.Abandoned, Assert.Single(host.Records.All(Fangshan)).Status);
    }

    [Fact]
    public async Task RunDueAsync_FailsEveryTime_AbandonedAfterMaxAttempts()
    {
        var host = new DigestHost(WithRecipients(new DigestOptions { MaxAttempts = 3 }, Fangshan, "fs@fangshan.example.gov.cn"));
        host.Email.Then(SendResult.Retry("503"), SendResult.Retry("503"), SendResult.Retry("503"), SendResult.Retry("503"));

        var results = new List<DigestRunResult>();
        for (var i = 0; i < 5; i++)
        {
            results.Add(Of(await host.RunAtAsync(At0830Beijing.AddMinutes(15 * i)), Fangshan).Result);
        }

        Assert.Equal([DigestRunResult.Failed, DigestRunResult.Failed, DigestRunResult.Abandoned, DigestRunResult.Abandoned, DigestRunResult.Abandoned], results);
        Assert.Equal(3, host.Email.Attempts.Count);
        Assert.Equal((DigestRecordStatus.Abandoned, 3), (host.Records.All(Fangshan)[0].Status, host.Records.All(Fangshan)[0].Attempts));
    }

    [Fact]
    public async Task RunDueAsync_ProviderRefusesOurAccount_HeldHourlyNeverAbandonedThenSentOnceFixed()
    {
        // A rotated SendGrid key: every send is refused (401) until the key is fixed, more often than MaxAttempts.
        var host = new DigestHost(WithRecipients(new DigestOptions { MaxAttempts = 3 }, Fangshan, "fs@fangshan.example.gov.cn"));
        var refused = SendResult.Refuse("SendGrid 401: The provided authorization grant is invalid, expired, or revoked", new ProviderStatus(401));
        host.Email.Then(refused, refused, refused, refused);

        var first = await host.RunAtAsync(At0830Beijing);
        var held = Assert.Single(host.Records.All(Fangshan));
        var results = new List<DigestRunResult> { Of(first, Fangshan).Result };
        for (var minutes = 15; minutes <= 5 * 60; minutes += 15)
        {
            results.Add(Of(await host.RunAtAsync(At0830Beijing.AddMinutes(minutes)), Fangshan).Result);
        }

        Assert.Equal(new DigestDistrictOutcome(Fangshan, DigestRunResult.Failed, At0830Beijing, "SendGrid 401: The provided authorization grant is invalid, expired, or revoked"), Of(first, Fangshan));
        Assert.Equal((DigestRecordStatus.Failed, 0, At0830Beijing.AddHours(1)), (held.Status, held.Attempts, held.NextAttemptAt));

        // Refused at 08:30, 09:30, 10:30 and 11:30 (waiting in between), then the fixed key sends it at 12:30: never abandoned.
        Assert.Equal(5, host.Email.Attempts.Count);
        Assert.Equal(DigestRunResult.Sent, results[16]);
        Assert.Equal([DigestRunResult.Failed, DigestRunResult.Failed, DigestRunResult.Failed, DigestRunResult.Failed], results.Where((r, i) => i % 4 == 0).Take(4));
        Assert.All(results.Where((r, i) => i % 4 != 0 && i < 16), r => Assert.Equal(DigestRunResult.WaitingToRetry, r));
        Assert.All(results.Skip(17), r => Assert.Equal(DigestRunResult.AlreadySent, r));
        var record = Assert.Single(host.Records.All(Fangshan));
        Assert.Equal((DigestRecordStatus.Sent, 1, At0830Beijing.AddHours(4), (string?)null), (record.Status, record.Attempts, record.SentAt, record.LastError));
        Assert.Single(host.Email.Sent);
    }

    [Fact]
    public async Task RunDueAsync_ClaimInsertedBetweenReadAndInsert_LeavesTheSendToTheOtherRun()
    {
        var host = new DigestHost();
        host.Records.AfterGet = () => host.Records.CreateManyAsync(Fangshan, [new DigestRecord
        {
            DistrictCode = Fangshan, Occurrence = At0830Beijing, Status = DigestRecordStatus.Sending, Attempts = 1, ClaimedAt = At0830Beijing, ClaimedBy = "other",
        }]);

        var outcomes = await host.RunAtAsync(At0830Beijing);

        Assert.Equal(DigestRunResult.ClaimedElsewhere, Of(outcomes, Fangshan).Result);
        Assert.Empty(host.Email.Attempts);
        Assert.Equal("other", Assert.Single(host.Records.All(Fangshan)).ClaimedBy);
    }

    [Fact]
    public async Task RunDueAsync_TwoSchedulersAtOnce_OneSend()
    {
        var host = new DigestHost();
        var inside = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        host.Email.During = async () =>
        {
            inside.TrySetResult();
            await release.Task;
        };
        host.Time.SetUtcNow(At0830Beijing);
        var a = host.CreateSut();
        var b = host.CreateSut();

        var first = Task.Run(() => a.RunDueAsync(At0830Beijing));
        await inside.Task;
        var second = await b.RunDueAsync(At0830Beijing.AddSeconds(1));
        release.SetResult();
        var firstOutcomes = await first;

        Assert.Equal(DigestRunResult.Sent, Of(firstOutcomes, Fangshan).Result);
        Assert.Equal(DigestRunResult.ClaimedElsewhere, Of(second, Fangshan).Result);
        Assert.Single(host.Email.Attempts);
    }

    [Fact]
    public async Task RunDueAsync_ClaimStuckInSendingPastTheTimeout_TakenOverAndSent()
    {
        var host = new DigestHost();
        host.Records.Seed(new DigestRecord
        {
            DistrictCode = Fangshan, Occurrence = At0830Beijing, Status = DigestRecordStatus.Sending, Attempts = 1, ClaimedAt = At0830Beijing, ClaimedBy = "dead-instance",
        });

        var within = await host.RunAtAsync(At0830Beijing.AddMinutes(9));
        var after = await host.RunAtAsync(At0830Beijing.AddMinutes(15));

        Assert.Equal(DigestRunResult.ClaimedElsewhere, Of(within, Fangshan).Result);
        Assert.Equal(DigestRunResult.Sent, Of(after, Fangshan).Result);
        Assert.Single(host.Email.Sent);
        Assert.Equal((DigestRecordStatus.Sent, 2), (host.Records.All(Fangshan)[0].Status, host.Records.All(Fangshan)[0].Attempts));
        Assert.Contains(host.Log.Messages, m => m.StartsWith("Digest of district 110111 for ", StringComparison.Ordinal) && m.Contains(": claim of dead-instance from ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunDueAsync_StoresFailWhileBuilding_RecordedFailedAndRetried()
    {
        var host = new DigestHost();
        var broken = new DigestScheduler(
            new DigestSchedules(Microsoft.Extensions.Options.Options.Create(host.Options), new ListLogger<DigestSchedules>(), host.Stored),
            new DigestService(host.Alerts, host.Tasks, host.Outbox, new ThrowingRunStore(), host.Records, new DigestBuilder(host.Options, Domain.Calendar.WorkingDayCalendar.Default), new JsonDigestRenderer(), host.Time),
            host.Records, host.Email, Domain.Calendar.WorkingDayCalendar.Default, Microsoft.Extensions.Options.Options.Create(host.Options), host.Time, host.Log);

        var first = await host.RunAtAsync(At0830Beijing, broken);
        var second = await host.RunAtAsync(At0830Beijing.AddMinutes(15));

        Assert.Equal(new DigestDistrictOutcome(Fangshan, DigestRunResult.Failed, At0830Beijing, "IOException: table service unavailable"), Of(first, Fangshan));
        Assert.Equal(DigestRunResult.Sent, Of(second, Fangshan).Result);
        Assert.Single(host.Email.Attempts);
    }

    [Fact]
    public async Task RunDueAsync_SecondDigest_NewCountsFromThePreviousDigest()
    {
        var host = new DigestHost();
        host.Alerts.Seed(Obligation("FS-A", RuleCode.ASSESSMENT_APPLICATION, new DateOnly(2027, 3, 1), firstSeen: new DateOnly(2026, 11, 20)));
        await host.RunAtAsync(At0830Beijing);
        host.Alerts.Seed(Obligation("FS-B", RuleCode.ASSESSMENT_APPLICATION, new DateOnly(2027, 4, 1), firstSeen: new DateOnly(2026, 11, 27)));

        await host.RunAtAsync(Utc(2026, 11, 27, 0, 30));

        var models = host.SentModels();
        Assert.Equal((new DateOnly(2026, 11, 25), (DateOnly?)null, 0), (models[0].NewSince, models[0].PreviousDigestDate, models[0].Counts.New));
        Assert.Equal((new DateOnly(2026, 11, 26), (DateOnly?)new DateOnly(2026, 11, 26)), (models[1].NewSince, models[1].PreviousDigestDate));
        Assert.Equal(["FS-B"], models[1].New.Select(i => i.LeaseId));
    }

    [Fact]
    public async Task RunDueAsync_Logs_NeverShowAFullAddress()
    {
        var host = new DigestHost();
        host.Email.Then(SendResult.Retry("550 mailbox zhang.supervisor@fangshan.example.gov.cn unavailable"));

        await host.RunAtAsync(At0830Beijing);
        var failed = host.Records.All(Fangshan)[0];
        await host.RunAtAsync(At0830Beijing.AddMinutes(15));

        Assert.Equal("550 mailbox z***@fangshan.example.gov.cn unavailable", failed.LastError);
        Assert.Contains(host.Log.Messages, m => m.Contains("sent to 2 recipient(s) z***@fangshan.example.gov.cn, l***@fangshan.example.gov.cn", StringComparison.Ordinal));
        Assert.Contains(host.Log.Messages, m => m.Contains("550 mailbox z***@fangshan.example.gov.cn unavailable", StringComparison.Ordinal));
        Assert.DoesNotContain(host.Log.Messages, m => m.Contains("zhang.supervisor@", StringComparison.Ordinal) || m.Contains("li@", StringComparison.Ordinal));
    }

    private sealed class ThrowingRunStore : ComplianceMonitor.Application.Scanning.IRunStore
    {
        public Task PutAsync(ComplianceMonitor.Application.Scanning.ScanRun run, CancellationToken cancellationToken = default) => throw new IOException("table service unavailable");

        public Task<ComplianceMonitor.Application.Scanning.ScanRun?> GetAsync(string districtCode, string runId, CancellationToken cancellationToken = default) => throw new IOException("table service unavailable");

        public async IAsyncEnumerable<ComplianceMonitor.Application.Scanning.ScanRun> ListAsync(string districtCode, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            throw new IOException("table service unavailable");
#pragma warning disable CS0162 // an iterator needs a yield
            yield break;
#pragma warning restore CS0162
        }
    }
}
