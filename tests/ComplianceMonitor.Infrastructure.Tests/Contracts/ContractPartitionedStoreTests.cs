using ComplianceMonitor.Application.Storage;

namespace ComplianceMonitor.Infrastructure.Tests.Contracts;

/// <summary>
/// The contract of <see cref="IPartitionedStore{T}"/> (alerts, tasks, outbox, digest records), run against the in-memory
/// adapter and the Table Storage adapter over Azurite: conditional insert (409 → AlreadyExists, stored item untouched),
/// ETag-guarded replace (412 stale and 404 missing → Conflict, nothing written), every field round-trips, a batch
/// reports each item in input order, and a bad write (another district's item, a key twice, a key the table cannot
/// hold, an update without ETag) is refused whole before anything is written.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
public abstract class ContractPartitionedStoreTests<T>
    where T : class, IStoredItem
{
    protected const string Fangshan = "110111";
    protected const string Daxing = "110115";

    /// <summary>A fresh, empty store.</summary>
    protected abstract IPartitionedStore<T> NewStore();

    /// <summary>A sample item of <paramref name="district"/> with every field set; <paramref name="n"/> makes the key distinct.</summary>
    protected abstract T Sample(int n, string district = Fangshan);

    /// <summary>The item with its fields changed (another status, counts, texts), keeping its key and ETag.</summary>
    protected abstract T Changed(T item);

    protected abstract T WithETag(T item, string? etag);

    [Fact]
    public async Task GetAsync_NothingStored_Null()
    {
        var store = NewStore();

        Assert.Null(await store.GetAsync(Fangshan, Sample(1).Key));
    }

    [Fact]
    public async Task GetAsync_KeyNoRowCanHave_Null()
    {
        var store = NewStore();

        Assert.Null(await store.GetAsync(Fangshan, "a/b#c"));
    }

    [Fact]
    public async Task CreateManyAsync_NewItem_CreatedWithETagAndEveryFieldRoundTrips()
    {
        var store = NewStore();
        var item = Sample(1);

        var results = await store.CreateManyAsync(Fangshan, [item]);
        var read = await store.GetAsync(Fangshan, item.Key);

        Assert.Equal(item.Key, results[0].Key);
        Assert.Equal(WriteOutcome.Created, results[0].Outcome);
        Assert.False(string.IsNullOrEmpty(results[0].ETag));
        Assert.NotNull(read);
        Assert.Equal(results[0].ETag, read.ETag);
        Fields.Same(WithETag(item, null), WithETag(read, null));
    }

    [Fact]
    public async Task CreateManyAsync_KeyAlreadyStored_AlreadyExistsWithoutETagAndStoredItemUntouched()
    {
        var store = NewStore();
        var item = Sample(1);
        var first = await store.CreateManyAsync(Fangshan, [item]);

        var again = await store.CreateManyAsync(Fangshan, [Changed(item)]);
        var read = await store.GetAsync(Fangshan, item.Key);

        Assert.Equal(WriteOutcome.AlreadyExists, again[0].Outcome);
        Assert.Null(again[0].ETag);
        Assert.True(again[0].Succeeded);
        Assert.Equal(first[0].ETag, read!.ETag);
        Fields.Same(WithETag(item, null), WithETag(read, null));
    }

    [Fact]
    public async Task UpdateManyAsync_UnderCurrentETag_UpdatedWithNewETagAndFieldsAsWritten()
    {
        var store = NewStore();
        var item = Sample(1);
        var created = await store.CreateManyAsync(Fangshan, [item]);
        var changed = Changed(WithETag(item, created[0].ETag));

        var results = await store.UpdateManyAsync(Fangshan, [changed]);
        var read = await store.GetAsync(Fangshan, item.Key);

        Assert.Equal(WriteOutcome.Updated, results[0].Outcome);
        Assert.False(string.IsNullOrEmpty(results[0].ETag));
        Assert.NotEqual(created[0].ETag, results[0].ETag);
        Assert.Equal(results[0].ETag, read!.ETag);
        Fields.Same(WithETag(changed, null), WithETag(read, null));
    }

    [Fact]
    public async Task UpdateManyAsync_StaleETag_ConflictAndNothingWritten()
    {
        var store = NewStore();
        var item = Sample(1);
        var created = await store.CreateManyAsync(Fangshan, [item]);
        var first = await store.UpdateManyAsync(Fangshan, [Changed(WithETag(item, created[0].ETag))]);

        // A second writer still holding the ETag it read before the first update (HTTP 412).
        var stale = await store.UpdateManyAsync(Fangshan, [WithETag(item, created[0].ETag)]);
        var read = await store.GetAsync(Fangshan, item.Key);

        Assert.Equal(WriteOutcome.Conflict, stale[0].Outcome);
        Assert.Null(stale[0].ETag);
        Assert.False(stale[0].Succeeded);
        Assert.Equal(first[0].ETag, read!.ETag);
        Fields.Same(WithETag(Changed(item), null), WithETag(read, null));
    }

    [Fact]
    public async Task UpdateManyAsync_ItemNotStored_ConflictAndNothingCreated()
    {
        var store = NewStore();
        var writer = NewStore();
        var item = Sample(1);
        var elsewhere = await writer.CreateManyAsync(Fangshan, [Sample(2)]);

        // An ETag that is well formed but belongs to no stored version of this key (HTTP 404).
        var results = await store.UpdateManyAsync(Fangshan, [WithETag(item, elsewhere[0].ETag)]);

        Assert.Equal(WriteOutcome.Conflict, results[0].Outcome);
        Assert.Null(await store.GetAsync(Fangshan, item.Key));
    }

    [Fact]
    public async Task UpdateManyAsync_ItemWithoutETag_RefusedNamingTheItem()
    {
        var store = NewStore();
        var item = Sample(1);
        await store.CreateManyAsync(Fangshan, [item]);

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => store.UpdateManyAsync(Fangshan, [WithETag(Changed(item), null)]));

        Assert.Contains(item.Key, ex.Message, StringComparison.Ordinal);
        Fields.Same(WithETag(item, null), WithETag((await store.GetAsync(Fangshan, item.Key))!, null));
    }

    [Fact]
    public async Task CreateManyAsync_150ItemsOneAlreadyStored_ResultsInInputOrderOnlyThatOneAlreadyExists()
    {
        var store = NewStore();
        var items = Enumerable.Range(0, 150).Select(n => Sample(n)).ToList();
        await store.CreateManyAsync(Fangshan, [items[120]]);

        var results = await store.CreateManyAsync(Fangshan, items);

        Assert.Equal(items.Select(i => i.Key), results.Select(r => r.Key));
        Assert.Equal(WriteOutcome.AlreadyExists, results[120].Outcome);
        Assert.Equal(149, results.Count(r => r.Outcome == WriteOutcome.Created && !string.IsNullOrEmpty(r.ETag)));
        foreach (var n in new[] { 0, 99, 100, 149 })
        {
            Assert.Equal(results[n].ETag, (await store.GetAsync(Fangshan, items[n].Key))!.ETag);
        }
    }

    [Fact]
    public async Task UpdateManyAsync_OneStaleAmongThree_OnlyThatOneConflictsTheOthersAreUpdated()
    {
        var store = NewStore();
        var items = Enumerable.Range(0, 3).Select(n => Sample(n)).ToList();
        var created = await store.CreateManyAsync(Fangshan, items);
        var read = items.Select((item, i) => WithETag(item, created[i].ETag)).ToList();
        await store.UpdateManyAsync(Fangshan, [Changed(read[1])]);

        var results = await store.UpdateManyAsync(Fangshan, [.. read.Select(Changed)]);

        Assert.Equal([WriteOutcome.Updated, WriteOutcome.Conflict, WriteOutcome.Updated], results.Select(r => r.Outcome));
        Assert.Equal(results[0].ETag, (await store.GetAsync(Fangshan, items[0].Key))!.ETag);
        Assert.Equal(results[2].ETag, (await store.GetAsync(Fangshan, items[2].Key))!.ETag);
    }

    [Fact]
    public async Task CreateManyAsync_ItemOfAnotherDistrictInTheBatch_RefusedWholeNothingWritten()
    {
        var store = NewStore();
        var ours = Sample(1);
        var theirs = Sample(2, Daxing);

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => store.CreateManyAsync(Fangshan, [ours, theirs]));

        Assert.Contains(Daxing, ex.Message, StringComparison.Ordinal);
        Assert.Null(await store.GetAsync(Fangshan, ours.Key));
        Assert.Null(await store.GetAsync(Daxing, theirs.Key));
    }

    [Fact]
    public async Task CreateManyAsync_SameKeyTwiceInOneBatch_RefusedWholeNothingWritten()
    {
        var store = NewStore();
        var first = Sample(1);
        var item = Sample(2);

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => store.CreateManyAsync(Fangshan, [first, item, Changed(item)]));

        Assert.Contains(item.Key, ex.Message, StringComparison.Ordinal);
        Assert.Null(await store.GetAsync(Fangshan, first.Key));
        Assert.Null(await store.GetAsync(Fangshan, item.Key));
    }

    [Fact]
    public async Task CreateManyAsync_SameKeyInTwoDistricts_TwoIndependentItems()
    {
        var store = NewStore();
        var ours = Sample(1);
        var theirs = Sample(1, Daxing);
        Assert.Equal(ours.Key, theirs.Key);

        var a = await store.CreateManyAsync(Fangshan, [ours]);
        var b = await store.CreateManyAsync(Daxing, [theirs]);
        var updated = await store.UpdateManyAsync(Daxing, [Changed(WithETag(theirs, b[0].ETag))]);

        Assert.Equal(WriteOutcome.Created, a[0].Outcome);
        Assert.Equal(WriteOutcome.Created, b[0].Outcome);
        Assert.Equal(WriteOutcome.Updated, updated[0].Outcome);
        Assert.Equal(a[0].ETag, (await store.GetAsync(Fangshan, ours.Key))!.ETag);
        Fields.Same(WithETag(ours, null), WithETag((await store.GetAsync(Fangshan, ours.Key))!, null));
    }

    [Fact]
    public async Task WriteManyAsync_EmptyList_NoResults()
    {
        var store = NewStore();

        Assert.Empty(await store.CreateManyAsync(Fangshan, []));
        Assert.Empty(await store.UpdateManyAsync(Fangshan, []));
    }

    [Fact]
    public async Task UpdateAsync_Helper_ConflictThrowsConcurrencyConflictNamingTheItem()
    {
        var store = NewStore();
        var item = Sample(1);
        await store.CreateAsync(item);
        var read = (await store.GetAsync(Fangshan, item.Key))!;
        await store.UpdateAsync(Changed(read));

        var ex = await Assert.ThrowsAsync<ConcurrencyConflictException>(() => store.UpdateAsync(read));

        Assert.Equal((Fangshan, item.Key), (ex.DistrictCode, ex.Key));
        Assert.False(await store.CreateAsync(item));
    }

    /// <summary>A batch holding <paramref name="bad"/> (a key the table cannot hold) is refused whole, naming the key.</summary>
    protected async Task AssertKeyTheTableCannotHoldRefusedAsync(T bad)
    {
        var store = NewStore();
        var first = Sample(1);

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => store.CreateManyAsync(Fangshan, [first, bad]));

        Assert.Contains(bad.Key, ex.Message, StringComparison.Ordinal);
        Assert.Null(await store.GetAsync(Fangshan, first.Key));
    }
}
