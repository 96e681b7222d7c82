using ComplianceMonitor.Infrastructure.Leases;
using ComplianceMonitor.Infrastructure.Tests.Storage;
using Azure.Core;
using Azure.Data.Tables;
using ComplianceMonitor.Application.Leases;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Infrastructure.Storage;
using ComplianceMonitor.Testing.Records;
using ComplianceMonitor.Testing.Storage;

namespace ComplianceMonitor.Infrastructure.Tests.Leases;

[Trait("Category", "azurite")]
[Collection("azurite")]
public sealed class TableLeaseStoreTests(AzuriteFixture azurite)
{
    private const string Fangshan = "110111";
    private const string Daxing = "110115";

    [Fact]
    public async Task UpsertAsync_NewLease_CreatedAndGetReturnsEqualRecord()
    {
        var store = new TableLeaseStore(azurite.CreateFactory());
        var record = SampleLeases.Create("FS-2024-0001", Fangshan);

        var outcome = await store.UpsertAsync(record);
        var stored = await store.GetAsync(Fangshan, "FS-2024-0001");

        Assert.Equal(UpsertOutcome.Created, outcome);
        Assert.NotNull(stored);
        Assert.Equal(LeaseRecordJson.Serialize(record), LeaseRecordJson.Serialize(stored.Record));
        Assert.Equal("91110111MA01ABCD1Q", stored.Record.LandUser.CreditCode);
        Assert.Equal(new DateOnly(2029, 2, 28), stored.Record.LeaseEnd);
        Assert.False(string.IsNullOrEmpty(stored.ETag));
    }

    [Fact]
    public async Task UpsertAsync_HundredsOfPayments_StoredInChunksAndReadBackEqual()
    {
        var factory = azurite.CreateFactory();
        var store = new TableLeaseStore(factory);
        var record = SampleLeases.Create("FS-2024-0002", Fangshan, extraPayments: 800);
        var json = LeaseRecordJson.Serialize(record);
        Assert.True(System.Text.Encoding.UTF8.GetByteCount(json) > 64 * 1024, "the sample must exceed 64 KiB of JSON");

        await store.UpsertAsync(record);
        var stored = await store.GetAsync(Fangshan, "FS-2024-0002");
        var raw = await (await factory.GetTableClientAsync(TableLeaseStore.LeasesTable)).GetEntityAsync<TableEntity>(Fangshan, "FS-2024-0002");

        Assert.NotNull(stored);
        Assert.Equal(801, stored.Record.RentPayments.Count);
        Assert.Equal(1_799.25m, stored.Record.RentPayments[^1].AmountYuan);
        Assert.Equal(json, LeaseRecordJson.Serialize(stored.Record));
        Assert.Equal((json.Length + EntityChunking.ChunkChars - 1) / EntityChunking.ChunkChars, raw.Value.GetInt32("DataChunks"));
        Assert.True(raw.Value.GetInt32("DataChunks") >= 2);
        Assert.Equal(TableLeaseStore.ContentHash(json), raw.Value.GetString("ContentHash"));
    }

    [Fact]
    public async Task UpsertAsync_SameContentAgain_UnchangedWithOneReadAndNoWrite()
    {
        var factory = azurite.CreateFactory();
        var store = new TableLeaseStore(factory);
        await store.UpsertAsync(SampleLeases.Create("FS-2024-0003", Fangshan, extraPayments: 300));
        var before = await store.GetAsync(Fangshan, "FS-2024-0003");
        factory.Counter.Reset();

        var outcome = await store.UpsertAsync(SampleLeases.Create("FS-2024-0003", Fangshan, extraPayments: 300));

        Assert.Equal(UpsertOutcome.Unchanged, outcome);
        Assert.Equal(0, factory.Counter.Writes);
        Assert.Equal(1, factory.Counter.Total);
        Assert.Equal(before!.ETag, (await store.GetAsync(Fangshan, "FS-2024-0003"))!.ETag);
    }

    [Fact]
    public async Task UpsertAsync_ChangedContent_UpdatedWithOneReadOneWrite()
    {
        var factory = azurite.CreateFactory();
        var store = new TableLeaseStore(factory);
        await store.UpsertAsync(SampleLeases.Create("FS-2024-0004", Fangshan));
        factory.Counter.Reset();

        var outcome = await store.UpsertAsync(SampleLeases.Create("FS-2024-0004", Fangshan, landUserName: "北京新名称科技有限公司"));
        var stored = await store.GetAsync(Fangshan, "FS-2024-0004");

        Assert.Equal(UpsertOutcome.Updated, outcome);
        Assert.Equal("北京新名称科技有限公司", stored!.Record.LandUser.Name);
        Assert.Equal(1, factory.Counter.WithMethod("PUT"));
    }

