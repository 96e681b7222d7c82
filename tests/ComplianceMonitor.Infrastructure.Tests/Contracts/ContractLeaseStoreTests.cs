using ComplianceMonitor.Application.Leases;
using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Infrastructure.Leases;
using ComplianceMonitor.Testing.InMemory;
using ComplianceMonitor.Testing.Records;
using ComplianceMonitor.Testing.Storage;

namespace ComplianceMonitor.Infrastructure.Tests.Contracts;

/// <summary>
/// The contract of <see cref="ILeaseStore"/> and <see cref="ILeaseScanStateStore"/>: the lease-id claim (one district
/// per id), upsert outcomes (created, unchanged writes nothing, updated), ETag-guarded replace (stale or missing →
/// <see cref="LeaseVersionMismatchException"/>), and fingerprints written only under the ETag read.
/// </summary>
public abstract class ContractLeaseStoreTests
{
    private const string Fangshan = "110111";
    private const string Daxing = "110115";

    protected abstract (ILeaseStore Leases, ILeaseScanStateStore Scan) NewStore();

    private static LeaseRecord Lease(string id = "FS-2024-0001", string district = Fangshan) => SampleLeases.Create(id, district);

    [Fact]
    public async Task GetAndFind_NothingStored_Null()
    {
        var (store, _) = NewStore();

        Assert.Null(await store.GetAsync(Fangshan, "FS-2024-0001"));
        Assert.Null(await store.FindAsync("FS-2024-0001"));
    }

    [Fact]
    public async Task UpsertAsync_NewThenSameThenChanged_CreatedUnchangedKeepsETagUpdatedChangesIt()
    {
        var (store, _) = NewStore();
        var lease = Lease();

        var created = await store.UpsertAsync(lease);
        var first = await store.GetAsync(Fangshan, lease.LeaseId);
        var unchanged = await store.UpsertAsync(lease);
        var second = await store.GetAsync(Fangshan, lease.LeaseId);
        var changed = SampleLeases.Create(lease.LeaseId, Fangshan, extraPayments: 1);
        var updated = await store.UpsertAsync(changed);
        var third = await store.GetAsync(Fangshan, lease.LeaseId);

        Assert.Equal((UpsertOutcome.Created, UpsertOutcome.Unchanged, UpsertOutcome.Updated), (created, unchanged, updated));
        Assert.Equal(first!.ETag, second!.ETag);
        Assert.NotEqual(second.ETag, third!.ETag);
        Fields.Same(lease, first.Record);
        Fields.Same(changed, third.Record);
    }

    [Fact]
    public async Task UpsertAsync_IdStoredUnderAnotherDistrict_RefusedAndNothingOfOursWritten()
    {
        var (store, _) = NewStore();
        await store.UpsertAsync(Lease("FS-2024-0001", Daxing));

        var ex = await Assert.ThrowsAsync<LeaseDistrictConflictException>(() => store.UpsertAsync(Lease("FS-2024-0001", Fangshan)));

        Assert.Contains("FS-2024-0001", ex.Message, StringComparison.Ordinal);
        Assert.Null(await store.GetAsync(Fangshan, "FS-2024-0001"));
        Assert.Equal(Daxing, (await store.FindAsync("FS-2024-0001"))!.Record.DistrictCode);
        Assert.Empty(await store.ReadDistrictAsync(Fangshan).ToListAsync());
    }

    [Fact]
    public async Task ReplaceAsync_UnderCurrentETag_NewETagAndRecordAsWritten()
    {
        var (store, _) = NewStore();
        await store.UpsertAsync(Lease());
        var read = await store.GetAsync(Fangshan, "FS-2024-0001");
        var changed = SampleLeases.Create("FS-2024-0001", Fangshan, extraPayments: 2);

        var etag = await store.ReplaceAsync(changed, read!.ETag);
        var after = await store.GetAsync(Fangshan, "FS-2024-0001");

        Assert.NotEqual(read.ETag, etag);
        Assert.Equal(etag, after!.ETag);
        Fields.Same(changed, after.Record);
    }

    [Fact]
    public async Task ReplaceAsync_StaleETag_MismatchAndTheOtherWriteKept()
    {
        var (store, _) = NewStore();
        await store.UpsertAsync(Lease());
        var read = await store.GetAsync(Fangshan, "FS-2024-0001");
        var winner = SampleLeases.Create("FS-2024-0001", Fangshan, extraPayments: 1);
        await store.ReplaceAsync(winner, read!.ETag);

        await Assert.ThrowsAsync<LeaseVersionMismatchException>(() => store.ReplaceAsync(SampleLeases.Create("FS-2024-0001", Fangshan, extraPayments: 2), read.ETag));

        Fields.Same(winner, (await store.GetAsync(Fangshan, "FS-2024-0001"))!.Record);
    }

    [Fact]
    public async Task ReplaceAsync_LeaseNotStored_MismatchAndNothingCreated()
    {
        var (store, _) = NewStore();
        await store.UpsertAsync(Lease("FS-2024-0002"));
        var other = await store.GetAsync(Fangshan, "FS-2024-0002");

        await Assert.ThrowsAsync<LeaseVersionMismatchException>(() => store.ReplaceAsync(Lease(), other!.ETag));

        Assert.Null(await store.GetAsync(Fangshan, "FS-2024-0001"));
    }

