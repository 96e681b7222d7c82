using ComplianceMonitor.Application.Digest;
using ComplianceMonitor.Domain.Jurisdictions;
using ComplianceMonitor.Testing.Storage;
using MimeKit;
using static ComplianceMonitor.Infrastructure.Tests.Digest.DigestSamples;

namespace ComplianceMonitor.Infrastructure.Tests.Digest;

/// <summary>The scheduler against Azurite over HTTP: the claim is a real conditional insert, the outcome a real ETag-guarded replace.</summary>
[Trait("Category", "azurite")]
[Collection("azurite")]
public sealed class DigestSchedulerTableTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task RunDueAsync_TwoInstancesAtOnceThreeTimesOver_EachDistrictSentExactlyOnce()
    {
        using var host = new DigestTableHost(azurite, DigestTableHost.EveryDistrict());
        host.Email.Hold = TimeSpan.FromMilliseconds(50);
        host.Time.SetUtcNow(At0830);
        var a = host.CreateInstance();
        var b = host.CreateInstance();

        var runs = await Task.WhenAll(
            a.RunDueAsync(At0830), b.RunDueAsync(At0830),
            a.RunDueAsync(At0830.AddSeconds(1)), b.RunDueAsync(At0830.AddSeconds(1)),
            a.RunDueAsync(At0830.AddSeconds(2)), b.RunDueAsync(At0830.AddSeconds(2)));

        Assert.Equal(Jurisdiction.All.Count, host.Email.Calls);
        Assert.Equal(Jurisdiction.All.Select(j => $"digest|{j.Code}|2026-11-26T00:30:00Z").Order(), host.Email.Accepted.Keys.Order());
        Assert.All(host.Email.Accepted.Values, n => Assert.Equal(1, n));
        var sent = runs.SelectMany(r => r).Where(o => o.Result == DigestRunResult.Sent).Select(o => o.DistrictCode).ToList();
        Assert.Equal(Jurisdiction.All.Select(j => j.Code).Order(), sent.Order());
        Assert.All(runs.SelectMany(r => r).Where(o => o.Result != DigestRunResult.Sent), o => Assert.Contains(o.Result, new[] { DigestRunResult.ClaimedElsewhere, DigestRunResult.AlreadySent }));
        foreach (var j in Jurisdiction.All)
        {
            var record = Assert.Single(await host.RecordsAsync(j.Code));
            Assert.Equal((DigestRecordStatus.Sent, 1, 2), (record.Status, record.Attempts, record.RecipientCount));
        }

        Assert.Equal(Jurisdiction.All.Count, Directory.GetFiles(host.Folder, "*.eml").Length);
    }

    [Fact]
    public async Task RunDueAsync_TimerFiresTwice_OneEmlFile()
    {
        var options = new DigestOptions();
        options.Districts[Fangshan] = new DistrictDigestOptions { Recipients = "chief@fangshan.gov.example.cn" };
        using var host = new DigestTableHost(azurite, options);
        var scheduler = host.CreateInstance();
        host.Time.SetUtcNow(At0830);

        var first = await scheduler.RunDueAsync(At0830);
        var second = await host.CreateInstance().RunDueAsync(At0830.AddSeconds(30));

        Assert.Equal(DigestRunResult.Sent, first.Single(o => o.DistrictCode == Fangshan).Result);
        Assert.Equal(DigestRunResult.AlreadySent, second.Single(o => o.DistrictCode == Fangshan).Result);
        var eml = Assert.Single(Directory.GetFiles(host.Folder, "*.eml"));
        var mime = await MimeMessage.LoadAsync(eml);
        Assert.Equal("【房山区】先租后让合规日报 2026年11月26日（星期四）", mime.Subject);
        Assert.Equal(["chief@fangshan.gov.example.cn"], mime.To.Mailboxes.Select(m => m.Address));
        Assert.Contains("无新增事项。", mime.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("一、新增事项（共0项，自2026年11月25日之后新发现的事项）", mime.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunDueAsync_ProviderFailsOnce_NextRunSendsAndTheRecordShowsTwoAttempts()
    {
        var options = new DigestOptions();
        options.Districts[Fangshan] = new DistrictDigestOptions { Recipients = "chief@fangshan.gov.example.cn" };
        using var host = new DigestTableHost(azurite, options);
        host.Email.FailNext(1);

        host.Time.SetUtcNow(At0830);
        var first = await host.CreateInstance().RunDueAsync(At0830);
        var failed = Assert.Single(await host.RecordsAsync(Fangshan));
        host.Time.SetUtcNow(At0830.AddMinutes(15));
        var second = await host.CreateInstance().RunDueAsync(At0830.AddMinutes(15));
        host.Time.SetUtcNow(At0830.AddMinutes(30));
        var third = await host.CreateInstance().RunDueAsync(At0830.AddMinutes(30));

        Assert.Equal(
            [DigestRunResult.Failed, DigestRunResult.Sent, DigestRunResult.AlreadySent],
            new[] { first, second, third }.Select(r => r.Single(o => o.DistrictCode == Fangshan).Result));
        Assert.Equal((DigestRecordStatus.Failed, "simulated 503 from the provider"), (failed.Status, failed.LastError));
        var record = Assert.Single(await host.RecordsAsync(Fangshan));
        Assert.Equal((DigestRecordStatus.Sent, 2, (DateTimeOffset?)At0830.AddMinutes(15)), (record.Status, record.Attempts, record.SentAt));
        Assert.Equal(2, host.Email.Calls);
        Assert.Single(Directory.GetFiles(host.Folder, "*.eml"));
    }
}