    [Fact]
    public async Task UpsertAsync_ShorterAfterLonger_StaleChunksRemoved()
    {
        var factory = azurite.CreateFactory();
        var store = new TableLeaseStore(factory);
        await store.UpsertAsync(SampleLeases.Create("FS-2024-0005", Fangshan, extraPayments: 900));

        await store.UpsertAsync(SampleLeases.Create("FS-2024-0005", Fangshan));
        var raw = await (await factory.GetTableClientAsync(TableLeaseStore.LeasesTable)).GetEntityAsync<TableEntity>(Fangshan, "FS-2024-0005");

        Assert.Equal(1, raw.Value.GetInt32("DataChunks"));
        Assert.False(raw.Value.ContainsKey("Data_1"));
        Assert.Single((await new TableLeaseStore(factory).GetAsync(Fangshan, "FS-2024-0005"))!.Record.RentPayments);
    }

    [Fact]
    public async Task UpsertAsync_OtherWriterUpdatesBetweenReadAndWrite_412ThenReReadAndWriteLast()
    {
        var prefix = AzuriteFixture.NewPrefix();
        var other = new TableLeaseStore(azurite.CreateFactory(prefix));
        await other.UpsertAsync(SampleLeases.Create("FS-2024-0006", Fangshan, landUserName: "初始企业"));
        var otherOutcome = (UpsertOutcome?)null;
        var intercept = new InterceptPolicy(
            InterceptPolicy.Matches(RequestMethod.Put, prefix + TableLeaseStore.LeasesTable),
            async () => otherOutcome = await other.UpsertAsync(SampleLeases.Create("FS-2024-0006", Fangshan, landUserName: "另一写入者")));
        var factory = azurite.CreateFactory(prefix, configure: o => o.AddPolicy(intercept, HttpPipelinePosition.PerRetry));
        var store = new TableLeaseStore(factory);

        var outcome = await store.UpsertAsync(SampleLeases.Create("FS-2024-0006", Fangshan, landUserName: "本次写入者"));
        var final = await other.GetAsync(Fangshan, "FS-2024-0006");

        Assert.True(intercept.Fired);
        Assert.Equal(UpsertOutcome.Updated, otherOutcome);
        Assert.Equal(UpsertOutcome.Updated, outcome);
        Assert.Equal(1, factory.Counter.WithStatus(412));
        Assert.Equal(2, factory.Counter.WithMethod("PUT"));
        Assert.Equal("本次写入者", final!.Record.LandUser.Name);
    }

    [Fact]
    public async Task UpsertAsync_OtherWriterWritesSameContentFirst_412ThenUnchanged()
    {
        var prefix = AzuriteFixture.NewPrefix();
        var other = new TableLeaseStore(azurite.CreateFactory(prefix));
        await other.UpsertAsync(SampleLeases.Create("FS-2024-0007", Fangshan, landUserName: "初始企业"));
        var intercept = new InterceptPolicy(
            InterceptPolicy.Matches(RequestMethod.Put, prefix + TableLeaseStore.LeasesTable),
            () => other.UpsertAsync(SampleLeases.Create("FS-2024-0007", Fangshan, landUserName: "同一内容")));
        var factory = azurite.CreateFactory(prefix, configure: o => o.AddPolicy(intercept, HttpPipelinePosition.PerRetry));

        var outcome = await new TableLeaseStore(factory).UpsertAsync(SampleLeases.Create("FS-2024-0007", Fangshan, landUserName: "同一内容"));

        Assert.Equal(UpsertOutcome.Unchanged, outcome);
        Assert.Equal(1, factory.Counter.WithStatus(412));
    }

