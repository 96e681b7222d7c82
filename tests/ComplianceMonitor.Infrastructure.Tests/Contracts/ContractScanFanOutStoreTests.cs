using Azure.Data.Tables;
using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Infrastructure.Scanning;
using ComplianceMonitor.Infrastructure.Storage;
using ComplianceMonitor.Testing.InMemory;
using ComplianceMonitor.Testing.Storage;

namespace ComplianceMonitor.Infrastructure.Tests.Contracts;

/// <summary>
/// The contract of <see cref="IScanFanOutStore"/> (one scan message per run and district however often the timer fires, a
/// dead fan-out's district taken over once), run on the in-memory and the table adapter.
/// </summary>
/// <remarks>
/// ScanFunctionsTests covers the same rules end to end through the Functions host (a double firing, a crashed fan-out's
/// stale claim, a fresh claim left alone); these pin the store's own contract without the host: two concurrent
/// take-overs of one stale claim (exactly one wins), and the fields a marker keeps.
/// </remarks>
public abstract class ContractScanFanOutStoreTests
{
    private const string Run = "daily-20261126";
    private const string Fangshan = "110111";
    private const string Daxing = "110115";
    private static readonly DateOnly AsOf = new(2026, 11, 26);
    private static readonly DateTimeOffset T = new(2026, 11, 25, 16, 5, 0, TimeSpan.Zero);
    private static readonly TimeSpan Stale = TimeSpan.FromMinutes(5);

    /// <summary>A store over fresh storage.</summary>
    protected abstract IScanFanOutStore NewStore();

    /// <summary>A second store (another instance) over the same storage as the last <see cref="NewStore"/>.</summary>
    protected abstract IScanFanOutStore SecondStore();

    /// <summary>The stored marker's fields: state (pending|enqueued), day scanned, claimed at, message id, enqueued at.</summary>
    protected abstract Task<(string State, string? AsOf, DateTimeOffset? ClaimedAt, string? MessageId, DateTimeOffset? EnqueuedAt)> MarkerAsync(string runId, string district);

    [Fact]
    public async Task TryClaimAsync_SameRunAndDistrictTwice_OnlyTheFirstClaims()
    {
        var store = NewStore();

        var first = await store.TryClaimAsync(Run, Fangshan, AsOf, T, Stale);
        var second = await store.TryClaimAsync(Run, Fangshan, AsOf, T.AddMinutes(1), Stale);
        var otherDistrict = await store.TryClaimAsync(Run, Daxing, AsOf, T.AddMinutes(1), Stale);
        var otherRun = await store.TryClaimAsync("manual-1", Fangshan, AsOf, T.AddMinutes(1), Stale);

        Assert.Equal((true, false, true, true), (first, second, otherDistrict, otherRun));
    }

    [Fact]
    public async Task TryClaimAsync_PendingOlderThanStale_TwoTakersAtOnce_ExactlyOneTakesItOver()
    {
        var store = NewStore();
        Assert.True(await store.TryClaimAsync(Run, Fangshan, AsOf, T, Stale));

        var fresh = await store.TryClaimAsync(Run, Fangshan, AsOf, T + Stale - TimeSpan.FromSeconds(1), Stale);
        var later = T + Stale + TimeSpan.FromSeconds(1);
        var takers = await Task.WhenAll(
            store.TryClaimAsync(Run, Fangshan, AsOf, later, Stale),
            SecondStore().TryClaimAsync(Run, Fangshan, AsOf, later, Stale));
        var afterTakeOver = await store.TryClaimAsync(Run, Fangshan, AsOf, later.AddMinutes(1), Stale);

        Assert.False(fresh);
        Assert.Equal(1, takers.Count(t => t));
        Assert.False(afterTakeOver);
        var marker = await MarkerAsync(Run, Fangshan);
        Assert.Equal(("pending", "2026-11-26", (DateTimeOffset?)later), (marker.State, marker.AsOf, marker.ClaimedAt));
    }

    [Fact]
    public async Task TryClaimAsync_Enqueued_NeverClaimedAgain_AndTheMarkerKeepsTheMessageId()
    {
        var store = NewStore();
        Assert.True(await store.TryClaimAsync(Run, Fangshan, AsOf, T, Stale));

        await store.MarkEnqueuedAsync(Run, Fangshan, "msg-1", T.AddSeconds(2));
        var dayLater = await store.TryClaimAsync(Run, Fangshan, AsOf, T.AddDays(1), Stale);

        Assert.False(dayLater);
        var marker = await MarkerAsync(Run, Fangshan);
        Assert.Equal(("enqueued", "msg-1", (DateTimeOffset?)T.AddSeconds(2), "2026-11-26"), (marker.State, marker.MessageId, marker.EnqueuedAt, marker.AsOf));
    }
}

[Trait("Category", "unit")]
public sealed class ContractInMemoryScanFanOutStoreTests : ContractScanFanOutStoreTests
{
    private InMemoryStorage _storage = new();

    protected override IScanFanOutStore NewStore() => (_storage = new InMemoryStorage()).ScanFanOut;

    protected override IScanFanOutStore SecondStore() => _storage.ScanFanOut;

    protected override Task<(string State, string? AsOf, DateTimeOffset? ClaimedAt, string? MessageId, DateTimeOffset? EnqueuedAt)> MarkerAsync(string runId, string district)
    {
        var m = _storage.ScanFanOut.Get(runId, district) ?? throw new InvalidOperationException($"no marker {runId}/{district}");
        return Task.FromResult((m.Enqueued ? "enqueued" : "pending", m.AsOf?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), m.ClaimedAt, m.MessageId, m.EnqueuedAt));
    }
}

[Trait("Category", "azurite")]
[Collection("azurite")]
public sealed class ContractTableScanFanOutStoreTests(AzuriteFixture azurite) : ContractScanFanOutStoreTests
{
    private TableClientFactory _factory = azurite.CreateFactory();

    protected override IScanFanOutStore NewStore() => new TableScanFanOutStore(_factory = azurite.CreateFactory());

    protected override IScanFanOutStore SecondStore() => new TableScanFanOutStore(_factory);

    protected override async Task<(string State, string? AsOf, DateTimeOffset? ClaimedAt, string? MessageId, DateTimeOffset? EnqueuedAt)> MarkerAsync(string runId, string district)
    {
        var table = await _factory.GetTableClientAsync(StorageNames.ScanFanOutTable);
        var e = (await table.GetEntityAsync<TableEntity>(runId, district)).Value;
        return (e.GetString("State"), e.GetString("AsOf"), e.GetDateTimeOffset("ClaimedAt"), e.GetString("MessageId"), e.GetDateTimeOffset("EnqueuedAt"));
    }
}
