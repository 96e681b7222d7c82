using ComplianceMonitor.Application.Digest;
using ComplianceMonitor.Infrastructure.Digest;
using ComplianceMonitor.Testing.InMemory;
using ComplianceMonitor.Testing.Storage;
using static ComplianceMonitor.Infrastructure.Tests.Contracts.SettingsSamples;

namespace ComplianceMonitor.Infrastructure.Tests.Contracts;

/// <summary>
/// The contract of <see cref="IDigestScheduleStore"/> (one row per district; validated before writing, nothing of a bad
/// schedule stored; a put replaces unconditionally with a new ETag; Cron trimmed, Recipients normalised, UpdatedAt in UTC;
/// a bad key reads as missing), run on the in-memory and the table adapter.
/// </summary>
public abstract class ContractDigestScheduleStoreTests
{
    private static readonly DateTimeOffset BeijingMorning = new(2026, 11, 26, 9, 30, 0, TimeSpan.FromHours(8));

    protected abstract IDigestScheduleStore Schedules();

    [Fact]
    public async Task Put_ThenGetAndList_NormalisedFieldsAndTheReturnedETag()
    {
        var store = Schedules();
        Assert.Null(await store.GetAsync(Fangshan));
        Assert.Empty(await store.ListAsync());

        var put = await store.PutAsync(new StoredDigestSchedule
        {
            DistrictCode = Fangshan,
            Cron = " 0 9 * * 1-5 ",
            Recipients = " chief@fangshan.gov.cn ,deputy@fangshan.gov.cn",
            Enabled = false,
            UpdatedBy = "li@fangshan",
            UpdatedAt = BeijingMorning,
        });
        var read = await store.GetAsync(Fangshan);

        Assert.NotNull(put.ETag);
        Assert.Equal(" 0 9 * * 1-5 ", put.Cron); // the caller's value comes back as given, with the new tag
        Assert.Equal(
            new StoredDigestSchedule
            {
                DistrictCode = Fangshan,
                Cron = "0 9 * * 1-5",
                Recipients = "chief@fangshan.gov.cn,deputy@fangshan.gov.cn",
                Enabled = false,
                UpdatedBy = "li@fangshan",
                UpdatedAt = new DateTimeOffset(2026, 11, 26, 1, 30, 0, TimeSpan.Zero),
                ETag = put.ETag,
            },
            read);
        Assert.Equal(TimeSpan.Zero, read!.UpdatedAt!.Value.Offset);
        Assert.Equal([read], await store.ListAsync());
    }

    [Fact]
    public async Task Put_Again_ReplacesTheWholeRowWithANewETag()
    {
        var store = Schedules();
        var first = await store.PutAsync(new StoredDigestSchedule { DistrictCode = Fangshan, Cron = "0 9 * * 1-5", Recipients = "chief@fangshan.gov.cn", UpdatedBy = "li" });

        var second = await store.PutAsync(new StoredDigestSchedule { DistrictCode = Fangshan, Recipients = string.Empty, Enabled = true });
        var read = await store.GetAsync(Fangshan);

        Assert.NotEqual(first.ETag, second.ETag);
        Assert.Equal(new StoredDigestSchedule { DistrictCode = Fangshan, Cron = null, Recipients = string.Empty, Enabled = true, UpdatedBy = null, UpdatedAt = null, ETag = second.ETag }, read);
        Assert.Single(await store.ListAsync());
    }

    [Fact]
    public async Task List_EveryDistrictInCodeOrder_DeleteRemovesOnlyThatOne()
    {
        var store = Schedules();
        await store.PutAsync(new StoredDigestSchedule { DistrictCode = Daxing, Cron = "30 8 * * 1" });
        await store.PutAsync(new StoredDigestSchedule { DistrictCode = Fangshan, Enabled = false });

        var listed = await store.ListAsync();
        var deleted = await store.DeleteAsync(Daxing);
        var again = await store.DeleteAsync(Daxing);

        Assert.Equal([(Fangshan, null, false), (Daxing, "30 8 * * 1", true)], listed.Select(s => (s.DistrictCode, s.Cron, s.Enabled)));
        Assert.True(deleted);
        Assert.False(again);
        Assert.Null(await store.GetAsync(Daxing));
        Assert.Equal([Fangshan], (await store.ListAsync()).Select(s => s.DistrictCode));
    }

    [Theory]
    [InlineData("110100", null, null, "districtCode: '110100' is not a jurisdiction code")]
    [InlineData(Fangshan, "61 8 * * *", null, "cron")]
    [InlineData(Fangshan, null, "chief at fangshan", "recipients")]
    public async Task Put_BadField_ThrowsNamingItAndStoresNothing(string district, string? cron, string? recipients, string named)
    {
        var store = Schedules();

        var ex = await Assert.ThrowsAsync<FormatException>(() => store.PutAsync(new StoredDigestSchedule { DistrictCode = district, Cron = cron, Recipients = recipients }));

        Assert.StartsWith(named, ex.Message, StringComparison.Ordinal);
        Assert.Empty(await store.ListAsync());
    }

    [Theory]
    [InlineData("")]
    [InlineData("110111/x")]
    [InlineData("110111#")]
    public async Task GetAndDelete_KeyThatCannotBeStored_ReadAsMissing(string district)
    {
        var store = Schedules();
        await store.PutAsync(new StoredDigestSchedule { DistrictCode = Fangshan });

        Assert.Null(await store.GetAsync(district));
        Assert.False(await store.DeleteAsync(district));
        Assert.Single(await store.ListAsync());
    }
}

[Trait("Category", "unit")]
public sealed class ContractInMemoryDigestScheduleStoreTests : ContractDigestScheduleStoreTests
{
    private readonly InMemoryDigestScheduleStore _store = new(new InMemoryStorage());

    protected override IDigestScheduleStore Schedules() => _store;
}

[Trait("Category", "azurite")]
[Collection("azurite")]
public sealed class ContractTableDigestScheduleStoreTests(AzuriteFixture azurite) : ContractDigestScheduleStoreTests
{
    protected override IDigestScheduleStore Schedules() => new TableDigestScheduleStore(azurite.CreateFactory());
}