    [Fact]
    public async Task UpsertAsync_OtherWriterCreatesFirst_409ThenTreatedAsUpdate()
    {
        var prefix = AzuriteFixture.NewPrefix();
        var other = new TableLeaseStore(azurite.CreateFactory(prefix));
        var intercept = new InterceptPolicy(
            InterceptPolicy.Matches(RequestMethod.Post, prefix + TableLeaseStore.LeasesTable),
            () => other.UpsertAsync(SampleLeases.Create("FS-2024-0008", Fangshan, landUserName: "先到企业")));
        var factory = azurite.CreateFactory(prefix, configure: o => o.AddPolicy(intercept, HttpPipelinePosition.PerRetry));

        var outcome = await new TableLeaseStore(factory).UpsertAsync(SampleLeases.Create("FS-2024-0008", Fangshan, landUserName: "后到企业"));
        var final = await other.GetAsync(Fangshan, "FS-2024-0008");

        Assert.Equal(UpsertOutcome.Updated, outcome);
        Assert.Equal(1, factory.Counter.WithStatus(409));
        Assert.Equal("后到企业", final!.Record.LandUser.Name);
    }

    [Fact]
    public async Task UpsertAsync_TwoStoresInParallel_NoErrorAndFinalIsOneOfTheWrites()
    {
        var prefix = AzuriteFixture.NewPrefix();
        var first = new TableLeaseStore(azurite.CreateFactory(prefix));
        var second = new TableLeaseStore(azurite.CreateFactory(prefix));
        var names = new[] { "甲企业", "乙企业" };

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            (i % 2 == 0 ? first : second).UpsertAsync(SampleLeases.Create("FS-2024-0009", Fangshan, landUserName: names[i % 2]))));
        var final = await first.GetAsync(Fangshan, "FS-2024-0009");

        Assert.Equal(1, outcomes.Count(o => o == UpsertOutcome.Created));
        Assert.Contains(final!.Record.LandUser.Name, names);
    }

    [Fact]
    public async Task UpsertAsync_SameLeaseIdOtherDistrict_ThrowsConflictAndWritesNothing()
    {
        var factory = azurite.CreateFactory();
        var store = new TableLeaseStore(factory);
        await store.UpsertAsync(SampleLeases.Create("FS-2024-0010", Fangshan));

        var ex = await Assert.ThrowsAsync<LeaseDistrictConflictException>(() => store.UpsertAsync(SampleLeases.Create("FS-2024-0010", Daxing)));

        Assert.Equal(Fangshan, ex.StoredDistrict);
        Assert.Equal(Daxing, ex.RequestedDistrict);
        Assert.Contains("FS-2024-0010", ex.Message, StringComparison.Ordinal);
        Assert.Null(await store.GetAsync(Daxing, "FS-2024-0010"));
        Assert.Equal(Fangshan, (await store.FindAsync("FS-2024-0010"))!.Record.DistrictCode);
    }

    [Fact]
    public async Task UpsertAsync_TooLargeRecord_ThrowsNamingLeaseAndWritesNothing()
    {
        var factory = azurite.CreateFactory();
        var store = new TableLeaseStore(factory);

        var ex = await Assert.ThrowsAsync<EntityTooLargeException>(() => store.UpsertAsync(SampleLeases.Create("FS-2024-0011", Fangshan, extraPayments: 6000)));

        Assert.StartsWith("Lease FS-2024-0011: its JSON has ", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, factory.Counter.Writes);
        Assert.Null(await store.FindAsync("FS-2024-0011"));
    }

    [Fact]
    public async Task FindAsync_LeasesInTwoDistricts_FindsEachByIdAlone()
    {
        var store = new TableLeaseStore(azurite.CreateFactory());
        await store.UpsertAsync(SampleLeases.Create("FS-2024-0012", Fangshan));
        await store.UpsertAsync(SampleLeases.Create("DX-2024-0001", Daxing));

        var fangshan = await store.FindAsync("FS-2024-0012");
        var daxing = await store.FindAsync("DX-2024-0001");
        var missing = await store.FindAsync("DX-2024-9999");

        Assert.Equal(Fangshan, fangshan!.Record.DistrictCode);
        Assert.Equal(Daxing, daxing!.Record.DistrictCode);
        Assert.Null(missing);
    }

    [Theory]
    [InlineData("x' or PartitionKey ne '")]
    [InlineData("FS-2024-0013' or RowKey ne '")]
    [InlineData("' or '1' eq '1")]
    [InlineData("FS-2024-0013/../x")]
    [InlineData("FS-2024-0013#")]
    public async Task GetAndFind_InjectionLeaseId_NotFound(string leaseId)
    {
        var store = new TableLeaseStore(azurite.CreateFactory());
        await store.UpsertAsync(SampleLeases.Create("FS-2024-0013", Fangshan));

        Assert.Null(await store.GetAsync(Fangshan, leaseId));
        Assert.Null(await store.FindAsync(leaseId));
        Assert.NotNull(await store.GetAsync(Fangshan, "FS-2024-0013"));
    }

    [Theory]
    [InlineData("x' or PartitionKey ne '")]
    [InlineData("110111' or PartitionKey ne '")]
    [InlineData("110111' or '1' eq '1")]
    public async Task ReadDistrictAsync_InjectionDistrictCode_YieldsNothing(string districtCode)
    {
        var store = new TableLeaseStore(azurite.CreateFactory());
        await store.UpsertAsync(SampleLeases.Create("FS-2024-0014", Fangshan));
        await store.UpsertAsync(SampleLeases.Create("DX-2024-0002", Daxing));

        var items = await store.ReadDistrictAsync(districtCode).ToListAsync();

        Assert.Empty(items);
    }

    [Fact]
    public async Task ReadDistrictAsync_TwoDistricts_OnlyThatDistrictsLeases()
    {
        var store = new TableLeaseStore(azurite.CreateFactory());
        await store.UpsertAsync(SampleLeases.Create("FS-2024-0015", Fangshan));
        await store.UpsertAsync(SampleLeases.Create("FS-2024-0016", Fangshan));
        await store.UpsertAsync(SampleLeases.Create("DX-2024-0003", Daxing));

        var items = await store.ReadDistrictAsync(Fangshan).ToListAsync();

        Assert.Equal(["FS-2024-0015", "FS-2024-0016"], items.Select(i => i.LeaseId));
        Assert.All(items, i => Assert.Null(i.Error));
        Assert.All(items, i => Assert.Equal(Fangshan, i.Lease!.Record.DistrictCode));
    }

    [Fact]
    public async Task ReadDistrictAsync_CorruptEntities_YieldedWithErrorsWhileOthersStream()
    {
        var factory = azurite.CreateFactory();
        var store = new TableLeaseStore(factory);
        await store.UpsertAsync(SampleLeases.Create("FS-2024-0020", Fangshan));
        await store.UpsertAsync(SampleLeases.Create("FS-2024-0024", Fangshan));
        var table = await factory.GetTableClientAsync(TableLeaseStore.LeasesTable);
        await table.AddEntityAsync(new TableEntity(Fangshan, "FS-2024-0021") { ["DataChunks"] = 1, ["Data_0"] = "{\"leaseId\": \"FS-2024-0021\", " });
        await table.AddEntityAsync(new TableEntity(Fangshan, "FS-2024-0022") { ["DataChunks"] = 2, ["Data_0"] = "{}" });
        var wrongId = TableLeaseStore.ToEntity(SampleLeases.Create("FS-2024-9999", Fangshan));
        wrongId.RowKey = "FS-2024-0023";
        await table.AddEntityAsync(wrongId);

        var items = await store.ReadDistrictAsync(Fangshan).ToListAsync();

        Assert.Equal(["FS-2024-0020", "FS-2024-0021", "FS-2024-0022", "FS-2024-0023", "FS-2024-0024"], items.Select(i => i.LeaseId));
        Assert.NotNull(items[0].Lease);
        Assert.Null(items[1].Lease);
        Assert.StartsWith("stored record is invalid: ", items[1].Error, StringComparison.Ordinal);
        Assert.Equal("stored data is damaged: property Data_1 is missing or not a string", items[2].Error);
        Assert.Equal("stored record says lease FS-2024-9999 in district 110111, but is stored as lease FS-2024-0023 in district 110111", items[3].Error);
        Assert.NotNull(items[4].Lease);
        Assert.Null(items[4].Error);
    }

    [Fact]
    public async Task GetAsync_CorruptEntity_ThrowsInvalidDataNamingLease()
    {
        var factory = azurite.CreateFactory();
        var table = await factory.GetTableClientAsync(TableLeaseStore.LeasesTable);
        await table.AddEntityAsync(new TableEntity(Fangshan, "FS-2024-0030") { ["DataChunks"] = 1, ["Data_0"] = "not json" });

        var ex = await Assert.ThrowsAsync<InvalidDataException>(() => new TableLeaseStore(factory).GetAsync(Fangshan, "FS-2024-0030"));

        Assert.StartsWith("Stored lease FS-2024-0030 in district 110111 cannot be read: stored record is invalid: ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadDistrictAsync_1050Leases_TwoPageRequestsNotOnePerLease()
    {
        var factory = azurite.CreateFactory();
        var table = await factory.GetTableClientAsync(TableLeaseStore.LeasesTable);
        var entities = Enumerable.Range(0, 1050)
            .Select(i => TableLeaseStore.ToEntity(SampleLeases.Create($"FS-2024-{i:D4}", Fangshan)))
            .ToList();
        foreach (var batch in entities.Chunk(100))
        {
            await table.SubmitTransactionAsync(batch.Select(e => new TableTransactionAction(TableTransactionActionType.Add, e)));
        }

        factory.Counter.Reset();
        var items = await new TableLeaseStore(factory).ReadDistrictAsync(Fangshan).ToListAsync();

        Assert.Equal(1050, items.Count);
        Assert.All(items, i => Assert.Null(i.Error));
        Assert.Equal(2, factory.Counter.Total);
    }

    [Fact]
    public async Task ReadDistrictAsync_StopAfterFirstItem_OnlyFirstPageRequested()
    {
        var factory = azurite.CreateFactory();
        var table = await factory.GetTableClientAsync(TableLeaseStore.LeasesTable);
        foreach (var batch in Enumerable.Range(0, 1010).Select(i => TableLeaseStore.ToEntity(SampleLeases.Create($"FS-2025-{i:D4}", Fangshan))).Chunk(100))
        {
            await table.SubmitTransactionAsync(batch.Select(e => new TableTransactionAction(TableTransactionActionType.Add, e)));
        }

        factory.Counter.Reset();
        await foreach (var item in new TableLeaseStore(factory).ReadDistrictAsync(Fangshan))
        {
            Assert.Equal("FS-2025-0000", item.LeaseId);
            break;
        }

        Assert.Equal(1, factory.Counter.Total);
    }

    [Fact]
    public async Task ReplaceAsync_ExpectedETagIsCurrent_ReplacesAndReturnsTheNewETag()
    {
        var store = new TableLeaseStore(azurite.CreateFactory());
        await store.UpsertAsync(SampleLeases.Create("FS-2024-0201", Fangshan));
        var read = (await store.GetAsync(Fangshan, "FS-2024-0201"))!;
        var changed = SampleLeases.Create("FS-2024-0201", Fangshan, extraPayments: 3);

        var etag = await store.ReplaceAsync(changed, read.ETag);

        var after = (await store.GetAsync(Fangshan, "FS-2024-0201"))!;
        Assert.Equal(after.ETag, etag);
        Assert.NotEqual(read.ETag, etag);
        Assert.Equal(LeaseRecordJson.Serialize(changed), LeaseRecordJson.Serialize(after.Record));
    }

    [Fact]
    public async Task ReplaceAsync_LeaseChangedSinceRead_ThrowsVersionMismatchAndKeepsTheOtherWrite()
    {
        var store = new TableLeaseStore(azurite.CreateFactory());
        await store.UpsertAsync(SampleLeases.Create("FS-2024-0202", Fangshan));
        var read = (await store.GetAsync(Fangshan, "FS-2024-0202"))!;
        var other = SampleLeases.Create("FS-2024-0202", Fangshan, extraPayments: 1);
        await store.UpsertAsync(other);

        var ex = await Assert.ThrowsAsync<LeaseVersionMismatchException>(() => store.ReplaceAsync(SampleLeases.Create("FS-2024-0202", Fangshan, extraPayments: 2), read.ETag));

        Assert.Equal("FS-2024-0202", ex.LeaseId);
        Assert.Equal(Fangshan, ex.DistrictCode);
        Assert.Equal(read.ETag, ex.ExpectedETag);
        Assert.Equal(LeaseRecordJson.Serialize(other), LeaseRecordJson.Serialize((await store.GetAsync(Fangshan, "FS-2024-0202"))!.Record));
    }

    [Fact]
    public async Task ReplaceAsync_LeaseNeverStored_ThrowsVersionMismatch()
    {
        var store = new TableLeaseStore(azurite.CreateFactory());
        await store.UpsertAsync(SampleLeases.Create("FS-2024-0203", Fangshan));

        await Assert.ThrowsAsync<LeaseVersionMismatchException>(() => store.ReplaceAsync(SampleLeases.Create("FS-2024-0204", Fangshan), "W/\"datetime'2026-01-01T00%3A00%3A00.0000000Z'\""));
        Assert.Null(await store.GetAsync(Fangshan, "FS-2024-0204"));
    }
}
