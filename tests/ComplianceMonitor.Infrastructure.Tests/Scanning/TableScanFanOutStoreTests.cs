using Azure.Data.Tables;
using ComplianceMonitor.Infrastructure.Scanning;
using ComplianceMonitor.Infrastructure.Storage;
using ComplianceMonitor.Testing.Storage;

namespace ComplianceMonitor.Infrastructure.Tests.Scanning;

/// <summary>The fan-out markers: one scan message per (run, district) however often the timer fires, a dead fan-out's district taken over once.</summary>
/// <remarks>
/// ScanFunctionsTests covers the same rules end to end through the Functions host (a double firing, a crashed fan-out's
/// stale claim, a fresh claim left alone); these pin the store's own contract without the host: two concurrent
/// take-overs of one stale claim (exactly one wins), and the fields a marker keeps.
/// </remarks>
[Trait("Category", "azurite")]
[Collection("azurite")]
public sealed class TableScanFanOutStoreTests(AzuriteFixture azurite)
{
    private const string Run = "daily-20261126";
    private const string Fangshan = "110111";
    private const string Daxing = "110115";
    private static readonly DateOnly AsOf = new(2026, 11, 26);
    private static readonly DateTimeOffset T = new(2026, 11, 25, 16, 5, 0, TimeSpan.Zero);
    private static readonly TimeSpan Stale = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task TryClaimAsync_SameRunAndDistrictTwice_OnlyTheFirstClaims()
    {
        var store = new TableScanFanOutStore(azurite.CreateFactory());

        var first = await store.TryClaimAsync(Run, Fangshan, AsOf, T, Stale);
        var second = await store.TryClaimAsync(Run, Fangshan, AsOf, T.AddMinutes(1), Stale);
        var otherDistrict = await store.TryClaimAsync(Run, Daxing, AsOf, T.AddMinutes(1), Stale);
        var otherRun = await store.TryClaimAsync("manual-1", Fangshan, AsOf, T.AddMinutes(1), Stale);

        Assert.Equal((true, false, true, true), (first, second, otherDistrict, otherRun));
    }

    [Fact]
    public async Task TryClaimAsync_PendingOlderThanStale_TwoTakersAtOnce_ExactlyOneTakesItOver()
    {
        var factory = azurite.CreateFactory();
        var store = new TableScanFanOutStore(factory);
        Assert.True(await store.TryClaimAsync(Run, Fangshan, AsOf, T, Stale));

        var fresh = await store.TryClaimAsync(Run, Fangshan, AsOf, T + Stale - TimeSpan.FromSeconds(1), Stale);
        var later = T + Stale + TimeSpan.FromSeconds(1);
        var takers = await Task.WhenAll(
            store.TryClaimAsync(Run, Fangshan, AsOf, later, Stale),
            new TableScanFanOutStore(factory).TryClaimAsync(Run, Fangshan, AsOf, later, Stale));
        var afterTakeOver = await store.TryClaimAsync(Run, Fangshan, AsOf, later.AddMinutes(1), Stale);

        Assert.False(fresh);
        Assert.Equal(1, takers.Count(t => t));
        Assert.False(afterTakeOver);
        var marker = await MarkerAsync(factory, Run, Fangshan);
        Assert.Equal(("pending", "2026-11-26", (DateTimeOffset?)later), (marker.GetString("State"), marker.GetString("AsOf"), marker.GetDateTimeOffset("ClaimedAt")));
    }

    [Fact]
    public async Task TryClaimAsync_Enqueued_NeverClaimedAgain_AndTheMarkerKeepsTheMessageId()
    {
        var factory = azurite.CreateFactory();
        var store = new TableScanFanOutStore(factory);
        Assert.True(await store.TryClaimAsync(Run, Fangshan, AsOf, T, Stale));

        await store.MarkEnqueuedAsync(Run, Fangshan, "msg-1", T.AddSeconds(2));
        var dayLater = await store.TryClaimAsync(Run, Fangshan, AsOf, T.AddDays(1), Stale);

        Assert.False(dayLater);
        var marker = await MarkerAsync(factory, Run, Fangshan);
        Assert.Equal(("enqueued", "msg-1", (DateTimeOffset?)T.AddSeconds(2), "2026-11-26"), (marker.GetString("State"), marker.GetString("MessageId"), marker.GetDateTimeOffset("EnqueuedAt"), marker.GetString("AsOf")));
    }

    private static async Task<TableEntity> MarkerAsync(TableClientFactory factory, string runId, string district)
    {
        var table = await factory.GetTableClientAsync(StorageNames.ScanFanOutTable);
        return (await table.GetEntityAsync<TableEntity>(runId, district)).Value;
    }
}
