using ComplianceMonitor.Application.Digest;
using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Tasks;
using ComplianceMonitor.Infrastructure.Digest;
using Azure.Data.Tables;
using ComplianceMonitor.Testing.Storage;
using static ComplianceMonitor.Infrastructure.Tests.Digest.DigestSamples;

namespace ComplianceMonitor.Infrastructure.Tests.Digest;

[Trait("Category", "azurite")]
[Collection("azurite")]
public sealed class TableDigestStoresTests(AzuriteFixture azurite)
{
    private static DigestRecord Record(DateTimeOffset occurrence, DigestRecordStatus status = DigestRecordStatus.Sending) => new()
    {
        DistrictCode = Fangshan,
        Occurrence = occurrence,
        Status = status,
        Attempts = 1,
        ClaimedAt = occurrence.AddSeconds(4),
        ClaimedBy = "inst-a",
    };

    [Fact]
    public async Task CreateManyAsync_SameOccurrenceTwice_FirstCreatedSecondAlreadyExists()
    {
        var store = new TableDigestRecordStore(azurite.CreateFactory());

        var first = await store.CreateManyAsync(Fangshan, [Record(At0830)]);
        var second = await store.CreateManyAsync(Fangshan, [Record(At0830) with { ClaimedBy = "inst-b" }]);

        Assert.Equal(("2026-11-26T00:30:00Z", WriteOutcome.Created), (first[0].Key, first[0].Outcome));
        Assert.Equal(WriteOutcome.AlreadyExists, second[0].Outcome);
        Assert.Equal("inst-a", (await store.GetAsync(Fangshan, "2026-11-26T00:30:00Z"))!.ClaimedBy);
    }

    [Fact]
    public async Task GetAsync_SentRecord_RoundTripsEveryField()
    {
        var store = new TableDigestRecordStore(azurite.CreateFactory());
        var record = Record(At0830) with
        {
            Status = DigestRecordStatus.Sent,
            Attempts = 2,
            NextAttemptAt = At0830.AddMinutes(20),
            SentAt = At0830.AddMinutes(15),
            ProviderMessageId = "sg-123",
            LastError = "503 then fine",
            Subject = "【房山区】先租后让合规日报 2026年11月26日（星期四）",
            RecipientCount = 3,
        };
        var created = await store.CreateManyAsync(Fangshan, [record]);

        var read = await store.GetAsync(Fangshan, record.Key);

        Assert.Equal(record with { ETag = created[0].ETag }, read);
        Assert.Equal(new DateOnly(2026, 11, 26), read!.DigestDate);
    }

    [Fact]
    public async Task UpdateManyAsync_StaleETag_ConflictAndStoredUnchanged()
    {
        var store = new TableDigestRecordStore(azurite.CreateFactory());
        var created = await store.CreateManyAsync(Fangshan, [Record(At0830)]);
        var mine = Record(At0830) with { ETag = created[0].ETag };
        var taken = await store.UpdateManyAsync(Fangshan, [mine with { ClaimedBy = "inst-b", Attempts = 2 }]);

        var stale = await store.UpdateManyAsync(Fangshan, [mine with { Status = DigestRecordStatus.Sent }]);

        Assert.Equal(WriteOutcome.Updated, taken[0].Outcome);
        Assert.Equal(WriteOutcome.Conflict, stale[0].Outcome);
        var read = await store.GetAsync(Fangshan, mine.Key);
        Assert.Equal((DigestRecordStatus.Sending, "inst-b", 2), (read!.Status, read.ClaimedBy, read.Attempts));
    }