    [Fact]
    public async Task ReadDistrictAsync_TwoDistricts_OnlyTheDistrictsLeasesInIdOrderWithTheirETags()
    {
        var (store, _) = NewStore();
        foreach (var id in new[] { "FS-3", "FS-1", "FS-20" })
        {
            await store.UpsertAsync(Lease(id));
        }

        await store.UpsertAsync(Lease("DX-1", Daxing));

        var items = await store.ReadDistrictAsync(Fangshan).ToListAsync();

        Assert.Equal(["FS-1", "FS-20", "FS-3"], items.Select(i => i.LeaseId));
        Assert.All(items, i => Assert.Null(i.Error));
        Assert.Equal((await store.GetAsync(Fangshan, "FS-20"))!.ETag, items[1].Lease!.ETag);
    }

    [Fact]
    public async Task WriteScanStatesAsync_OneLeaseChangedSinceRead_OnlyTheOthersWrittenAndTheirETagsChange()
    {
        var (store, scan) = NewStore();
        await store.UpsertAsync(Lease("FS-1"));
        await store.UpsertAsync(Lease("FS-2"));
        var read = await scan.ReadDistrictForScanAsync(Fangshan).ToListAsync();
        Assert.All(read, i => Assert.Null(i.ScanState));
        await store.UpsertAsync(SampleLeases.Create("FS-2", Fangshan, extraPayments: 1));

        var written = await scan.WriteScanStatesAsync(Fangshan, [.. read.Select(i => new LeaseScanState(i.Item.LeaseId, i.Item.Lease!.ETag, "state-" + i.Item.LeaseId))]);
        var after = await scan.ReadDistrictForScanAsync(Fangshan).ToListAsync();

        Assert.Equal(1, written);
        Assert.Equal(["state-FS-1", null], after.Select(i => i.ScanState));
        Assert.NotEqual(read[0].Item.Lease!.ETag, after[0].Item.Lease!.ETag);

        // The fingerprint write changed the ETag: a replace under the ETag read before it is stale.
        await Assert.ThrowsAsync<LeaseVersionMismatchException>(() => store.ReplaceAsync(Lease("FS-1"), read[0].Item.Lease!.ETag));
    }

    [Fact]
    public async Task UpsertAsync_UnchangedKeepsTheFingerprintChangedDropsIt()
    {
        var (store, scan) = NewStore();
        await store.UpsertAsync(Lease("FS-1"));
        var read = await scan.ReadDistrictForScanAsync(Fangshan).ToListAsync();
        await scan.WriteScanStatesAsync(Fangshan, [new LeaseScanState("FS-1", read[0].Item.Lease!.ETag, "v1")]);

        await store.UpsertAsync(Lease("FS-1"));
        var kept = (await scan.ReadDistrictForScanAsync(Fangshan).ToListAsync())[0].ScanState;
        await store.UpsertAsync(SampleLeases.Create("FS-1", Fangshan, extraPayments: 1));
        var dropped = (await scan.ReadDistrictForScanAsync(Fangshan).ToListAsync())[0].ScanState;

        Assert.Equal("v1", kept);
        Assert.Null(dropped);
    }

    [Fact]
    public async Task ReplaceAsync_DropsTheStamp_ALaterScanEvaluatesTheNewRecord()
    {
        var (store, scan) = NewStore();
        await store.UpsertAsync(Lease("FS-1"));
        var read = await scan.ReadDistrictForScanAsync(Fangshan).ToListAsync();
        await scan.WriteScanStatesAsync(Fangshan, [new LeaseScanState("FS-1", read[0].Item.Lease!.ETag, "stamp")]);
        var stamped = (await scan.ReadDistrictForScanAsync(Fangshan).ToListAsync())[0];

        await store.ReplaceAsync(SampleLeases.Create("FS-1", Fangshan, extraPayments: 1), stamped.Item.Lease!.ETag);
        var after = (await scan.ReadDistrictForScanAsync(Fangshan).ToListAsync())[0];

        Assert.Equal("stamp", stamped.ScanState);
        Assert.Null(after.ScanState);
        Assert.Equal("FS-1", after.LeaseId);
        Assert.Equal(stamped.Item.Lease!.Record.RentPayments.Count + 1, after.Item.Lease!.Record.RentPayments.Count);
    }
}

[Trait("Category", "unit")]
public sealed class ContractInMemoryLeaseStoreTests : ContractLeaseStoreTests
{
    protected override (ILeaseStore Leases, ILeaseScanStateStore Scan) NewStore()
    {
        var store = new InMemoryStorage().Leases;
        return (store, store);
    }
}

[Trait("Category", "azurite")]
[Collection("azurite")]
public sealed class ContractTableLeaseStoreTests(AzuriteFixture azurite) : ContractLeaseStoreTests
{
    protected override (ILeaseStore Leases, ILeaseScanStateStore Scan) NewStore()
    {
        var store = new TableLeaseStore(azurite.CreateFactory());
        return (store, store);
    }
}