    [Fact]
    public async Task FindLatestSentBeforeAsync_MixedRecords_LatestSentStrictlyBeforeWithinTheLookBack()
    {
        var store = new TableDigestRecordStore(azurite.CreateFactory());
        await store.CreateManyAsync(Fangshan, [
            Record(At0830.AddDays(-6), DigestRecordStatus.Sent),
            Record(At0830.AddDays(-3), DigestRecordStatus.Failed),
            Record(At0830.AddDays(-2), DigestRecordStatus.Sent),
            Record(At0830.AddDays(-1), DigestRecordStatus.Abandoned),
            Record(At0830, DigestRecordStatus.Sent),
        ]);
        await new TableDigestRecordStore(azurite.CreateFactory()).CreateManyAsync("110112", [Record(At0830.AddDays(-1), DigestRecordStatus.Sent) with { DistrictCode = "110112" }]);

        var beforeToday = await store.FindLatestSentBeforeAsync(Fangshan, At0830, TimeSpan.FromDays(92));
        var beforeMidnight = await store.FindLatestSentBeforeAsync(Fangshan, new DateTimeOffset(2026, 11, 26, 0, 0, 0, TimeSpan.FromHours(8)), TimeSpan.FromDays(92));
        var shortLookBack = await store.FindLatestSentBeforeAsync(Fangshan, At0830.AddDays(-2), TimeSpan.FromDays(3));
        var inclusive = await store.FindLatestSentBeforeAsync(Fangshan, At0830.AddSeconds(1), TimeSpan.FromDays(92));

        Assert.Equal(At0830.AddDays(-2), beforeToday?.Occurrence);
        Assert.Equal(At0830.AddDays(-2), beforeMidnight?.Occurrence);
        Assert.Null(shortLookBack);
        Assert.Equal(At0830, inclusive?.Occurrence);
    }

    [Fact]
    public async Task ListAsync_UnreadableRow_SkippedOthersInOccurrenceOrder()
    {
        var factory = azurite.CreateFactory();
        var store = new TableDigestRecordStore(factory);
        await store.CreateManyAsync(Fangshan, [Record(At0830), Record(At0830.AddDays(-1), DigestRecordStatus.Sent)]);
        var table = await factory.GetTableClientAsync(TableDigestRecordStore.TableName);
        await table.AddEntityAsync(new TableEntity(Fangshan, "2026-11-20T00:30:00Z") { ["Status"] = "lost", ["Occurrence"] = At0830.AddDays(-6) });

        var list = new List<DigestRecord>();
        await foreach (var r in store.ListAsync(Fangshan))
        {
            list.Add(r);
        }

        Assert.Equal(["2026-11-25T00:30:00Z", "2026-11-26T00:30:00Z"], list.Select(r => r.Key));
    }

    [Fact]
    public async Task ScheduleStore_PutGetListDelete_RoundTripsAndNormalisesRecipients()
    {
        var store = new TableDigestScheduleStore(azurite.CreateFactory());
        var put = await store.PutAsync(new StoredDigestSchedule
        {
            DistrictCode = Fangshan, Cron = " 0 9 * * 1-5 ", Recipients = "a@fs.example.cn; b@fs.example.cn", UpdatedBy = "admin", UpdatedAt = At0830,
        });
        await store.PutAsync(new StoredDigestSchedule { DistrictCode = "110112", Enabled = false });

        var read = await store.GetAsync(Fangshan);
        var all = await store.ListAsync();
        var deleted = await store.DeleteAsync("110112");
        var deletedAgain = await store.DeleteAsync("110112");

        Assert.False(string.IsNullOrEmpty(put.ETag));
        Assert.Equal(("0 9 * * 1-5", "a@fs.example.cn,b@fs.example.cn", true, "admin", (DateTimeOffset?)At0830), (read!.Cron, read.Recipients, read.Enabled, read.UpdatedBy, read.UpdatedAt));
        Assert.Equal([(Fangshan, true), ("110112", false)], all.OrderBy(s => s.DistrictCode).Select(s => (s.DistrictCode, s.Enabled)));
        Assert.Null(all.Single(s => s.DistrictCode == "110112").Cron);
        Assert.Equal((true, false), (deleted, deletedAgain));
        Assert.Null(await store.GetAsync("110112"));
    }

    [Fact]
    public async Task ScheduleStore_PutBadCron_ThrowsNamingTheFieldAndWritesNothing()
    {
        var store = new TableDigestScheduleStore(azurite.CreateFactory());

        var ex = await Assert.ThrowsAsync<FormatException>(() => store.PutAsync(new StoredDigestSchedule { DistrictCode = Fangshan, Cron = "30 8 * *" }));

        Assert.Equal("cron: '30 8 * *' has 4 fields; expected 5 (minute hour day-of-month month day-of-week) or 6 (seconds first)", ex.Message);
        Assert.Empty(await store.ListAsync());
    }
}
